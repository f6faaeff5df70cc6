import { View } from '@tarojs/components'
import { actedForLabel } from '@/shared/proxy'
import { WISH_EVENT_LABELS, type WishEventDto } from '@/shared/wishes'
import { formatDateTime } from '@/utils/format'
import { Section } from '../section'
import './index.scss'

/** Everything that happened to a wish, oldest first. */
export function WishTimeline({ events }: { events: WishEventDto[] }) {
  if (events.length === 0) return null
  return (
    <Section title="进展">
      {events.map((event) => (
        <View key={event.id} className="timeline__item">
          <View className="timeline__dot" />
          <View className="timeline__body">
            <View className="timeline__what">
              {event.actedByName
                ? actedForLabel(event.actedByName, event.actorName, WISH_EVENT_LABELS[event.type])
                : `${event.actorName ? `${event.actorName} ` : ''}${WISH_EVENT_LABELS[event.type]}`}
            </View>
            {event.note ? <View className="timeline__note">{event.note}</View> : null}
            <View className="timeline__when">{formatDateTime(event.createdAt)}</View>
          </View>
        </View>
      ))}
    </Section>
  )
}
