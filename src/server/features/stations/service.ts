import type * as z from 'zod'
import type { Page } from '../../../shared/api'
import {
  shanghaiDate,
  type BookingDto,
  type ClosureResultDto,
  type ServiceDto,
  type SlotDayDto,
  type StaffBookingDto,
  type StationDetailDto,
  type StationSummaryDto,
  type WaitlistEntryDto,
  type createBookingSchema,
  type createClosureSchema,
  type createServiceSchema,
  type createStationSchema,
  type myBookingsQuerySchema,
  type patchServiceSchema,
  type patchStationSchema,
  type stationListQuerySchema,
} from '../../../shared/stations'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { recordAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import { actingFor } from '../proxy/service'
import * as repo from './repo'

const STATION_NOT_FOUND = '没有找到这个驿站，可能已停用'
const SERVICE_NOT_FOUND = '没有找到这项服务，可能已停用'
const SLOT_NOT_FOUND = '没有找到这个时段，请刷新后重新选择'
const BOOKING_NOT_FOUND = '没有找到这个预约'

const iso = (d: Date | null) => d?.toISOString() ?? null

/** Overlapping or touching ranges of one weekday become one, so hours read "09:00–12:00" however services split. */
function mergeRanges<R extends repo.HoursRange>(ranges: R[]): R[] {
  const merged: R[] = []
  for (const r of [...ranges].sort((a, b) => a.start.localeCompare(b.start))) {
    const last = merged[merged.length - 1]
    if (last && r.start <= last.end) last.end = r.end > last.end ? r.end : last.end
    else merged.push({ ...r })
  }
  return merged
}

function mergeWeekly(ranges: repo.WeeklyRange[]): repo.WeeklyRange[] {
  return [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => mergeRanges(ranges.filter((r) => r.weekday === weekday)))
}

function toSummary(row: repo.StationRow): StationSummaryDto {
  return {
    id: row.id,
    communityId: row.community_id,
    communityName: row.community_name,
    name: row.name,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
    phone: row.phone,
    openNow: row.open_now,
    todayHours: mergeRanges(row.today_hours),
    distanceMeters: row.distance === null ? null : Math.round(row.distance),
    active: row.active,
  }
}

function toService(row: repo.ServiceRow): ServiceDto {
  return {
    id: row.id,
    stationId: row.station_id,
    name: row.name,
    slotMinutes: row.slot_minutes,
    capacity: row.capacity,
    bookingWindowDays: row.booking_window_days,
    cancelCutoffMinutes: row.cancel_cutoff_minutes,
    schedule: row.schedule,
    active: row.active,
  }
}

function toDetail(row: repo.StationDetailRow): StationDetailDto {
  return Object.assign(toSummary(row), {
    intro: row.intro,
    openingHours: mergeWeekly(row.opening_hours),
    services: row.services.map(toService),
    closures: row.closures,
    canManage: row.can_manage,
  })
}

export async function listStations(
  db: Db,
  clock: Clock,
  actor: Actor | undefined,
  query: z.output<typeof stationListQuerySchema>,
): Promise<Page<StationSummaryDto>> {
  const near = query.lat !== undefined && query.lng !== undefined
  const rows = await repo.listStations(
    db,
    sqlViewer(actor),
    {
      communityId: query.communityId ?? null,
      lat: near ? query.lat! : null,
      lng: near ? query.lng! : null,
      limit: query.limit,
      after: decodeCursor(query.cursor, 'text'),
    },
    clock.now(),
  )
  return toPage(rows, query.limit, toSummary, (r) => [r.sort_key, r.id])
}

export async function getStation(db: Db, clock: Clock, actor: Actor | undefined, id: string) {
  const row = await repo.findStation(db, id, sqlViewer(actor), clock.now())
  if (!row) throw AppError.notFound(STATION_NOT_FOUND)
  return toDetail(row)
}

/** After a staff write matched nothing: the thing is missing (404) or not the viewer's (403). */
async function refusal(community: Promise<string | null>, notFound: string): Promise<AppError> {
  return (await community) ? AppError.forbidden('只有本社区的工作人员可以管理这个驿站') : AppError.notFound(notFound)
}

export async function createStation(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof createStationSchema>,
): Promise<StationDetailDto> {
  if (!staffCan(actor, input.communityId)) throw AppError.forbidden('只能为您负责的社区添加驿站')
  const { communityId, ...fields } = input
  const row = await repo.insertStation(
    db,
    sqlViewer(actor),
    communityId,
    Object.assign({}, fields, { phone: fields.phone ?? null }),
    clock.now(),
  )
  if (!row) throw AppError.notFound('没有找到这个社区')
  return toDetail(row)
}

export async function updateStation(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: z.output<typeof patchStationSchema>,
): Promise<StationDetailDto> {
  const row = await repo.updateStation(db, sqlViewer(actor), id, input, clock.now())
  if (!row) throw await refusal(repo.stationCommunity(db, id), STATION_NOT_FOUND)
  return toDetail(row)
}

export async function createService(
  db: Db,
  clock: Clock,
  actor: Actor,
  stationId: string,
  input: z.output<typeof createServiceSchema>,
): Promise<ServiceDto> {
  const row = await repo.insertService(db, sqlViewer(actor), stationId, input, clock.now())
  if (!row) throw await refusal(repo.stationCommunity(db, stationId), STATION_NOT_FOUND)
  return toService(row)
}

export async function updateService(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: z.output<typeof patchServiceSchema>,
): Promise<ServiceDto> {
  const row = await repo.updateService(db, sqlViewer(actor), id, input, clock.now())
  if (!row) throw await refusal(repo.serviceCommunity(db, id), SERVICE_NOT_FOUND)
  return toService(row)
}

export async function closeStation(
  db: Db,
  clock: Clock,
  actor: Actor,
  stationId: string,
  input: z.output<typeof createClosureSchema>,
): Promise<ClosureResultDto> {
  const now = clock.now()
  if (input.date < shanghaiDate(now)) throw AppError.conflict('DATE_IN_PAST')
  const row = await repo.insertClosure(db, sqlViewer(actor), stationId, input, now)
  if (!row) throw await refusal(repo.stationCommunity(db, stationId), STATION_NOT_FOUND)
  return { stationId: row.station_id, date: row.date, reason: row.reason, cancelledBookings: row.cancelled_bookings }
}

/**
 * One day's slots. When the schedule makes more slots than were read, another request created some of them at the
 * same moment, invisibly to this statement: reading again shows them.
 */
export async function listSlots(
  db: Db,
  clock: Clock,
  actor: Actor | undefined,
  serviceId: string,
  date: string,
): Promise<SlotDayDto> {
  const read = () => repo.listSlots(db, serviceId, date, clock.now(), actor?.id ?? null)
  let day = await read()
  if (day && day.slots.length < day.wanted) day = await read()
  if (!day) throw AppError.notFound(SERVICE_NOT_FOUND)
  return {
    serviceId: day.service_id,
    date,
    bookable: day.bookable,
    closure: day.closure_reason === null ? null : { date, reason: day.closure_reason },
    items: day.slots.map((s) => ({
      id: s.id,
      startsAt: new Date(s.starts_at).toISOString(),
      endsAt: new Date(s.ends_at).toISOString(),
      capacity: s.capacity,
      remaining: s.capacity - s.booked,
      waiting: s.waiting,
      mine: s.mine,
    })),
  }
}

/** A booking as its holder sees it; a booking past its slot's end that nobody checked in reads as a no-show. */
function toBooking(row: repo.BookingRow, now: Date): BookingDto {
  const deadline = new Date(row.starts_at.getTime() - row.cancel_cutoff_minutes * 60_000)
  const status = row.status === 'booked' && row.ends_at <= now ? 'no_show' : row.status
  return {
    id: row.id,
    code: row.code,
    status,
    partySize: row.party_size,
    fromWaitlist: row.from_waitlist,
    cancelDeadline: deadline.toISOString(),
    canCancel: status === 'booked' && now < deadline,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at.toISOString(),
    checkedInAt: iso(row.checked_in_at),
    cancelledAt: iso(row.cancelled_at),
    actedByName: row.acted_by_name,
    rating: row.rating,
    ...placeOf(row),
  }
}

function placeOf(row: Omit<repo.WaitlistRow, 'id' | 'party_size' | 'status' | 'position' | 'created_at'>) {
  return {
    slotId: row.slot_id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    serviceId: row.service_id,
    serviceName: row.service_name,
    stationId: row.station_id,
    stationName: row.station_name,
    stationAddress: row.station_address,
    stationPhone: row.station_phone,
  }
}

export async function book(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof createBookingSchema>,
): Promise<BookingDto> {
  const now = clock.now()
  if (input.onBehalfOf) return bookFor(db, now, actor, input.onBehalfOf, input)
  // The check-in code is drawn in the statement, among the codes not in use (new_check_in_code, migration 0012).
  const result = await repo.insertBooking(db, {
    slotId: input.slotId,
    userId: actor.id,
    partySize: input.partySize,
    now,
  })
  return bookedOrWhyNot(result, now)
}

function bookedOrWhyNot(result: Awaited<ReturnType<typeof repo.insertBooking>>, now: Date): BookingDto {
  if (!result.slot_exists) throw AppError.notFound(SLOT_NOT_FOUND)
  if (!result.booking) throw AppError.conflict(result.seen_full ? 'SLOT_FULL' : 'SLOT_CLOSED')
  return toBooking(result.booking, now)
}

/**
 * 代办: staff book a slot for a resident of a community they staff. The booking is the resident's, under their
 * limits (the triggers count the holder's upcoming bookings and suspension); the staff member is recorded as the one
 * who acted, and in the audit log.
 */
async function bookFor(
  db: Db,
  now: Date,
  actor: Actor,
  residentId: string,
  input: z.output<typeof createBookingSchema>,
): Promise<BookingDto> {
  const communityId = await actingFor(db, actor, residentId)
  return db.tx(async (q) => {
    const result = await repo.insertBooking(q, {
      slotId: input.slotId,
      userId: residentId,
      partySize: input.partySize,
      now,
      actedBy: actor.id,
    })
    const booking = bookedOrWhyNot(result, now)
    await recordAudit(q, actor, {
      action: 'booking.created_for',
      entityType: 'booking',
      entityId: booking.id,
      communityId,
      after: { holderId: residentId, slotId: booking.slotId, partySize: booking.partySize },
    })
    return booking
  })
}

export async function listMyBookings(
  db: Db,
  clock: Clock,
  actor: Actor,
  query: z.output<typeof myBookingsQuerySchema>,
): Promise<Page<BookingDto>> {
  const now = clock.now()
  const rows = await repo.listUserBookings(
    db,
    actor.id,
    { scope: query.scope, limit: query.limit, after: decodeCursor(query.cursor, 'time') },
    now,
  )
  return toPage(
    rows,
    query.limit,
    (r) => toBooking(r, now),
    (r) => [r.starts_at.toISOString(), r.id],
  )
}

export async function cancelBooking(db: Db, clock: Clock, actor: Actor, id: string): Promise<BookingDto> {
  const now = clock.now()
  const row = await repo.cancelBooking(db, id, actor.id, now)
  if (!row) throw AppError.notFound(BOOKING_NOT_FOUND)
  if (row.cancelled) {
    return toBooking(
      Object.assign(row, { status: 'cancelled' as const, cancelled_at: now, cancel_reason: 'user' as const }),
      now,
    )
  }
  const current = toBooking(row, now)
  if (current.status === 'booked' && !current.canCancel) throw AppError.conflict('CANCEL_WINDOW_CLOSED')
  if (current.status === 'no_show') throw AppError.conflict('CANCEL_WINDOW_CLOSED')
  throw AppError.conflict('BOOKING_NOT_ACTIVE')
}

function toWaitlistEntry(row: repo.WaitlistRow): WaitlistEntryDto {
  return {
    id: row.id,
    partySize: row.party_size,
    status: row.status,
    position: row.position,
    createdAt: row.created_at.toISOString(),
    ...placeOf(row),
  }
}

export async function joinWaitlist(
  db: Db,
  clock: Clock,
  actor: Actor,
  slotId: string,
  partySize: number,
): Promise<WaitlistEntryDto> {
  const row = await repo.insertWaitlistEntry(db, { slotId, userId: actor.id, partySize, now: clock.now() })

  if (!row) throw AppError.notFound(SLOT_NOT_FOUND)
  return toWaitlistEntry(row)
}

export async function listMyWaitlist(db: Db, clock: Clock, actor: Actor): Promise<Page<WaitlistEntryDto>> {
  const rows = await repo.listUserWaitlist(db, actor.id, clock.now())
  return { items: rows.map(toWaitlistEntry), nextCursor: null }
}

export async function leaveWaitlist(db: Db, clock: Clock, actor: Actor, id: string): Promise<WaitlistEntryDto> {
  const now = clock.now()
  const row = await repo.leaveWaitlist(db, id, actor.id, now)
  if (!row) throw AppError.notFound('没有找到这条候补')
  if (!row.left) throw AppError.conflict('WAITLIST_NOT_ACTIVE')
  return toWaitlistEntry(Object.assign(row, { status: 'cancelled' as const, position: null }))
}

/** A booking as staff see it: the holder by name (staff of the community see it in full), never a phone or address. */
function toStaffBooking(row: repo.StaffBookingRow, now: Date): StaffBookingDto {
  return {
    id: row.id,
    code: row.code,
    status: row.status === 'booked' && row.ends_at <= now ? 'no_show' : row.status,
    partySize: row.party_size,
    holderName: row.holder_name,
    actedByName: row.acted_by_name,
    slotId: row.slot_id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    serviceName: row.service_name,
    stationName: row.station_name,
    checkedInAt: iso(row.checked_in_at),
  }
}

/**
 * Checks a booking in by its code. Checking in twice answers the same; a code of another community's station is
 * answered as unknown, so codes cannot be probed.
 */
export async function checkIn(db: Db, clock: Clock, actor: Actor, code: string): Promise<StaffBookingDto> {
  const now = clock.now()
  const row = await repo.checkIn(db, sqlViewer(actor), code, now)
  if (!row || !row.manages) throw AppError.notFound('没有找到这个签到码，请核对后重新输入')
  if (row.checked_in_now)
    return toStaffBooking(Object.assign(row, { status: 'checked_in' as const, checked_in_at: now }), now)
  if (row.status === 'checked_in') return toStaffBooking(row, now)
  if (row.status === 'cancelled') throw AppError.conflict('BOOKING_CANCELLED')
  if (row.status === 'no_show' || row.ends_at <= now) throw AppError.conflict('CHECK_IN_CLOSED')
  throw AppError.conflict('CHECK_IN_TOO_EARLY')
}

export async function listServiceBookings(
  db: Db,
  clock: Clock,
  actor: Actor,
  serviceId: string,
  date: string,
): Promise<Page<StaffBookingDto>> {
  const found = await repo.listServiceBookings(db, sqlViewer(actor), serviceId, date)
  if (!found) throw AppError.notFound(SERVICE_NOT_FOUND)
  if (!found.manages) throw AppError.forbidden('只有本社区的工作人员可以查看预约名单')
  const now = clock.now()
  return { items: found.bookings.map((b) => toStaffBooking(b, now)), nextCursor: null }
}

export const markNoShows = (db: Db, clock: Clock) => repo.markNoShows(db, clock.now())
