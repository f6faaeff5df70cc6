import * as z from 'zod'
import { pageQuerySchema } from './api'
import { calendarDate } from './dates'
import { onBehalfOfSchema } from './proxy'

/** Slots, "today" and opening hours are all reckoned in this zone (China has one, and no daylight saving). */
export const BOOKING_TIME_ZONE = 'Asia/Shanghai'
const SHANGHAI_OFFSET_MS = 8 * 3600_000

/** The calendar date in Shanghai of an instant, as YYYY-MM-DD. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** The date `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/** ISO weekday of a YYYY-MM-DD date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7
}

/** HH:MM in Shanghai of an instant. */
export function shanghaiTime(at: Date | string): string {
  return new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 16)
}

export const WEEKDAY_LABELS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const

/** A resident may hold this many upcoming bookings at once (also a CHECK in the database). */
export const MAX_UPCOMING_BOOKINGS = 3
export const PARTY_SIZE_MAX = 4
/** Missing this many bookings within NO_SHOW_WINDOW_DAYS suspends booking for SUSPENSION_DAYS. */
export const NO_SHOWS_TO_SUSPEND = 3
export const NO_SHOW_WINDOW_DAYS = 30
export const SUSPENSION_DAYS = 14
/** Staff may check a booking in from this long before its slot starts until the slot ends. */
export const CHECK_IN_OPENS_MINUTES = 60

export const BOOKING_STATUSES = ['booked', 'checked_in', 'cancelled', 'no_show'] as const
export type BookingStatus = (typeof BOOKING_STATUSES)[number]
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  booked: '已预约',
  checked_in: '已签到',
  cancelled: '已取消',
  no_show: '未到场',
}

export const WAITLIST_STATUSES = ['waiting', 'promoted', 'cancelled', 'lapsed'] as const
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number]

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

export const scheduleEntrySchema = z
  .object({
    weekday: z.number().int().min(1, '星期为1-7').max(7, '星期为1-7'),
    start: z.string().regex(TIME_OF_DAY, '时间格式应为 HH:MM'),
    end: z.string().regex(TIME_OF_DAY, '时间格式应为 HH:MM'),
  })
  .strict()
  .refine((e) => minutesOf(e.end) > minutesOf(e.start), { message: '结束时间要晚于开始时间', path: ['end'] })
export type ScheduleEntry = z.infer<typeof scheduleEntrySchema>

/** A weekly schedule: ranges of one weekday may not overlap. */
const scheduleSchema = z
  .array(scheduleEntrySchema)
  .max(28, '每周最多28个时段')
  .refine(
    (entries) =>
      entries.every((a, i) =>
        entries.every(
          (b, j) =>
            i === j ||
            a.weekday !== b.weekday ||
            minutesOf(a.end) <= minutesOf(b.start) ||
            minutesOf(b.end) <= minutesOf(a.start),
        ),
      ),
    { message: '同一天的服务时段不能重叠' },
  )

const PHONE = /^[0-9-]{7,20}$/

const stationFields = {
  name: z.string().trim().min(2, '名称请写2-40个字').max(40, '名称请写2-40个字'),
  address: z.string().trim().min(2, '地址请写2-100个字').max(100, '地址请写2-100个字'),
  lat: z.number('请在地图上选择驿站位置').min(-90, '纬度应在-90到90之间').max(90, '纬度应在-90到90之间'),
  lng: z.number('请在地图上选择驿站位置').min(-180, '经度应在-180到180之间').max(180, '经度应在-180到180之间'),
  phone: z.string().trim().regex(PHONE, '请填写正确的电话号码'),
  intro: z.string().trim().max(500, '介绍最多500个字'),
}

export const createStationSchema = z
  .object({
    communityId: z.uuid(),
    ...stationFields,
    phone: stationFields.phone.optional(),
    intro: stationFields.intro.default(''),
  })
  .strict()
export type CreateStationInput = z.input<typeof createStationSchema>

/** Only the fields given change; a null phone removes it. No defaults here, or a patch would reset what it omits. */
export const patchStationSchema = z
  .object({ ...stationFields, phone: stationFields.phone.nullable(), active: z.boolean() })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容' })
