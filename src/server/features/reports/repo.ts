import type { Actor } from '../../auth/actor'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import type { NoticeKind } from '../../../shared/notices'
import type { MeanFigure } from '../../../shared/ratings'
import { PROBLEMS_RECEIVED, PROBLEM_TOTALS } from '../problems/repo'
import { bookingRatingFigure, surveyScoreFigure, topicRatingFigure, wishRatingFigure } from '../ratings/figures'
import { NO_SHOW, TOPICS_VOTING, period, type PeriodArgs } from '../stats/repo'

/*
 * The month in public and the street's view. Both read the figures of a community `p` (a row with `id`, `t0`, `t1`
 * and `now`: the period as instants [t0, t1) and the time that decides no-shows), from the fragments below: the
 * month report for one community, the street for each of its communities side by side. The problem and topic
 * figures are the problems' and the dashboard's own fragments, so the three pages count alike.
 */

/** Wishes posted and confirmed complete in the period. */
const WISHES = sql`SELECT
    count(*) FILTER (WHERE w.created_at >= p.t0 AND w.created_at < p.t1)::int AS posted,
    count(*) FILTER (WHERE w.status = 'completed' AND w.completed_at >= p.t0 AND w.completed_at < p.t1)::int AS completed
  FROM wishes w WHERE w.community_id = p.id
    AND ((w.created_at >= p.t0 AND w.created_at < p.t1) OR (w.completed_at >= p.t0 AND w.completed_at < p.t1))`

/** Volunteer hours confirmed in the period: for wishes, for activities' posts, and how many volunteers. */
const HOURS = sql`SELECT COALESCE(sum(h.hours), 0)::float8 AS total,
         COALESCE(sum(h.hours) FILTER (WHERE h.wish_id IS NOT NULL), 0)::float8 AS from_wishes,
         COALESCE(sum(h.hours) FILTER (WHERE h.activity_post_id IS NOT NULL), 0)::float8 AS from_activities,
         count(DISTINCT h.volunteer_id)::int AS volunteers
  FROM volunteer_hours h WHERE h.community_id = p.id AND h.confirmed_at >= p.t0 AND h.confirmed_at < p.t1`

/** Bookings of the community's stations' slots that started in the period (no-shows as the dashboard reads them). */
const BOOKINGS = sql`SELECT count(*) FILTER (WHERE b.status <> 'cancelled')::int AS booked,
         count(*) FILTER (WHERE b.status = 'checked_in')::int AS checked_in,
         count(*) FILTER (WHERE ${NO_SHOW})::int AS no_shows
  FROM stations st JOIN station_services sv ON sv.station_id = st.id
  JOIN slots sl ON sl.service_id = sv.id JOIN bookings b ON b.slot_id = sl.id
  WHERE st.community_id = p.id AND sl.starts_at >= p.t0 AND sl.starts_at < p.t1`

/** The problems' own figures over the problems received in the period. */
const PROBLEMS = sql`SELECT ${PROBLEM_TOTALS} FROM (${PROBLEMS_RECEIVED}) x`

/** Each figure's fragment joined beside `p`, under its alias. */
const FIGURES = sql`LEFT JOIN LATERAL (${WISHES}) w ON true
  LEFT JOIN LATERAL (${HOURS}) h ON true
  LEFT JOIN LATERAL (${BOOKINGS}) bk ON true
  LEFT JOIN LATERAL (${PROBLEMS}) pb ON true`

export interface MonthReportRow {
  community_name: string
  wishes_posted: number
  wishes_completed: number
  hours_total: number
  hours_wishes: number
  hours_activities: number
  hours_volunteers: number
  booked: number
  checked_in: number
  no_shows: number
  voted: { id: string; title: string; ballots: number; eligible: number }[]
  decided: { id: string; title: string; outcome: string; outcome_at: string }[]
  problems_received: number
  problems_resolved: number
  problems_on_time: number
  on_time_rate: number | null
  satisfaction_rate: number | null
  activities_held: number
  activities_signed_up: number
  activities_checked_in: number
  activities: { id: string; title: string; starts_at: string; signed_up: number; checked_in: number }[]
  budgets: {
    id: string
    title: string
    amount: number
    spent_in_month: number
    spent_to_date: number
    selected: { id: string; title: string; cost: number }[]
  }[]
  notices: { id: string; title: string; kind: NoticeKind; supersedes_id: string | null; created_at: string }[]
  satisfaction: Record<'bookings' | 'topics' | 'wishes' | 'surveys', MeanFigure>
}

