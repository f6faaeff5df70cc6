import {
  DEFAULT_DUE_HOURS,
  PROBLEM_TRANSITIONS,
  RATING_WINDOW_DAYS,
  SAFETY_DUE_HOURS,
  type OrgKind,
  type ProblemCategory,
  type ProblemEventType,
  type ProblemStatus,
  type ProblemTransition,
  type Satisfaction,
} from '../../../shared/problems'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { nameFor, staffOf, type SqlViewer } from '../../db/viewer'
import { allAttached, attachUploads, photosJson, photosOf, type OwnerType, type PhotoRow } from '../uploads/attach'

/** Who is asking, as the problems' statements need it. */
export type ProblemSqlViewer = SqlViewer

export interface ProblemRow {
  id: string
  community_id: string
  reporter_id: string
  category: ProblemCategory
  description: string
  location: string | null
  building_id: string | null
  status: ProblemStatus
  org_id: string | null
  handler_id: string | null
  due_at: Date | null
  assigned_at: Date | null
  accepted_at: Date | null
  result: string | null
  resolved_at: Date | null
  satisfaction: Satisfaction | null
  rating_comment: string | null
  rated_at: Date | null
  closed_at: Date | null
  escalated_at: Date | null
  escalation_reason: string | null
  overdue_at: Date | null
  created_at: Date
  /** As the viewer may see them (`nameFor`). */
  reporter_name: string
  handler_name: string | null
  org_name: string | null
  building_name: string | null
  overdue: boolean
  is_staff: boolean
  is_org_handler: boolean
  /** The reporter's photos and the resolution's, in their order: read with one problem, not with lists. */
  photos?: PhotoRow[]
  result_photos?: PhotoRow[]
}

const OPEN = sql.raw(`('submitted', 'assigned', 'in_progress', 'reopened')`)

/** The viewer acts as staff of problem `p`'s community. */
const staffHere = (viewer: SqlViewer) => staffOf(viewer, sql`p.community_id`)

/** The viewer handles problems for the organisation `p` is assigned to. */
const orgHandler = (viewer: SqlViewer) =>
  sql`EXISTS (SELECT 1 FROM org_handlers oh WHERE oh.user_id = ${viewer.id}::uuid AND oh.org_id = p.org_id)`

/**
 * Who sees problem `p`: verified members of its community, its reporter, staff of its community and the handlers of
 * the community's organisations. The rule for its photos too (uploads/owners.ts).
 */
export const problemVisibleTo = (viewer: SqlViewer) => sql`(p.reporter_id = ${viewer.id}::uuid
  OR p.community_id = ${viewer.memberOf}::uuid
  OR ${staffHere(viewer)}
  OR EXISTS (SELECT 1 FROM org_handlers oh JOIN orgs o ON o.id = oh.org_id
             WHERE oh.user_id = ${viewer.id}::uuid AND o.community_id = p.community_id))`

/** Open and past its due time at `now`. */
const overdueAt = (now: Date) => sql`COALESCE(p.status IN ${OPEN} AND p.due_at < ${now}::timestamptz, false)`

/** The photos of `p` as the statement shows them: those it attached itself are not seen by `photosOf` (its snapshot). */
interface PhotoColumns {
  photos?: Sql
  resultPhotos?: Sql
}

/** Every column of `p` as the viewer may see it; its photos too when `photos` is given (one problem, not lists). */
const columns = (viewer: SqlViewer, now: Date, photos?: PhotoColumns) => sql`p.*,
  ${nameFor(viewer, {
    id: sql`p.reporter_id`,
    nickname: sql`ru.nickname`,
    community: sql`p.community_id`,
    alsoFullWhen: orgHandler(viewer),
  })} AS reporter_name,
  hu.nickname AS handler_name, o.name AS org_name, b.name AS building_name,
  ${overdueAt(now)} AS overdue, ${staffHere(viewer)} AS is_staff, ${orgHandler(viewer)} AS is_org_handler${
    photos
      ? sql`,
  ${photos.photos ?? photosOf('problem', sql`p.id`)} AS photos,
  ${photos.resultPhotos ?? photosOf('problem_result', sql`p.id`)} AS result_photos`
      : sql.empty
  }`