export type PatchStationInput = z.input<typeof patchStationSchema>

const serviceFields = {
  name: z.string().trim().min(2, '名称请写2-30个字').max(30, '名称请写2-30个字'),
  slotMinutes: z.number().int().min(10, '每个时段10-240分钟').max(240, '每个时段10-240分钟'),
  capacity: z.number().int().min(1, '每个时段可约1-200人').max(200, '每个时段可约1-200人'),
  bookingWindowDays: z.number().int().min(1, '可提前1-30天预约').max(30, '可提前1-30天预约'),
  cancelCutoffMinutes: z.number().int().min(0, '取消截止为开始前0-1440分钟').max(1440, '取消截止为开始前0-1440分钟'),
  schedule: scheduleSchema,
}

export const createServiceSchema = z
  .object({
    ...serviceFields,
    bookingWindowDays: serviceFields.bookingWindowDays.default(7),
    cancelCutoffMinutes: serviceFields.cancelCutoffMinutes.default(60),
  })
  .strict()
export type CreateServiceInput = z.input<typeof createServiceSchema>

export const patchServiceSchema = z
  .object({ ...serviceFields, active: z.boolean() })
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: '没有要修改的内容' })
export type PatchServiceInput = z.input<typeof patchServiceSchema>

export const createClosureSchema = z
  .object({
    date: calendarDate('闭站日期'),
    reason: z.string().trim().min(2, '请写明闭站原因，居民会看到').max(100, '原因最多100个字'),
  })
  .strict()
export type CreateClosureInput = z.input<typeof createClosureSchema>

export const stationListQuerySchema = pageQuerySchema.extend({
  communityId: z.uuid().optional(),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
})
export type StationListQuery = z.input<typeof stationListQuerySchema>

export const slotsQuerySchema = z.object({ date: calendarDate() })

export const createBookingSchema = z
  .object({
    slotId: z.uuid(),
    partySize: z
      .number()
      .int()
      .min(1, `每次可约1-${PARTY_SIZE_MAX}人`)
      .max(PARTY_SIZE_MAX, `每次可约1-${PARTY_SIZE_MAX}人`)
      .default(1),
    /** 代办: staff book for this resident, a verified member of a community they staff; the booking is theirs. */
    onBehalfOf: onBehalfOfSchema,
  })
  .strict()
export type CreateBookingInput = z.input<typeof createBookingSchema>

export const joinWaitlistSchema = createBookingSchema.omit({ slotId: true, onBehalfOf: true })
export type JoinWaitlistInput = z.input<typeof joinWaitlistSchema>

/** Check-in codes are 8 digits, easy to read aloud and type on a number pad; spaces are ignored. */
export const CHECK_IN_CODE_PATTERN = /^\d{8}$/
export const checkInSchema = z
  .object({
    code: z
      .string()
      .transform((s) => s.replace(/\s+/g, ''))
      .pipe(z.string().regex(CHECK_IN_CODE_PATTERN, '签到码是8位数字')),
  })
  .strict()

export const myBookingsQuerySchema = pageQuerySchema.extend({
  /** upcoming: booked or checked in, slot not yet over, soonest first; past: everything else, latest first. */
  scope: z.enum(['upcoming', 'past']).default('upcoming'),
})
export type MyBookingsQuery = z.input<typeof myBookingsQuerySchema>

export const staffBookingsQuerySchema = z.object({ date: calendarDate() })

export const openingHoursSchema = z.array(z.object({ weekday: z.number(), start: z.string(), end: z.string() }))

export const stationSummarySchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  communityName: z.string(),
  name: z.string(),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  phone: z.string().nullable(),
  /** Some service is within its hours now and the station is not closed today. */
  openNow: z.boolean(),
  /** Today's opening hours, in Shanghai time; empty when closed today. */
  todayHours: z.array(z.object({ start: z.string(), end: z.string() })),
  /** Great-circle distance from the coordinates given, else null. */
  distanceMeters: z.number().nullable(),
  active: z.boolean(),
})
export type StationSummaryDto = z.infer<typeof stationSummarySchema>

