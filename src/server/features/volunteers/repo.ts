import type {
  VolunteerApplicationDto,
  VolunteerApplicationForStaffDto,
  VolunteerStatus,
} from '../../../shared/identity'
import type { Queryable } from '../../db/types'

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
    `INSERT INTO volunteers (user_id, community_id, real_name, phone, status, applied_at)
     VALUES ($1, $2, $3, $4, 'pending', $5)
     ON CONFLICT (user_id) DO UPDATE
       SET community_id = EXCLUDED.community_id, real_name = EXCLUDED.real_name, phone = EXCLUDED.phone,
           status = 'pending', reason = NULL, applied_at = EXCLUDED.applied_at, decided_at = NULL, decided_by = NULL
       WHERE volunteers.status = 'rejected'
     RETURNING *`,
    [a.userId, a.communityId, a.realName, a.phone, a.now],
  )
  return row ? toApplicationDto(row) : null
}

export async function findApplicationStatus(q: Queryable, userId: string): Promise<VolunteerStatus | null> {
  const [row] = await q.query<{ status: VolunteerStatus }>('SELECT status FROM volunteers WHERE user_id = $1', [userId])
  return row?.status ?? null
}

/** Locks the application for a staff decision, so two decisions on it run one after the other. */
export async function lockApplication(q: Queryable, userId: string): Promise<VolunteerApplicationDto | null> {
  const [row] = await q.query<VolunteerRow>('SELECT * FROM volunteers WHERE user_id = $1 FOR UPDATE', [userId])
  return row ? toApplicationDto(row) : null
}

export async function setApplicationStatus(
  q: Queryable,
  d: { userId: string; status: VolunteerStatus; reason: string | null; decidedBy: string; now: Date },
): Promise<VolunteerApplicationDto> {
  const [row] = await q.query<VolunteerRow>(
    `UPDATE volunteers SET status = $2, reason = $3, decided_by = $4, decided_at = $5
     WHERE user_id = $1 RETURNING *`,
    [d.userId, d.status, d.reason, d.decidedBy, d.now],
  )
  if (!row) throw new Error('application vanished inside its own transaction')
  return toApplicationDto(row)
}

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
  return q.query(
    `SELECT v.*, u.nickname FROM volunteers v JOIN users u ON u.id = v.user_id
     WHERE ($1::uuid[] IS NULL OR v.community_id = ANY($1::uuid[]))
       AND ($2::text IS NULL OR v.status = $2)
       AND ($3::timestamptz IS NULL OR (v.applied_at, v.user_id::text) > ($3::timestamptz, $4::text))
     ORDER BY v.applied_at, v.user_id::text
     LIMIT $5`,
    [f.communityIds, f.status, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit + 1],
  )
}

export function toApplicationForStaffDto(row: VolunteerRow & { nickname: string }): VolunteerApplicationForStaffDto {
  return { ...toApplicationDto(row), nickname: row.nickname, realName: row.real_name, phone: row.phone }
}