/** Attaches the uploads `ids` of the viewer's to the problem the CTE `p` wrote, if it wrote one: the CTE `attached`. */
const attachToP = (type: OwnerType, viewer: SqlViewer, ids: string[], now: Date) => sql`attached AS (
  ${attachUploads({ type, ownerId: sql`(SELECT id FROM p)`, uploaderId: viewer.id ?? '', ids, now, when: sql`EXISTS (SELECT 1 FROM p)` })}
)`

/** The condition of the final SELECT: every upload was attached (else LU001 ends the statement), if `p` wrote one. */
const attachedAll = (ids: string[]) => allAttached(sql`attached`, ids.length, sql`EXISTS (SELECT 1 FROM p)`)

const JOINS = sql`JOIN users ru ON ru.id = p.reporter_id LEFT JOIN users hu ON hu.id = p.handler_id
  LEFT JOIN orgs o ON o.id = p.org_id LEFT JOIN buildings b ON b.id = p.building_id`

export async function insertProblem(
  q: Queryable,
  viewer: ProblemSqlViewer,
  r: {
    communityId: string
    category: ProblemCategory
    description: string
    location?: string
    buildingId?: string
    /** The reporter's own uploads, attached to nothing yet: refused (LU001) otherwise. */
    photoIds: string[]
    now: Date
  },
): Promise<ProblemRow | null> {
  // The building, when named, must be one of the community's: else nothing is written (the caller answers 400). The
  // problem, its event and its photos are written together or not at all.
  const [row] = await q.query<ProblemRow>(
    sql`WITH p AS (
       INSERT INTO problems (community_id, reporter_id, category, description, location, building_id, created_at,
                             updated_at)
       SELECT ${r.communityId}, ${viewer.id}, ${r.category}, ${r.description}, ${r.location ?? null},
              ${r.buildingId ?? null}, ${r.now}, ${r.now}
       WHERE ${r.buildingId ?? null}::uuid IS NULL
          OR EXISTS (SELECT 1 FROM buildings WHERE id = ${r.buildingId ?? null}::uuid AND community_id = ${r.communityId})
       RETURNING *
     ), e AS (
       INSERT INTO problem_events (problem_id, actor_id, actor_role, type, created_at)
       SELECT id, reporter_id, ${viewer.role}::text, 'created', ${r.now}::timestamptz FROM p
     ), ${attachToP('problem', viewer, r.photoIds, r.now)}
     SELECT ${columns(viewer, r.now, { photos: photosJson(sql`attached`), resultPhotos: sql`'[]'::json` })}
     FROM p ${JOINS} WHERE ${attachedAll(r.photoIds)}`,
  )
  return row ?? null
}

export interface ProblemFilter {
  communityId: string | null
  status: ProblemStatus | null
  reporterId: string | null
  /** Only escalated and still open, in the viewer's staff communities. */
  escalated: boolean
  limit: number
  before?: readonly [string, string]
}

/** A page of problems the viewer may see, newest first. */
export async function listProblems(
  q: Queryable,
  viewer: ProblemSqlViewer,
  f: ProblemFilter,
  now: Date,
): Promise<ProblemRow[]> {
  const [beforeTime, beforeId] = f.before ?? [null, null]
  return q.query<ProblemRow>(
    sql`SELECT ${columns(viewer, now)} FROM problems p ${JOINS}
     WHERE (${f.communityId}::uuid IS NULL OR p.community_id = ${f.communityId}::uuid)
       AND (${f.status}::text IS NULL OR p.status = ${f.status}::text)
       AND (${f.reporterId}::uuid IS NULL OR p.reporter_id = ${f.reporterId}::uuid)
       AND (NOT ${f.escalated}::boolean OR (p.escalated_at IS NOT NULL AND p.status IN ${OPEN} AND ${staffHere(viewer)}))
       AND ${problemVisibleTo(viewer)}
       AND (${beforeTime}::timestamptz IS NULL
         OR (p.created_at, p.id::text) < (${beforeTime}::timestamptz, ${beforeId}::text))
     ORDER BY p.created_at DESC, p.id::text DESC
     LIMIT ${f.limit + 1}`,
  )
}

