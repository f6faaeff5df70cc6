import type { BookingStatus, ScheduleEntry, WaitlistStatus } from '../../../shared/stations'
import { CHECK_IN_OPENS_MINUTES, isoWeekday, shanghaiDate, shanghaiTime } from '../../../shared/stations'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { nameFor, staffOf, type SqlViewer } from '../../db/viewer'
import type { AuditAction } from '../../../shared/workbench'

/**
 * Every SQL statement of 驿站预约. The rules that protect residents (capacity, one booking per slot, three upcoming,
 * the waitlist's order, suspension) are enforced by the triggers of migration 0003, whatever statement writes a
 * booking; the statements here only say what is wanted, each in one round trip.
 */

/** Whether the viewer is staff of station `st`'s community. */
const staffHere = (viewer: SqlViewer) => staffOf(viewer, sql`st.community_id`)

/** The Shanghai calendar date of `now`. */
const localDate = (now: Date) => sql`(${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`

export interface HoursRange {
  start: string
  end: string
}
export interface WeeklyRange extends HoursRange {
  weekday: number
}

export interface StationRow {
  id: string
  community_id: string
  community_name: string
  name: string
  address: string
  lat: number
  lng: number
  phone: string | null
  intro: string
  active: boolean
  distance: number | null
  open_now: boolean
  today_hours: HoursRange[]
  sort_key: string
}

export interface ServiceRow {
  id: string
  station_id: string
  name: string
  slot_minutes: number
  capacity: number
  booking_window_days: number
  cancel_cutoff_minutes: number
  active: boolean
  schedule: WeeklyRange[]
}

export interface StationDetailRow extends StationRow {
  opening_hours: WeeklyRange[]
  services: ServiceRow[]
  closures: { date: string; reason: string }[]
  can_manage: boolean
}

/** The columns of a station `st` as lists and pages show it. */
const STATION_COLUMNS = sql`st.id, st.community_id, c.name AS community_name, st.name, st.address, st.lat, st.lng,
  st.phone, st.intro, st.active`

/**
 * What a list needs to tell station `st`'s hours today, in one subquery: the schedules of its active services on the
 * Shanghai weekday of `now`, and whether it is closed that day. Each subquery adds to the memory PostgreSQL plans a
 * statement in, and past what a backend keeps between statements that memory is faulted in afresh every time: with
 * one subquery each for the hours, "open now" and the closure, a station list cost the database 4 ms a request
 * instead of 1 (docs/decisions.md, Database).
 */
const todayOfStation = (now: Date) => sql`(SELECT json_build_object(
      'ranges', COALESCE(json_agg(json_build_object('start', to_char(sc.starts, 'HH24:MI'), 'end', to_char(sc.ends, 'HH24:MI'))), '[]'),
      'closed', EXISTS (SELECT FROM station_closures cl WHERE cl.station_id = st.id AND cl.day = ${localDate(now)}))
    FROM station_services sv JOIN service_schedules sc ON sc.service_id = sv.id
    WHERE sv.station_id = st.id AND sv.active AND sc.weekday = extract(isodow FROM ${localDate(now)}))`

/**
 * A station's hours today (none on a closure day) and whether `now` falls in one of them while it takes bookings.
 * Schedules are whole minutes, so comparing them with the minute of `now` is exact.
 */
function withToday<Row extends { active: boolean }>(row: Row, ranges: HoursRange[], closed: boolean, now: Date) {
  const today_hours = closed ? [] : ranges
  const time = shanghaiTime(now)
  const open_now = row.active && today_hours.some((r) => r.start <= time && time < r.end)
  return Object.assign(row, { today_hours, open_now })
}

export interface StationFilter {
  communityId: string | null
  lat: number | null
  lng: number | null
  limit: number
  after?: readonly [string, string]
}

/**
 * A page of stations: nearest first (great-circle distance, mean Earth radius) when coordinates are given, else by
 * name. Inactive stations only for staff of their community.
 */
export async function listStations(
  q: Queryable,
  viewer: SqlViewer,
  f: StationFilter,
  now: Date,
): Promise<StationRow[]> {
  const { lat, lng } = f
  const [afterKey, afterId] = f.after ?? [null, null]
  const rows = await q.query<ListedRaw>(
    sql`WITH found AS (
       SELECT ${STATION_COLUMNS}, ${todayOfStation(now)} AS today,
              CASE WHEN ${lat}::float8 IS NULL OR ${lng}::float8 IS NULL THEN NULL
                   ELSE 2 * 6371008.8 * asin(least(1, sqrt(
                          power(sin(radians(st.lat - ${lat}::float8) / 2), 2)
                          + cos(radians(${lat}::float8)) * cos(radians(st.lat)) * power(sin(radians(st.lng - ${lng}::float8) / 2), 2))))
              END AS distance
       FROM stations st JOIN communities c ON c.id = st.community_id
       WHERE (${f.communityId}::uuid IS NULL OR st.community_id = ${f.communityId}) AND (st.active OR ${staffHere(viewer)})
     ), keyed AS (
       -- Distances as fixed-width text sort like the numbers, so one keyset cursor serves both orders.
       SELECT *, CASE WHEN distance IS NULL THEN name ELSE to_char(distance, 'FM0000000000.000') END AS sort_key FROM found
     )
     SELECT * FROM keyed
     WHERE ${afterKey}::text IS NULL OR (sort_key, id::text) > (${afterKey}::text, ${afterId}::text)
     ORDER BY sort_key, id::text
     LIMIT ${f.limit + 1}`,
  )
  return rows.map(({ today, ...row }) => withToday(row, today.ranges, today.closed, now))
}

