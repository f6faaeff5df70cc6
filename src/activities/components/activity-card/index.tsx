import { View } from '@tarojs/components'
import { Card, CardHead } from '@/components/card'
import { Tag } from '@/components/section'
import type { ActivitySummaryDto } from '@/shared/activities'
import { activityWhen, seatsLabel } from '../../utils/format'
import './index.scss'

interface Props {
  activity: ActivitySummaryDto
  onOpen: () => void
}

/** One activity in the list: what, when, where, and the seats and volunteer places left. */
export function ActivityCard({ activity, onOpen }: Props) {
  const done = activity.status === 'completed'
  return (
    <Card className="activity-card" gap="list" hoverClass="card--pressed" onClick={onOpen}>
      <CardHead
        title={activity.title}
        tag={
          done ? (
            <Tag tone="success">已结束</Tag>
          ) : activity.seatsLeft === 0 ? (
            <Tag tone="warning">名额已满</Tag>
          ) : (
            <Tag>报名中</Tag>
          )
        }
      />
      <View className="activity-card__when">{activityWhen(activity)}</View>
      <View className="activity-card__meta">
        <View>{activity.location}</View>
        {done ? null : <View className="activity-card__seats">{seatsLabel(activity)}</View>}
        {!done && activity.postsLeft > 0 ? (
          <View className="activity-card__posts">志愿岗位空缺{activity.postsLeft}个</View>
        ) : null}
      </View>
    </Card>
  )
}
