import { sqlViewer, type Actor } from '../../auth/actor'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { nameFor } from '../../db/viewer'
import type { BookingStatus } from '../../../shared/stations'
import type { TopicStatus } from '../../../shared/topics'
import type { WishCategory, WishStatus } from '../../../shared/wishes'
import type { ExportKind } from '../../../shared/workbench'

/** A community and a period of Shanghai dates, both ends included; `now` decides which bookings are no-shows. */
export interface PeriodArgs {
  communityId: string
  from: string
  to: string
  now: Date
}

/**
 * `p`: the community (no row when it does not exist) and the period as instants, [t0, t1): from 00:00 in Shanghai on
 * the first day to 00:00 on the day after the last.
 */
export const period = (a: PeriodArgs) => sql`p AS (
  SELECT c.id, c.name,
         (${a.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS t0,
         ((${a.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS t1,
         ${a.now}::timestamptz AS now
  FROM communities c WHERE c.id = ${a.communityId}::uuid
)`

/** A timestamptz as Shanghai wall time, for the exports. */
const local = (expr: string, format = 'YYYY-MM-DD HH24:MI') =>
  sql.raw(`to_char(${expr} AT TIME ZONE 'Asia/Shanghai', '${format}')`)

/** A booking still `booked` once its slot has ended reads as a no-show, as the stations feature reads it. */
export const NO_SHOW = sql`(b.status = 'no_show' OR (b.status = 'booked' AND sl.ends_at <= p.now))`

/**
 * The topics of community `p` whose voting window overlaps [t0, t1), each with its ballots and eligible residents
 * (frozen at close): the dashboard's, the month report's and the street's turnout.
 */
export const TOPICS_VOTING = sql`SELECT t.id, t.title, t.voting_opens_at AS opens,
         (SELECT count(*) FROM ballots b WHERE b.topic_id = t.id)::int AS ballots,
         COALESCE(t.eligible_at_close, topic_eligible_voters(t.community_id, t.pass_rule, topic_building_ids(t.id))) AS eligible
  FROM topics t
  WHERE t.community_id = p.id AND t.status IN ('open', 'closed')
    AND t.voting_opens_at < p.t1 AND t.voting_closes_at > p.t0`

export interface StationStatsRow {
  id: string
  name: string
  seats: number
  booked: number
  checked_in: number
  no_shows: number
}

export interface TopicStatsRow {
  id: string
  title: string
  ballots: number
  eligible: number
}

export interface StatsRow {
  community_name: string
  posted: number
  completed: number
  median_hours_to_claim: number | null
  median_hours_to_complete: number | null
  hours_total: number
  hours_volunteers: number
  stations: StationStatsRow[]
  topics: TopicStatsRow[]
}

/** Every figure of the dashboard, in one statement. Null when the community does not exist. */
export async function findStats(q: Queryable, a: PeriodArgs): Promise<StatsRow | null> {
  const [row] = await q.query<StatsRow>(
    sql`WITH ${period(a)}
     SELECT p.name AS community_name,
       (SELECT count(*)::int FROM wishes w
        WHERE w.community_id = p.id AND w.created_at >= p.t0 AND w.created_at < p.t1) AS posted,
       (SELECT count(*)::int FROM wishes w
        WHERE w.community_id = p.id AND w.status = 'completed' AND w.completed_at >= p.t0 AND w.completed_at < p.t1)
         AS completed,
       -- Each claim made in the period, from the moment the wish was last opened to volunteers before it: its
       -- approval, or the release or timeout that put it back on the wall.
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM k.claimed_at - opened.at) / 3600)
        FROM wish_claims k JOIN wishes w ON w.id = k.wish_id
        CROSS JOIN LATERAL (SELECT max(e.created_at) AS at FROM wish_events e
                            WHERE e.wish_id = k.wish_id AND e.type IN ('approved', 'released', 'timed_out')
                              AND e.created_at <= k.claimed_at) opened
        WHERE w.community_id = p.id AND k.claimed_at >= p.t0 AND k.claimed_at < p.t1 AND opened.at IS NOT NULL)
         ::float8 AS median_hours_to_claim,
       -- The claim that ended in the confirmation: its start to the confirmation (a dispute keeps the claim).
       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM k.ended_at - k.claimed_at) / 3600)
        FROM wish_claims k JOIN wishes w ON w.id = k.wish_id
        WHERE w.community_id = p.id AND k.end_reason = 'completed' AND k.ended_at >= p.t0 AND k.ended_at < p.t1)
         ::float8 AS median_hours_to_complete,
       (SELECT COALESCE(sum(h.hours), 0)::float8 FROM volunteer_hours h
        WHERE h.community_id = p.id AND h.confirmed_at >= p.t0 AND h.confirmed_at < p.t1) AS hours_total,
       (SELECT count(DISTINCT h.volunteer_id)::int FROM volunteer_hours h
        WHERE h.community_id = p.id AND h.confirmed_at >= p.t0 AND h.confirmed_at < p.t1) AS hours_volunteers,
       (SELECT COALESCE(json_agg(s ORDER BY s.name, s.id), '[]') FROM (
          SELECT st.id, st.name,
                 COALESCE(sum(sl.capacity), 0)::int AS seats,
                 COALESCE(sum(b.booked), 0)::int AS booked,
                 COALESCE(sum(b.checked_in), 0)::int AS checked_in,
                 COALESCE(sum(b.no_shows), 0)::int AS no_shows
          FROM stations st
          LEFT JOIN (station_services sv
                     JOIN slots sl ON sl.service_id = sv.id AND NOT sl.closed
                                  AND sl.starts_at >= p.t0 AND sl.starts_at < p.t1)
            ON sv.station_id = st.id
          LEFT JOIN LATERAL (
            SELECT sum(b.party_size) FILTER (WHERE b.status <> 'cancelled') AS booked,
                   count(*) FILTER (WHERE b.status = 'checked_in') AS checked_in,
                   count(*) FILTER (WHERE ${NO_SHOW}) AS no_shows
            FROM bookings b WHERE b.slot_id = sl.id
          ) b ON true
          WHERE st.community_id = p.id
          GROUP BY st.id, st.name
        ) s) AS stations,
       (SELECT COALESCE(json_agg(x ORDER BY x.opens, x.id), '[]') FROM (${TOPICS_VOTING}) x) AS topics
     FROM p`,
  )
  return row ?? null
}

