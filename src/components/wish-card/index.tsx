import { View } from '@tarojs/components'
import { WISH_CATEGORY_LABELS, WISH_STATUS_LABELS, type WishSummaryDto } from '@/shared/wishes'
import { formatAge, wishStatusTone } from '@/utils/wish'
import { Card, CardHead } from '../card'
import { Tag } from '../section'
import './index.scss'

interface Props {
  wish: WishSummaryDto
  onOpen: () => void
  /** A compact row (in 我的) rather than a card. */
  compact?: boolean
}

/** One wish on the wall: what, which kind, whose (masked), how long ago, and where it stands. */
export function WishCard({ wish, onOpen, compact = false }: Props) {
  return (
    <Card
      className={compact ? 'wish-card wish-card--compact' : 'wish-card'}
      gap="list"
      inset={compact}
      hoverClass="card--pressed"
      onClick={onOpen}
    >
      <CardHead
        title={wish.title}
        tag={<Tag tone={wishStatusTone(wish.status)}>{WISH_STATUS_LABELS[wish.status]}</Tag>}
      />
      <View className="wish-card__meta">
        <View className="wish-card__category">{WISH_CATEGORY_LABELS[wish.category]}</View>
        {wish.teamSize > 1 ? (
          <View className="wish-card__team">
            帮帮团 {wish.teamCount}/{wish.teamSize}人
          </View>
        ) : null}
        {compact ? null : <View className="wish-card__owner">{wish.ownerName}</View>}
        <View className="wish-card__age">{formatAge(wish.createdAt)}</View>
      </View>
    </Card>
  )
}
