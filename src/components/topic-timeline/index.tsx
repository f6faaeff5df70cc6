import { View } from '@tarojs/components'
import { TOPIC_EVENT_LABELS, type TopicEventDto } from '@/shared/topics'
import { formatDateTime } from '@/utils/format'
import { eventActor } from '@/utils/topic'
import { Section } from '../section'
import { control } from '../aria'
import './index.scss'

interface Props {
  events: TopicEventDto[]
  /** The timeline could not be loaded: say so, with a way to try again. */
  error?: string | null
  onRetry?: () => void
}

/** 居务公开: every decision on the topic, oldest first, with who (role and name) and when. */
export function TopicTimeline({ events, error, onRetry }: Props) {
  if (events.length === 0 && !error) return null
  return (
    <Section title="居务公开" className="topic-timeline">
      <View className="topic-timeline__lead">这个议题的每一步处理，谁做的、什么时候做的，都公开在这里。</View>
      {error ? (
        <View className="topic-timeline__error" onClick={onRetry} {...control()}>
          {error}（点这里重试）
        </View>
      ) : null}
      {events.map((event) => (
        <View key={event.id} className="topic-timeline__item">
          <View className="topic-timeline__dot" />
          <View className="topic-timeline__body">
            <View className="topic-timeline__what">
              <View className="topic-timeline__who">{eventActor(event)}</View>
              {TOPIC_EVENT_LABELS[event.type]}
            </View>
            {event.note ? <View className="topic-timeline__note">{event.note}</View> : null}
            <View className="topic-timeline__when">{formatDateTime(event.createdAt)}</View>
          </View>
        </View>
      ))}
    </Section>
  )
}