/** The handler's queue: their organisations' problems assigned, in progress or reopened, oldest due first. */
export async function listHandlerQueue(
  q: Queryable,
  viewer: ProblemSqlViewer,
  page: { limit: number; after?: readonly [string, string] },
  now: Date,
): Promise<ProblemRow[]> {
  const [afterTime, afterId] = page.after ?? [null, null]
  return q.query<ProblemRow>(
    sql`SELECT ${columns(viewer, now)} FROM problems p ${JOINS}
     WHERE p.org_id IN (SELECT org_id FROM org_handlers WHERE user_id = ${viewer.id}::uuid)
       AND p.status IN ('assigned', 'in_progress', 'reopened')
       AND (${afterTime}::timestamptz IS NULL OR (p.due_at, p.id::text) > (${afterTime}::timestamptz, ${afterId}::text))
     ORDER BY p.due_at, p.id::text
     LIMIT ${page.limit + 1}`,
  )
}

export async function findProblemForViewer(
  q: Queryable,
  id: string,
  viewer: ProblemSqlViewer,
  now: Date,
): Promise<ProblemRow | null> {
  const [row] = await q.query<ProblemRow>(
    sql`SELECT ${columns(viewer, now, {})} FROM problems p ${JOINS} WHERE p.id = ${id} AND ${problemVisibleTo(viewer)}`,
  )
  return row ?? null
}

export type ProblemState = Pick<
  ProblemRow,
  'status' | 'community_id' | 'reporter_id' | 'handler_id' | 'escalated_at' | 'is_staff' | 'is_org_handler'
> & { visible: boolean; org_here: boolean | null }

/** What a failed transition is diagnosed from. */
export async function findProblemState(
  q: Queryable,
  id: string,
  viewer: ProblemSqlViewer,
  orgId: string | null,
): Promise<ProblemState | null> {
  const [row] = await q.query<ProblemState>(
    sql`SELECT p.status, p.community_id, p.reporter_id, p.handler_id, p.escalated_at, ${staffHere(viewer)} AS is_staff,
            ${orgHandler(viewer)} AS is_org_handler, ${problemVisibleTo(viewer)} AS visible,
            CASE WHEN ${orgId}::uuid IS NULL THEN NULL
                 ELSE EXISTS (SELECT 1 FROM orgs WHERE id = ${orgId}::uuid AND community_id = p.community_id) END AS org_here
     FROM problems p WHERE p.id = ${id}`,
  )
  return row ?? null
}

/** What each transition takes from its request besides the note. */
export interface TransitionInputs {
  assign: { orgId: string; dueAt: string | null }
  accept: NoInput
  return: NoInput
  resolve: { result: string; photoIds: string[] }
  rate: { satisfaction: Satisfaction; comment: string | null }
  reopen: { comment: string }
  escalate: { reason: string }
}
type NoInput = Record<never, never>

export type TransitionArgs<T extends ProblemTransition> = {
  id: string
  now: Date
  viewer: ProblemSqlViewer
  /** Goes to the timeline. */
  note: string | null
} & TransitionInputs[T]

type TransitionSql<T extends ProblemTransition> = (args: TransitionArgs<T>) => Sql

interface TransitionSpec<T extends ProblemTransition> {
  /** Who may make the change, as a condition of the UPDATE (the status condition comes from the shared table). */
  who: TransitionSql<T>
  /** More columns to set, besides the status. */
  set: TransitionSql<T>
  event: ProblemEventType
  /** The event's note, when it is not the request's. */
  eventNote?: TransitionSql<T>
  /** Writes the action to the audit log when this condition holds (staff acting). */
  auditWhen?: TransitionSql<T>
  /** Photos the actor attaches with the change: their own uploads, as the owner type. */
  photos?: { type: OwnerType; column: keyof PhotoColumns; ids: (args: TransitionArgs<T>) => string[] }
}

