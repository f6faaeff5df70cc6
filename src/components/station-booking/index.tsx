import { useEffect, useMemo, useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useSlotBooking } from '@/hooks/use-stations'
import { shanghaiDate, type ServiceDto, type StationDetailDto } from '@/shared/stations'
import type { ActingFor } from '@/utils/acting-for'
import { openMyBookings } from '@/utils/navigation'
import {
  bookingWindow,
  describeService,
  formatCheckInCode,
  formatDateWithWeekday,
  formatMonthDay,
  formatSlotTime,
  relativeDayLabel,
  serviceRunsOn,
} from '@/utils/station'
import { ActionButton } from '../action-button'
import { DateChips, type DateChip } from '../date-chips'
import { FilterChips } from '../filter-chips'
import { QrCode } from '../qr-code'
import { Section } from '../section'
import { SlotList } from '../slot-list'
import { EmptyState, ErrorState, LoadingState } from '../state-views'
import './index.scss'

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

interface Props {
  station: StationDetailDto
  /** Counts the page's pull-downs: each one reloads the day's slots too. */
  refreshed: number
  /** 代约: staff book for this resident (代办); the booking is theirs. */
  actingFor?: ActingFor | null
}

/**
 * 预约服务 on a station's page: the service and the day to book, the day's slots (or why there are none), the
 * panel that books one or joins its waitlist, and then the booking made, with its check-in code.
 */
export function StationBooking({ station, refreshed, actingFor = null }: Props) {
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

  const booking = useSlotBooking(service?.id ?? null, date, actingFor?.id ?? null)
  const { reload: reloadSlots } = booking
  useEffect(() => {
    if (refreshed > 0) void reloadSlots()
  }, [refreshed, reloadSlots])

  // Keep what was just tapped in view: the panel under the chosen slot (often below the fold), then the booking.
  const inView = booking.booked ? '.booking-success' : booking.choice ? '.slot-panel' : null
  const chosen = booking.choice ? `${booking.choice.slot.id}:${booking.choice.intent}` : ''
  useEffect(() => {
    if (inView) void Taro.pageScrollTo({ selector: inView, duration: 200 }).catch(() => undefined)
  }, [inView, chosen])

  if (!service) {
    return (
      <Section title="预约服务">
        <View className="station-booking__muted">这个驿站暂时没有可以预约的服务，可以直接到站或打电话咨询。</View>
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
          <View className="booking-success__hint">
            {actingFor
              ? `已为${actingFor.name}预约。请把签到码抄给${actingFor.name}，到驿站后报出签到码即可。`
              : '到驿站后出示二维码或报出签到码。随时可以在“我的预约”里找到它。'}
          </View>
        </View>
        <View className="booking-success__actions">
          {actingFor ? null : (
            <ActionButton block onClick={openMyBookings}>
              查看我的预约
            </ActionButton>
          )}
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
    <Section title={actingFor ? `代${actingFor.name}预约` : '预约服务'}>
      {actingFor ? (
        <View className="station-booking__muted">预约属于{actingFor.name}，记录会写明由您代为预约。</View>
      ) : null}
      {services.length > 1 ? (
        <FilterChips
          chips={services.map((s) => ({ value: s.id, label: s.name }))}
          value={service.id}
          onChange={setServiceId}
        />
      ) : (
        <View className="station-booking__service-name">{service.name}</View>
      )}
      <View className="station-booking__service-desc">{describeService(service)}</View>
      <View className="station-booking__subtitle">选择日期</View>
      <DateChips chips={chips} value={date} onChange={setDate} />
      {booking.notice ? (
        <View className="station-booking__notice" role="status">
          {booking.notice}
        </View>
      ) : null}
      {booking.error && !booking.choice ? (
        <View className="station-booking__alert" role="alert">
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