/** Activities that started in the period, not cancelled, with the people signed up and checked in. */
const ACTIVITIES = sql`SELECT count(*)::int AS held,
         COALESCE(sum(s.signed_up), 0)::int AS signed_up, COALESCE(sum(s.checked_in), 0)::int AS checked_in,
         COALESCE(json_agg(json_build_object('id', a.id, 'title', a.title, 'starts_at', a.starts_at,
                                             'signed_up', s.signed_up, 'checked_in', s.checked_in)
                           ORDER BY a.starts_at, a.id), '[]') AS list
  FROM activities a
  CROSS JOIN LATERAL (
    SELECT COALESCE(sum(su.party_size) FILTER (WHERE su.status <> 'cancelled'), 0)::int AS signed_up,
           COALESCE(sum(su.party_size) FILTER (WHERE su.status = 'checked_in'), 0)::int AS checked_in
    FROM activity_signups su WHERE su.activity_id = a.id
  ) s
  WHERE a.community_id = p.id AND a.status <> 'cancelled' AND a.starts_at >= p.t0 AND a.starts_at < p.t1`

/**
 * 社区微实事: the rounds open at some time in the period or with spending recorded in it; what was spent in the
 * period and by its end; the selected projects once voting closed (by the end of the period and by now).
 */
const BUDGETS = sql`SELECT COALESCE(json_agg(json_build_object(
           'id', bu.id, 'title', bu.title, 'amount', bu.amount,
           'spent_in_month', e.in_month, 'spent_to_date', e.to_date,
           'selected', CASE WHEN bu.voting_closes_at < p.t1 AND bu.voting_closes_at <= p.now THEN
             (SELECT COALESCE(json_agg(json_build_object('id', bp.id, 'title', bp.title, 'cost', s.cost)
                                       ORDER BY s.rank), '[]')
              FROM budget_selection(bu.id) s JOIN budget_proposals bp ON bp.id = s.proposal_id WHERE s.selected)
             ELSE '[]' END
         ) ORDER BY bu.proposals_open_at, bu.id), '[]')
  FROM budgets bu
  CROSS JOIN LATERAL (
    SELECT COALESCE(sum(x.amount) FILTER (WHERE x.created_at >= p.t0), 0)::bigint AS in_month,
           COALESCE(sum(x.amount), 0)::bigint AS to_date,
           count(*) FILTER (WHERE x.created_at >= p.t0) AS entries_in_month
    FROM budget_expenses x JOIN budget_proposals bp ON bp.id = x.proposal_id
    WHERE bp.budget_id = bu.id AND x.created_at < p.t1
  ) e
  WHERE bu.community_id = p.id
    AND ((bu.proposals_open_at < p.t1 AND bu.voting_closes_at >= p.t0) OR e.entries_in_month > 0)`

/** 公开栏: the notices published in the period, corrections included (each a publication of its own). */
const NOTICES = sql`SELECT COALESCE(json_agg(json_build_object('id', n.id, 'title', n.title, 'kind', n.kind,
                                             'supersedes_id', n.supersedes_id, 'created_at', n.created_at)
                           ORDER BY n.created_at, n.id), '[]')
  FROM notices n WHERE n.community_id = p.id AND n.created_at >= p.t0 AND n.created_at < p.t1`

/** The period row's columns, for the fragments that take them as arguments (features/ratings/figures.ts). */
const P = { id: sql`p.id`, t0: sql`p.t0`, t1: sql`p.t1` }

/**
 * The month report's figures and decisions of community `a.communityId`, in one statement; null when the community
 * does not exist.
 */
