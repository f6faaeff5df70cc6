import type { ActivitySummaryDto } from '@/shared/activities'
import { formatDateWithWeekday } from '@/utils/station'
import { shanghaiDate } from '@/shared/stations'

const hm = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(11, 16)

/** 11月24日 周一 09:00–11:30 */
export function activityWhen(a: Pick<ActivitySummaryDto, 'startsAt' | 'endsAt'>): string {
  return `${formatDateWithWeekday(shanghaiDate(new Date(a.startsAt)))} ${hm(a.startsAt)}–${hm(a.endsAt)}`
}

/** 11月23日 周日 18:00 */
export function formatMoment(iso: string): string {
  return `${formatDateWithWeekday(shanghaiDate(new Date(iso)))} ${hm(iso)}`
}

/** 还剩12个名额 · 不限名额 · 名额已满 */
export function seatsLabel(a: Pick<ActivitySummaryDto, 'capacity' | 'seatsLeft'>): string {
  if (a.capacity === null || a.seatsLeft === null) return '不限名额'
  return a.seatsLeft > 0 ? `还剩${a.seatsLeft}个名额` : '名额已满'
}