type ListedRaw = Omit<StationRow, 'today_hours' | 'open_now'> & { today: { ranges: HoursRange[]; closed: boolean } }

/** Services of station `st`, each with its weekly schedule; inactive ones only when `showInactive` holds. */
const servicesOfStation = (showInactive: Sql) => sql`(SELECT COALESCE(json_agg(json_build_object(
      'id', sv.id, 'station_id', sv.station_id, 'name', sv.name, 'slot_minutes', sv.slot_minutes,
      'capacity', sv.capacity, 'booking_window_days', sv.booking_window_days,
      'cancel_cutoff_minutes', sv.cancel_cutoff_minutes, 'active', sv.active,
      'schedule', (SELECT COALESCE(json_agg(json_build_object('weekday', sc.weekday, 'start', to_char(sc.starts, 'HH24:MI'),
                                                              'end', to_char(sc.ends, 'HH24:MI'))
                                            ORDER BY sc.weekday, sc.starts), '[]')
                   FROM service_schedules sc WHERE sc.service_id = sv.id)
    ) ORDER BY sv.created_at, sv.id), '[]')
    FROM station_services sv WHERE sv.station_id = st.id AND (sv.active OR ${showInactive}))`

/**
 * The station in full at `now`, from a CTE named `st` holding at most one station row. `canManage` is SQL for "the
 * viewer manages it", which also shows inactive services. Its opening hours and today's are those of its
 * active services' schedules (finishDetail), not subqueries of their own (see todayOfStation).
 */
const stationDetailSelect = (canManage: Sql, now: Date) => sql`
  SELECT ${STATION_COLUMNS}, NULL::float8 AS distance, '' AS sort_key, ${canManage} AS can_manage,
    ${servicesOfStation(canManage)} AS services,
    (SELECT COALESCE(json_agg(json_build_object('date', to_char(cl.day, 'YYYY-MM-DD'), 'reason', cl.reason)
                              ORDER BY cl.day), '[]')
     FROM station_closures cl WHERE cl.station_id = st.id AND cl.day >= ${localDate(now)}) AS closures
  FROM st JOIN communities c ON c.id = st.community_id`

type DetailRaw = Omit<StationDetailRow, 'today_hours' | 'open_now' | 'opening_hours'>

function finishDetail(row: DetailRaw, now: Date): StationDetailRow {
  const opening_hours = row.services.filter((sv) => sv.active).flatMap((sv) => sv.schedule)
  const today = shanghaiDate(now)
  const weekday = isoWeekday(today)
  const ranges = opening_hours.filter((r) => r.weekday === weekday).map(({ start, end }) => ({ start, end }))
  const closed = row.closures.some((cl) => cl.date === today)
  return withToday(Object.assign(row, { opening_hours }), ranges, closed, now)
}

/** One station with its services, hours and coming closures; an inactive one only for staff of its community. */
export async function findStation(
  q: Queryable,
  id: string,
  viewer: SqlViewer,
  now: Date,
): Promise<StationDetailRow | null> {
  const [row] = await q.query<DetailRaw>(
    sql`WITH st AS (
       SELECT st.*, ${staffHere(viewer)} AS manages FROM stations st
       WHERE st.id = ${id} AND (st.active OR ${staffHere(viewer)})
     )
     ${stationDetailSelect(sql`st.manages`, now)}`,
  )
  return row ? finishDetail(row, now) : null
}

/** What an audit entry records besides who and when: SQL over the rows of the FROM that follows the INSERT. */
interface AuditEntry {
  action: AuditAction
  entityType: string
  entityId: Sql
  communityId: Sql
  before: Sql
  after: Sql
}

/** An INSERT … SELECT into the audit log of what the viewer did at `now`; the caller writes its FROM. */
const auditInsert = (viewer: SqlViewer, now: Date, e: AuditEntry) =>
  sql`INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
   SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${sql.raw(`'${e.action}'`)}, ${sql.raw(`'${e.entityType}'`)},
          ${e.entityId}, ${e.communityId}, ${e.before}, ${e.after}, ${now}::timestamptz`

export interface StationInput {
  name?: string
  address?: string
  lat?: number
  lng?: number
  phone?: string | null
  intro?: string
  active?: boolean
}