// Exports: each one statement that reads the rows and records who exported what (audit_log).

export interface ExportResult<R> {
  community_name: string
  rows: R[]
}

/** Records the export in the same statement: staff reading residents' data in bulk is an action like any other. */
const audited = (kind: ExportKind, a: PeriodArgs, actor: Actor) => sql`audited AS (
  INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, after, created_at)
  SELECT ${actor.id}::uuid, ${actor.role}::text, 'stats.export', 'export', ${sql.raw(`'${kind}'`)}, p.id,
         jsonb_build_object('kind', ${sql.raw(`'${kind}'`)}, 'from', ${a.from}::text, 'to', ${a.to}::text), p.now
  FROM p
)`

/** A person named in an export of community `p`, as the one exporting may see them (`nameFor`). */
const nameIn = (actor: Actor, id: string, nickname: string) =>
  nameFor(sqlViewer(actor), { id: sql.raw(id), nickname: sql.raw(nickname), community: sql`p.id` })

async function exportRows<R>(
  q: Queryable,
  kind: ExportKind,
  a: PeriodArgs,
  actor: Actor,
  rows: Sql,
): Promise<ExportResult<R> | null> {
  const [row] = await q.query<ExportResult<R>>(
    sql`WITH ${period(a)}, ${audited(kind, a, actor)}
     SELECT p.name AS community_name, (${rows}) AS rows FROM p`,
  )
  return row ?? null
}

export interface WishExportRow {
  id: string
  title: string
  description: string
  category: WishCategory
  status: WishStatus
  owner_name: string
  created_at: string
  approved_at: string | null
  claimed_at: string | null
  volunteer_name: string | null
  hours: string | null
  completed_at: string | null
  rating: number | null
}

/** Every wish posted in the period, oldest first: no address, no phone. */
export function findWishExport(q: Queryable, a: PeriodArgs, actor: Actor) {
  return exportRows<WishExportRow>(
    q,
    'wishes',
    a,
    actor,
    sql`SELECT COALESCE(json_agg(r ORDER BY r.at, r.id), '[]') FROM (
       SELECT w.id, w.created_at AS at, w.title, w.description, w.category, w.status,
              ${nameIn(actor, 'w.owner_id', 'o.nickname')} AS owner_name,
              ${local('w.created_at')} AS created_at,
              (SELECT ${local('min(e.created_at)')} FROM wish_events e
               WHERE e.wish_id = w.id AND e.type = 'approved') AS approved_at,
              ${local('w.claimed_at')} AS claimed_at,
              v.real_name AS volunteer_name,
              w.hours::text AS hours,
              ${local('w.completed_at')} AS completed_at,
              w.rating
       FROM wishes w JOIN users o ON o.id = w.owner_id LEFT JOIN volunteers v ON v.user_id = w.claimer_id
       WHERE w.community_id = p.id AND w.created_at >= p.t0 AND w.created_at < p.t1
     ) r`,
  )
}

export interface VolunteerHourExportRow {
  id: string
  volunteer_name: string
  title: string
  /** Null for the hours of an activity's post. */
  category: WishCategory | null
  fulfil_note: string | null
  service_date: string
  hours: string
  confirmer_name: string
  /** Whether the wish's owner confirmed (else staff on the owner's behalf); null for an activity's post. */
  by_owner: boolean | null
  confirmed_at: string
}

