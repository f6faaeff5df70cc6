import { View } from '@tarojs/components'
import { Card } from '@/components/card'
import { Tag } from '@/components/section'
import { QUEUE_KIND_LABELS, type QueueItemDto } from '@/shared/workbench'
import { formatDateTime } from '@/utils/format'
import { QUEUE_ACTIONS, waitedFor, waitedTone } from './waited'
import './index.scss'

interface Props {
  item: QueueItemDto
  /** The community's name, when the staff member works for more than one. */
  showCommunity: boolean
  now: Date
  onOpen: () => void
}

/** One thing waiting: what kind, how long it has waited, its title, where and since when; tapping opens it. */
export function QueueItem({ item, showCommunity, now, onOpen }: Props) {
  return (
    <Card className="queue-item" hoverClass="card--shaded" onClick={onOpen}>
      <View className="queue-item__head">
        <View className="queue-item__kind">{QUEUE_KIND_LABELS[item.kind]}</View>
        <Tag tone={waitedTone(item.since, now)}>{waitedFor(item.since, now)}</Tag>
      </View>
      <View className="queue-item__title">{item.title}</View>
      <View className="queue-item__line">
        {showCommunity ? `${item.communityName} · ` : ''}自 {formatDateTime(item.since)} 起等待
      </View>
      <View className="queue-item__go">{QUEUE_ACTIONS[item.kind]} ›</View>
    </Card>
  )
}
