import { View } from '@tarojs/components'
import { Card, CardFoot, CardHead } from '@/components/card'
import { Tag } from '@/components/section'
import { BUDGET_PHASE_LABELS, formatYuan, type BudgetSummaryDto } from '@/shared/budgets'
import { PHASE_TONES, phaseLine } from '../../phase'
import './index.scss'

/** A round in the community's list: its title and phase, the fund, and what happens next. */
export function BudgetCard({ budget, onOpen }: { budget: BudgetSummaryDto; onOpen: () => void }) {
  return (
    <Card className="budget-card" gap="list" onClick={onOpen} hoverClass="card--pressed">
      <CardHead
        title={budget.title}
        tag={<Tag tone={PHASE_TONES[budget.phase]}>{BUDGET_PHASE_LABELS[budget.phase]}</Tag>}
      />
      <View className="budget-card__amount">资金 {formatYuan(budget.amount)}</View>
      <CardFoot note={phaseLine(budget)} action="查看 ›" />
    </Card>
  )
}
