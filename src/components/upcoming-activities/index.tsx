import { View } from '@tarojs/components'
import { useAsync } from '@/hooks/use-async'
import { listActivities } from '@/services/activities'
import { openActivities, openActivity } from '@/utils/navigation'
import { control } from '../aria'
import { Section } from '../section'
import './index.scss'

const day = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000)
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${d.toISOString().slice(11, 16)}`
}

/** The home page's 近期活动: the next two activities of the community, each opening its page; nothing if none. */
export function UpcomingActivities({ communityId }: { communityId: string }) {
  const next = useAsync(() => listActivities({ communityId, limit: 2 }), [communityId])
  const items = next.data?.items ?? []
  if (items.length === 0) return null
  return (
    <Section
      title="近期活动"
      extra={
        <View className="upcoming-activities__all" {...control('link')} onClick={openActivities}>
          全部 ›
        </View>
      }
    >
      {items.map((a) => (
        <View
          key={a.id}
          className="upcoming-activities__row"
          {...control('link', `${a.title}，${day(a.startsAt)}`)}
          onClick={() => openActivity(a.id)}
        >
          <View className="upcoming-activities__title">{a.title}</View>
          <View className="upcoming-activities__when">{day(a.startsAt)}</View>
        </View>
      ))}
    </Section>
  )
}
