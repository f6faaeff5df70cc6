import { View } from '@tarojs/components'
import { control } from '@/components/aria'
import { Section, Tag } from '@/components/section'
import { formatYuan, type BudgetResultsDto } from '@/shared/budgets'
import './index.scss'

/** The results: how many ballots, what was allocated, and per proposal its votes, cost, and why it was or was not selected. */
export function ResultList({ results, onOpen }: { results: BudgetResultsDto; onOpen: (id: string) => void }) {
  return (
    <Section
      title={results.final ? '投票结果' : '当前票数（仅工作人员可见）'}
      extra={<Tag tone="neutral">{results.ballots}张选票</Tag>}
    >
      <View className="result-list__summary">
        选出项目共 {formatYuan(results.allocated)}，资金总额 {formatYuan(results.amount)}
        {results.amount > results.allocated ? `，结余 ${formatYuan(results.amount - results.allocated)}` : ''}
      </View>
      {results.proposals.length === 0 ? <View className="result-list__reason">这一期没有收到项目。</View> : null}
      {results.proposals.map((row) => (
        <View
          key={row.proposalId}
          className={row.selected ? 'result-list__row result-list__row--selected' : 'result-list__row'}
          {...control('link')}
          onClick={() => onOpen(row.proposalId)}
        >
          <View className="result-list__head">
            <View className="result-list__title">{row.title}</View>
            <Tag tone={row.selected ? 'success' : 'neutral'}>{row.selected ? '入选' : '未入选'}</Tag>
          </View>
          <View className="result-list__figures">
            {row.votes}票{row.cost === null ? '' : ` · ${formatYuan(row.cost)}`}
          </View>
          <View className="result-list__reason">{row.reason}</View>
        </View>
      ))}
    </Section>
  )
}