const hoursOf = (n: number) => sql.raw(String(n))

/** How each transition of the shared table (`PROBLEM_TRANSITIONS`) is written in SQL. */
const TRANSITIONS: { readonly [T in ProblemTransition]: TransitionSpec<T> } = {
  assign: {
    who: ({ viewer, orgId }) =>
      sql`${staffHere(viewer)} AND EXISTS (SELECT 1 FROM orgs WHERE id = ${orgId}::uuid AND community_id = p.community_id)`,
    set: ({ orgId, dueAt, now }) => sql`org_id = ${orgId}::uuid, handler_id = NULL, accepted_at = NULL,
      assigned_at = ${now}, overdue_at = NULL,
      due_at = COALESCE(${dueAt}::timestamptz, ${now}::timestamptz + make_interval(hours =>
        CASE WHEN p.category = 'safety' THEN ${hoursOf(SAFETY_DUE_HOURS)} ELSE ${hoursOf(DEFAULT_DUE_HOURS)} END))`,
    event: 'assigned',
    eventNote: () =>
      sql`(SELECT name FROM orgs WHERE id = p.org_id) || '，办理时限 '
        || to_char(p.due_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')`,
    auditWhen: () => sql`true`,
  },
  accept: {
    who: ({ viewer }) => orgHandler(viewer),
    set: ({ viewer, now }) => sql`handler_id = ${viewer.id}::uuid, accepted_at = ${now}`,
    event: 'accepted',
  },
  return: {
    who: ({ viewer }) => orgHandler(viewer),
    set: () => sql`org_id = NULL, handler_id = NULL, assigned_at = NULL`,
    event: 'returned',
  },
  resolve: {
    who: ({ viewer }) => sql`(p.handler_id = ${viewer.id}::uuid OR ${staffHere(viewer)})`,
    set: ({ result, now }) => sql`result = ${result}, resolved_at = ${now}`,
    event: 'resolved',
    eventNote: ({ result }) => sql`${result}::text`,
    auditWhen: ({ viewer }) => sql`p.handler_id IS DISTINCT FROM ${viewer.id}::uuid`,
    photos: { type: 'problem_result', column: 'resultPhotos', ids: ({ photoIds }) => photoIds },
  },
  rate: {
    who: ({ viewer }) => sql`p.reporter_id = ${viewer.id}::uuid`,
    set: ({ satisfaction, comment, now }) =>
      sql`satisfaction = ${satisfaction}, rating_comment = ${comment}, rated_at = ${now}, closed_at = ${now}`,
    event: 'rated',
    eventNote: ({ satisfaction, comment }) =>
      sql`CASE ${satisfaction}::text WHEN 'satisfied' THEN '满意' ELSE '基本满意' END
        || COALESCE('：' || ${comment}::text, '')`,
  },
  reopen: {
    who: ({ viewer }) => sql`p.reporter_id = ${viewer.id}::uuid`,
    set: ({ comment, now }) =>
      sql`satisfaction = 'unsatisfied', rating_comment = ${comment}, rated_at = ${now}, overdue_at = NULL`,
    event: 'reopened',
    eventNote: ({ comment }) => sql`${comment}::text`,
  },
  escalate: {
    who: ({ viewer }) => sql`${staffHere(viewer)} AND p.escalated_at IS NULL`,
    set: ({ reason, now }) => sql`escalated_at = ${now}, escalation_reason = ${reason}`,
    event: 'escalated',
    eventNote: ({ reason }) => sql`${reason}::text`,
    auditWhen: () => sql`true`,
  },
}

const quoted = (values: readonly string[]) => sql.raw(values.map((s) => `'${s}'`).join(', '))

