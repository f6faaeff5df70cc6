import { View } from '@tarojs/components'
import type { TopicResultsDto } from '@/shared/topics'
import { barWidth, formatPercent } from '@/utils/topic'
import './index.scss'

interface Props {
  results: TopicResultsDto
  /** The viewer's options, marked 我投的. */
  myChoices?: readonly string[] | null
  /** Only some buildings vote: the eligible are not the whole community. */
  scoped?: boolean
}

const m2 = (n: number) => `${Number(n.toFixed(2))}㎡`

/**
 * The tally as a bar chart of plain Views (no chart library): one row per option with its count and share of the
 * ballots, the leading option marked, then turnout. Shares are of ballots, so with several choices they may add up
 * to more than 100%.
 */
export function ResultBars({ results, myChoices, scoped }: Props) {
  const { households, area, passed } = results
  const top = Math.max(0, ...results.options.map((o) => o.count))
  return (
    <View className="result-bars">
      {results.options.map((option) => {
        const mine = myChoices?.includes(option.id) ?? false
        const leading = top > 0 && option.count === top
        return (
          <View key={option.id} className="result-bars__row">
            <View className="result-bars__head">
              <View className="result-bars__label">
                {option.label}
                {mine ? <View className="result-bars__mine">我投的</View> : null}
              </View>
              <View className="result-bars__count">
                {households ? `${option.count}户 · ${m2(option.areaM2 ?? 0)}` : `${option.count}票`} ·{' '}
                {formatPercent(results.ballots > 0 ? option.count / results.ballots : 0)}
              </View>
            </View>
            <View className="result-bars__track">
              <View
                className={['result-bars__fill', leading ? 'result-bars__fill--top' : ''].filter(Boolean).join(' ')}
                style={{ width: `${barWidth(option.count, results.ballots)}%` }}
              />
            </View>
          </View>
        )
      })}
      {households && area ? (
        <View className="result-bars__turnout">
          {households.voted}/{households.eligible}户投票，面积{m2(area.voted)}/{m2(area.eligible)}
          {area.missing ? `（${area.missing}户未登记面积，按0计）` : ''}；可投票{results.eligible}人
        </View>
      ) : (
        <View className="result-bars__turnout">
          共{results.ballots}人投票，{scoped ? '可投票' : '本社区'}
          {results.eligible}位居民，参与率
          <View className="result-bars__turnout-figure">{formatPercent(results.turnout)}</View>
        </View>
      )}
      {passed === undefined ? null : (
        <View className={`result-bars__passed result-bars__passed--${passed ? 'yes' : 'no'}`} role="status">
          {results.final ? '' : '按目前票数：'}
          {passed ? '通过' : '未通过'}（民法典第278条，按户数和面积）
        </View>
      )}
      <View className="result-bars__note">
        {results.final ? '投票已结束，这是最终结果' : '投票进行中，结果随时变化'}
      </View>
    </View>
  )
}
