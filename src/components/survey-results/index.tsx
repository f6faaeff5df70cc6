import { View } from '@tarojs/components'
import { SCORE_MAX } from '@/shared/ratings'
import type { SurveyResultsDto } from '@/shared/surveys'
import { formatPercent } from '@/utils/topic'
import './index.scss'

interface Props {
  results: SurveyResultsDto
  /** The caller's own scores, marked 我打的 on each item. */
  mine?: readonly number[] | null
}

const SCORES = Array.from({ length: SCORE_MAX }, (_, i) => SCORE_MAX - i)

/**
 * 群众满意度测评 results as bars of plain Views: per item its mean out of 5 (a bar), and how many gave each score,
 * 5 down to 1; then how many answered of the verified members.
 */
export function SurveyResults({ results, mine }: Props) {
  return (
    <View className="survey-results">
      {results.items.map((item, i) => (
        <View key={i} className="survey-results__item">
          <View className="survey-results__head">
            <View className="survey-results__text">
              {i + 1}. {item.text}
            </View>
            <View className="survey-results__mean" aria-label={`平均${item.mean ?? '无'}分`}>
              {item.mean === null ? '暂无评分' : `${item.mean.toFixed(2)} 分`}
            </View>
          </View>
          {mine?.[i] ? <View className="survey-results__mine">我打了{mine[i]}分</View> : null}
          <View
            className="survey-results__track"
            role="img"
            aria-label={`${item.text} 平均${item.mean ?? 0}分，满分5分`}
          >
            <View className="survey-results__fill" style={{ width: `${((item.mean ?? 0) / SCORE_MAX) * 100}%` }} />
          </View>
          <View className="survey-results__dist">
            {SCORES.map((score) => {
              const n = item.distribution[score - 1] ?? 0
              return (
                <View
                  key={score}
                  className={['survey-results__cell', mine?.[i] === score ? 'survey-results__cell--mine' : ''].join(
                    ' ',
                  )}
                >
                  <View className="survey-results__score">{score}分</View>
                  <View className="survey-results__mini">
                    <View
                      className="survey-results__mini-fill"
                      style={{ height: `${item.count > 0 ? (n / item.count) * 100 : 0}%` }}
                    />
                  </View>
                  <View className="survey-results__n">{n}人</View>
                </View>
              )
            })}
          </View>
        </View>
      ))}
      <View className="survey-results__turnout">
        共{results.respondents}人参与，本社区认证居民{results.eligible}人，参与率
        <View className="survey-results__turnout-figure">
          {formatPercent(results.eligible > 0 ? results.respondents / results.eligible : 0)}
        </View>
      </View>
    </View>
  )
}
