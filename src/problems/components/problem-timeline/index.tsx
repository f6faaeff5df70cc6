import { View } from '@tarojs/components'
import { Section } from '@/components/section'
import { PROBLEM_EVENT_LABELS, type ProblemEventDto } from '@/shared/problems'
import { formatDateTime } from '@/utils/format'
import './index.scss'

/** Everything that happened to a problem, oldest first: who did what, when, with what they wrote. */
export function ProblemTimeline({ events }: { events: ProblemEventDto[] }) {
  if (events.length === 0) return null
  return (
    <Section title="办理进展">
      <View role="list" aria-label="办理进展">
        {events.map((event) => (
          <View key={event.id} className="problem-timeline__item" role="listitem">
            <View className="problem-timeline__dot" />
            <View className="problem-timeline__body">
              <View className="problem-timeline__what">
                {event.actorName ? `${event.actorName} ` : '系统 '}
                {PROBLEM_EVENT_LABELS[event.type]}
              </View>
              {event.note ? <View className="problem-timeline__note">{event.note}</View> : null}
              <View className="problem-timeline__when">{formatDateTime(event.createdAt)}</View>
            </View>
          </View>
        ))}
      </View>
    </Section>
  )
}
