import { View } from '@tarojs/components'
import type { TopicSummaryDto } from '@/shared/topics'
import { clampProgress, formatPercent, topicBadge, topicTimeNote } from '@/utils/topic'
import { Card } from '../card'
import { CardFoot, CardHead } from '../card'
import { Tag } from '../section'
import { ProgressBar } from '../topic-progress'
import './index.scss'

interface Props {
  topic: TopicSummaryDto
  onOpen: () => void
  /** The time to count down from; pass a ticking value to keep the countdown fresh. */
  now?: number
}

/** One topic in the list: title, where it stands, when voting starts or ends, turnout, comments and progress. */
export function TopicCard({ topic, onOpen, now }: Props) {
  const badge = topicBadge(topic)
  const public_ = topic.status === 'open' || topic.status === 'closed'
  return (
    <Card className="topic-card" gap="list" hoverClass="card--pressed" onClick={onOpen}>
      <CardHead title={topic.title} tag={<Tag tone={badge.tone}>{badge.label}</Tag>} />
      <View
        className={['topic-card__when', topic.phase === 'voting' ? 'topic-card__when--live' : '']
          .filter(Boolean)
          .join(' ')}
      >
        {topicTimeNote(topic, now)}
      </View>
      {public_ ? (
        <View className="topic-card__stats">
          <View className="topic-card__stat">
            参与率 <View className="topic-card__figure">{formatPercent(topic.turnout)}</View>
            <View className="topic-card__small">（{topic.ballots}人投票）</View>
          </View>
          <View className="topic-card__stat">
            评论 <View className="topic-card__figure">{topic.comments}</View>
          </View>
        </View>
      ) : null}
      {topic.progress !== null ? (
        <View className="topic-card__progress">
          <ProgressBar value={clampProgress(topic.progress)} label="办理进度" />
        </View>
      ) : null}
      <CardFoot note={`${topic.authorName} 提出`} action={topic.phase === 'voting' ? '去投票 ›' : '查看详情 ›'} />
    </Card>
  )
}
