import { View } from '@tarojs/components'
import { BOOKING_STATUS_LABELS, shanghaiDate, type BookingDto, type WaitlistEntryDto } from '@/shared/stations'
import { formatDateTime } from '@/utils/format'
import { callPhone } from '@/utils/navigation'
import {
  bookingStatusTone,
  cancelBlockedReason,
  formatCheckInCode,
  formatDateWithWeekday,
  formatSlotTime,
} from '@/utils/station'
import { useRating } from '@/hooks/use-rating'
import { rateBooking } from '@/services/ratings'
import { ActionButton } from '../action-button'
import { Card, CardHead } from '../card'
import { QrCode } from '../qr-code'
import { RatingPrompt } from '../rating-prompt'
import { Tag } from '../section'
import './index.scss'

/** 11月24日 周一 09:00–09:30 */
function when(place: { startsAt: string; endsAt: string }): string {
  return `${formatDateWithWeekday(shanghaiDate(new Date(place.startsAt)))} ${formatSlotTime(place)}`
}

interface Props {
  booking: BookingDto
  /** The check-in code and 取消预约: for a booking still to come. */
  upcoming: boolean
  busy: boolean
  error?: string
  onCancel: () => void
}

/** 满意度 of a booking checked in: the booker's stars and a few words, once. */
function BookingRating({ booking }: { booking: BookingDto }) {
  const rating = useRating(booking.rating, (input, key) =>
    rateBooking(booking.id, { score: input.score, comment: input.comment.trim() || undefined }, key),
  )
  return (
    <RatingPrompt
      question="这次服务您满意吗？"
      given={rating.given}
      withComment
      submitting={rating.submitting}
      error={rating.error}
      onSubmit={rating.rate}
    />
  )
}

/** One of my bookings: what, where, when, how many; to come, with its check-in code and cancellation. */
export function BookingCard({ booking, upcoming, busy, error, onCancel }: Props) {
  const active = upcoming && booking.status === 'booked'
  return (
    <Card className="booking-card" gap="list">
      <CardHead
        title={booking.serviceName}
        tag={<Tag tone={bookingStatusTone(booking.status)}>{BOOKING_STATUS_LABELS[booking.status]}</Tag>}
      />
      <View className="booking-card__station">{booking.stationName}</View>
      <View className="booking-card__when">{when(booking)}</View>
      <View className="booking-card__meta">
        <View>{booking.partySize}人</View>
        <View className="booking-card__address">{booking.stationAddress}</View>
      </View>
      {booking.fromWaitlist ? (
        <View className="booking-card__note booking-card__note--good">候补转正：有人取消，您的候补已自动转成预约</View>
      ) : null}
      {booking.status === 'cancelled' && booking.cancelReason === 'closure' ? (
        <View className="booking-card__note">因闭站取消：驿站当天临时闭站，给您带来不便，敬请谅解</View>
      ) : null}
      {booking.status === 'checked_in' && booking.checkedInAt ? (
        <View className="booking-card__note booking-card__note--good">
          {formatDateTime(booking.checkedInAt)} 已签到
        </View>
      ) : null}
      {booking.status === 'checked_in' ? <BookingRating booking={booking} /> : null}

      {active ? (
        <View className="booking-card__code">
          <QrCode value={booking.code} label={`签到码 ${formatCheckInCode(booking.code)}`} />
          <View className="booking-card__digits">{formatCheckInCode(booking.code)}</View>
          <View className="booking-card__code-hint">到站出示二维码，或报出签到码</View>
        </View>
      ) : null}

      {active ? (
        <View className="booking-card__actions">
          {booking.canCancel ? (
            <View>
              <ActionButton block variant="danger" loading={busy} onClick={onCancel}>
                取消预约
              </ActionButton>
              <View className="booking-card__hint">{formatDateTime(booking.cancelDeadline)} 前可以取消</View>
            </View>
          ) : (
            <View>
              <ActionButton block variant="danger" disabled>
                取消预约
              </ActionButton>
              <View className="booking-card__hint">{cancelBlockedReason(booking)}</View>
              {booking.stationPhone ? (
                <ActionButton
                  block
                  variant="plain"
                  className="booking-card__call"
                  onClick={() => callPhone(booking.stationPhone ?? '')}
                >
                  致电驿站 {booking.stationPhone}
                </ActionButton>
              ) : null}
            </View>
          )}
          {error ? (
            <View className="booking-card__error" role="alert">
              {error}
            </View>
          ) : null}
        </View>
      ) : null}
    </Card>
  )
}

interface WaitlistProps {
  entry: WaitlistEntryDto
  busy: boolean
  error?: string
  onLeave: () => void
}

/** A waitlist place still waiting: which slot, and how many are ahead. */
export function WaitlistCard({ entry, busy, error, onLeave }: WaitlistProps) {
  return (
    <Card className="booking-card" gap="list">
      <CardHead title={entry.serviceName} tag={<Tag tone="warning">候补中</Tag>} />
      <View className="booking-card__station">{entry.stationName}</View>
      <View className="booking-card__when">{when(entry)}</View>
      <View className="booking-card__meta">
        <View>{entry.partySize}人</View>
        {entry.position ? <View className="booking-card__position">排第{entry.position}位</View> : null}
      </View>
      <View className="booking-card__hint">有人取消时按顺序自动转成预约，并通知您。</View>
      <View className="booking-card__actions">
        <ActionButton block variant="plain" loading={busy} onClick={onLeave}>
          退出候补
        </ActionButton>
        {error ? (
          <View className="booking-card__error" role="alert">
            {error}
          </View>
        ) : null}
      </View>
    </Card>
  )
}
