import { View } from '@tarojs/components'
import { CardHead } from '@/components/card'
import { InfoRow } from '@/components/info-row'
import { Section, Tag } from '@/components/section'
import { BUDGET_PHASE_LABELS, formatYuan, type BudgetPhase, type BudgetSummaryDto } from '@/shared/budgets'
import { formatDateTime } from '@/utils/format'
import { PHASE_TONES, phaseLine } from '../../phase'
import './index.scss'

const STEPS: { phase: BudgetPhase; label: string }[] = [
  { phase: 'proposing', label: '征集' },
  { phase: 'reviewing', label: '审核' },
  { phase: 'voting', label: '投票' },
  { phase: 'decided', label: '公布' },
]
const ORDER: BudgetPhase[] = ['upcoming', 'proposing', 'reviewing', 'voting', 'decided']

/** The head of a round: title, phase, the fund, the four windows and where the round stands among them. */
export function BudgetFacts({ budget }: { budget: BudgetSummaryDto }) {
  const now = ORDER.indexOf(budget.phase)
  return (
    <Section className="budget-facts">
      <CardHead
        large
        title={budget.title}
        tag={<Tag tone={PHASE_TONES[budget.phase]}>{BUDGET_PHASE_LABELS[budget.phase]}</Tag>}
      />
      <View className="budget-facts__amount">资金总额 {formatYuan(budget.amount)}</View>
      <View className="budget-facts__steps" role="list" aria-label="进行到哪一步">
        {STEPS.map((step) => {
          const at = ORDER.indexOf(step.phase)
          const state = at < now ? 'done' : at === now ? 'now' : 'later'
          return (
            <View
              key={step.phase}
              role="listitem"
              className={`budget-facts__step budget-facts__step--${state}`}
              aria-current={state === 'now' ? 'step' : undefined}
            >
              {step.label}
            </View>
          )
        })}
      </View>
      <View className="budget-facts__next">{phaseLine(budget)}</View>
      <InfoRow label="征集项目">
        {formatDateTime(budget.proposalsOpenAt)} 至 {formatDateTime(budget.proposalsCloseAt)}
      </InfoRow>
      <InfoRow label="居民投票">
        {formatDateTime(budget.votingOpensAt)} 至 {formatDateTime(budget.votingClosesAt)}
      </InfoRow>
      <InfoRow label="计票方式">{budget.ballotRule === 'per_household' ? '每户一票' : '每人一票'}</InfoRow>
    </Section>
  )
}