/** Creates a station in a community the viewer is staff of, audited; null when they are not. */
export async function insertStation(
  q: Queryable,
  viewer: SqlViewer,
  communityId: string,
  input: Required<Omit<StationInput, 'active' | 'phone'>> & { phone: string | null },
  now: Date,
): Promise<StationDetailRow | null> {
  const [row] = await q.query<DetailRaw>(
    sql`WITH allowed AS (
       SELECT 1 FROM communities st WHERE st.id = ${communityId} AND ${staffOf(viewer, sql`${communityId}::uuid`)}
     ), st AS (
       INSERT INTO stations (community_id, name, address, lat, lng, phone, intro, created_at, updated_at)
       SELECT ${communityId}::uuid, ${input.name}::text, ${input.address}::text, ${input.lat}::float8,
              ${input.lng}::float8, ${input.phone}::text, ${input.intro}::text, ${now}::timestamptz, ${now}::timestamptz
       FROM allowed
       RETURNING *
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'station.created',
         entityType: 'station',
         entityId: sql`st.id::text`,
         communityId: sql`st.community_id`,
         before: sql`NULL`,
         after: sql`to_jsonb(st)`,
       })}
       FROM st
     )
     ${stationDetailSelect(sql`true`, now)}`,
  )
  return row ? finishDetail(row, now) : null
}

/** Changes the fields given (a null phone clears it), audited with before and after; null when not staff there. */
export async function updateStation(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  input: StationInput,
  now: Date,
): Promise<StationDetailRow | null> {
  const [row] = await q.query<DetailRaw>(
    sql`WITH old AS (
       SELECT st.* FROM stations st WHERE st.id = ${id} AND ${staffHere(viewer)} FOR UPDATE
     ), st AS (
       UPDATE stations s SET name = COALESCE(${input.name ?? null}::text, s.name),
         address = COALESCE(${input.address ?? null}::text, s.address),
         lat = COALESCE(${input.lat ?? null}::float8, s.lat), lng = COALESCE(${input.lng ?? null}::float8, s.lng),
         phone = CASE WHEN ${input.phone !== undefined}::boolean THEN ${input.phone ?? null}::text ELSE s.phone END,
         intro = COALESCE(${input.intro ?? null}::text, s.intro),
         active = COALESCE(${input.active ?? null}::boolean, s.active), updated_at = ${now}
       FROM old WHERE s.id = old.id
       RETURNING s.*
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'station.updated',
         entityType: 'station',
         entityId: sql`st.id::text`,
         communityId: sql`st.community_id`,
         before: sql`to_jsonb(old)`,
         after: sql`to_jsonb(st)`,
       })}
       FROM st, old
     )
     ${stationDetailSelect(sql`true`, now)}`,
  )
  return row ? finishDetail(row, now) : null
}

/** Which community a station belongs to, to tell "not there" (404) from "not yours" (403) after a refusal. */
export async function stationCommunity(q: Queryable, stationId: string): Promise<string | null> {
  const [row] = await q.query<{ community_id: string }>(sql`SELECT community_id FROM stations WHERE id = ${stationId}`)
  return row?.community_id ?? null
}

export async function serviceCommunity(q: Queryable, serviceId: string): Promise<string | null> {
  const [row] = await q.query<{ community_id: string }>(
    sql`SELECT st.community_id FROM station_services sv JOIN stations st ON st.id = sv.station_id WHERE sv.id = ${serviceId}`,
  )
  return row?.community_id ?? null
}

export interface ServiceInput {
  name?: string
  slotMinutes?: number
  capacity?: number
  bookingWindowDays?: number
  cancelCutoffMinutes?: number
  active?: boolean
  schedule?: ScheduleEntry[]
}

/** A weekly schedule as the parallel arrays `unnest` takes; nulls when there is none. */
const scheduleArrays = (schedule: ScheduleEntry[] | undefined) => ({
  weekdays: schedule?.map((e) => e.weekday) ?? null,
  starts: schedule?.map((e) => e.start) ?? null,
  ends: schedule?.map((e) => e.end) ?? null,
})

/** Adds a service with its weekly schedule to a station the viewer is staff of, audited; null when they are not. */
export async function insertService(
  q: Queryable,
  viewer: SqlViewer,
  stationId: string,
  input: Required<Omit<ServiceInput, 'active'>>,
  now: Date,
): Promise<ServiceRow | null> {
  const { weekdays, starts, ends } = scheduleArrays(input.schedule)
  const schedule = JSON.stringify(input.schedule)
  const [row] = await q.query<ServiceRow>(
    sql`WITH st AS (
       SELECT st.* FROM stations st WHERE st.id = ${stationId} AND ${staffHere(viewer)}
     ), sv AS (
       INSERT INTO station_services (station_id, name, slot_minutes, capacity, booking_window_days,
                                     cancel_cutoff_minutes, created_at, updated_at)
       SELECT st.id, ${input.name}::text, ${input.slotMinutes}::int, ${input.capacity}::int,
              ${input.bookingWindowDays}::int, ${input.cancelCutoffMinutes}::int, ${now}::timestamptz,
              ${now}::timestamptz
       FROM st
       RETURNING *
     ), sch AS (
       INSERT INTO service_schedules (service_id, weekday, starts, ends)
       SELECT sv.id, x.weekday, x.starts::time, x.ends::time
       FROM sv, unnest(${weekdays}::int[], ${starts}::text[], ${ends}::text[]) AS x (weekday, starts, ends)
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'service.created',
         entityType: 'service',
         entityId: sql`sv.id::text`,
         communityId: sql`st.community_id`,
         before: sql`NULL`,
         after: sql`to_jsonb(sv) || jsonb_build_object('schedule', ${schedule}::jsonb)`,
       })}
       FROM sv, st
     )
     SELECT sv.*, ${schedule}::jsonb AS schedule FROM sv`,
  )
  return row ?? null
}