export async function findMonthReport(q: Queryable, a: PeriodArgs): Promise<MonthReportRow | null> {
  const [row] = await q.query<MonthReportRow>(
    sql`WITH ${period(a)}
     SELECT p.name AS community_name,
       w.posted AS wishes_posted, w.completed AS wishes_completed,
       h.total AS hours_total, h.from_wishes AS hours_wishes, h.from_activities AS hours_activities,
       h.volunteers AS hours_volunteers,
       bk.booked, bk.checked_in, bk.no_shows,
       (SELECT COALESCE(json_agg(json_build_object('id', v.id, 'title', v.title, 'ballots', v.ballots,
                                                   'eligible', v.eligible) ORDER BY v.opens, v.id), '[]')
        FROM (${TOPICS_VOTING}) v) AS voted,
       (SELECT COALESCE(json_agg(json_build_object('id', t.id, 'title', t.title, 'outcome', t.outcome_summary,
                                                   'outcome_at', t.outcome_at) ORDER BY t.outcome_at, t.id), '[]')
        FROM topics t WHERE t.community_id = p.id AND t.outcome_at >= p.t0 AND t.outcome_at < p.t1) AS decided,
       pb.received AS problems_received, pb.resolved AS problems_resolved, pb.resolved_on_time AS problems_on_time,
       pb.on_time_rate, pb.satisfaction_rate,
       act.held AS activities_held, act.signed_up AS activities_signed_up, act.checked_in AS activities_checked_in,
       act.list AS activities,
       (${BUDGETS}) AS budgets,
       (${NOTICES}) AS notices,
       json_build_object(
         'bookings', ${bookingRatingFigure(P.id, P.t0, P.t1)}, 'topics', ${topicRatingFigure(P.id, P.t0, P.t1)},
         'wishes', ${wishRatingFigure(P.id, P.t0, P.t1)}, 'surveys', ${surveyScoreFigure(P.id, P.t0, P.t1)}
       ) AS satisfaction
     FROM p ${FIGURES}
     LEFT JOIN LATERAL (${ACTIVITIES}) act ON true`,
  )
  return row ?? null
}

export interface StreetArgs {
  streetId: string
  from: string
  to: string
  now: Date
}

export interface StreetCommunityRow {
  community_id: string
  name: string
  verified_members: number
  wishes_completed: number
  volunteer_hours: number
  bookings: number
  no_shows: number
  problems_received: number
  on_time_rate: number | null
  satisfaction_rate: number | null
  turnout: number | null
  survey_mean: number | null
}

export interface StreetStatsRow {
  street_name: string
  communities: StreetCommunityRow[]
}

/** Records a street's export in the statement that reads it: staff reading figures in bulk is an action. */
const audited = (a: StreetArgs, actor: Actor) => sql`, audited AS (
  INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, after, created_at)
  SELECT ${actor.id}::uuid, ${actor.role}::text, 'stats.export', 'export', 'street', NULL,
         jsonb_build_object('kind', 'street', 'streetId', s.id, 'from', ${a.from}::text, 'to', ${a.to}::text), s.now
  FROM s
)`

/**
 * One row per community of the street, side by side, in one statement; null when the street does not exist. With
 * `exportedBy`, the same statement records the export in the audit log.
 */
export async function findStreetStats(q: Queryable, a: StreetArgs, exportedBy?: Actor): Promise<StreetStatsRow | null> {
  const audit: Sql = exportedBy ? audited(a, exportedBy) : sql.empty
  const [row] = await q.query<StreetStatsRow>(
    sql`WITH s AS (
       SELECT st.id, st.name,
              (${a.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS t0,
              ((${a.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS t1,
              ${a.now}::timestamptz AS now
       FROM streets st WHERE st.id = ${a.streetId}::uuid
     ), p AS (
       SELECT c.id, c.name, s.t0, s.t1, s.now FROM communities c JOIN s ON c.street_id = s.id
     )${audit}
     SELECT s.name AS street_name, (
       SELECT COALESCE(json_agg(r ORDER BY r.name, r.community_id), '[]') FROM (
         SELECT p.id AS community_id, p.name,
                (SELECT count(*)::int FROM memberships m WHERE m.community_id = p.id AND m.status = 'verified')
                  AS verified_members,
                w.completed AS wishes_completed, h.total AS volunteer_hours, bk.booked AS bookings, bk.no_shows,
                pb.received AS problems_received, pb.on_time_rate, pb.satisfaction_rate,
                (SELECT sum(v.ballots)::float8 / NULLIF(sum(v.eligible), 0) FROM (${TOPICS_VOTING}) v) AS turnout,
                (${surveyScoreFigure(P.id, P.t0, P.t1)} ->> 'mean')::float8 AS survey_mean
         FROM p ${FIGURES}
       ) r) AS communities
     FROM s`,
  )
  return row ?? null
}
