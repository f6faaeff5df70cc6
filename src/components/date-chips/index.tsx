import { View } from '@tarojs/components'
import { choice } from '../aria'
import './index.scss'

export interface DateChip {
  date: string
  /** 今天 / 明天 / 周三 */
  day: string
  /** 11月24日 */
  monthDay: string
  /** Why the day has no slots to offer, shown small under the date: 闭站, 不开放. */
  note?: string
}

interface Props {
  chips: readonly DateChip[]
  value: string | null
  onChange: (date: string) => void
}

/** The days of the booking window, one of them chosen. Wraps rather than scrolls, so every day shows. */
export function DateChips({ chips, value, onChange }: Props) {
  return (
    <View className="date-chips" role="radiogroup" aria-label="预约日期">
      {chips.map((chip) => (
        <View
          key={chip.date}
          className={['date-chip', chip.date === value ? 'date-chip--on' : '', chip.note ? 'date-chip--quiet' : '']
            .filter(Boolean)
            .join(' ')}
          onClick={() => chip.date !== value && onChange(chip.date)}
          {...choice('radio', chip.date === value)}
        >
          <View className="date-chip__day">{chip.day}</View>
          <View className="date-chip__date">{chip.monthDay}</View>
          {chip.note ? <View className="date-chip__note">{chip.note}</View> : null}
        </View>
      ))}
    </View>
  )
}