/**
 * Changes a service's fields given, audited. A new schedule replaces the old one; a new capacity applies to slots
 * still to come, never below the seats already booked in one. Null when the viewer is not staff there.
 */
export async function updateService(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  input: ServiceInput,
  now: Date,
): Promise<ServiceRow | null> {
  const { weekdays, starts, ends } = scheduleArrays(input.schedule)
  const capacity = input.capacity ?? null
  const schedule = input.schedule ? JSON.stringify(input.schedule) : null
  const [row] = await q.query<ServiceRow>(
    sql`WITH old AS (
       SELECT sv.*, ${scheduleJson(sql`sv`)} AS schedule, st.community_id
       FROM station_services sv JOIN stations st ON st.id = sv.station_id
       WHERE sv.id = ${id} AND ${staffHere(viewer)}
       FOR UPDATE OF sv
     ), sv AS (
       UPDATE station_services s SET name = COALESCE(${input.name ?? null}::text, s.name),
         slot_minutes = COALESCE(${input.slotMinutes ?? null}::int, s.slot_minutes),
         capacity = COALESCE(${capacity}::int, s.capacity),
         booking_window_days = COALESCE(${input.bookingWindowDays ?? null}::int, s.booking_window_days),
         cancel_cutoff_minutes = COALESCE(${input.cancelCutoffMinutes ?? null}::int, s.cancel_cutoff_minutes),
         active = COALESCE(${input.active ?? null}::boolean, s.active), updated_at = ${now}
       FROM old WHERE s.id = old.id
       RETURNING s.*
     ), dropped AS (
       DELETE FROM service_schedules sc USING sv
       WHERE ${weekdays}::int[] IS NOT NULL AND sc.service_id = sv.id
         AND (sc.weekday, sc.starts) NOT IN (SELECT x.weekday, x.starts::time
                                             FROM unnest(${weekdays}::int[], ${starts}::text[]) AS x (weekday, starts))
     ), kept AS (
       INSERT INTO service_schedules (service_id, weekday, starts, ends)
       SELECT sv.id, x.weekday, x.starts::time, x.ends::time
       FROM sv, unnest(${weekdays}::int[], ${starts}::text[], ${ends}::text[]) AS x (weekday, starts, ends)
       ON CONFLICT (service_id, weekday, starts) DO UPDATE SET ends = EXCLUDED.ends
     ), resized AS (
       UPDATE slots sl SET capacity = GREATEST(sv.capacity, sl.booked)
       FROM sv WHERE ${capacity}::int IS NOT NULL AND sl.service_id = sv.id AND sl.starts_at > ${now}
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'service.updated',
         entityType: 'service',
         entityId: sql`sv.id::text`,
         communityId: sql`old.community_id`,
         before: sql`to_jsonb(old) - 'community_id'`,
         after: sql`to_jsonb(sv) || jsonb_build_object('schedule', COALESCE(${schedule}::jsonb, old.schedule))`,
       })}
       FROM sv, old
     )
     SELECT sv.*, COALESCE(${schedule}::jsonb, old.schedule) AS schedule FROM sv, old`,
  )
  return row ?? null
}

/** A service's weekly schedule as JSON, for the service aliased `alias`. */
const scheduleJson = (alias: Sql) => sql`(SELECT COALESCE(json_agg(json_build_object('weekday', sc.weekday,
    'start', to_char(sc.starts, 'HH24:MI'), 'end', to_char(sc.ends, 'HH24:MI')) ORDER BY sc.weekday, sc.starts), '[]')::jsonb
  FROM service_schedules sc WHERE sc.service_id = ${alias}.id)`

export interface ClosureRow {
  station_id: string
  date: string
  reason: string
  cancelled_bookings: number
}

/**
 * Closes a station for a day, audited: the day's slots go off sale, and the trigger on them cancels their bookings,
 * tells the holders and ends the waitlists. Null when the viewer is not staff there. The count is of the bookings
 * this statement saw; the trigger cancels every one, including any committed while it waited for the slot's lock.
 */
