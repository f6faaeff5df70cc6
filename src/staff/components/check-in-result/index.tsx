import { View } from '@tarojs/components'
import { Card } from '@/components/card'
import { InfoRow } from '@/components/info-row'
import { shanghaiDate, type StaffBookingDto } from '@/shared/stations'
import { formatDateTime } from '@/utils/format'
import { formatCheckInCode, formatDateWithWeekday, formatSlotTime } from '@/utils/station'
import type { CheckInOutcome } from '../../hooks/use-check-in'
import './index.scss'

/** Who and what a booking is, as staff read it out to check: service, time, holder, party size, code. */
export function BookingFacts({ booking }: { booking: StaffBookingDto }) {
  return (
    <View className="check-in-result__facts">
      <InfoRow label="服务" strong>
        {booking.serviceName}
        <View className="check-in-result__soft">{booking.stationName}</View>
      </InfoRow>
      <InfoRow label="时间" strong>
        {formatDateWithWeekday(shanghaiDate(new Date(booking.startsAt)))} {formatSlotTime(booking)}
      </InfoRow>
      <InfoRow label="预约人" strong>
        {booking.holderName}
      </InfoRow>
      <InfoRow label="人数" strong>
        {booking.partySize}人
      </InfoRow>
      <InfoRow label="签到码" strong>
        {formatCheckInCode(booking.code)}
      </InfoRow>
    </View>
  )
}

/**
 * The answer to a check-in, big enough to read at arm's length: green for 签到成功, amber for 已签到过
 * (someone checked this booking in earlier), red with what to do when it failed.
 */
export function CheckInResult({ outcome }: { outcome: CheckInOutcome }) {
  if (outcome.kind === 'failed') {
    return (
      <Card className="check-in-result check-in-result--failed" role="alert">
        <View className="check-in-result__head">
          <View className="check-in-result__badge">!</View>
          <View className="check-in-result__title">未能签到</View>
        </View>
        <View className="check-in-result__message">{outcome.message}</View>
        {outcome.code ? <View className="check-in-result__soft">签到码：{formatCheckInCode(outcome.code)}</View> : null}
      </Card>
    )
  }
  const { booking, repeat } = outcome
  return (
    <Card className={`check-in-result check-in-result--${repeat ? 'repeat' : 'done'}`} role="status">
      <View className="check-in-result__head">
        <View className="check-in-result__badge">{repeat ? '!' : '✓'}</View>
        <View className="check-in-result__title">{repeat ? '已签到过' : '签到成功'}</View>
      </View>
      {repeat && booking.checkedInAt ? (
        <View className="check-in-result__message">
          这个预约在 {formatDateTime(booking.checkedInAt)} 已经签到，不用重复签到。
        </View>
      ) : null}
      <BookingFacts booking={booking} />
    </Card>
  )
}
