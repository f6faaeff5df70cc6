import { View } from '@tarojs/components'
import type { StationSummaryDto } from '@/shared/stations'
import { formatDistance, formatHours } from '@/utils/station'
import { Card, CardFoot, CardHead } from '../card'
import { Tag } from '../section'
import './index.scss'

interface Props {
  station: StationSummaryDto
  onOpen: () => void
}

/** One station in the list: name, open or not, how far, where, and today's hours. */
export function StationCard({ station, onOpen }: Props) {
  const distance = formatDistance(station.distanceMeters)
  const hours = formatHours(station.todayHours)
  return (
    <Card className="station-card" gap="list" hoverClass="card--pressed" onClick={onOpen}>
      <CardHead
        title={station.name}
        tag={<Tag tone={station.openNow ? 'success' : 'neutral'}>{station.openNow ? '营业中' : '休息中'}</Tag>}
      />
      <View className="station-card__address">
        {distance ? <View className="station-card__distance">{distance}</View> : null}
        <View className="station-card__address-text">{station.address}</View>
      </View>
      <View className="station-card__hours">{hours ? `今日 ${hours}` : '今日不开放'}</View>
      <CardFoot note={station.communityName} action="查看和预约 ›" />
    </Card>
  )
}
