import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Card } from '@/components/card'
import { Tag } from '@/components/section'
import { BOOKING_STATUS_LABELS, type StaffBookingDto } from '@/shared/stations'
import { bookingStatusTone, formatCheckInCode, formatSlotTime } from '@/utils/station'
import type { SlotGroup } from '../../utils/bookings'
import './index.scss'

interface Props {
  group: SlotGroup
  /** Seats per slot: the service's capacity. */
  capacity: number
  busy: string | null
  errors: Record<string, string>
  onCheckIn: (booking: StaffBookingDto) => void
}

/** One slot of the day: its time and seats taken, then each booking with 签到 while it is still to come. */
export function SlotBookings({ group, capacity, busy, errors, onCheckIn }: Props) {
  const full = group.seats >= capacity
  return (
    <Card className="slot-bookings" padding="none">
      <View className="slot-bookings__head">
        <View className="slot-bookings__time">{formatSlotTime(group)}</View>
        <View className={['slot-bookings__seats', full ? 'slot-bookings__seats--full' : ''].join(' ')}>
          已约 {group.seats}/{capacity} 位{group.checkedIn > 0 ? ` · 已到 ${group.checkedIn} 位` : ''}
        </View>
      </View>
      {group.bookings.map((booking) => (
        <View
          key={booking.id}
          className={['slot-booking', booking.status === 'cancelled' ? 'slot-booking--cancelled' : ''].join(' ')}
        >
          <View className="slot-booking__main">
            <View className="slot-booking__who">
              <View className="slot-booking__name">{booking.holderName}</View>
              <View className="slot-booking__party">{booking.partySize}人</View>
              <Tag tone={bookingStatusTone(booking.status)}>{BOOKING_STATUS_LABELS[booking.status]}</Tag>
            </View>
            <View className="slot-booking__code">签到码 {formatCheckInCode(booking.code)}</View>
            {errors[booking.id] ? <View className="slot-booking__error">{errors[booking.id]}</View> : null}
          </View>
          {booking.status === 'booked' ? (
            <ActionButton
              small
              className="slot-booking__action"
              loading={busy === booking.id}
              disabled={busy !== null && busy !== booking.id}
              onClick={() => onCheckIn(booking)}
            >
              签到
            </ActionButton>
          ) : null}
        </View>
      ))}
    </Card>
  )
}