export async function insertClosure(
  q: Queryable,
  viewer: SqlViewer,
  stationId: string,
  input: { date: string; reason: string },
  now: Date,
): Promise<ClosureRow | null> {
  const [row] = await q.query<ClosureRow>(
    sql`WITH st AS (
       SELECT st.* FROM stations st WHERE st.id = ${stationId} AND ${staffHere(viewer)}
     ), cl AS (
       INSERT INTO station_closures (station_id, day, reason, created_by, created_at)
       SELECT st.id, ${input.date}::date, ${input.reason}::text, ${viewer.id}::uuid, ${now}::timestamptz FROM st
       RETURNING *
     ), off_sale AS (
       UPDATE slots sl SET closed = true
       FROM station_services sv, cl
       WHERE sv.station_id = cl.station_id AND sl.service_id = sv.id
         AND (sl.starts_at AT TIME ZONE 'Asia/Shanghai')::date = cl.day AND sl.ends_at > ${now}
       RETURNING sl.id
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'station.closed',
         entityType: 'station',
         entityId: sql`st.id::text`,
         communityId: sql`st.community_id`,
         before: sql`NULL`,
         after: sql`jsonb_build_object('date', ${input.date}::text, 'reason', ${input.reason}::text)`,
       })}
       FROM st, cl
     )
     SELECT cl.station_id, to_char(cl.day, 'YYYY-MM-DD') AS date, cl.reason,
            (SELECT count(*) FROM bookings b WHERE b.slot_id IN (SELECT id FROM off_sale) AND b.status = 'booked')::int
              AS cancelled_bookings
     FROM cl`,
  )
  return row ?? null
}

export interface SlotRow {
  id: string
  starts_at: Date
  ends_at: Date
  capacity: number
  booked: number
  waiting: number
  mine: 'booked' | 'checked_in' | 'waiting' | null
}

export interface SlotDayRow {
  service_id: string
  bookable: boolean
  closure_reason: string | null
  wanted: number
  slots: (Omit<SlotRow, 'starts_at' | 'ends_at'> & { starts_at: string; ends_at: string })[]
}

/**
 * One day's slots of an active service, as its schedule makes them, created on first sight (unique per service
 * and start). Only slots inside the booking window and not yet started; none on a closure day. `wanted` is how
 * many the schedule makes: a concurrent first sight can hide a slot from this answer, and the caller reads again.
 * `viewerId` (null when not signed in) marks the slots the viewer holds or waits for.
 */
export async function listSlots(
  q: Queryable,
  serviceId: string,
  date: string,
  now: Date,
  viewerId: string | null,
): Promise<SlotDayRow | null> {
  const [row] = await q.query<SlotDayRow>(
    sql`WITH svc AS (
       SELECT sv.*, ${localDate(now)} AS today,
              ${date}::date BETWEEN ${localDate(now)} AND ${localDate(now)} + sv.booking_window_days - 1 AS in_window,
              (SELECT cl.reason FROM station_closures cl WHERE cl.station_id = st.id AND cl.day = ${date}::date) AS closure_reason
       FROM station_services sv JOIN stations st ON st.id = sv.station_id
       WHERE sv.id = ${serviceId} AND sv.active AND st.active
     ), wanted AS (
       SELECT g AS starts_at, g + make_interval(mins => svc.slot_minutes) AS ends_at, svc.capacity
       FROM svc
       JOIN service_schedules sc ON sc.service_id = svc.id AND sc.weekday = extract(isodow FROM ${date}::date)
       CROSS JOIN LATERAL generate_series((${date}::date + sc.starts) AT TIME ZONE 'Asia/Shanghai',
                                          (${date}::date + sc.ends - make_interval(mins => svc.slot_minutes)) AT TIME ZONE 'Asia/Shanghai',
                                          make_interval(mins => svc.slot_minutes)) AS g
       WHERE svc.in_window AND svc.closure_reason IS NULL AND g > ${now}::timestamptz
     ), created AS (
       INSERT INTO slots (service_id, starts_at, ends_at, capacity)
       SELECT ${serviceId}::uuid, starts_at, ends_at, capacity FROM wanted
       ON CONFLICT (service_id, starts_at) DO NOTHING
       RETURNING id, starts_at, ends_at, capacity, booked
     ), day AS (
       SELECT id, starts_at, ends_at, capacity, booked, 0 AS waiting FROM created
       UNION ALL
       SELECT sl.id, sl.starts_at, sl.ends_at, sl.capacity, sl.booked,
              (SELECT count(*) FROM waitlist_entries wl WHERE wl.slot_id = sl.id AND wl.status = 'waiting')::int
       FROM slots sl JOIN wanted w ON sl.service_id = ${serviceId} AND sl.starts_at = w.starts_at
       WHERE NOT sl.closed
     )
     SELECT svc.id AS service_id, svc.in_window AS bookable, svc.closure_reason,
            (SELECT count(*) FROM wanted)::int AS wanted,
            (SELECT COALESCE(json_agg(json_build_object(
                'id', d.id, 'starts_at', d.starts_at, 'ends_at', d.ends_at, 'capacity', d.capacity, 'booked', d.booked,
                'waiting', d.waiting,
                'mine', (SELECT b.status FROM bookings b WHERE b.slot_id = d.id AND b.user_id = ${viewerId}::uuid
                           AND b.status IN ('booked', 'checked_in')
                         UNION ALL
                         SELECT 'waiting' FROM waitlist_entries wl WHERE wl.slot_id = d.id AND wl.user_id = ${viewerId}::uuid
                           AND wl.status = 'waiting'
                         LIMIT 1)
              ) ORDER BY d.starts_at), '[]') FROM day d) AS slots
     FROM svc`,
  )
  return row ?? null
}

