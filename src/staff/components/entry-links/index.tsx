import { View } from '@tarojs/components'
import { Card } from '@/components/card'
import { control } from '@/components/aria'
import './index.scss'

export interface Entry {
  title: string
  description: string
  /** One character in the round badge on the left. */
  icon: string
  onClick: () => void
}

/** A list of big tappable rows that open other pages, each saying what is there. */
export function EntryLinks({ entries }: { entries: readonly Entry[] }) {
  return (
    <Card className="entry-links" padding="none">
      {entries.map((entry) => (
        <View
          key={entry.title}
          className="entry-link"
          hoverClass="entry-link--pressed"
          {...control('link')}
          onClick={entry.onClick}
        >
          <View className="entry-link__icon">{entry.icon}</View>
          <View className="entry-link__text">
            <View className="entry-link__title">{entry.title}</View>
            <View className="entry-link__desc">{entry.description}</View>
          </View>
          <View className="entry-link__arrow">›</View>
        </View>
      ))}
    </Card>
  )
}