/**
 * One transition in one statement: the status it starts from and who may make it are conditions of the UPDATE, so
 * of any number of concurrent attempts only the allowed first one changes the problem; the event (and, for staff, the
 * audit row) is written by the same statement. Null when nothing changed.
 */
export async function applyTransition<T extends ProblemTransition>(
  q: Queryable,
  transition: T,
  args: TransitionArgs<T>,
): Promise<ProblemRow | null> {
  const spec: TransitionSpec<T> = TRANSITIONS[transition]
  const shape = PROBLEM_TRANSITIONS[transition]
  const { id, now, viewer, note } = args
  const to = shape.to === null ? sql`p.status` : sql.raw(`'${shape.to}'`)
  const parts = [
    sql`p AS (
       UPDATE problems p SET status = ${to}, updated_at = ${now}, ${spec.set(args)}
       FROM problems old
       WHERE p.id = ${id} AND old.id = p.id AND p.status IN (${quoted(shape.from)}) AND (${spec.who(args)})
       RETURNING p.*, old.status AS old_status
     )`,
    sql`e AS (
       INSERT INTO problem_events (problem_id, actor_id, actor_role, type, note, created_at)
       SELECT p.id, ${viewer.id}::uuid, ${viewer.role}::text, ${sql.raw(`'${spec.event}'`)},
              ${spec.eventNote ? spec.eventNote(args) : sql`${note}::text`}, ${now}::timestamptz
       FROM p
     )`,
  ]
  if (spec.auditWhen) {
    parts.push(sql`audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
       SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${sql.raw(`'problem.${spec.event}'`)}, 'problem', p.id::text,
              p.community_id, jsonb_build_object('status', p.old_status),
              jsonb_build_object('status', p.status, 'orgId', p.org_id, 'dueAt', p.due_at, 'note', ${note}::text),
              ${now}::timestamptz
       FROM p WHERE ${spec.auditWhen(args)}
     )`)
  }
  const photoIds = spec.photos ? spec.photos.ids(args) : []
  if (spec.photos) parts.push(attachToP(spec.photos.type, viewer, photoIds, now))
  const attached = spec.photos ? { [spec.photos.column]: photosJson(sql`attached`) } : {}
  const [row] = await q.query<ProblemRow>(
    sql`WITH ${sql.join(parts, sql`,\n`)}
     SELECT ${columns(viewer, now, attached)} FROM p ${JOINS}
     WHERE ${spec.photos ? attachedAll(photoIds) : sql`true`}`,
  )
  return row ?? null
}

const RATING_WINDOW = sql.raw(`make_interval(days => ${RATING_WINDOW_DAYS})`)

/**
 * The hourly job: open problems past their due time are flagged overdue and escalated to the street (once per due
 * time); resolved problems unrated after the rating window close with no rating. Returns how many changed.
 */
export async function sweepProblems(q: Queryable, now: Date): Promise<number> {
  const [row] = await q.query<{ changed: number }>(
    sql`WITH late AS (
       UPDATE problems p SET overdue_at = ${now}, escalated_at = COALESCE(p.escalated_at, ${now}),
              escalation_reason = COALESCE(p.escalation_reason, '超过办理时限未办结'), updated_at = ${now}
       WHERE p.status IN ${OPEN} AND p.due_at < ${now}::timestamptz AND p.overdue_at IS NULL
       RETURNING p.id
     ), unrated AS (
       UPDATE problems p SET status = 'closed', closed_at = ${now}, updated_at = ${now}
       WHERE p.status = 'resolved' AND p.resolved_at <= ${now}::timestamptz - ${RATING_WINDOW}
       RETURNING p.id
     ), e AS (
       INSERT INTO problem_events (problem_id, actor_role, type, created_at)
       SELECT id, 'system', 'overdue', ${now}::timestamptz FROM late
       UNION ALL
       SELECT id, 'system', 'auto_closed', ${now}::timestamptz FROM unrated
     )
     SELECT ((SELECT count(*) FROM late) + (SELECT count(*) FROM unrated))::int AS changed`,
  )
  return row?.changed ?? 0
}