export interface BookingRow {
  id: string
  code: string
  status: BookingStatus
  party_size: number
  from_waitlist: boolean
  cancel_reason: 'user' | 'closure' | null
  created_at: Date
  checked_in_at: Date | null
  cancelled_at: Date | null
  slot_id: string
  starts_at: Date
  ends_at: Date
  service_id: string
  service_name: string
  cancel_cutoff_minutes: number
  station_id: string
  station_name: string
  station_address: string
  station_phone: string | null
  community_id: string
  user_id: string
  /** The staff member who booked it for the holder (代办), in office, by name. */
  acted_by_name: string | null
  /** The booker's 1–5 rating of it, null when not rated (issue #21). */
  rating: number | null
}

/** A booking as staff see it: with its holder's name, as the viewer may see it (`nameFor`). */
export type StaffBookingRow = BookingRow & { holder_name: string }

/** A booking `b` with its slot, service, station and holder; FROM the CTE or table aliased b. */
const BOOKING_COLUMNS = sql`b.id, b.code, b.status, b.party_size, b.from_waitlist, b.cancel_reason, b.created_at,
  b.checked_in_at, b.cancelled_at, b.user_id, sl.id AS slot_id, sl.starts_at, sl.ends_at, sv.id AS service_id,
  sv.name AS service_name, sv.cancel_cutoff_minutes, st.id AS station_id, st.name AS station_name,
  st.address AS station_address, st.phone AS station_phone, st.community_id, ab.nickname AS acted_by_name,
  (SELECT br.score FROM booking_ratings br WHERE br.booking_id = b.id) AS rating`
const BOOKING_JOINS = sql`JOIN slots sl ON sl.id = b.slot_id JOIN station_services sv ON sv.id = sl.service_id
  JOIN stations st ON st.id = sv.station_id LEFT JOIN users ab ON ab.id = b.acted_by`

/** The columns of a booking as staff see it, and the joins they need. */
const staffBookingColumns = (viewer: SqlViewer) =>
  sql`${BOOKING_COLUMNS}, ${nameFor(viewer, { id: sql`b.user_id`, nickname: sql`u.nickname`, community: sql`st.community_id` })} AS holder_name`
const STAFF_BOOKING_JOINS = sql`${BOOKING_JOINS} JOIN users u ON u.id = b.user_id`

/**
 * Books seats of a slot: one INSERT, whose triggers apply every rule against the locked slot row. A slot already
 * full when the statement starts is answered at once, without queueing for its lock behind everyone else who
 * wants it: when a thousand people race for twenty seats, the other 980 hear "full" quickly. (The triggers decide
 * every booking that is attempted.) Returns whether the slot exists and the booking, if one was made.
 */
export async function insertBooking(
  q: Queryable,
  b: { slotId: string; userId: string; partySize: number; now: Date; actedBy?: string },
): Promise<{ slot_exists: boolean; seen_full: boolean; booking: BookingRow | null }> {
  const [row] = await q.query<BookingRow & { slot_exists: boolean; seen_full: boolean }>(
    sql`WITH target AS (
       SELECT sl.id, sl.booked + ${b.partySize}::int > sl.capacity AND sl.starts_at > ${b.now} AND NOT sl.closed
                AND NOT EXISTS (SELECT 1 FROM bookings x WHERE x.slot_id = sl.id AND x.user_id = ${b.userId}
                                  AND x.status IN ('booked', 'checked_in')) AS seen_full
       FROM slots sl WHERE sl.id = ${b.slotId}
     ), b AS (
       INSERT INTO bookings (slot_id, user_id, party_size, code, created_at, acted_by)
       SELECT id, ${b.userId}::uuid, ${b.partySize}::int, new_check_in_code(), ${b.now}::timestamptz,
              ${b.actedBy ?? null}::uuid
       FROM target WHERE NOT seen_full
       RETURNING *
     ), made AS (
       SELECT ${BOOKING_COLUMNS} FROM b ${BOOKING_JOINS}
     )
     SELECT made.*, true AS slot_exists, target.seen_full FROM target LEFT JOIN made ON true`,
  )
  if (!row) return { slot_exists: false, seen_full: false, booking: null }
  const { slot_exists, seen_full, ...booking } = row
  return { slot_exists, seen_full, booking: booking.id ? booking : null }
}