export const serviceSchema = z.object({
  id: z.uuid(),
  stationId: z.uuid(),
  name: z.string(),
  slotMinutes: z.number(),
  capacity: z.number(),
  bookingWindowDays: z.number(),
  cancelCutoffMinutes: z.number(),
  schedule: z.array(z.object({ weekday: z.number(), start: z.string(), end: z.string() })),
  active: z.boolean(),
})
export type ServiceDto = z.infer<typeof serviceSchema>

export const closureSchema = z.object({ date: z.string(), reason: z.string() })
export type ClosureDto = z.infer<typeof closureSchema>

export const stationDetailSchema = stationSummarySchema.extend({
  intro: z.string(),
  /** Every weekday's hours: the union of its services' schedules. */
  openingHours: openingHoursSchema,
  services: z.array(serviceSchema),
  /** Closures from today on. */
  closures: z.array(closureSchema),
  /** Staff of the station's community (or the admin) may manage it. */
  canManage: z.boolean(),
})
export type StationDetailDto = z.infer<typeof stationDetailSchema>

export const SLOT_STATES = ['available', 'full'] as const
export const slotSchema = z.object({
  id: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  remaining: z.number(),
  /** How many are waiting for a seat. */
  waiting: z.number(),
  /** The viewer's own place in this slot, if any. */
  mine: z.enum(['booked', 'checked_in', 'waiting']).nullable(),
})
export type SlotDto = z.infer<typeof slotSchema>

export const slotDaySchema = z.object({
  serviceId: z.uuid(),
  date: z.string(),
  /** Within the service's booking window (today … today + bookingWindowDays − 1). */
  bookable: z.boolean(),
  /** Set when the station is closed that day: no slots are on sale. */
  closure: closureSchema.nullable(),
  /** Slots of the day not yet started, in order. */
  items: z.array(slotSchema),
})
export type SlotDayDto = z.infer<typeof slotDaySchema>

const bookingPlaceSchema = z.object({
  slotId: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  serviceId: z.uuid(),
  serviceName: z.string(),
  stationId: z.uuid(),
  stationName: z.string(),
  stationAddress: z.string(),
  stationPhone: z.string().nullable(),
})

export const bookingSchema = bookingPlaceSchema.extend({
  id: z.uuid(),
  /** The check-in code: shown to the booker, typed or scanned by staff. */
  code: z.string(),
  status: z.enum(BOOKING_STATUSES),
  partySize: z.number(),
  fromWaitlist: z.boolean(),
  /** After this the booking can no longer be cancelled. */
  cancelDeadline: z.string(),
  canCancel: z.boolean(),
  cancelReason: z.enum(['user', 'closure']).nullable(),
  createdAt: z.string(),
  checkedInAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  /** The staff member who booked it for the holder (代办), by name; null when the holder booked it. */
  actedByName: z.string().nullable(),
  /** The booker's 1–5 rating after check-in (满意度), null until rated. */
  rating: z.number().nullable(),
})
export type BookingDto = z.infer<typeof bookingSchema>

export const waitlistEntrySchema = bookingPlaceSchema.extend({
  id: z.uuid(),
  partySize: z.number(),
  status: z.enum(WAITLIST_STATUSES),
  /** 1 for the first in line; null once no longer waiting. */
  position: z.number().nullable(),
  createdAt: z.string(),
})
export type WaitlistEntryDto = z.infer<typeof waitlistEntrySchema>

/** A booking as staff see it: the holder by name (in full to staff of the community), never a phone or address. */
export const staffBookingSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  status: z.enum(BOOKING_STATUSES),
  partySize: z.number(),
  holderName: z.string(),
  /** The staff member who booked it for the holder (代办), by name; null when the holder booked it. */
  actedByName: z.string().nullable(),
  slotId: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  serviceName: z.string(),
  stationName: z.string(),
  checkedInAt: z.string().nullable(),
})
export type StaffBookingDto = z.infer<typeof staffBookingSchema>

export const closureResultSchema = closureSchema.extend({
  stationId: z.uuid(),
  /** Bookings of that day cancelled by the closure; their holders were notified. */
  cancelledBookings: z.number(),
})
export type ClosureResultDto = z.infer<typeof closureResultSchema>
