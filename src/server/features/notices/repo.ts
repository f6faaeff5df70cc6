import type { NoticeKind } from '../../../shared/notices'
import type { UploadContentType } from '../../../shared/uploads'
import type { AuditAction } from '../../../shared/workbench'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { memberOf, nameFor, staffOf, type SqlViewer } from '../../db/viewer'
import { allAttached, attachUploads } from '../uploads/attach'

/** Every SQL statement of the 公开栏, each one round trip; `viewer` is who asks (`db/viewer.ts`). */

const audit = (
  viewer: SqlViewer,
  now: Date,
  action: AuditAction,
  entityType: string,
  id: Sql,
  community: Sql,
  after: Sql,
) =>
  sql`INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
     SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${action}::text, ${entityType}::text, (${id})::text, ${community},
            NULL, ${after}, ${now}::timestamptz`

export interface NoticeSummaryRow {
  id: string
  community_id: string
  kind: NoticeKind
  title: string
  created_at: Date
  objections_until: Date | null
  supersedes_id: string | null
  superseded_by_id: string | null
  read_count: number
  objection_count: number
}

/** The summary's columns of notice `n`; `readsAdded` counts reads this statement wrote, which it cannot see. */
const summaryColumns = (readsAdded: Sql = sql`0`) =>
  sql`n.id, n.community_id, n.kind, n.title, n.created_at, n.objections_until, n.supersedes_id,
     (SELECT s.id FROM notices s WHERE s.supersedes_id = n.id) AS superseded_by_id,
     ((SELECT count(*) FROM notice_reads r WHERE r.notice_id = n.id) + ${readsAdded})::int AS read_count,
     (SELECT count(*)::int FROM notice_objections o WHERE o.notice_id = n.id) AS objection_count`

/**
 * A notice published by staff of the community, with its attachments (the publisher's own unattached uploads) and
 * its audit row, in one statement. Null when the community is not the viewer's to publish in (or does not exist).
 * A correction of a notice that is not of this community, or is already corrected, is refused by the constraints.
 */
export async function insertNotice(
  q: Queryable,
  viewer: SqlViewer,
  n: {
    communityId: string
    kind: NoticeKind
    title: string
    body: string
    attachmentIds: string[]
    objectionsUntil: string | null
    supersedesId: string | null
  },
  now: Date,
): Promise<{ id: string } | null> {
  const [row] = await q.query<{ id: string }>(
    sql`WITH n AS (
       INSERT INTO notices (community_id, kind, title, body, objections_until, supersedes_id, author_id, created_at)
       SELECT c.id, ${n.kind}, ${n.title}, ${n.body}, ${n.objectionsUntil}::timestamptz, ${n.supersedesId}::uuid,
              ${viewer.id}::uuid, ${now}::timestamptz
       FROM communities c WHERE c.id = ${n.communityId} AND ${staffOf(viewer, sql`c.id`)}
       RETURNING *
     ), attached AS (
       ${attachUploads({ type: 'notice', ownerId: sql`(SELECT id FROM n)`, uploaderId: viewer.id ?? '', ids: n.attachmentIds, now })}
     ), a AS (
       ${audit(viewer, now, 'notice.published', 'notice', sql`n.id`, sql`n.community_id`, sql`json_build_object('kind', n.kind, 'title', n.title, 'supersedesId', n.supersedes_id, 'objectionsUntil', n.objections_until)::jsonb`)}
       FROM n
     )
     SELECT n.id FROM n WHERE ${allAttached(sql`attached`, n.attachmentIds.length)}`,
  )
  return row ?? null
}

/** A community's notices, newest first, of one kind or all. */
export async function listNotices(
  q: Queryable,
  f: { communityId: string; kind: NoticeKind | null; limit: number; before?: readonly [string, string] },
): Promise<NoticeSummaryRow[]> {
  const [beforeAt, beforeId] = f.before ?? [null, null]
  return q.query<NoticeSummaryRow>(
    sql`SELECT ${summaryColumns()} FROM notices n
     WHERE n.community_id = ${f.communityId} AND (${f.kind}::text IS NULL OR n.kind = ${f.kind}::text)
       AND (${beforeAt}::timestamptz IS NULL OR (n.created_at, n.id::text) < (${beforeAt}::timestamptz, ${beforeId}::text))
     ORDER BY n.created_at DESC, n.id DESC
     LIMIT ${f.limit + 1}`,
  )
}

interface LinkedNotice {
  id: string
  title: string
  created_at: string
}

export interface ObjectionRow {
  id: string
  notice_id: string
  author_name: string
  mine: boolean
  body: string
  created_at: string | Date
  reply_body: string | null
  reply_at: string | Date | null
}

export interface NoticeDetailRow extends NoticeSummaryRow {
  body: string
  attachments: {
    id: string
    content_type: UploadContentType
    width: number | null
    height: number | null
  }[]
  supersedes: LinkedNotice | null
  superseded_by: LinkedNotice | null
  objections: ObjectionRow[]
}

/** An objection `o` (with its reply `rp`, if any) as the viewer sees it, its author `au` named by the one rule. */
const objectionColumns = (viewer: SqlViewer, community: Sql) =>
  sql`o.id, o.notice_id, ${nameFor(viewer, { id: sql`o.author_id`, nickname: sql`au.nickname`, community })} AS author_name,
     o.author_id = ${viewer.id}::uuid AS mine, o.body, o.created_at, rp.body AS reply_body, rp.created_at AS reply_at`