/** Bookings a user holds that are not over, soonest first; or all others, latest first. A page of them. */
export async function listUserBookings(
  q: Queryable,
  userId: string,
  f: { scope: 'upcoming' | 'past'; limit: number; after?: readonly [string, string] },
  now: Date,
): Promise<BookingRow[]> {
  const upcoming = f.scope === 'upcoming'
  const not = sql.raw(upcoming ? '' : 'NOT')
  const after = sql.raw(upcoming ? '>' : '<')
  const order = sql.raw(upcoming ? 'ASC' : 'DESC')
  const [afterTime, afterId] = f.after ?? [null, null]
  return q.query<BookingRow>(
    sql`SELECT ${BOOKING_COLUMNS} FROM bookings b ${BOOKING_JOINS}
     WHERE b.user_id = ${userId}
       AND ${not} (b.status IN ('booked', 'checked_in') AND sl.ends_at > ${now})
       AND (${afterTime}::timestamptz IS NULL OR (sl.starts_at, b.id::text) ${after} (${afterTime}::timestamptz, ${afterId}::text))
     ORDER BY sl.starts_at ${order}, b.id::text ${order}
     LIMIT ${f.limit + 1}`,
  )
}

/**
 * The booker cancels before the service's cut-off; the trigger frees the seats and serves the waitlist in the same
 * transaction. Returns the booking as it was, with `cancelled` saying whether this statement cancelled it.
 */
export async function cancelBooking(
  q: Queryable,
  id: string,
  userId: string,
  now: Date,
): Promise<(BookingRow & { cancelled: boolean }) | null> {
  const [row] = await q.query<BookingRow & { cancelled: boolean }>(
    sql`WITH target AS (
       SELECT ${BOOKING_COLUMNS} FROM bookings b ${BOOKING_JOINS} WHERE b.id = ${id} AND b.user_id = ${userId}
     ), done AS (
       UPDATE bookings b SET status = 'cancelled', cancelled_at = ${now}, cancel_reason = 'user'
       FROM target t
       WHERE b.id = t.id AND b.status = 'booked'
         AND ${now}::timestamptz < t.starts_at - make_interval(mins => t.cancel_cutoff_minutes)
       RETURNING b.id
     )
     SELECT t.*, EXISTS (SELECT 1 FROM done) AS cancelled FROM target t`,
  )
  return row ?? null
}

export interface WaitlistRow {
  id: string
  party_size: number
  status: WaitlistStatus
  position: number | null
  created_at: Date
  slot_id: string
  starts_at: Date
  ends_at: Date
  service_id: string
  service_name: string
  station_id: string
  station_name: string
  station_address: string
  station_phone: string | null
}

/**
 * A waitlist entry `w` with its place. Its position counts the entries waiting ahead of it as committed when it is
 * read (`waitlist_position`, migration 0011), not as the statement began: a join waits for the slot's lock, and
 * counted from the statement's snapshot it would miss the joins that got in meanwhile.
 */
const WAITLIST_COLUMNS = sql`w.id, w.party_size, w.status, w.created_at, sl.id AS slot_id, sl.starts_at, sl.ends_at,
  sv.id AS service_id, sv.name AS service_name, st.id AS station_id, st.name AS station_name,
  st.address AS station_address, st.phone AS station_phone,
  CASE WHEN w.status = 'waiting' THEN waitlist_position(w.slot_id, w.seq) END AS position`
const WAITLIST_JOINS = sql`JOIN slots sl ON sl.id = w.slot_id JOIN station_services sv ON sv.id = sl.service_id
  JOIN stations st ON st.id = sv.station_id`

/**
 * Joins a slot's waitlist; the trigger checks the slot is full for this party and gives the place in line under the
 * slot's lock, so joins at once are told 1, 2, 3… as the line has them. Null when there is no such slot.
 */
export async function insertWaitlistEntry(
  q: Queryable,
  e: { slotId: string; userId: string; partySize: number; now: Date },
): Promise<WaitlistRow | null> {
  const [row] = await q.query<WaitlistRow>(
    sql`WITH w AS (
       INSERT INTO waitlist_entries (slot_id, user_id, party_size, created_at)
       SELECT id, ${e.userId}::uuid, ${e.partySize}::int, ${e.now}::timestamptz FROM slots WHERE id = ${e.slotId}
       RETURNING *
     )
     SELECT ${WAITLIST_COLUMNS} FROM w ${WAITLIST_JOINS}`,
  )
  return row ?? null
}

/** The user's entries still waiting for a slot to come, soonest first. */
export async function listUserWaitlist(q: Queryable, userId: string, now: Date): Promise<WaitlistRow[]> {
  return q.query<WaitlistRow>(
    sql`SELECT ${WAITLIST_COLUMNS} FROM waitlist_entries w ${WAITLIST_JOINS}
     WHERE w.user_id = ${userId} AND w.status = 'waiting' AND sl.starts_at > ${now}
     ORDER BY sl.starts_at, w.seq`,
  )
}

