import { View } from '@tarojs/components'
import { Card, CardHead } from '@/components/card'
import { Tag } from '@/components/section'
import { formatDateTime } from '@/utils/format'
import type { StaffTopic } from '../../hooks/use-staff-topics'
import { percent, topicStateLabel } from '../../utils/topics'
import './index.scss'

interface Props {
  topic: StaffTopic
  /** The community's name, when the staff member works for more than one. */
  showCommunity: boolean
  /** What tapping does, said at the bottom right: 去审核 ›, 管理 ›. */
  action: string
  onOpen: () => void
}

/** One topic in a staff list: title and state, who proposed it and when, and for public topics the figures. */
export function TopicRow({ topic, showCommunity, action, onOpen }: Props) {
  const state = topicStateLabel(topic)
  const isPublic = topic.status === 'open' || topic.status === 'closed'
  return (
    <Card className="topic-row" hoverClass="card--shaded" onClick={onOpen}>
      <CardHead className="topic-row__head" title={topic.title} tag={<Tag tone={state.tone}>{state.text}</Tag>} />
      <View className="topic-row__line">
        {showCommunity && topic.communityName ? `${topic.communityName} · ` : ''}
        {topic.authorName} 提出于 {formatDateTime(topic.createdAt)}
      </View>
      {isPublic ? (
        <View className="topic-row__line">
          {topic.ballots}人投票 · 参与率 {percent(topic.turnout)} · {topic.comments}条评论
          {topic.progress !== null ? ` · 办理进度 ${topic.progress}%` : ''}
        </View>
      ) : null}
      {topic.status === 'open' && topic.votingClosesAt ? (
        <View className="topic-row__line topic-row__line--soft">投票截止 {formatDateTime(topic.votingClosesAt)}</View>
      ) : null}
      <View className="topic-row__go">{action} ›</View>
    </Card>
  )
}
