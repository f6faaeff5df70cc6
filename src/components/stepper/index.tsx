import { View } from '@tarojs/components'
import { control } from '../aria'
import './index.scss'

interface Props {
  value: number
  min: number
  max: number
  onChange: (value: number) => void
  /** What is counted, after the number: 人. */
  unit?: string
}

/** − n + with big targets; a button at its limit is greyed and does nothing. */
export function Stepper({ value, min, max, onChange, unit = '' }: Props) {
  const canLess = value > min
  const canMore = value < max
  return (
    <View className="stepper">
      <View
        className={['stepper__button', canLess ? '' : 'stepper__button--off'].filter(Boolean).join(' ')}
        {...control('button', '减少', !canLess)}
        onClick={() => canLess && onChange(value - 1)}
      >
        −
      </View>
      <View className="stepper__value">
        {value}
        {unit}
      </View>
      <View
        className={['stepper__button', canMore ? '' : 'stepper__button--off'].filter(Boolean).join(' ')}
        {...control('button', '增加', !canMore)}
        onClick={() => canMore && onChange(value + 1)}
      >
        +
      </View>
    </View>
  )
}
