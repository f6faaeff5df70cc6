import type { BookingStatus, ScheduleEntry, WaitlistStatus } from '../../../shared/stations'
import { CHECK_IN_OPENS_MINUTES, isoWeekday, shanghaiDate, shanghaiTime } from '../../../shared/stations'
import type { Queryable } from '../../db/types'

/**
 * Every SQL statement of 驿站预约. The rules that protect residents (capacity, one booking per slot, three upcoming,
 * the waitlist's order, suspension) are enforced by the triggers of migration 0003, whatever statement writes a
 * booking; the statements here only say what is wanted, each in one round trip.
 */

/** Who is asking, as the SQL needs it. */
export interface SqlViewer {
  id: string | null
  role: string
  staffCommunityIds: string[]
  isAdmin: boolean
}

/** Staff of station `st`'s community, with the viewer's staff scope at $2 and admin flag at $3. */
const STAFF_HERE = '($3::boolean OR st.community_id = ANY($2::uuid[]))'

/** The Shanghai calendar date of `now` (the parameter named). */
const localDate = (now: string) => `(${now}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`

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
const STATION_COLUMNS = `st.id, st.community_id, c.name AS community_name, st.name, st.address, st.lat, st.lng,
  st.phone, st.intro, st.active`

/**
 * What a list needs to tell station `st`'s hours today, in one subquery: the schedules of its active services on the
 * Shanghai weekday of $1, and whether it is closed that day. Each subquery adds to the memory PostgreSQL plans a
 * statement in, and past what a backend keeps between statements that memory is faulted in afresh every time: with
 * one subquery each for the hours, "open now" and the closure, a station list cost the database 4 ms a request
 * instead of 1 (docs/decisions.md, Database).
 */
const TODAY_OF_STATION = `(SELECT json_build_object(
      'ranges', COALESCE(json_agg(json_build_object('start', to_char(sc.starts, 'HH24:MI'), 'end', to_char(sc.ends, 'HH24:MI'))), '[]'),
      'closed', EXISTS (SELECT FROM station_closures cl WHERE cl.station_id = st.id AND cl.day = ${localDate('$1')}))
    FROM station_services sv JOIN service_schedules sc ON sc.service_id = sv.id
    WHERE sv.station_id = st.id AND sv.active AND sc.weekday = extract(isodow FROM ${localDate('$1')}))`

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
  const rows = await q.query<ListedRaw>(
    `WITH found AS (
       SELECT ${STATION_COLUMNS}, ${TODAY_OF_STATION} AS today,
              CASE WHEN $5::float8 IS NULL OR $6::float8 IS NULL THEN NULL
                   ELSE 2 * 6371008.8 * asin(least(1, sqrt(
                          power(sin(radians(st.lat - $5::float8) / 2), 2)
                          + cos(radians($5::float8)) * cos(radians(st.lat)) * power(sin(radians(st.lng - $6::float8) / 2), 2))))
              END AS distance
       FROM stations st JOIN communities c ON c.id = st.community_id
       WHERE ($4::uuid IS NULL OR st.community_id = $4) AND (st.active OR ${STAFF_HERE})
     ), keyed AS (
       -- Distances as fixed-width text sort like the numbers, so one keyset cursor serves both orders.
       SELECT *, CASE WHEN distance IS NULL THEN name ELSE to_char(distance, 'FM0000000000.000') END AS sort_key FROM found
     )
     SELECT * FROM keyed
     WHERE $7::text IS NULL OR (sort_key, id::text) > ($7::text, $8::text)
     ORDER BY sort_key, id::text
     LIMIT $9`,
    [
      now,
      viewer.staffCommunityIds,
      viewer.isAdmin,
      f.communityId,
      f.lat,
      f.lng,
      f.after?.[0] ?? null,
      f.after?.[1] ?? null,
      f.limit + 1,
    ],
  )
  return rows.map(({ today, ...row }) => withToday(row, today.ranges, today.closed, now))
}

type ListedRaw = Omit<StationRow, 'today_hours' | 'open_now'> & { today: { ranges: HoursRange[]; closed: boolean } }

