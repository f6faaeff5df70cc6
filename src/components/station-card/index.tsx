import { View } from '@tarojs/components'
import type { StationSummaryDto } from '@/shared/stations'
import { formatDistance, formatHours } from '@/utils/station'
import { Card } from '../card'
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
      <View className="station-card__head">
        <View className="station-card__name">{station.name}</View>
        <Tag tone={station.openNow ? 'success' : 'neutral'}>{station.openNow ? '营业中' : '休息中'}</Tag>
      </View>
      <View className="station-card__address">
        {distance ? <View className="station-card__distance">{distance}</View> : null}
        <View className="station-card__address-text">{station.address}</View>
      </View>
      <View className="station-card__hours">{hours ? `今日 ${hours}` : '今日不开放'}</View>
      <View className="station-card__foot">
        <View className="station-card__community">{station.communityName}</View>
        <View className="station-card__go">查看和预约 ›</View>
      </View>
    </Card>
  )
}