export interface ProblemEventRow {
  id: string
  type: ProblemEventType
  actor_role: string
  actor_name: string | null
  note: string | null
  created_at: Date
}

/** The timeline, oldest first, for whoever may see the problem; null when they may not. */
export async function listProblemEvents(
  q: Queryable,
  id: string,
  viewer: ProblemSqlViewer,
): Promise<ProblemEventRow[] | null> {
  const rows = await q.query<ProblemEventRow & { visible: boolean }>(
    sql`SELECT e.id::text AS id, e.type, e.actor_role, ${nameFor(viewer, {
      id: sql`e.actor_id`,
      nickname: sql`u.nickname`,
      community: sql`p.community_id`,
      // Staff and handlers act in office, by name; the reporter as the problem shows them.
      alsoFullWhen: sql`e.actor_id IS DISTINCT FROM p.reporter_id OR ${orgHandler(viewer)}`,
    })} AS actor_name, e.note, e.created_at, true AS visible
     FROM problems p JOIN problem_events e ON e.problem_id = p.id LEFT JOIN users u ON u.id = e.actor_id
     WHERE p.id = ${id} AND ${problemVisibleTo(viewer)}
     ORDER BY e.id`,
  )
  return rows.length === 0 ? null : rows
}

/** Whether the user handles problems for one of the community's organisations. */
export async function handlesIn(q: Queryable, userId: string, communityId: string): Promise<boolean> {
  const [row] = await q.query<{ yes: boolean }>(
    sql`SELECT EXISTS (SELECT 1 FROM org_handlers oh JOIN orgs o ON o.id = oh.org_id
                    WHERE oh.user_id = ${userId} AND o.community_id = ${communityId}) AS yes`,
  )
  return row?.yes ?? false
}

export interface OrgRow {
  id: string
  name: string
  kind: OrgKind
}

/** The organisations of a community, for staff choosing whom to assign to. */
export async function listOrgs(q: Queryable, communityId: string): Promise<OrgRow[]> {
  return q.query<OrgRow>(sql`SELECT id, name, kind FROM orgs WHERE community_id = ${communityId} ORDER BY kind, name`)
}

export interface StatsRow {
  community_id: string
  received: number
  resolved: number
  on_time_rate: number | null
  satisfaction_rate: number | null
  median_hours: number | null
  by_org: {
    org_id: string
    name: string
    kind: OrgKind
    assigned: number
    resolved: number
    on_time_rate: number | null
    satisfaction_rate: number | null
  }[]
}

/** `p`: the community and the period as instants [t0, t1) from 00:00 in Shanghai on `from` to the day after `to`. */
const period = (communityId: string, from: string, to: string) => sql`p AS (
  SELECT c.id, c.name,
         (${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS t0,
         ((${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS t1
  FROM communities c WHERE c.id = ${communityId}::uuid
)`

/** The rates over a set of problems `x` of `pr` (see problemStatsSchema and docs/decisions.md). */
const RATES = sql`count(*) FILTER (WHERE x.done AND x.on_time)::float8
    / NULLIF(count(*) FILTER (WHERE x.done), 0) AS on_time_rate,
  count(*) FILTER (WHERE x.satisfaction IN ('satisfied', 'basically_satisfied'))::float8
    / NULLIF(count(*) FILTER (WHERE x.satisfaction IS NOT NULL), 0) AS satisfaction_rate`

/**
 * The problems community `p` (a row with `id`, `t0`, `t1`) received in [t0, t1), each with whether it is done and
 * whether on time: the rows every problem figure counts, here and in the month report and the street's view.
 */
export const PROBLEMS_RECEIVED = sql`SELECT x.id, x.org_id, x.satisfaction, x.created_at, x.resolved_at,
         x.status IN ('resolved', 'closed') AS done, x.resolved_at <= x.due_at AS on_time
  FROM problems x WHERE x.community_id = p.id AND x.created_at >= p.t0 AND x.created_at < p.t1`