/** Services of station `st`, each with its weekly schedule; inactive ones only when `showInactive` holds. */
const servicesOfStation = (showInactive: string) => `(SELECT COALESCE(json_agg(json_build_object(
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
 * The station in full, from a CTE named `st` holding at most one station row, with "now" at $1. `canManage` is SQL
 * for "the viewer manages it", which also shows inactive services. Its opening hours and today's are those of its
 * active services' schedules (finishDetail), not subqueries of their own (see TODAY_OF_STATION).
 */
const stationDetailSelect = (canManage: string) => `
  SELECT ${STATION_COLUMNS}, NULL::float8 AS distance, '' AS sort_key, ${canManage} AS can_manage,
    ${servicesOfStation(canManage)} AS services,
    (SELECT COALESCE(json_agg(json_build_object('date', to_char(cl.day, 'YYYY-MM-DD'), 'reason', cl.reason)
                              ORDER BY cl.day), '[]')
     FROM station_closures cl WHERE cl.station_id = st.id AND cl.day >= ${localDate('$1')}) AS closures
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
    `WITH st AS (
       SELECT st.*, ${STAFF_HERE} AS manages FROM stations st WHERE st.id = $4 AND (st.active OR ${STAFF_HERE})
     )
     ${stationDetailSelect('st.manages')}`,
    [now, viewer.staffCommunityIds, viewer.isAdmin, id],
  )
  return row ? finishDetail(row, now) : null
}

const auditInsert = (
  action: string,
  entityType: string,
  entityId: string,
  communityId: string,
  before: string,
  after: string,
) =>
  `INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
   SELECT $5, $6, '${action}', '${entityType}', ${entityId}, ${communityId}, ${before}, ${after}, $1`

export interface StationInput {
  name?: string
  address?: string
  lat?: number
  lng?: number
  phone?: string | null
  intro?: string
  active?: boolean
}

/**
 * Creates a station in a community the viewer is staff of, audited; null when they are not. Parameters: $1 now,
 * $2 staff scope, $3 admin, $4 community, $5 actor, $6 role, then the fields.
 */
export async function insertStation(
  q: Queryable,
  viewer: SqlViewer & { id: string },
  communityId: string,
  input: Required<Omit<StationInput, 'active' | 'phone'>> & { phone: string | null },
  now: Date,
): Promise<StationDetailRow | null> {
  const [row] = await q.query<DetailRaw>(
    `WITH allowed AS (
       SELECT 1 FROM communities st WHERE st.id = $4 AND ($3::boolean OR $4 = ANY($2::uuid[]))
     ), st AS (
       INSERT INTO stations (community_id, name, address, lat, lng, phone, intro, created_at, updated_at)
       SELECT $4, $7, $8, $9, $10, $11, $12, $1, $1 FROM allowed
       RETURNING *
     ), audited AS (
       ${auditInsert('station.created', 'station', 'st.id::text', 'st.community_id', 'NULL', 'to_jsonb(st)')} FROM st
     )
     ${stationDetailSelect('true')}`,
    [
      now,
      viewer.staffCommunityIds,
      viewer.isAdmin,
      communityId,
      viewer.id,
      viewer.role,
      input.name,
      input.address,
      input.lat,
      input.lng,
      input.phone,
      input.intro,
    ],
  )
  return row ? finishDetail(row, now) : null
}

/** Changes the fields given (a null phone clears it), audited with before and after; null when not staff there. */
export async function updateStation(
  q: Queryable,
  viewer: SqlViewer & { id: string },
  id: string,
  input: StationInput,
  now: Date,
): Promise<StationDetailRow | null> {
  const [row] = await q.query<DetailRaw>(
    `WITH old AS (
       SELECT st.* FROM stations st WHERE st.id = $4 AND ${STAFF_HERE} FOR UPDATE
     ), st AS (
       UPDATE stations s SET name = COALESCE($7, s.name), address = COALESCE($8, s.address),
         lat = COALESCE($9, s.lat), lng = COALESCE($10, s.lng),
         phone = CASE WHEN $11::boolean THEN $12 ELSE s.phone END, intro = COALESCE($13, s.intro),
         active = COALESCE($14, s.active), updated_at = $1
       FROM old WHERE s.id = old.id
       RETURNING s.*
     ), audited AS (
       ${auditInsert('station.updated', 'station', 'st.id::text', 'st.community_id', 'to_jsonb(old)', 'to_jsonb(st)')}
       FROM st, old
     )
     ${stationDetailSelect('true')}`,
    [
      now,
      viewer.staffCommunityIds,
      viewer.isAdmin,
      id,
      viewer.id,
      viewer.role,
      input.name ?? null,
      input.address ?? null,
      input.lat ?? null,
      input.lng ?? null,
      input.phone !== undefined,
      input.phone ?? null,
      input.intro ?? null,
      input.active ?? null,
    ],
  )
  return row ? finishDetail(row, now) : null
}

