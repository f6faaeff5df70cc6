import type { QueueKind } from '../../../shared/workbench'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { nameFor, type SqlViewer } from '../../db/viewer'

/**
 * The staff workbench's reads: the queue of what waits for staff and the audit log. Each is one statement.
 * `communityIds` is the scope: null for every community (the admin), else the communities the rows must be in.
 */

/** A time as the API writes it (`Date#toISOString`: UTC, milliseconds), so it round-trips through a cursor. */
const isoMs = (expr: string) => sql.raw(`to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)
/** The same with microseconds: the audit log's times come from now() and keep them. */
const isoUs = (expr: string) => sql.raw(`to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`)

/** How many characters of a reported comment name it in the queue. */
export const COMMENT_TITLE_CHARS = 30
const TITLE_CHARS = sql.raw(String(COMMENT_TITLE_CHARS))
/** The start of a text that names an item: a reported comment, a problem's description. */
const excerpt = (text: Sql) =>
  sql`CASE WHEN char_length(${text}) > ${TITLE_CHARS} THEN left(${text}, ${TITLE_CHARS}) || '…' ELSE ${text} END`
/** A fulfilled wish the owner has not confirmed joins the queue this long after the fulfilment. */
const UNCONFIRMED_AFTER = sql`interval '3 days'`

export interface QueueItemRow {
  kind: QueueKind
  id: string
  community_id: string
  community_name: string
  title: string
  since: string
  topic_id: string | null
}

export interface QueueRow {
  /** Up to limit + 1 items, oldest first. */
  items: QueueItemRow[]
  counts: Partial<Record<QueueKind, number>>
}

/**
 * Everything waiting for staff in the scope, as one list: its counts per kind over the whole scope, and one page
 * of it (of one kind when asked) oldest first, keyset-paged on (since, id). `since` is cut to milliseconds in SQL,
 * so the cursor compares exactly what the client was shown.
 */
export async function findQueue(
  q: Queryable,
  f: {
    communityIds: string[] | null
    /** The streets whose escalated problems wait for the viewer: null for every street (the admin). */
    streetIds: string[] | null
    kind: QueueKind | null
    now: Date
    limit: number
    after?: readonly [string, string]
  },
): Promise<QueueRow> {
  const here = (column: Sql) => sql`(${f.communityIds}::uuid[] IS NULL OR ${column} = ANY(${f.communityIds}::uuid[]))`
  const [afterTime, afterId] = f.after ?? [null, null]
  const [row] = await q.query<QueueRow>(
    sql`WITH waiting AS (
       SELECT 'wish_review' AS kind, w.id, w.community_id, w.title, w.created_at AS since, NULL::uuid AS topic_id
       FROM wishes w
       WHERE w.status = 'pending_review' AND ${here(sql`w.community_id`)}
       UNION ALL
       SELECT 'topic_review', t.id, t.community_id, t.title, t.created_at, NULL
       FROM topics t
       WHERE t.status = 'pending_review' AND ${here(sql`t.community_id`)}
       UNION ALL
       -- Waiting since its first report; the same set as GET /api/comments/reported.
       SELECT 'reported_comment', c.id, t.community_id, ${excerpt(sql`c.body`)},
              COALESCE((SELECT min(r.created_at) FROM comment_reports r WHERE r.comment_id = c.id), c.last_reported_at),
              c.topic_id
       FROM topic_comments c JOIN topics t ON t.id = c.topic_id
       WHERE c.report_count > 0 AND NOT c.staff_decided AND ${here(sql`t.community_id`)}
       UNION ALL
       SELECT 'volunteer_application', v.user_id, v.community_id, u.nickname, v.applied_at, NULL
       FROM volunteers v JOIN users u ON u.id = v.user_id
       WHERE v.status = 'pending' AND ${here(sql`v.community_id`)}
       UNION ALL
       SELECT 'membership_application', m.id, m.community_id, m.real_name, m.applied_at, NULL
       FROM memberships m
       WHERE m.status = 'pending' AND ${here(sql`m.community_id`)}
       UNION ALL
       -- Waiting since the volunteer reported it done.
       SELECT 'wish_unconfirmed', w.id, w.community_id, w.title, w.fulfilled_at, NULL
       FROM wishes w
       WHERE w.status = 'fulfilled' AND w.fulfilled_at <= ${f.now}::timestamptz - ${UNCONFIRMED_AFTER}
         AND ${here(sql`w.community_id`)}
       UNION ALL
       -- A problem waiting to be assigned: since it was reported, handed back by the organisation, or reopened.
       SELECT 'problem_unassigned', p.id, p.community_id, ${excerpt(sql`p.description`)},
              (SELECT max(e.created_at) FROM problem_events e
               WHERE e.problem_id = p.id AND e.type IN ('created', 'returned', 'reopened')), NULL
       FROM problems p
       WHERE p.status IN ('submitted', 'reopened') AND ${here(sql`p.community_id`)}
       UNION ALL
       -- Escalated to the street (by staff, or overdue) and not yet resolved: for the street's staff.
       SELECT 'problem_escalated', p.id, p.community_id, ${excerpt(sql`p.description`)}, p.escalated_at, NULL
       FROM problems p JOIN communities pc ON pc.id = p.community_id
       WHERE p.escalated_at IS NOT NULL AND p.status IN ('submitted', 'assigned', 'in_progress', 'reopened')
         AND (${f.streetIds}::uuid[] IS NULL OR pc.street_id = ANY(${f.streetIds}::uuid[]))
         AND ${here(sql`p.community_id`)}
     ), keyed AS (
       SELECT kind, id, community_id, title, topic_id, date_trunc('milliseconds', since) AS at FROM waiting
     ), counts AS (
       SELECT kind, count(*)::int AS n FROM keyed GROUP BY kind
     ), page AS (
       SELECT k.* FROM keyed k
       WHERE (${f.kind}::text IS NULL OR k.kind = ${f.kind}::text)
         AND (${afterTime}::timestamptz IS NULL OR (k.at, k.id) > (${afterTime}::timestamptz, ${afterId}::uuid))
       ORDER BY k.at, k.id
       LIMIT ${f.limit + 1}
     )
     SELECT
       (SELECT COALESCE(json_agg(json_build_object(
                 'kind', p.kind, 'id', p.id, 'community_id', p.community_id, 'community_name', cm.name,
                 'title', p.title, 'since', ${isoMs('p.at')}, 'topic_id', p.topic_id) ORDER BY p.at, p.id), '[]')
        FROM page p JOIN communities cm ON cm.id = p.community_id) AS items,
       (SELECT COALESCE(json_object_agg(kind, n), '{}') FROM counts) AS counts`,
  )
  return row ?? { items: [], counts: {} }
}

export interface AuditRow {
  id: string
  actor_id: string | null
  actor_role: string
  /** As the viewer may see it (`nameFor`); staff and the admin act in office, by name. Null for the system. */
  actor_name: string | null
  action: string
  entity_type: string
  entity_id: string | null
  community_id: string | null
  before: unknown
  after: unknown
  created_at: Date
  /** created_at to the microsecond, for the cursor. */
  at: string
}

export interface AuditFilter {
  communityIds: string[] | null
  actionPrefix: string | null
  actorId: string | null
  entityType: string | null
  entityId: string | null
  /** Asia/Shanghai dates, both included. */
  from: string | null
  to: string | null
  limit: number
  before?: readonly [string, string]
}

/**
 * The audit log in the scope, newest first, keyset-paged on (created_at, id). Rows without a community are seen
 * only with the whole scope (the admin).
 */
export async function listAudit(q: Queryable, viewer: SqlViewer, f: AuditFilter): Promise<AuditRow[]> {
  const [beforeTime, beforeId] = f.before ?? [null, null]
  const actorName = nameFor(viewer, {
    id: sql`a.actor_id`,
    nickname: sql`u.nickname`,
    community: sql`a.community_id`,
    alsoFullWhen: sql`a.actor_role IN ('staff', 'admin')`,
  })
  return q.query<AuditRow>(
    sql`SELECT a.id::text AS id, a.actor_id, a.actor_role, ${actorName} AS actor_name, a.action, a.entity_type,
            a.entity_id, a.community_id, a.before, a.after, a.created_at, ${isoUs('a.created_at')} AS at
     FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
     WHERE (${f.communityIds}::uuid[] IS NULL OR a.community_id = ANY(${f.communityIds}::uuid[]))
       AND (${f.actionPrefix}::text IS NULL OR starts_with(a.action, ${f.actionPrefix}::text))
       AND (${f.actorId}::uuid IS NULL OR a.actor_id = ${f.actorId}::uuid)
       AND (${f.entityType}::text IS NULL OR a.entity_type = ${f.entityType}::text)
       AND (${f.entityId}::text IS NULL OR a.entity_id = ${f.entityId}::text)
       AND (${f.from}::date IS NULL OR a.created_at >= ${f.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')
       AND (${f.to}::date IS NULL OR a.created_at < (${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')
       AND (${beforeTime}::timestamptz IS NULL OR (a.created_at, a.id) < (${beforeTime}::timestamptz, ${beforeId}::bigint))
     ORDER BY a.created_at DESC, a.id DESC
     LIMIT ${f.limit + 1}`,
  )
}