/** The totals over PROBLEMS_RECEIVED as `x`: received, resolved, resolved on time and the two rates. */
export const PROBLEM_TOTALS = sql`count(*)::int AS received, count(*) FILTER (WHERE x.done)::int AS resolved,
  count(*) FILTER (WHERE x.done AND x.on_time)::int AS resolved_on_time, ${RATES}`

/** The figures of the problems a community received in a period, in one statement; null for no such community. */
export async function problemStats(
  q: Queryable,
  a: { communityId: string; from: string; to: string },
): Promise<StatsRow | null> {
  const [row] = await q.query<StatsRow>(
    sql`WITH ${period(a.communityId, a.from, a.to)}, pr AS (
       SELECT x.* FROM p, LATERAL (${PROBLEMS_RECEIVED}) x
     ), totals AS (
       SELECT ${PROBLEM_TOTALS},
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM x.resolved_at - x.created_at) / 3600)
                FILTER (WHERE x.done) AS median_hours
       FROM pr x
     ), orgs_here AS (
       SELECT o.id AS org_id, o.name, o.kind, count(x.id)::int AS assigned,
              count(*) FILTER (WHERE x.done)::int AS resolved, ${RATES}
       FROM orgs o JOIN p ON o.community_id = p.id LEFT JOIN pr x ON x.org_id = o.id
       GROUP BY o.id, o.name, o.kind
     )
     SELECT p.id AS community_id, t.received, t.resolved, t.on_time_rate, t.satisfaction_rate, t.median_hours,
            (SELECT COALESCE(json_agg(row_to_json(g) ORDER BY g.kind, g.name), '[]') FROM orgs_here g) AS by_org
     FROM p, totals t`,
  )
  return row ?? null
}

export interface ExportRow {
  id: string
  created: string
  category: ProblemCategory
  description: string
  location: string | null
  building: string | null
  status: ProblemStatus
  org: string | null
  due: string | null
  resolved: string | null
  on_time: boolean | null
  satisfaction: Satisfaction | null
  escalated: boolean
}

const local = (expr: Sql) => sql`to_char(${expr} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')`

/**
 * The problems a community received in a period, oldest first, for the CSV export; the export is recorded in the
 * audit log by the same statement. Null for no such community.
 */
export async function exportProblems(
  q: Queryable,
  viewer: SqlViewer,
  a: { communityId: string; from: string; to: string; now: Date },
): Promise<{ community_name: string; rows: ExportRow[] } | null> {
  const [row] = await q.query<{ community_name: string; rows: ExportRow[] }>(
    sql`WITH ${period(a.communityId, a.from, a.to)}, audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, after, created_at)
       SELECT ${viewer.id}::uuid, ${viewer.role}::text, 'stats.export', 'export', 'problems', p.id,
              jsonb_build_object('kind', 'problems', 'from', ${a.from}::text, 'to', ${a.to}::text), ${a.now}::timestamptz
       FROM p
     )
     SELECT p.name AS community_name, (
       SELECT COALESCE(json_agg(r ORDER BY r.at, r.id), '[]') FROM (
         SELECT x.id, x.created_at AS at, ${local(sql`x.created_at`)} AS created, x.category, x.description, x.location,
                b.name AS building, x.status, o.name AS org, ${local(sql`x.due_at`)} AS due,
                CASE WHEN x.status IN ('resolved', 'closed') THEN ${local(sql`x.resolved_at`)} END AS resolved,
                CASE WHEN x.status IN ('resolved', 'closed') THEN x.resolved_at <= x.due_at END AS on_time,
                x.satisfaction, x.escalated_at IS NOT NULL AS escalated
         FROM problems x LEFT JOIN orgs o ON o.id = x.org_id LEFT JOIN buildings b ON b.id = x.building_id
         WHERE x.community_id = p.id AND x.created_at >= p.t0 AND x.created_at < p.t1
       ) r) AS rows
     FROM p`,
  )
  return row ?? null
}