/** Which community a station belongs to, to tell "not there" (404) from "not yours" (403) after a refusal. */
export async function stationCommunity(q: Queryable, stationId: string): Promise<string | null> {
  const [row] = await q.query<{ community_id: string }>('SELECT community_id FROM stations WHERE id = $1', [stationId])
  return row?.community_id ?? null
}

export async function serviceCommunity(q: Queryable, serviceId: string): Promise<string | null> {
  const [row] = await q.query<{ community_id: string }>(
    `SELECT st.community_id FROM station_services sv JOIN stations st ON st.id = sv.station_id WHERE sv.id = $1`,
    [serviceId],
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

const scheduleParams = (schedule: ScheduleEntry[] | undefined) =>
  schedule
    ? [schedule.map((e) => e.weekday), schedule.map((e) => e.start), schedule.map((e) => e.end)]
    : [null, null, null]

/**
 * Adds a service with its weekly schedule to a station the viewer is staff of, audited; null when they are not.
 * The schedule is $12–$14 as parallel arrays.
 */
export async function insertService(
  q: Queryable,
  viewer: SqlViewer & { id: string },
  stationId: string,
  input: Required<Omit<ServiceInput, 'active'>>,
  now: Date,
): Promise<ServiceRow | null> {
  const [row] = await q.query<ServiceRow>(
    `WITH st AS (
       SELECT st.* FROM stations st WHERE st.id = $4 AND ${STAFF_HERE}
     ), sv AS (
       INSERT INTO station_services (station_id, name, slot_minutes, capacity, booking_window_days,
                                     cancel_cutoff_minutes, created_at, updated_at)
       SELECT st.id, $7, $8, $9, $10, $11, $1, $1 FROM st
       RETURNING *
     ), sch AS (
       INSERT INTO service_schedules (service_id, weekday, starts, ends)
       SELECT sv.id, x.weekday, x.starts::time, x.ends::time
       FROM sv, unnest($12::int[], $13::text[], $14::text[]) AS x (weekday, starts, ends)
     ), audited AS (
       ${auditInsert('service.created', 'service', 'sv.id::text', 'st.community_id', 'NULL', "to_jsonb(sv) || jsonb_build_object('schedule', $15::jsonb)")}
       FROM sv, st
     )
     SELECT sv.*, $15::jsonb AS schedule FROM sv`,
    [
      now,
      viewer.staffCommunityIds,
      viewer.isAdmin,
      stationId,
      viewer.id,
      viewer.role,
      input.name,
      input.slotMinutes,
      input.capacity,
      input.bookingWindowDays,
      input.cancelCutoffMinutes,
      ...scheduleParams(input.schedule),
      JSON.stringify(input.schedule),
    ],
  )
  return row ?? null
}

/**
 * Changes a service's fields given, audited. A new schedule replaces the old one; a new capacity applies to slots
 * still to come, never below the seats already booked in one. Null when the viewer is not staff there.
 */
export async function updateService(
  q: Queryable,
  viewer: SqlViewer & { id: string },
  id: string,
  input: ServiceInput,
  now: Date,
): Promise<ServiceRow | null> {
  const [row] = await q.query<ServiceRow>(
    `WITH old AS (
       SELECT sv.*, ${servicesScheduleJson('sv')} AS schedule, st.community_id
       FROM station_services sv JOIN stations st ON st.id = sv.station_id
       WHERE sv.id = $4 AND ${STAFF_HERE}
       FOR UPDATE OF sv
     ), sv AS (
       UPDATE station_services s SET name = COALESCE($7, s.name), slot_minutes = COALESCE($8, s.slot_minutes),
         capacity = COALESCE($9, s.capacity), booking_window_days = COALESCE($10, s.booking_window_days),
         cancel_cutoff_minutes = COALESCE($11, s.cancel_cutoff_minutes), active = COALESCE($12, s.active),
         updated_at = $1
       FROM old WHERE s.id = old.id
       RETURNING s.*
     ), dropped AS (
       DELETE FROM service_schedules sc USING sv
       WHERE $13::int[] IS NOT NULL AND sc.service_id = sv.id
         AND (sc.weekday, sc.starts) NOT IN (SELECT x.weekday, x.starts::time
                                             FROM unnest($13::int[], $14::text[]) AS x (weekday, starts))
     ), kept AS (
       INSERT INTO service_schedules (service_id, weekday, starts, ends)
       SELECT sv.id, x.weekday, x.starts::time, x.ends::time
       FROM sv, unnest($13::int[], $14::text[], $15::text[]) AS x (weekday, starts, ends)
       ON CONFLICT (service_id, weekday, starts) DO UPDATE SET ends = EXCLUDED.ends
     ), resized AS (
       UPDATE slots sl SET capacity = GREATEST(sv.capacity, sl.booked)
       FROM sv WHERE $9::int IS NOT NULL AND sl.service_id = sv.id AND sl.starts_at > $1
     ), audited AS (
       ${auditInsert(
         'service.updated',
         'service',
         'sv.id::text',
         'old.community_id',
         "to_jsonb(old) - 'community_id'",
         "to_jsonb(sv) || jsonb_build_object('schedule', COALESCE($16::jsonb, old.schedule))",
       )}
       FROM sv, old
     )
     SELECT sv.*, COALESCE($16::jsonb, old.schedule) AS schedule FROM sv, old`,
    [
      now,
      viewer.staffCommunityIds,
      viewer.isAdmin,
      id,
      viewer.id,
      viewer.role,
      input.name ?? null,
      input.slotMinutes ?? null,
      input.capacity ?? null,
      input.bookingWindowDays ?? null,
      input.cancelCutoffMinutes ?? null,
      input.active ?? null,
      ...scheduleParams(input.schedule),
      input.schedule ? JSON.stringify(input.schedule) : null,
    ],
  )
  return row ?? null
}

/** A service's weekly schedule as JSON, for the service aliased `alias`. */
const servicesScheduleJson = (alias: string) => `(SELECT COALESCE(json_agg(json_build_object('weekday', sc.weekday,
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
  viewer: SqlViewer & { id: string },
  stationId: string,
  input: { date: string; reason: string },
  now: Date,
): Promise<ClosureRow | null> {
  const [row] = await q.query<ClosureRow>(
    `WITH st AS (
       SELECT st.* FROM stations st WHERE st.id = $4 AND ${STAFF_HERE}
     ), cl AS (
       INSERT INTO station_closures (station_id, day, reason, created_by, created_at)
       SELECT st.id, $7::date, $8, $5, $1 FROM st
       RETURNING *
     ), off_sale AS (
       UPDATE slots sl SET closed = true
       FROM station_services sv, cl
       WHERE sv.station_id = cl.station_id AND sl.service_id = sv.id
         AND (sl.starts_at AT TIME ZONE 'Asia/Shanghai')::date = cl.day AND sl.ends_at > $1
       RETURNING sl.id
     ), audited AS (
       ${auditInsert('station.closed', 'station', 'st.id::text', 'st.community_id', 'NULL', "jsonb_build_object('date', $7::text, 'reason', $8::text)")}
       FROM st, cl
     )
     SELECT cl.station_id, to_char(cl.day, 'YYYY-MM-DD') AS date, cl.reason,
            (SELECT count(*) FROM bookings b WHERE b.slot_id IN (SELECT id FROM off_sale) AND b.status = 'booked')::int
              AS cancelled_bookings
     FROM cl`,
    [now, viewer.staffCommunityIds, viewer.isAdmin, stationId, viewer.id, viewer.role, input.date, input.reason],
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
 * Parameters: $1 service, $2 date, $3 now, $4 viewer or null.
 */
export async function listSlots(
  q: Queryable,
  serviceId: string,
  date: string,
  now: Date,
  viewerId: string | null,
): Promise<SlotDayRow | null> {
  const [row] = await q.query<SlotDayRow>(
    `WITH svc AS (
       SELECT sv.*, ${localDate('$3')} AS today,
              $2::date BETWEEN ${localDate('$3')} AND ${localDate('$3')} + sv.booking_window_days - 1 AS in_window,
              (SELECT cl.reason FROM station_closures cl WHERE cl.station_id = st.id AND cl.day = $2::date) AS closure_reason
       FROM station_services sv JOIN stations st ON st.id = sv.station_id
       WHERE sv.id = $1 AND sv.active AND st.active
     ), wanted AS (
       SELECT g AS starts_at, g + make_interval(mins => svc.slot_minutes) AS ends_at, svc.capacity
       FROM svc
       JOIN service_schedules sc ON sc.service_id = svc.id AND sc.weekday = extract(isodow FROM $2::date)
       CROSS JOIN LATERAL generate_series(($2::date + sc.starts) AT TIME ZONE 'Asia/Shanghai',
                                          ($2::date + sc.ends - make_interval(mins => svc.slot_minutes)) AT TIME ZONE 'Asia/Shanghai',
                                          make_interval(mins => svc.slot_minutes)) AS g
       WHERE svc.in_window AND svc.closure_reason IS NULL AND g > $3::timestamptz
     ), created AS (
       INSERT INTO slots (service_id, starts_at, ends_at, capacity)
       SELECT $1, starts_at, ends_at, capacity FROM wanted
       ON CONFLICT (service_id, starts_at) DO NOTHING
       RETURNING id, starts_at, ends_at, capacity, booked
     ), day AS (
       SELECT id, starts_at, ends_at, capacity, booked, 0 AS waiting FROM created
       UNION ALL
       SELECT sl.id, sl.starts_at, sl.ends_at, sl.capacity, sl.booked,
              (SELECT count(*) FROM waitlist_entries wl WHERE wl.slot_id = sl.id AND wl.status = 'waiting')::int
       FROM slots sl JOIN wanted w ON sl.service_id = $1 AND sl.starts_at = w.starts_at
       WHERE NOT sl.closed
     )
     SELECT svc.id AS service_id, svc.in_window AS bookable, svc.closure_reason,
            (SELECT count(*) FROM wanted)::int AS wanted,
            (SELECT COALESCE(json_agg(json_build_object(
                'id', d.id, 'starts_at', d.starts_at, 'ends_at', d.ends_at, 'capacity', d.capacity, 'booked', d.booked,
                'waiting', d.waiting,
                'mine', (SELECT b.status FROM bookings b WHERE b.slot_id = d.id AND b.user_id = $4::uuid
                           AND b.status IN ('booked', 'checked_in')
                         UNION ALL
                         SELECT 'waiting' FROM waitlist_entries wl WHERE wl.slot_id = d.id AND wl.user_id = $4::uuid
                           AND wl.status = 'waiting'
                         LIMIT 1)
              ) ORDER BY d.starts_at), '[]') FROM day d) AS slots
     FROM svc`,
    [serviceId, date, now, viewerId],
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
  holder_nickname: string
}

/** A booking `b` with its slot, service, station and holder; FROM the CTE or table aliased b. */
const BOOKING_COLUMNS = `b.id, b.code, b.status, b.party_size, b.from_waitlist, b.cancel_reason, b.created_at,
  b.checked_in_at, b.cancelled_at, b.user_id, sl.id AS slot_id, sl.starts_at, sl.ends_at, sv.id AS service_id,
  sv.name AS service_name, sv.cancel_cutoff_minutes, st.id AS station_id, st.name AS station_name,
  st.address AS station_address, st.phone AS station_phone, st.community_id, u.nickname AS holder_nickname`
const BOOKING_JOINS = `JOIN slots sl ON sl.id = b.slot_id JOIN station_services sv ON sv.id = sl.service_id
  JOIN stations st ON st.id = sv.station_id JOIN users u ON u.id = b.user_id`

/**
 * Books seats of a slot: one INSERT, whose triggers apply every rule against the locked slot row. A slot already
 * full when the statement starts is answered at once, without queueing for its lock behind everyone else who
 * wants it: when a thousand people race for twenty seats, the other 980 hear "full" quickly. (The triggers decide
 * every booking that is attempted.) Returns whether the slot exists and the booking, if one was made.
 */
export async function insertBooking(
  q: Queryable,
  b: { slotId: string; userId: string; partySize: number; now: Date },
): Promise<{ slot_exists: boolean; seen_full: boolean; booking: BookingRow | null }> {
  const [row] = await q.query<BookingRow & { slot_exists: boolean; seen_full: boolean }>(
    `WITH target AS (
       SELECT sl.id, sl.booked + $3 > sl.capacity AND sl.starts_at > $4 AND NOT sl.closed
                AND NOT EXISTS (SELECT 1 FROM bookings x WHERE x.slot_id = sl.id AND x.user_id = $2
                                  AND x.status IN ('booked', 'checked_in')) AS seen_full
       FROM slots sl WHERE sl.id = $1
     ), b AS (
       INSERT INTO bookings (slot_id, user_id, party_size, code, created_at)
       SELECT id, $2, $3, new_check_in_code(), $4 FROM target WHERE NOT seen_full
       RETURNING *
     ), made AS (
       SELECT ${BOOKING_COLUMNS} FROM b ${BOOKING_JOINS}
     )
     SELECT made.*, true AS slot_exists, target.seen_full FROM target LEFT JOIN made ON true`,
    [b.slotId, b.userId, b.partySize, b.now],
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
  return q.query<BookingRow>(
    `SELECT ${BOOKING_COLUMNS} FROM bookings b ${BOOKING_JOINS}
     WHERE b.user_id = $1
       AND ${upcoming ? '' : 'NOT'} (b.status IN ('booked', 'checked_in') AND sl.ends_at > $2)
       AND ($3::timestamptz IS NULL OR (sl.starts_at, b.id::text) ${upcoming ? '>' : '<'} ($3::timestamptz, $4::text))
     ORDER BY sl.starts_at ${upcoming ? 'ASC' : 'DESC'}, b.id::text ${upcoming ? 'ASC' : 'DESC'}
     LIMIT $5`,
    [userId, now, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit + 1],
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
    `WITH target AS (
       SELECT ${BOOKING_COLUMNS} FROM bookings b ${BOOKING_JOINS} WHERE b.id = $1 AND b.user_id = $2
     ), done AS (
       UPDATE bookings b SET status = 'cancelled', cancelled_at = $3, cancel_reason = 'user'
       FROM target t
       WHERE b.id = t.id AND b.status = 'booked'
         AND $3::timestamptz < t.starts_at - make_interval(mins => t.cancel_cutoff_minutes)
       RETURNING b.id
     )
     SELECT t.*, EXISTS (SELECT 1 FROM done) AS cancelled FROM target t`,
    [id, userId, now],
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

/** A waitlist entry `w` with its place; its position counts the entries waiting ahead of it. */
const WAITLIST_COLUMNS = `w.id, w.party_size, w.status, w.created_at, sl.id AS slot_id, sl.starts_at, sl.ends_at,
  sv.id AS service_id, sv.name AS service_name, st.id AS station_id, st.name AS station_name,
  st.address AS station_address, st.phone AS station_phone,
  CASE WHEN w.status = 'waiting' THEN 1 + (SELECT count(*) FROM waitlist_entries a
    WHERE a.slot_id = w.slot_id AND a.status = 'waiting' AND a.seq < w.seq)::int END AS position`
const WAITLIST_JOINS = `JOIN slots sl ON sl.id = w.slot_id JOIN station_services sv ON sv.id = sl.service_id
  JOIN stations st ON st.id = sv.station_id`

/** Joins a slot's waitlist; the trigger checks the slot is full for this party. Null when there is no such slot. */
export async function insertWaitlistEntry(
  q: Queryable,
  e: { slotId: string; userId: string; partySize: number; now: Date },
): Promise<WaitlistRow | null> {
  const [row] = await q.query<WaitlistRow>(
    `WITH w AS (
       INSERT INTO waitlist_entries (slot_id, user_id, party_size, created_at)
       SELECT id, $2, $3, $4 FROM slots WHERE id = $1
       RETURNING *
     )
     SELECT ${WAITLIST_COLUMNS} FROM w ${WAITLIST_JOINS}`,
    [e.slotId, e.userId, e.partySize, e.now],
  )
  return row ?? null
}

/** The user's entries still waiting for a slot to come, soonest first. */
export async function listUserWaitlist(q: Queryable, userId: string, now: Date): Promise<WaitlistRow[]> {
  return q.query<WaitlistRow>(
    `SELECT ${WAITLIST_COLUMNS} FROM waitlist_entries w ${WAITLIST_JOINS}
     WHERE w.user_id = $1 AND w.status = 'waiting' AND sl.starts_at > $2
     ORDER BY sl.starts_at, w.seq`,
    [userId, now],
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
    `WITH w AS (
       SELECT * FROM waitlist_entries WHERE id = $1 AND user_id = $2
     ), done AS (
       UPDATE waitlist_entries e SET status = 'cancelled', ended_at = $3
       FROM w WHERE e.id = w.id AND e.status = 'waiting'
       RETURNING e.id
     )
     SELECT ${WAITLIST_COLUMNS}, EXISTS (SELECT 1 FROM done) AS left FROM w ${WAITLIST_JOINS}`,
    [id, userId, now],
  )
  return row ?? null
}

/**
 * Staff check a booking in by its code, within the check-in window; audited. Returns the booking as it was, with
 * `checked_in_now` when this statement checked it in, and `manages` whether the viewer is staff of its station.
 * Parameters: $1 now, $2 staff scope, $3 admin, $4 code, $5 actor, $6 role.
 */
export async function checkIn(
  q: Queryable,
  viewer: SqlViewer & { id: string },
  code: string,
  now: Date,
): Promise<(BookingRow & { checked_in_now: boolean; manages: boolean }) | null> {
  const [row] = await q.query<BookingRow & { checked_in_now: boolean; manages: boolean }>(
    `WITH target AS (
       SELECT ${BOOKING_COLUMNS}, ${STAFF_HERE} AS manages FROM bookings b ${BOOKING_JOINS} WHERE b.code = $4
     ), done AS (
       UPDATE bookings b SET status = 'checked_in', checked_in_at = $1, checked_in_by = $5
       FROM target t
       WHERE b.id = t.id AND t.manages AND b.status = 'booked'
         AND $1::timestamptz >= t.starts_at - make_interval(mins => ${CHECK_IN_OPENS_MINUTES}) AND $1::timestamptz < t.ends_at
       RETURNING b.id
     ), audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
       SELECT $5, $6, 'booking.checked_in', 'booking', t.id::text, t.community_id,
              jsonb_build_object('status', 'booked'), jsonb_build_object('status', 'checked_in'), $1
       FROM target t WHERE EXISTS (SELECT 1 FROM done)
     )
     SELECT t.*, EXISTS (SELECT 1 FROM done) AS checked_in_now FROM target t`,
    [now, viewer.staffCommunityIds, viewer.isAdmin, code, viewer.id, viewer.role],
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
): Promise<{ manages: boolean; bookings: BookingRow[] } | null> {
  const [row] = await q.query<{ manages: boolean; bookings: (BookingRow & { starts_at: string })[] }>(
    `WITH svc AS (
       SELECT sv.id, ${STAFF_HERE} AS manages FROM station_services sv JOIN stations st ON st.id = sv.station_id
       WHERE sv.id = $1
     )
     SELECT svc.manages,
       (SELECT COALESCE(json_agg(x ORDER BY x.starts_at, x.created_at), '[]') FROM (
          SELECT ${BOOKING_COLUMNS} FROM bookings b ${BOOKING_JOINS}
          WHERE svc.manages AND sl.service_id = svc.id AND (sl.starts_at AT TIME ZONE 'Asia/Shanghai')::date = $4::date
        ) x) AS bookings
     FROM svc`,
    [serviceId, viewer.staffCommunityIds, viewer.isAdmin, date],
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
    `WITH due AS (
       SELECT b.id FROM bookings b JOIN slots sl ON sl.id = b.slot_id
       WHERE b.status = 'booked' AND sl.ends_at <= $1
       FOR UPDATE OF b SKIP LOCKED
     ), done AS (
       UPDATE bookings b SET status = 'no_show', no_show_at = sl.ends_at
       FROM due, slots sl WHERE b.id = due.id AND sl.id = b.slot_id AND b.status = 'booked'
       RETURNING b.id
     )
     SELECT count(*)::int AS changed FROM done`,
    [now],
  )
  return row?.changed ?? 0
}
