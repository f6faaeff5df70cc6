import { View } from '@tarojs/components'
import { choice } from '../aria'
import './index.scss'

export interface Chip<V extends string> {
  value: V
  label: string
}

interface Props<V extends string> {
  chips: readonly Chip<V>[]
  value: V
  onChange: (value: V) => void
}

/** One row of choices, one of them picked: the filters of a list. Wraps rather than scrolls, so all show. */
export function FilterChips<V extends string>({ chips, value, onChange }: Props<V>) {
  return (
    <View className="chips" role="radiogroup">
      {chips.map((chip) => (
        <View
          key={chip.value}
          className={['chip', chip.value === value ? 'chip--on' : ''].filter(Boolean).join(' ')}
          onClick={() => chip.value !== value && onChange(chip.value)}
          {...choice('radio', chip.value === value)}
        >
          {chip.label}
        </View>
      ))}
    </View>
  )
}
