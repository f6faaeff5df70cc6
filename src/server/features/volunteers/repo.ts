import type {
  VolunteerApplicationDto,
  VolunteerApplicationForStaffDto,
  VolunteerStatus,
} from '../../../shared/identity'
import { sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { staffOf, type SqlViewer } from '../../db/viewer'
import type { AuditAction } from '../../../shared/workbench'

interface VolunteerRow {
  user_id: string
  community_id: string
  real_name: string
  phone: string
  status: VolunteerStatus
  reason: string | null
  applied_at: Date
  decided_at: Date | null
}

export function toApplicationDto(row: VolunteerRow): VolunteerApplicationDto {
  return {
    userId: row.user_id,
    communityId: row.community_id,
    status: row.status,
    reason: row.reason,
    appliedAt: row.applied_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
  }
}

/**
 * Files an application, or files it again after a rejection. Null when the user already has one that is
 * pending, active or suspended: those are decided by staff, not by applying again.
 */
export async function upsertApplication(
  q: Queryable,
  a: { userId: string; communityId: string; realName: string; phone: string; now: Date },
): Promise<VolunteerApplicationDto | null> {
  const [row] = await q.query<VolunteerRow>(
    sql`INSERT INTO volunteers (user_id, community_id, real_name, phone, status, applied_at)
     VALUES (${a.userId}, ${a.communityId}, ${a.realName}, ${a.phone}, 'pending', ${a.now})
     ON CONFLICT (user_id) DO UPDATE
       SET community_id = EXCLUDED.community_id, real_name = EXCLUDED.real_name, phone = EXCLUDED.phone,
           status = 'pending', reason = NULL, applied_at = EXCLUDED.applied_at, decided_at = NULL, decided_by = NULL
       WHERE volunteers.status = 'rejected'
     RETURNING *`,
  )
  return row ? toApplicationDto(row) : null
}

export async function findApplicationStatus(q: Queryable, userId: string): Promise<VolunteerStatus | null> {
  const [row] = await q.query<{ status: VolunteerStatus }>(sql`SELECT status FROM volunteers WHERE user_id = ${userId}`)
  return row?.status ?? null
}

/**
 * A staff decision in one statement: the application is locked, changed only from a standing in `from` and only by
 * staff of its community (or an admin), and audited. `before` is the application as the decision found it (null when
 * there is none); `after` is null when the decision was not taken, and `before` says why.
 */
export async function decideApplication(
  q: Queryable,
  d: {
    userId: string
    from: VolunteerStatus[]
    to: VolunteerStatus
    reason: string | null
    viewer: SqlViewer
    action: AuditAction
    now: Date
  },
): Promise<{ before: VolunteerApplicationDto | null; after: VolunteerApplicationDto | null }> {
  const [row] = await q.query<{ before: VolunteerRow; after: VolunteerRow | null }>(
    sql`WITH found AS (SELECT * FROM volunteers WHERE user_id = ${d.userId} FOR UPDATE),
     changed AS (
       UPDATE volunteers v SET status = ${d.to}, reason = ${d.reason}, decided_by = ${d.viewer.id}, decided_at = ${d.now}
       FROM found f
       WHERE v.user_id = f.user_id AND f.status = ANY (${d.from}::text[]) AND ${staffOf(d.viewer, sql`f.community_id`)}
       RETURNING v.*
     ),
     audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after)
       SELECT ${d.viewer.id}::uuid, ${d.viewer.role}::text, ${d.action}::text, 'volunteer', c.user_id, c.community_id,
              jsonb_build_object('status', f.status), jsonb_build_object('status', c.status, 'reason', c.reason)
       FROM changed c, found f
     )
     SELECT row_to_json(f) AS before, (SELECT row_to_json(c) FROM changed c) AS after FROM found f`,
  )
  return {
    before: row ? toApplicationDto(fromJson(row.before)) : null,
    after: row?.after ? toApplicationDto(fromJson(row.after)) : null,
  }
}

/** A row read through row_to_json: its times arrive as text. */
const fromJson = (row: VolunteerRow): VolunteerRow =>
  Object.assign(row, {
    applied_at: new Date(row.applied_at),
    decided_at: row.decided_at ? new Date(row.decided_at) : null,
  })

/** Applications in the given communities (all when null), oldest first: the order staff work through them. */
export async function listApplications(
  q: Queryable,
  f: {
    communityIds: string[] | null
    status: VolunteerStatus | null
    limit: number
    after?: readonly [string, string]
  },
): Promise<(VolunteerRow & { nickname: string })[]> {
  const [afterTime, afterId] = f.after ?? [null, null]
  return q.query(
    sql`SELECT v.*, u.nickname FROM volunteers v JOIN users u ON u.id = v.user_id
     WHERE (${f.communityIds}::uuid[] IS NULL OR v.community_id = ANY(${f.communityIds}::uuid[]))
       AND (${f.status}::text IS NULL OR v.status = ${f.status})
       AND (${afterTime}::timestamptz IS NULL OR (v.applied_at, v.user_id::text) > (${afterTime}::timestamptz, ${afterId}::text))
     ORDER BY v.applied_at, v.user_id::text
     LIMIT ${f.limit + 1}`,
  )
}

export function toApplicationForStaffDto(row: VolunteerRow & { nickname: string }): VolunteerApplicationForStaffDto {
  return Object.assign(toApplicationDto(row), { nickname: row.nickname, realName: row.real_name, phone: row.phone })
}
