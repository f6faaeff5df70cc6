import { View } from '@tarojs/components'
import { Card } from '@/components/card'
import { PhotoGrid } from '@/components/photo-grid'
import { Section } from '@/components/section'
import { formatYuan, type ProposalDto } from '@/shared/budgets'
import { formatDateTime } from '@/utils/format'
import './index.scss'

/** A bar of `part` out of `whole`, with its label read out. */
function Bar({ part, whole, label }: { part: number; whole: number; label: string }) {
  const share = whole > 0 ? Math.min(100, Math.max(0, Math.round((part / whole) * 100))) : 0
  return (
    <View className="project-spending__bar" role="progressbar" aria-label={label} aria-valuenow={share}>
      <View className="project-spending__fill" style={{ width: `${share}%` }} />
    </View>
  )
}

interface Props {
  proposal: ProposalDto
  /** The project's page: every expense with its receipts and every progress update. */
  detailed?: boolean
  onOpen?: () => void
}

/** A selected project in public: its budget, what was spent, its progress; on its page the entries behind them. */
export function ProjectSpending({ proposal, detailed = false, onOpen }: Props) {
  const cost = proposal.cost ?? 0
  const spent = proposal.spent ?? 0
  const progress = proposal.progress ?? 0
  const expenses = proposal.expenses ?? []
  const updates = proposal.updates ?? []
  const figures = (
    <View>
      <View className="project-spending__figures">
        <View className="project-spending__figure">
          <View className="project-spending__value">{formatYuan(cost)}</View>
          <View className="project-spending__label">预算</View>
        </View>
        <View className="project-spending__figure">
          <View className="project-spending__value">{formatYuan(spent)}</View>
          <View className="project-spending__label">已支出</View>
        </View>
        <View className="project-spending__figure">
          <View className="project-spending__value">{formatYuan(cost - spent)}</View>
          <View className="project-spending__label">{cost - spent < 0 ? '超支' : '剩余'}</View>
        </View>
      </View>
      <View className="project-spending__row">
        <View className="project-spending__caption">支出 {cost > 0 ? Math.round((spent / cost) * 100) : 0}%</View>
        <Bar part={spent} whole={cost} label={`已支出${spent}元，预算${cost}元`} />
      </View>
      <View className="project-spending__row">
        <View className="project-spending__caption">进度 {progress}%</View>
        <Bar part={progress} whole={100} label={`完成进度${progress}%`} />
      </View>
    </View>
  )
  if (!detailed) {
    return (
      <Card className="project-spending" gap="list" onClick={onOpen} hoverClass="card--pressed">
        <View className="project-spending__title">{proposal.title}</View>
        {figures}
        <View className="project-spending__more">
          {expenses.length}笔支出 · {updates.length}条进展 ›
        </View>
      </Card>
    )
  }
  return (
    <View>
      <Section title="资金使用">{figures}</Section>
      <Section title={`支出明细（${expenses.length}笔）`}>
        {expenses.length === 0 ? <View className="project-spending__none">还没有支出记录。</View> : null}
        {expenses.map((e) => (
          <Card key={e.id} inset className="project-spending__expense">
            <View className="project-spending__expense-head">
              <View className={e.amount < 0 ? 'project-spending__amount--minus' : 'project-spending__amount'}>
                {e.amount < 0 ? `更正 −${-e.amount}元` : `${e.amount}元`}
              </View>
              <View className="project-spending__date">{formatDateTime(e.createdAt)}</View>
            </View>
            <View className="project-spending__line">收款方：{e.payee}</View>
            <View className="project-spending__line">{e.note}</View>
            <View className="project-spending__line project-spending__line--soft">累计支出 {e.spentAfter}元</View>
            <PhotoGrid photos={e.receipts} label="票据照片" />
          </Card>
        ))}
      </Section>
      <Section title={`项目进展（${updates.length}条）`}>
        {updates.length === 0 ? <View className="project-spending__none">还没有进展记录。</View> : null}
        {[...updates].reverse().map((u) => (
          <View key={u.id} className="project-spending__update">
            <View className="project-spending__expense-head">
              <View className="project-spending__progress">进度 {u.progress}%</View>
              <View className="project-spending__date">{formatDateTime(u.createdAt)}</View>
            </View>
            <View className="project-spending__line">{u.note}</View>
          </View>
        ))}
      </Section>
    </View>
  )
}