const linked = (where: Sql) =>
  sql`(SELECT json_build_object('id', l.id, 'title', l.title, 'created_at', l.created_at) FROM notices l WHERE ${where})`

/**
 * Notice `id` with its attachments, the notices it corrects and that correct it, and its objections with their
 * replies; when `countRead`, the viewer's read is counted (once per person) in the same statement.
 */
export async function findNotice(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  now: Date,
  countRead: boolean,
): Promise<NoticeDetailRow | null> {
  const [row] = await q.query<NoticeDetailRow>(
    sql`WITH r AS (
       INSERT INTO notice_reads (notice_id, user_id, read_at)
       SELECT n.id, ${viewer.id}::uuid, ${now}::timestamptz FROM notices n
       WHERE n.id = ${id} AND ${countRead}::boolean AND ${viewer.id}::uuid IS NOT NULL
       ON CONFLICT DO NOTHING
       RETURNING notice_id
     )
     SELECT ${summaryColumns(sql`(SELECT count(*) FROM r)`)}, n.body,
            COALESCE((SELECT json_agg(json_build_object('id', u.id, 'content_type', u.content_type, 'width', u.width,
                        'height', u.height) ORDER BY u.position)
                      FROM uploads u WHERE u.owner_type = 'notice' AND u.owner_id = n.id), '[]'::json) AS attachments,
            ${linked(sql`l.id = n.supersedes_id`)} AS supersedes,
            ${linked(sql`l.supersedes_id = n.id`)} AS superseded_by,
            COALESCE((SELECT json_agg(x ORDER BY x.created_at, x.id) FROM (
               SELECT ${objectionColumns(viewer, sql`n.community_id`)}
               FROM notice_objections o JOIN users au ON au.id = o.author_id
               LEFT JOIN notice_objection_replies rp ON rp.objection_id = o.id
               WHERE o.notice_id = n.id) x), '[]'::json) AS objections
     FROM notices n WHERE n.id = ${id}`,
  )
  return row ?? null
}

/**
 * A verified member's objection, written only while the notice's 公示期 runs and no correction has replaced it
 * (objections then go to the correction): the window, the correction and the membership are the statement's own
 * conditions. The notice's community always comes back (when the notice exists), the
 * objection only when it was written.
 */
export async function insertObjection(
  q: Queryable,
  viewer: SqlViewer,
  noticeId: string,
  body: string,
  now: Date,
): Promise<{ community_id: string; objection: ObjectionRow | null } | null> {
  const [row] = await q.query<{ community_id: string; objection: ObjectionRow | null }>(
    sql`WITH n AS (
       SELECT n.id, n.community_id, n.objections_until FROM notices n WHERE n.id = ${noticeId}
     ), o AS (
       INSERT INTO notice_objections (notice_id, author_id, body, created_at)
       SELECT n.id, ${viewer.id}::uuid, ${body}, ${now}::timestamptz FROM n
       WHERE ${memberOf(viewer, sql`n.community_id`)} AND ${now}::timestamptz < n.objections_until
         AND NOT EXISTS (SELECT 1 FROM notices s WHERE s.supersedes_id = n.id)
       RETURNING *
     )
     SELECT n.community_id,
            (SELECT row_to_json(x) FROM (
               SELECT ${objectionColumns(viewer, sql`n.community_id`)}
               FROM o JOIN users au ON au.id = o.author_id
               LEFT JOIN notice_objection_replies rp ON false) x) AS objection
     FROM n`,
  )
  return row ?? null
}

/**
 * Staff's reply to an objection, once (the reply's key is the objection's: a second is refused by it), audited.
 * The objection comes back whenever it exists; `replied` says whether this statement wrote the reply.
 */
export async function insertReply(
  q: Queryable,
  viewer: SqlViewer,
  objectionId: string,
  body: string,
  now: Date,
): Promise<(ObjectionRow & { community_id: string; replied: boolean }) | null> {
  const [row] = await q.query<ObjectionRow & { community_id: string; replied: boolean }>(
    sql`WITH x AS (
       SELECT o.*, n.community_id FROM notice_objections o JOIN notices n ON n.id = o.notice_id WHERE o.id = ${objectionId}
     ), rp AS (
       INSERT INTO notice_objection_replies (objection_id, author_id, body, created_at)
       SELECT x.id, ${viewer.id}::uuid, ${body}, ${now}::timestamptz FROM x WHERE ${staffOf(viewer, sql`x.community_id`)}
       RETURNING *
     ), a AS (
       ${audit(viewer, now, 'notice.objection_replied', 'notice', sql`x.notice_id`, sql`x.community_id`, sql`json_build_object('objectionId', x.id, 'reply', rp.body)::jsonb`)}
       FROM rp JOIN x ON x.id = rp.objection_id
     )
     SELECT ${objectionColumns(viewer, sql`o.community_id`)}, o.community_id, rp.objection_id IS NOT NULL AS replied
     FROM x o JOIN users au ON au.id = o.author_id LEFT JOIN rp ON true`,
  )
  return row ?? null
}
