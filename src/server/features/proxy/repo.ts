import { sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import type { SqlViewer } from '../../db/viewer'

export interface ProxyResidentRow {
  user_id: string
  community_id: string
  real_name: string
  phone: string | null
  building: string
  unit: string
  room: string
  household_id: string
  created_at: Date
}

/**
 * Registers a resident without WeChat in one statement: an account in the `proxy:` namespace no login reaches
 * (migration 0019), the building and household made if missing, as approving an application does, a verified
 * membership of it, and the audit record of who registered them. Null when the community does not exist.
 */
export async function insertProxyResident(
  q: Queryable,
  viewer: SqlViewer,
  r: {
    communityId: string
    realName: string
    phone: string | null
    building: string
    unit: string
    room: string
    relation: 'owner' | 'tenant' | 'family'
    now: Date
  },
): Promise<ProxyResidentRow | null> {
  const [row] = await q.query<ProxyResidentRow>(
    sql`WITH c AS (
       SELECT id FROM communities WHERE id = ${r.communityId}
     ), u AS (
       INSERT INTO users (openid, nickname, community_id, building, proxy, created_at, updated_at)
       SELECT 'proxy:' || gen_random_uuid(), ${r.realName}, c.id, ${r.building}, true, ${r.now}, ${r.now} FROM c
       RETURNING id
     ), b AS (
       INSERT INTO buildings (community_id, name) SELECT c.id, ${r.building} FROM c
       ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name
       RETURNING id
     ), hh AS (
       INSERT INTO households (community_id, building_id, unit, room)
       SELECT ${r.communityId}, b.id, ${r.unit}, ${r.room} FROM b
       ON CONFLICT (building_id, unit, room) DO UPDATE SET room = EXCLUDED.room
       RETURNING id
     ), m AS (
       INSERT INTO memberships (user_id, community_id, household_id, building, unit, room, relation, real_name, status,
                                applied_at, decided_at, decided_by)
       SELECT u.id, ${r.communityId}, hh.id, ${r.building}, ${r.unit}, ${r.room}, ${r.relation}, ${r.realName},
              'verified', ${r.now}, ${r.now}, ${viewer.id}::uuid
       FROM u, hh
       RETURNING user_id, household_id
     ), p AS (
       INSERT INTO proxy_residents (user_id, community_id, phone, created_by, created_at)
       SELECT u.id, ${r.communityId}, ${r.phone}, ${viewer.id}::uuid, ${r.now} FROM u
       RETURNING *
     ), a AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, after, created_at)
       SELECT ${viewer.id}::uuid, ${viewer.role}::text, 'resident.proxy_created', 'user', p.user_id::text, p.community_id,
              jsonb_build_object('realName', ${r.realName}::text, 'building', ${r.building}::text,
                                 'unit', ${r.unit}::text, 'room', ${r.room}::text, 'householdId', m.household_id),
              ${r.now}::timestamptz
       FROM p JOIN m ON m.user_id = p.user_id
     )
     SELECT p.user_id, p.community_id, ${r.realName}::text AS real_name, p.phone, ${r.building}::text AS building,
            ${r.unit}::text AS unit, ${r.room}::text AS room, m.household_id, p.created_at
     FROM p JOIN m ON m.user_id = p.user_id`,
  )
  return row ?? null
}

/** The residents without WeChat registered in a community who are still its verified members, newest first. */
export async function listProxyResidents(
  q: Queryable,
  communityId: string,
  page: { limit: number; before?: readonly [string, string] },
): Promise<ProxyResidentRow[]> {
  const [beforeTime, beforeId] = page.before ?? [null, null]
  return q.query<ProxyResidentRow>(
    sql`SELECT p.user_id, p.community_id, m.real_name, p.phone, m.building, m.unit, m.room, m.household_id, p.created_at
     FROM proxy_residents p
     JOIN users u ON u.id = p.user_id AND u.deleted_at IS NULL
     JOIN memberships m ON m.user_id = p.user_id AND m.status = 'verified' AND m.community_id = p.community_id
     WHERE p.community_id = ${communityId}
       AND (${beforeTime}::timestamptz IS NULL
         OR (p.created_at, p.user_id::text) < (${beforeTime}::timestamptz, ${beforeId}::text))
     ORDER BY p.created_at DESC, p.user_id::text DESC
     LIMIT ${page.limit + 1}`,
  )
}

/** The community a person is a verified member of, with the account still there; null for anyone else. */
export async function findVerifiedCommunity(q: Queryable, userId: string): Promise<string | null> {
  const [row] = await q.query<{ community_id: string }>(
    sql`SELECT m.community_id FROM memberships m JOIN users u ON u.id = m.user_id AND u.deleted_at IS NULL
     WHERE m.user_id = ${userId} AND m.status = 'verified'`,
  )
  return row?.community_id ?? null
}
