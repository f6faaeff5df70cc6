import type { MembershipStatus } from '../../../shared/identity'
import {
  DOOR_CODE_TRIES_PER_DAY,
  type MembershipDto,
  type MembershipForStaffDto,
  type Relation,
} from '../../../shared/memberships'
import type { AuditAction } from '../../../shared/workbench'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { staffOf, type SqlViewer } from '../../db/viewer'

/** 住户认证: every statement is one round trip, and each decision is one conditional statement. */

export interface MembershipRow {
  id: string
  user_id: string
  community_id: string
  community_name: string
  household_id: string | null
  building: string
  unit: string
  room: string
  relation: Relation
  real_name: string
  status: MembershipStatus
  reason: string | null
  applied_at: Date | string
  decided_at: Date | string | null
  ended_at: Date | string | null
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export function toMembershipDto(row: MembershipRow): MembershipDto {
  return {
    id: row.id,
    communityId: row.community_id,
    communityName: row.community_name,
    householdId: row.household_id,
    building: row.building,
    unit: row.unit,
    room: row.room,
    relation: row.relation,
    realName: row.real_name,
    status: row.status,
    reason: row.reason,
    appliedAt: iso(row.applied_at)!,
    decidedAt: iso(row.decided_at),
    endedAt: iso(row.ended_at),
  }
}

/** An audit entry for membership `m` (a CTE of changed rows), by the viewer. */
const audit = (viewer: SqlViewer, action: AuditAction, before: Sql, after: Sql, now: Date) =>
  sql`INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
   SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${action}::text, 'membership', m.id::text, m.community_id,
          ${before}, ${after}, ${now}::timestamptz
   FROM m`

export interface Application {
  userId: string
  communityId: string
  building: string
  unit: string
  room: string
  relation: Relation
  realName: string
  householdCode: string | null
}

/**
 * Files an application in one statement: verified at once with the household when the door code matches (and the
 * person has wrong codes left today), else pending. A wrong code is recorded; its answer is `pending` as for no code.
 * Null when nothing was filed: the community is unknown, the person has used up today's codes, or already has a
 * current membership (memberships_current_idx, so concurrent applications file one).
 */
export async function insertApplication(
  q: Queryable,
  viewer: SqlViewer,
  a: Application,
  now: Date,
): Promise<MembershipRow | null> {
  const [row] = await q.query<MembershipRow>(
    sql`WITH cm AS (SELECT id, name FROM communities WHERE id = ${a.communityId}),
     tries AS (
       SELECT count(*)::int AS n FROM membership_code_attempts
       WHERE user_id = ${a.userId} AND created_at > ${now}::timestamptz - interval '1 day'
     ),
     hh AS (
       SELECT x.id FROM households x JOIN buildings b ON b.id = x.building_id
       WHERE x.community_id = ${a.communityId} AND b.name = ${a.building} AND x.unit = ${a.unit} AND x.room = ${a.room}
         AND x.door_code = ${a.householdCode}::text
     ),
     m AS (
       INSERT INTO memberships (user_id, community_id, household_id, building, unit, room, relation, real_name, status,
                                applied_at, decided_at)
       SELECT ${a.userId}, cm.id, hh.id, ${a.building}, ${a.unit}, ${a.room}, ${a.relation}, ${a.realName},
              CASE WHEN hh.id IS NULL THEN 'pending' ELSE 'verified' END, ${now}::timestamptz,
              CASE WHEN hh.id IS NULL THEN NULL ELSE ${now}::timestamptz END
       FROM cm LEFT JOIN hh ON true
       WHERE ${a.householdCode}::text IS NULL OR (SELECT n FROM tries) < ${DOOR_CODE_TRIES_PER_DAY}
       ON CONFLICT (user_id) WHERE status IN ('pending', 'verified') DO NOTHING
       RETURNING *
     ),
     wrong AS (
       INSERT INTO membership_code_attempts (user_id, community_id, created_at)
       SELECT m.user_id, m.community_id, ${now}::timestamptz FROM m
       WHERE ${a.householdCode}::text IS NOT NULL AND m.household_id IS NULL
     ),
     audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, after, created_at)
       SELECT ${viewer.id}::uuid, ${viewer.role}::text,
              CASE WHEN m.status = 'verified' THEN 'membership.verified_by_code' ELSE 'membership.applied' END,
              'membership', m.id::text, m.community_id,
              jsonb_build_object('status', m.status, 'codeGiven', ${a.householdCode}::text IS NOT NULL),
              ${now}::timestamptz
       FROM m
     )
     SELECT m.*, cm.name AS community_name FROM m JOIN cm ON cm.id = m.community_id`,
  )
  return row ?? null
}

/** Why an application was not filed, read after the fact. */
export async function findApplyRefusal(
  q: Queryable,
  userId: string,
  communityId: string,
  now: Date,
): Promise<{ community: boolean; current: boolean; tries: number }> {
  const [row] = await q.query<{ community: boolean; current: boolean; tries: number }>(
    sql`SELECT EXISTS (SELECT 1 FROM communities WHERE id = ${communityId}) AS community,
       EXISTS (SELECT 1 FROM memberships WHERE user_id = ${userId} AND status IN ('pending', 'verified')) AS current,
       (SELECT count(*)::int FROM membership_code_attempts
        WHERE user_id = ${userId} AND created_at > ${now}::timestamptz - interval '1 day') AS tries`,
  )
  return row!
}

/** The person's latest membership: the current one, else the last that ended or was rejected. */
export async function findLatest(q: Queryable, userId: string): Promise<MembershipRow | null> {
  const [row] = await q.query<MembershipRow>(
    sql`SELECT m.*, cm.name AS community_name FROM memberships m JOIN communities cm ON cm.id = m.community_id
     WHERE m.user_id = ${userId}
     ORDER BY (m.status IN ('pending', 'verified')) DESC, m.applied_at DESC, m.id DESC LIMIT 1`,
  )
  return row ?? null
}

/** Ends the person's current membership or withdraws their application. Ballots already cast stay. */
export async function leave(q: Queryable, viewer: SqlViewer, now: Date): Promise<MembershipRow | null> {
  const [row] = await q.query<MembershipRow>(
    sql`WITH cur AS (
       SELECT id, status FROM memberships WHERE user_id = ${viewer.id}::uuid AND status IN ('pending', 'verified')
       FOR UPDATE
     ),
     m AS (
       UPDATE memberships x SET status = 'left', ended_at = ${now}::timestamptz, ended_by = ${viewer.id}::uuid
       FROM cur WHERE x.id = cur.id AND x.status IN ('pending', 'verified')
       RETURNING x.*, cur.status AS was
     ),
     audited AS (
       ${audit(viewer, 'membership.left', sql`jsonb_build_object('status', m.was)`, sql`jsonb_build_object('status', 'left')`, now)}
     )
     SELECT m.*, cm.name AS community_name FROM m JOIN communities cm ON cm.id = m.community_id`,
  )
  return row ?? null
}

export type Decision = 'approve' | 'reject' | 'revoke'

/**
 * A staff decision in one statement: the membership is locked and changed only from the standing the decision
 * takes (approve and reject a pending application, revoke a verified membership), only by staff of its community (or
 * the admin), never by the applicant themselves, and audited. Approving attaches the household of the address the
 * application names, made (with its building) when missing. `after` is null when nothing changed; `before` (null
 * when there is no such membership) says why.
 */
export async function decide(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  decision: Decision,
  reason: string | null,
  now: Date,
): Promise<{ before: MembershipRow | null; after: MembershipRow | null }> {
  const from = decision === 'revoke' ? 'verified' : 'pending'
  const to: MembershipStatus = decision === 'approve' ? 'verified' : decision === 'reject' ? 'rejected' : 'left'
  const action: AuditAction = `membership.${decision === 'approve' ? 'approved' : decision === 'reject' ? 'rejected' : 'revoked'}`
  const [row] = await q.query<{ before: MembershipRow; after: MembershipRow | null }>(
    sql`WITH found AS (
       SELECT m.*, cm.name AS community_name FROM memberships m JOIN communities cm ON cm.id = m.community_id
       WHERE m.id = ${id} FOR UPDATE OF m
     ),
     ok AS (
       SELECT f.* FROM found f
       WHERE f.status = ${from} AND ${staffOf(viewer, sql`f.community_id`)} AND f.user_id <> ${viewer.id}::uuid
     ),
     b AS (
       INSERT INTO buildings (community_id, name)
       SELECT ok.community_id, ok.building FROM ok WHERE ${decision === 'approve'}::boolean
       ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name
       RETURNING id
     ),
     hh AS (
       INSERT INTO households (community_id, building_id, unit, room)
       SELECT ok.community_id, b.id, ok.unit, ok.room FROM ok, b
       ON CONFLICT (building_id, unit, room) DO UPDATE SET room = EXCLUDED.room
       RETURNING id
     ),
     m AS (
       UPDATE memberships x
       SET status = ${to}::text, reason = ${reason}::text, decided_by = ${viewer.id}::uuid, decided_at = ${now}::timestamptz,
           household_id = COALESCE((SELECT id FROM hh), x.household_id),
           ended_at = CASE WHEN ${to}::text = 'left' THEN ${now}::timestamptz END,
           ended_by = CASE WHEN ${to}::text = 'left' THEN ${viewer.id}::uuid END
       FROM ok WHERE x.id = ok.id
       RETURNING x.*, ok.community_name
     ),
     audited AS (
       ${audit(viewer, action, sql`jsonb_build_object('status', ${from}::text)`, sql`jsonb_build_object('status', m.status, 'reason', m.reason, 'householdId', m.household_id)`, now)}
     )
     SELECT row_to_json(f) AS before, (SELECT row_to_json(m) FROM m) AS after FROM found f`,
  )
  return { before: row?.before ?? null, after: row?.after ?? null }
}

/** A page of a community's memberships, oldest application first: the order staff work through them. */
export async function listForStaff(
  q: Queryable,
  f: { communityId: string; status: MembershipStatus | null; limit: number; after?: readonly [string, string] },
): Promise<(MembershipRow & { nickname: string; household_known: boolean })[]> {
  const [afterTime, afterId] = f.after ?? [null, null]
  return q.query(
    sql`SELECT m.*, cm.name AS community_name, u.nickname,
            (m.household_id IS NOT NULL OR EXISTS (
               SELECT 1 FROM households x JOIN buildings b ON b.id = x.building_id
               WHERE x.community_id = m.community_id AND b.name = m.building AND x.unit = m.unit AND x.room = m.room
            )) AS household_known
     FROM memberships m JOIN communities cm ON cm.id = m.community_id JOIN users u ON u.id = m.user_id
     WHERE m.community_id = ${f.communityId} AND (${f.status}::text IS NULL OR m.status = ${f.status}::text)
       AND (${afterTime}::timestamptz IS NULL
            OR (date_trunc('milliseconds', m.applied_at), m.id) > (${afterTime}::timestamptz, ${afterId}::uuid))
     ORDER BY date_trunc('milliseconds', m.applied_at), m.id
     LIMIT ${f.limit + 1}`,
  )
}

export function toForStaffDto(
  row: MembershipRow & { nickname: string; household_known: boolean },
): MembershipForStaffDto {
  return Object.assign(toMembershipDto(row), {
    userId: row.user_id,
    nickname: row.nickname,
    householdKnown: row.household_known,
  })
}
