import { View } from '@tarojs/components'
import type { TopicResultsDto } from '@/shared/topics'
import { barWidth, formatPercent } from '@/utils/topic'
import './index.scss'

interface Props {
  results: TopicResultsDto
  /** The viewer's options, marked 我投的. */
  myChoices?: readonly string[] | null
}

/**
 * The tally as a bar chart of plain Views (no chart library): one row per option with its count and share of the
 * ballots, the leading option marked, then turnout. Shares are of ballots, so with several choices they may add up
 * to more than 100%.
 */
export function ResultBars({ results, myChoices }: Props) {
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
                {option.count}票 · {formatPercent(results.ballots > 0 ? option.count / results.ballots : 0)}
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
      <View className="result-bars__turnout">
        共{results.ballots}人投票，本社区{results.eligible}位居民，参与率
        <View className="result-bars__turnout-figure">{formatPercent(results.turnout)}</View>
      </View>
      <View className="result-bars__note">
        {results.final ? '投票已结束，这是最终结果' : '投票进行中，结果随时变化'}
      </View>
    </View>
  )
}
