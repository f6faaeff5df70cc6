import { View } from '@tarojs/components'
import type { AsyncState } from '@/hooks/use-async'
import type { Page } from '@/shared/api'
import { shanghaiDate, shanghaiTime, type BookingDto } from '@/shared/stations'
import { goToStations, openMyBookings } from '@/utils/navigation'
import { formatDateWithWeekday } from '@/utils/station'
import { ActionButton } from '../action-button'
import { control } from '../aria'
import { Card } from '../card'
import { Section } from '../section'
import './index.scss'

function Rows({ list }: { list: AsyncState<Page<BookingDto>> }) {
  if (list.error) {
    return (
      <View className="my-bookings__note" onClick={() => void list.reload()} {...control()}>
        {list.error.message}（点这里重试）
      </View>
    )
  }
  if (!list.data) return <View className="my-bookings__note">正在加载…</View>
  if (list.data.items.length === 0) {
    return <View className="my-bookings__note">没有待使用的预约。阅览室、法律咨询、健康检查，都可以在驿站预约。</View>
  }
  return (
    <View>
      {list.data.items.map((b) => (
        <Card key={b.id} className="my-bookings__row" inset onClick={openMyBookings}>
          <View className="my-bookings__service">{b.serviceName}</View>
          <View className="my-bookings__when">
            {formatDateWithWeekday(shanghaiDate(new Date(b.startsAt)))} {shanghaiTime(b.startsAt)}
          </View>
          <View className="my-bookings__station">{b.stationName}</View>
        </Card>
      ))}
    </View>
  )
}

/** 我的: the next bookings, and the way to all of them (with their check-in codes). */
export function MyBookingsCard({ upcoming }: { upcoming: AsyncState<Page<BookingDto>> }) {
  const none = upcoming.data?.items.length === 0
  return (
    <Section title="我的预约">
      <Rows list={upcoming} />
      <View className="my-bookings__actions">
        <ActionButton block variant="secondary" onClick={openMyBookings}>
          查看我的预约和签到码
        </ActionButton>
        {none ? (
          <ActionButton block variant="plain" onClick={goToStations}>
            去驿站预约
          </ActionButton>
        ) : null}
      </View>
    </Section>
  )
}