/** Leaves a waitlist. Returns the entry as it was, with `left` saying whether this statement ended it. */
export async function leaveWaitlist(
  q: Queryable,
  id: string,
  userId: string,
  now: Date,
): Promise<(WaitlistRow & { left: boolean }) | null> {
  const [row] = await q.query<WaitlistRow & { left: boolean }>(
    sql`WITH w AS (
       SELECT * FROM waitlist_entries WHERE id = ${id} AND user_id = ${userId}
     ), done AS (
       UPDATE waitlist_entries e SET status = 'cancelled', ended_at = ${now}
       FROM w WHERE e.id = w.id AND e.status = 'waiting'
       RETURNING e.id
     )
     SELECT ${WAITLIST_COLUMNS}, EXISTS (SELECT 1 FROM done) AS left FROM w ${WAITLIST_JOINS}`,
  )
  return row ?? null
}

/**
 * Staff check a booking in by its code, within the check-in window; audited. Returns the booking as it was, with
 * `checked_in_now` when this statement checked it in, and `manages` whether the viewer is staff of its station.
 */
export async function checkIn(
  q: Queryable,
  viewer: SqlViewer,
  code: string,
  now: Date,
): Promise<(StaffBookingRow & { checked_in_now: boolean; manages: boolean }) | null> {
  const [row] = await q.query<StaffBookingRow & { checked_in_now: boolean; manages: boolean }>(
    sql`WITH target AS (
       SELECT ${staffBookingColumns(viewer)}, ${staffHere(viewer)} AS manages FROM bookings b ${STAFF_BOOKING_JOINS}
       WHERE b.code = ${code}
     ), done AS (
       UPDATE bookings b SET status = 'checked_in', checked_in_at = ${now}, checked_in_by = ${viewer.id}
       FROM target t
       WHERE b.id = t.id AND t.manages AND b.status = 'booked'
         AND ${now}::timestamptz >= t.starts_at - make_interval(mins => ${sql.raw(String(CHECK_IN_OPENS_MINUTES))})
         AND ${now}::timestamptz < t.ends_at
       RETURNING b.id
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'booking.checked_in',
         entityType: 'booking',
         entityId: sql`t.id::text`,
         communityId: sql`t.community_id`,
         before: sql`jsonb_build_object('status', 'booked')`,
         after: sql`jsonb_build_object('status', 'checked_in')`,
       })}
       FROM target t WHERE EXISTS (SELECT 1 FROM done)
     )
     SELECT t.*, EXISTS (SELECT 1 FROM done) AS checked_in_now FROM target t`,
  )
  return row ?? null
}

/**
 * A service's bookings on a Shanghai date, by slot time, for staff of its station; `manages` false (and no
 * bookings) for anyone else. Null when there is no such service.
 */
export async function listServiceBookings(
  q: Queryable,
  viewer: SqlViewer,
  serviceId: string,
  date: string,
): Promise<{ manages: boolean; bookings: StaffBookingRow[] } | null> {
  const [row] = await q.query<{ manages: boolean; bookings: (StaffBookingRow & { starts_at: string })[] }>(
    sql`WITH svc AS (
       SELECT sv.id, ${staffHere(viewer)} AS manages FROM station_services sv JOIN stations st ON st.id = sv.station_id
       WHERE sv.id = ${serviceId}
     )
     SELECT svc.manages,
       (SELECT COALESCE(json_agg(x ORDER BY x.starts_at, x.created_at), '[]') FROM (
          SELECT ${staffBookingColumns(viewer)} FROM bookings b ${STAFF_BOOKING_JOINS}
          WHERE svc.manages AND sl.service_id = svc.id AND (sl.starts_at AT TIME ZONE 'Asia/Shanghai')::date = ${date}::date
        ) x) AS bookings
     FROM svc`,
  )
  if (!row) return null
  // json_agg gives timestamps as text.
  const time = (v: unknown) => (v === null ? null : new Date(v as string))
  return {
    manages: row.manages,
    bookings: row.bookings.map((b) =>
      Object.assign(b, {
        starts_at: time(b.starts_at)!,
        ends_at: time(b.ends_at)!,
        created_at: time(b.created_at)!,
        checked_in_at: time(b.checked_in_at),
        cancelled_at: time(b.cancelled_at),
      }),
    ),
  }
}

/** Bookings whose slot ended without a check-in become no-shows (the trigger applies any suspension). */
export async function markNoShows(q: Queryable, now: Date): Promise<number> {
  const [row] = await q.query<{ changed: number }>(
    sql`WITH due AS (
       SELECT b.id FROM bookings b JOIN slots sl ON sl.id = b.slot_id
       WHERE b.status = 'booked' AND sl.ends_at <= ${now}
       FOR UPDATE OF b SKIP LOCKED
     ), done AS (
       UPDATE bookings b SET status = 'no_show', no_show_at = sl.ends_at
       FROM due, slots sl WHERE b.id = due.id AND sl.id = b.slot_id AND b.status = 'booked'
       RETURNING b.id
     )
     SELECT count(*)::int AS changed FROM done`,
  )
  return row?.changed ?? 0
}
