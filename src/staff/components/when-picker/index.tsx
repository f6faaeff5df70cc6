import { Picker, View } from '@tarojs/components'
import { SelectBox } from '@/components/field'
import { addDays, shanghaiDate } from '@/shared/stations'
import { formatDateWithWeekday } from '@/utils/station'
import './index.scss'

interface Props {
  date: string
  time: string
  onDate: (date: string) => void
  onTime: (time: string) => void
  label: string
}

/** A date and a time picker side by side, in Beijing time: when voting opens, when an activity starts. */
export function WhenPicker(props: Props) {
  const today = shanghaiDate(new Date())
  return (
    <View className="when-picker" aria-label={props.label}>
      <View className="when-picker__date">
        <Picker
          mode="date"
          value={props.date}
          start={today}
          end={addDays(today, 365)}
          onChange={(e) => props.onDate(e.detail.value)}
        >
          <SelectBox text={formatDateWithWeekday(props.date)} placeholder="选择日期" />
        </Picker>
      </View>
      <View className="when-picker__time">
        <Picker mode="time" value={props.time} onChange={(e) => props.onTime(e.detail.value)}>
          <SelectBox text={props.time} placeholder="时间" />
        </Picker>
      </View>
    </View>
  )
}
