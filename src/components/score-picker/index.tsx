import { View } from '@tarojs/components'
import { SCORE_LABELS, SCORE_MAX } from '@/shared/ratings'
import { choice } from '../aria'
import './index.scss'

interface Props {
  /** The score chosen, 1–5, or null before a tap. */
  value: number | null
  onChange?: (score: number) => void
  /** What is being scored, read out with each star: "社区环境卫生 4分 满意". */
  label: string
  /** Shows the score only (a rating already given). */
  readOnly?: boolean
}

const SCORES = Array.from({ length: SCORE_MAX }, (_, i) => i + 1)

/** Five large stars to tap for a 1–5 score, with the words for the score chosen; elder mode makes them 60×60 pt. */
export function ScorePicker({ value, onChange, label, readOnly = false }: Props) {
  return (
    <View className="score-picker" role="radiogroup" aria-label={label} aria-readonly={readOnly || undefined}>
      {SCORES.map((n) => {
        const on = value !== null && n <= value
        return (
          <View
            key={n}
            className={['score-picker__star', on ? 'score-picker__star--on' : ''].join(' ')}
            onClick={readOnly ? undefined : () => onChange?.(n)}
            {...choice('radio', n === value, `${label} ${n}分 ${SCORE_LABELS[n]}`, readOnly)}
          >
            {on ? '★' : '☆'}
          </View>
        )
      })}
      <View className="score-picker__words">{value ? `${value}分 · ${SCORE_LABELS[value]}` : '请点星打分'}</View>
    </View>
  )
}
