import { View } from '@tarojs/components'
import type { TopicDetailDto } from '@/shared/topics'
import { choice } from '../aria'
import './index.scss'

interface Props {
  options: TopicDetailDto['options']
  /** 1 draws radios; more draws checkboxes. */
  maxChoices: number | null
  selected: readonly string[]
  onToggle?: (optionId: string) => void
  /** Shown but not tappable: before voting opens, after it closes, or while sending. */
  disabled?: boolean
}

/**
 * The options of a ballot as big rows: a round mark for a single choice, a square one for several.
 * Drawn with Views, so they grow with elder mode and look the same in WeChat and H5.
 */
export function VoteOptions({ options, maxChoices, selected, onToggle, disabled = false }: Props) {
  const multi = (maxChoices ?? 1) > 1
  return (
    <View className="vote-options" role={multi ? 'group' : 'radiogroup'}>
      {options.map((option) => {
        const on = selected.includes(option.id)
        return (
          <View
            key={option.id}
            {...choice(multi ? 'checkbox' : 'radio', on, undefined, disabled)}
            className={[
              'vote-option',
              on ? 'vote-option--on' : '',
              disabled ? 'vote-option--disabled' : '',
              multi ? 'vote-option--multi' : '',
            ]
              .filter(Boolean)
              .join(' ')}
            hoverClass={disabled ? 'none' : 'vote-option--pressed'}
            onClick={() => {
              if (!disabled) onToggle?.(option.id)
            }}
          >
            <View className="vote-option__mark">{on ? (multi ? '✓' : '') : ''}</View>
            <View className="vote-option__label">{option.label}</View>
          </View>
        )
      })}
    </View>
  )
}
