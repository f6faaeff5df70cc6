import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { CardHead } from '@/components/card'
import { DetailPage } from '@/components/detail-page'
import { Section, Tag } from '@/components/section'
import { StationBooking } from '@/components/station-booking'
import { useDetailPage } from '@/hooks/use-detail-page'
import { useStationDetail } from '@/hooks/use-stations'
import { isoWeekday, shanghaiDate, type StationDetailDto } from '@/shared/stations'
import { actingForOf } from '@/utils/acting-for'
import { formatPhone } from '@/utils/format'
import { callPhone } from '@/utils/navigation'
import { formatDateWithWeekday, weeklyHours } from '@/utils/station'
import './index.scss'

/** Opens WeChat's map at the station, from where it offers route planning. */
function navigateTo(station: StationDetailDto): void {
  Taro.openLocation({
    latitude: station.lat,
    longitude: station.lng,
    name: station.name,
    address: station.address,
    scale: 17,
  }).catch(() => {
    void Taro.showModal({ title: '驿站地址', content: station.address, showCancel: false, confirmText: '知道了' })
  })
}

export default function StationDetailPage() {
  const [refreshed, setRefreshed] = useState(0)
  const { params, detail, head } = useDetailPage('驿站', useStationDetail, async (reload) => {
    setRefreshed((n) => n + 1)
    await reload()
  })
  const actingFor = actingForOf(params)
  const { station } = detail
  const todayWeekday = isoWeekday(shanghaiDate(new Date()))

  return (
    <DetailPage head={head} item={station} requireLogin={false}>
      {(station) => (
        <View>
          <Section>
            <CardHead
              large
              title={station.name}
              tag={<Tag tone={station.openNow ? 'success' : 'neutral'}>{station.openNow ? '营业中' : '休息中'}</Tag>}
            />
            <View className="station__community">{station.communityName}</View>
            {station.intro ? <View className="station__intro">{station.intro}</View> : null}
            <View className="station__address">{station.address}</View>
            {station.phone ? <View className="station__phone">电话 {formatPhone(station.phone)}</View> : null}
            <View className="station__buttons">
              <ActionButton variant="secondary" className="station__button" onClick={() => navigateTo(station)}>
                导航
              </ActionButton>
              {station.phone ? (
                <ActionButton
                  variant="secondary"
                  className="station__button"
                  onClick={() => callPhone(station.phone ?? '')}
                >
                  电话
                </ActionButton>
              ) : null}
            </View>
          </Section>

          <StationBooking key={station.id} station={station} refreshed={refreshed} actingFor={actingFor} />

          <Section title="开放时间">
            {weeklyHours(station.openingHours).map((line) => (
              <View
                key={line.weekday}
                className={[
                  'station__hours',
                  line.weekday === todayWeekday ? 'station__hours--today' : '',
                  line.open ? '' : 'station__hours--closed',
                ]
                  .filter(Boolean)
                  .join(' ')}
              >
                <View className="station__weekday">{line.label}</View>
                {/* One box per range, so a narrow screen wraps between ranges, never inside one. */}
                <View className="station__ranges">
                  {line.ranges.length ? (
                    line.ranges.map((r) => (
                      <View key={r} className="station__range">
                        {r}
                      </View>
                    ))
                  ) : (
                    <View className="station__range">休息</View>
                  )}
                </View>
                {line.weekday === todayWeekday ? <View className="station__today">今天</View> : null}
              </View>
            ))}
          </Section>

          {station.closures.length ? (
            <Section title="近期闭站">
              {station.closures.map((c) => (
                <View key={c.date} className="station__closure">
                  <View className="station__closure-date">{formatDateWithWeekday(c.date)}</View>
                  <View className="station__closure-reason">{c.reason}</View>
                </View>
              ))}
            </Section>
          ) : null}
        </View>
      )}
    </DetailPage>
  )
}
