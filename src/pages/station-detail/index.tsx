import { useEffect, useMemo, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { DateChips, type DateChip } from '@/components/date-chips'
import { FilterChips } from '@/components/filter-chips'
import { PageShell } from '@/components/page-shell'
import { QrCode } from '@/components/qr-code'
import { Section, Tag } from '@/components/section'
import { SlotList } from '@/components/slot-list'
import { AsyncContent, EmptyState, ErrorState, LoadingState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useSlotBooking, useStationDetail } from '@/hooks/use-stations'
import { isoWeekday, shanghaiDate, type ServiceDto, type StationDetailDto } from '@/shared/stations'
import { formatPhone } from '@/utils/format'
import { callPhone, openMyBookings } from '@/utils/navigation'
import {
  bookingWindow,
  describeService,
  formatCheckInCode,
  formatDateWithWeekday,
  formatMonthDay,
  formatSlotTime,
  relativeDayLabel,
  serviceRunsOn,
  weeklyHours,
} from '@/utils/station'
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

function dateChips(service: ServiceDto, closed: ReadonlyMap<string, string>, today: string): DateChip[] {
  return bookingWindow(today, service.bookingWindowDays).map((date) => ({
    date,
    day: relativeDayLabel(date, today),
    monthDay: formatMonthDay(date),
    note: closed.has(date) ? '闭站' : serviceRunsOn(service, date) ? undefined : '不开放',
  }))
}

/** The first day of the window with the service on and the station open; else today. */
function firstOpenDay(chips: readonly DateChip[]): string | null {
  return (chips.find((c) => !c.note) ?? chips[0])?.date ?? null
}

/** `refreshed` counts pull-downs: each one reloads the day's slots too. */
function Booking({ station, refreshed }: { station: StationDetailDto; refreshed: number }) {
  const services = useMemo(() => station.services.filter((s) => s.active), [station.services])
  const [serviceId, setServiceId] = useState<string | null>(services[0]?.id ?? null)
  const service = services.find((s) => s.id === serviceId) ?? services[0] ?? null
  const today = shanghaiDate(new Date())
  const closed = useMemo(() => new Map(station.closures.map((c) => [c.date, c.reason])), [station.closures])
  const chips = useMemo(() => (service ? dateChips(service, closed, today) : []), [service, closed, today])
  const [date, setDate] = useState<string | null>(() => firstOpenDay(chips))
  // Another service may have a shorter window: keep the day only if it is still offered.
  useEffect(() => {
    if (!chips.some((c) => c.date === date)) setDate(firstOpenDay(chips))
  }, [chips, date])

  const booking = useSlotBooking(service?.id ?? null, date)
  const { reload: reloadSlots } = booking
  useEffect(() => {
    if (refreshed > 0) void reloadSlots()
  }, [refreshed, reloadSlots])

  useEffect(() => {
    if (booking.booked) void Taro.pageScrollTo({ selector: '.booking-success', duration: 200 }).catch(() => undefined)
  }, [booking.booked])

  if (!service) {
    return (
      <Section title="预约服务">
        <View className="station__muted">这个驿站暂时没有可以预约的服务，可以直接到站或打电话咨询。</View>
      </Section>
    )
  }

  if (booking.booked) {
    const b = booking.booked
    return (
      <Section title="✓ 预约成功" className="booking-success">
        <View className="booking-success__what">
          {b.serviceName} · {formatDateWithWeekday(shanghaiDate(new Date(b.startsAt)))} {formatSlotTime(b)}
        </View>
        <View className="booking-success__meta">
          {b.stationName} · {b.partySize}人
        </View>
        <View className="booking-success__code">
          <QrCode value={b.code} label={`签到码 ${formatCheckInCode(b.code)}`} />
          <View className="booking-success__label">签到码</View>
          <View className="booking-success__digits">{formatCheckInCode(b.code)}</View>
          <View className="booking-success__hint">到驿站后出示二维码或报出签到码。随时可以在“我的预约”里找到它。</View>
        </View>
        <View className="station__actions">
          <ActionButton block onClick={openMyBookings}>
            查看我的预约
          </ActionButton>
          <ActionButton block variant="plain" onClick={booking.dismissBooked}>
            继续预约其他时段
          </ActionButton>
        </View>
      </Section>
    )
  }

  const day = booking.day?.date === date && booking.day.serviceId === service.id ? booking.day : null
  const chip = chips.find((c) => c.date === date)
  const later = chips[chips.findIndex((c) => c.date === date) + 1]
  const title = `${service.name} · ${date ? formatDateWithWeekday(date) : ''}`

  return (
    <Section title="预约服务">
      {services.length > 1 ? (
        <FilterChips
          chips={services.map((s) => ({ value: s.id, label: s.name }))}
          value={service.id}
          onChange={setServiceId}
        />
      ) : (
        <View className="station__service-name">{service.name}</View>
      )}
      <View className="station__service-desc">{describeService(service)}</View>
      <View className="station__subtitle">选择日期</View>
      <DateChips chips={chips} value={date} onChange={setDate} />
      {booking.notice ? (
        <View className="station__notice" role="status">
          {booking.notice}
        </View>
      ) : null}
      {booking.error && !booking.choice ? (
        <View className="station__alert" role="alert">
          {booking.error}
        </View>
      ) : null}
      {booking.loadError ? (
        <ErrorState message={booking.loadError.message} onRetry={() => void booking.reload()} />
      ) : !day ? (
        <LoadingState text="正在查看可约时段…" />
      ) : day.closure ? (
        <EmptyState
          icon="闭"
          title={`当天闭站：${day.closure.reason}`}
          description="这一天不能预约，请选择其他日期。"
        />
      ) : day.items.length === 0 ? (
        <EmptyState
          icon="约"
          title={
            !day.bookable
              ? '这一天还不能预约'
              : chip?.note === '不开放'
                ? `${formatDateWithWeekday(day.date)}没有安排${service.name}`
                : day.date === today
                  ? '今天的时段都已开始或结束了'
                  : '这一天没有可预约的时段'
          }
          description={later ? '看看后面几天吧。' : '可以过几天再来看看，或打电话问问驿站。'}
        >
          {later ? (
            <ActionButton className="state__action" variant="secondary" onClick={() => setDate(later.date)}>
              看看{later.day}（{later.monthDay}）
            </ActionButton>
          ) : null}
        </EmptyState>
      ) : (
        <SlotList
          slots={day.items}
          choice={booking.choice}
          onChoose={(slot, intent) => void booking.choose(slot, intent)}
          title={title}
          partySize={booking.partySize}
          onPartySize={booking.setPartySize}
          busy={booking.busy}
          error={booking.error}
          onConfirm={() => void booking.confirm()}
          onClose={booking.close}
        />
      )}
    </Section>
  )
}

export default function StationDetailPage() {
  const id = useRouter().params.id ?? ''
  const detail = useStationDetail(id)
  const { station } = detail
  const [refreshed, setRefreshed] = useState(0)
  usePullRefresh(async () => {
    setRefreshed((n) => n + 1)
    await detail.reload()
  })
  const todayWeekday = isoWeekday(shanghaiDate(new Date()))

  return (
    <PageShell requireLogin={false}>
      <AsyncContent loading={detail.loading} error={detail.error} onRetry={() => void detail.reload()}>
        {station ? (
          <View>
            <Section>
              <View className="station__head">
                <View className="station__name">{station.name}</View>
                <Tag tone={station.openNow ? 'success' : 'neutral'}>{station.openNow ? '营业中' : '休息中'}</Tag>
              </View>
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

            <Booking key={station.id} station={station} refreshed={refreshed} />

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
        ) : null}
      </AsyncContent>
    </PageShell>
  )
}
