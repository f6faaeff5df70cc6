import {
  addDays,
  isoWeekday,
  shanghaiTime,
  WEEKDAY_LABELS,
  type BookingDto,
  type ServiceDto,
  type SlotDto,
} from '@/shared/stations'
import type { StatusTone } from './wish'

/** 350 → '350米', 1234 → '1.2公里', 15300 → '15公里': the way people say how far. */
export function formatDistance(meters: number | null): string | null {
  if (meters === null || !Number.isFinite(meters) || meters < 0) return null
  const tens = Math.max(10, Math.round(meters / 10) * 10)
  if (tens < 1000) return `${tens}米`
  if (meters < 10_000) return `${(Math.round(meters / 100) / 10).toString()}公里`
  return `${Math.round(meters / 1000)}公里`
}

/** [{start:'09:00', end:'11:30'}, …] → '09:00–11:30、14:00–17:00'; '' when there are none. */
export function formatHours(ranges: readonly { start: string; end: string }[]): string {
  return ranges.map((r) => `${r.start}–${r.end}`).join('、')
}

/** '2025-11-24' → '11月24日'. */
export function formatMonthDay(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

/** '2025-11-24' → '11月24日 周一'. */
export function formatDateWithWeekday(date: string): string {
  return `${formatMonthDay(date)} ${WEEKDAY_LABELS[isoWeekday(date)]}`
}

/** 今天 / 明天 / 后天, else the weekday: the first line of a date chip. */
export function relativeDayLabel(date: string, today: string): string {
  if (date === today) return '今天'
  if (date === addDays(today, 1)) return '明天'
  if (date === addDays(today, 2)) return '后天'
  return WEEKDAY_LABELS[isoWeekday(date)]
}

/** The dates a service can be booked on: today … today + bookingWindowDays − 1 (Shanghai dates). */
export function bookingWindow(today: string, bookingWindowDays: number): string[] {
  return Array.from({ length: Math.max(1, bookingWindowDays) }, (_, i) => addDays(today, i))
}

/** Whether the service runs at all on that date's weekday. */
export function serviceRunsOn(service: Pick<ServiceDto, 'schedule'>, date: string): boolean {
  const weekday = isoWeekday(date)
  return service.schedule.some((e) => e.weekday === weekday)
}

export interface WeekdayHours {
  weekday: number
  label: string
  /** '09:00–11:30、14:00–17:00', or '休息'. */
  text: string
  /** ['09:00–11:30', '14:00–17:00'] */
  ranges: string[]
  open: boolean
}

/** A station's opening hours as seven lines, Monday first. */
export function weeklyHours(openingHours: readonly { weekday: number; start: string; end: string }[]): WeekdayHours[] {
  return [1, 2, 3, 4, 5, 6, 7].map((weekday) => {
    const ranges = openingHours.filter((h) => h.weekday === weekday).sort((a, b) => a.start.localeCompare(b.start))
    return {
      weekday,
      label: WEEKDAY_LABELS[weekday],
      text: ranges.length ? formatHours(ranges) : '休息',
      ranges: ranges.map((r) => `${r.start}–${r.end}`),
      open: ranges.length > 0,
    }
  })
}

/** '12345678' → '1234 5678': read aloud in two halves. */
export function formatCheckInCode(code: string): string {
  const digits = code.replace(/\s+/g, '')
  return digits.length === 8 ? `${digits.slice(0, 4)} ${digits.slice(4)}` : digits
}

/** '09:00–09:30' in Shanghai time. */
export function formatSlotTime(slot: { startsAt: string; endsAt: string }): string {
  return `${shanghaiTime(slot.startsAt)}–${shanghaiTime(slot.endsAt)}`
}

/** '60分钟', '2小时': a duration in words. */
export function formatMinutes(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return `${minutes / 60}小时`
  return `${minutes}分钟`
}

/** What a service is, in one line: slot length, seats, how far ahead, until when it can be cancelled. */
export function describeService(service: ServiceDto): string {
  return [
    `每个时段${formatMinutes(service.slotMinutes)}`,
    `每时段${service.capacity}位`,
    `可提前${service.bookingWindowDays}天预约`,
    service.cancelCutoffMinutes > 0 ? `开始前${formatMinutes(service.cancelCutoffMinutes)}可取消` : '开始前可取消',
  ].join(' · ')
}

export type SlotState =
  | { kind: 'mine'; label: string }
  | { kind: 'available'; label: string }
  | { kind: 'full'; label: string; waiting: number }

/** How a slot reads in the list: the viewer's own place first, then seats left, then full. */
export function slotState(slot: SlotDto): SlotState {
  if (slot.mine === 'booked') return { kind: 'mine', label: '已预约' }
  if (slot.mine === 'checked_in') return { kind: 'mine', label: '已签到' }
  if (slot.mine === 'waiting') return { kind: 'mine', label: '候补中' }
  if (slot.remaining > 0) return { kind: 'available', label: `余${slot.remaining}位` }
  return { kind: 'full', label: '已约满', waiting: slot.waiting }
}

/** Minutes before the start after which a booking can no longer be cancelled online. */
export function cancelCutoffOf(booking: Pick<BookingDto, 'startsAt' | 'cancelDeadline'>): number {
  return Math.max(0, Math.round((Date.parse(booking.startsAt) - Date.parse(booking.cancelDeadline)) / 60_000))
}

/** Why 取消预约 is greyed out, in words that say what to do instead. */
export function cancelBlockedReason(booking: Pick<BookingDto, 'startsAt' | 'cancelDeadline'>): string {
  return `已过取消截止时间（开始前${formatMinutes(cancelCutoffOf(booking))}），如不能到场请致电驿站`
}

export function bookingStatusTone(status: BookingDto['status']): StatusTone {
  switch (status) {
    case 'booked':
      return 'warning'
    case 'checked_in':
      return 'success'
    case 'no_show':
      return 'danger'
    default:
      return 'neutral'
  }
}