/** Hours confirmed in the period, oldest first, with what a certificate of volunteer service needs. */
export function findVolunteerHourExport(q: Queryable, a: PeriodArgs, actor: Actor) {
  return exportRows<VolunteerHourExportRow>(
    q,
    'volunteer-hours',
    a,
    actor,
    sql`SELECT COALESCE(json_agg(r ORDER BY r.at, r.id), '[]') FROM (
       SELECT h.id, h.confirmed_at AS at, COALESCE(v.real_name, vu.nickname) AS volunteer_name,
              COALESCE(w.title, a.title || '·' || ap.name) AS title, w.category,
              w.fulfil_note, ${local('COALESCE(w.fulfilled_at, a.starts_at, h.confirmed_at)', 'YYYY-MM-DD')} AS service_date,
              h.hours::text AS hours,
              ${nameIn(actor, 'h.confirmed_by', 'cu.nickname')} AS confirmer_name, h.confirmed_by = w.owner_id AS by_owner,
              ${local('h.confirmed_at')} AS confirmed_at
       FROM volunteer_hours h
       LEFT JOIN wishes w ON w.id = h.wish_id
       LEFT JOIN activity_posts ap ON ap.id = h.activity_post_id
       LEFT JOIN activities a ON a.id = ap.activity_id
       JOIN users vu ON vu.id = h.volunteer_id
       LEFT JOIN volunteers v ON v.user_id = h.volunteer_id
       JOIN users cu ON cu.id = h.confirmed_by
       WHERE h.community_id = p.id AND h.confirmed_at >= p.t0 AND h.confirmed_at < p.t1
     ) r`,
  )
}

export interface BookingExportRow {
  id: string
  station: string
  service: string
  date: string
  starts: string
  ends: string
  party_size: number
  /** As read now: a booking still `booked` after its slot ended is a no-show. */
  status: BookingStatus
  holder_name: string
  booked_at: string
  checked_in_at: string | null
  cancelled_at: string | null
  cancel_reason: 'user' | 'closure' | null
  from_waitlist: boolean
}

/** Every booking of the community's stations' slots that started in the period, by slot time: no phone. */
export function findBookingExport(q: Queryable, a: PeriodArgs, actor: Actor) {
  return exportRows<BookingExportRow>(
    q,
    'bookings',
    a,
    actor,
    sql`SELECT COALESCE(json_agg(r ORDER BY r.at, r.station, r.service, r.created, r.id), '[]') FROM (
       SELECT b.id, sl.starts_at AS at, b.created_at AS created, st.name AS station, sv.name AS service,
              ${local('sl.starts_at', 'YYYY-MM-DD')} AS date, ${local('sl.starts_at', 'HH24:MI')} AS starts,
              ${local('sl.ends_at', 'HH24:MI')} AS ends, b.party_size,
              CASE WHEN ${NO_SHOW} THEN 'no_show' ELSE b.status END AS status,
              ${nameIn(actor, 'b.user_id', 'u.nickname')} AS holder_name, ${local('b.created_at')} AS booked_at,
              ${local('b.checked_in_at')} AS checked_in_at, ${local('b.cancelled_at')} AS cancelled_at,
              b.cancel_reason, b.from_waitlist
       FROM stations st
       JOIN station_services sv ON sv.station_id = st.id
       JOIN slots sl ON sl.service_id = sv.id
       JOIN bookings b ON b.slot_id = sl.id
       JOIN users u ON u.id = b.user_id
       WHERE st.community_id = p.id AND sl.starts_at >= p.t0 AND sl.starts_at < p.t1
     ) r`,
  )
}

export interface BallotExportRow {
  topic_id: string
  title: string
  status: TopicStatus
  opens_at: string
  closes_at: string
  option: string
  count: number
  ballots: number
  eligible: number
}

/**
 * Per topic whose voting window overlaps the period and per option: the count (frozen at close), the topic's ballots
 * and eligible residents. Aggregates only: who voted for what never leaves the database.
 */
export function findBallotExport(q: Queryable, a: PeriodArgs, actor: Actor) {
  return exportRows<BallotExportRow>(
    q,
    'ballots',
    a,
    actor,
    sql`SELECT COALESCE(json_agg(r ORDER BY r.opens, r.topic_id, r.position), '[]') FROM (
       SELECT t.id AS topic_id, t.voting_opens_at AS opens, o.position, t.title, t.status,
              ${local('t.voting_opens_at')} AS opens_at, ${local('t.voting_closes_at')} AS closes_at,
              o.label AS option,
              COALESCE(o.final_count,
                       (SELECT count(*) FROM ballots b WHERE b.topic_id = t.id AND o.id = ANY (b.option_ids)))::int
                AS count,
              (SELECT count(*) FROM ballots b WHERE b.topic_id = t.id)::int AS ballots,
              COALESCE(t.eligible_at_close, topic_eligible_voters(t.community_id, t.pass_rule, topic_building_ids(t.id))) AS eligible
       FROM topics t JOIN topic_options o ON o.topic_id = t.id
       WHERE t.community_id = p.id AND t.status IN ('open', 'closed')
         AND t.voting_opens_at < p.t1 AND t.voting_closes_at > p.t0
     ) r`,
  )
}
