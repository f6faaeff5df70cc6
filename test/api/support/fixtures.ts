import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { call, uniqueName, type Harness } from './harness'

export type ActorKind = 'resident' | 'volunteer' | 'staff' | 'admin'

export interface TestUser {
  id: string
  token: string
}

/** A community of the test's own, so tests never see each other's data. */
export async function makeCommunity(h: Harness, streetId?: string): Promise<string> {
  const [row] = await h.db.query<{ id: string }>(
    sql`WITH s AS (
       INSERT INTO streets (name, district) VALUES ('测试街道', '测试区')
       ON CONFLICT (district, name) DO UPDATE SET name = EXCLUDED.name RETURNING id
     )
     INSERT INTO communities (name, street_id) SELECT ${uniqueName('社区')}, COALESCE(${streetId ?? null}::uuid, s.id) FROM s
     RETURNING id`,
  )
  return row!.id
}

/** A street of the test's own, for tests of what street staff may do (fixture communities share one street). */
export async function makeStreet(h: Harness): Promise<string> {
  const [row] = await h.db.query<{ id: string }>(
    sql`INSERT INTO streets (name, district) VALUES (${uniqueName('街道')}, '测试区') RETURNING id`,
  )
  return row!.id
}

/** A household of a new room in `building` of communityId (the building made if missing). */
export async function makeHousehold(
  h: Harness,
  communityId: string,
  place: { building?: string; areaM2?: number } = {},
): Promise<{ id: string; building: string; room: string }> {
  const building = place.building ?? '1号楼'
  const room = randomUUID().slice(0, 8)
  const [row] = await h.db.query<{ id: string }>(
    sql`WITH b AS (
       INSERT INTO buildings (community_id, name) VALUES (${communityId}, ${building})
       ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id
     )
     INSERT INTO households (community_id, building_id, room, area_m2)
     SELECT ${communityId}, b.id, ${room}, ${place.areaM2 ?? null} FROM b RETURNING id`,
  )
  return { id: row!.id, building, room }
}

/**
 * Makes the user a verified member of communityId, of the given household or else a new one (see makeHousehold), as
 * an approved application leaves them. Returns the household's id.
 */
export async function makeMember(
  h: Harness,
  userId: string,
  communityId: string,
  place: { building?: string; areaM2?: number; relation?: 'owner' | 'tenant' | 'family'; householdId?: string } = {},
): Promise<string> {
  const householdId = place.householdId ?? (await makeHousehold(h, communityId, place)).id
  await h.db.query(
    sql`INSERT INTO memberships (user_id, community_id, household_id, building, unit, room, relation, real_name, status,
                              decided_at)
     SELECT ${userId}, ${communityId}, x.id, b.name, x.unit, x.room, ${place.relation ?? 'owner'}, '测试住户', 'verified', now()
     FROM households x JOIN buildings b ON b.id = x.building_id WHERE x.id = ${householdId}
     RETURNING id`,
  )
  return householdId
}

/**
 * A user living in communityId: a resident, an active volunteer, staff of that community, or the admin. Residents
 * and volunteers are verified members of a household there (see makeMember), unless `member: false`.
 * Written straight to the tables: these are the preconditions of a test, not what it tests.
 */
export async function makeUser(
  h: Harness,
  kind: ActorKind,
  communityId: string | null,
  nickname = uniqueName(kind),
  options: { member?: boolean } = {},
): Promise<TestUser> {
  const accountRole = kind === 'volunteer' ? 'resident' : kind
  const [user] = await h.db.query<{ id: string }>(
    sql`INSERT INTO users (openid, nickname, role, community_id)
     VALUES (${`test:${randomUUID()}`}, ${nickname.slice(0, 32)}, ${accountRole}, ${communityId}) RETURNING id`,
  )
  const id = user!.id
  if ((kind === 'resident' || kind === 'volunteer') && communityId && options.member !== false) {
    await makeMember(h, id, communityId)
  }
  if (kind === 'volunteer' && communityId) {
    await h.db.query(
      sql`INSERT INTO volunteers (user_id, community_id, real_name, phone, status, decided_at)
       VALUES (${id}, ${communityId}, '测试志愿者', '13900000000', 'active', now())`,
    )
  }
  if (kind === 'staff' && communityId) {
    await h.db.query(sql`INSERT INTO staff_assignments (user_id, community_id) VALUES (${id}, ${communityId})`)
  }
  return { id, token: h.tokens.sign(id) }
}

/** A resident of communityId who has applied to volunteer through the API, waiting for a decision. */
export async function pendingApplicant(h: Harness, communityId: string): Promise<TestUser> {
  const user = await makeUser(h, 'resident', communityId)
  const reply = await call(h.app, 'POST', '/api/me/volunteer', {
    token: user.token,
    body: { realName: '申请人', phone: '13512345678' },
  })
  expect(reply.status).toBe(201)
  return user
}

/**
 * Two communities and one of every kind of caller: the cast of an authorization test.
 * `foreignStaff` is staff of the other community.
 */
export async function makeWorld(h: Harness) {
  return makeCast(h, await makeCommunity(h), await makeCommunity(h))
}

/** One of every kind of caller for two given communities. */
export async function makeCast(h: Harness, communityId: string, otherCommunityId: string) {
  const [resident, volunteer, staff, foreignStaff, admin] = await Promise.all([
    makeUser(h, 'resident', communityId),
    makeUser(h, 'volunteer', communityId),
    makeUser(h, 'staff', communityId),
    makeUser(h, 'staff', otherCommunityId),
    makeUser(h, 'admin', null),
  ])
  return { communityId, otherCommunityId, resident, volunteer, staff, foreignStaff, admin }
}

export type World = Awaited<ReturnType<typeof makeWorld>>

export interface AuditRow {
  actor_id: string
  actor_role: string
  action: string
  entity_type: string
  entity_id: string
  community_id: string
  before: unknown
  after: unknown
}

/** The audit rows about one entity, oldest first, optionally only the actions starting with a prefix. */
export function auditRowsOf(h: Harness, entityId: string, actionPrefix = '') {
  return h.db.query<AuditRow>(
    sql`SELECT actor_id, actor_role, action, entity_type, entity_id, community_id, before, after
     FROM audit_log WHERE entity_id = ${entityId} AND action LIKE ${actionPrefix} || '%' ORDER BY id`,
  )
}

/**
 * A community with its staff, three members (one a volunteer) and a resident not yet a member; staff and a resident
 * of another community; the admin. The cast of a feature's endpoint tests.
 */
export async function communityCast(h: Harness) {
  const communityId = await makeCommunity(h)
  const otherCommunityId = await makeCommunity(h)
  const [staff, foreignStaff, admin, alice, bob, carol, outsider, nonMember] = await Promise.all([
    makeUser(h, 'staff', communityId, '陈主任'),
    makeUser(h, 'staff', otherCommunityId),
    makeUser(h, 'admin', null),
    makeUser(h, 'resident', communityId, '王小明'),
    makeUser(h, 'resident', communityId, '李奶奶'),
    makeUser(h, 'volunteer', communityId, '张志强'),
    makeUser(h, 'resident', otherCommunityId),
    makeUser(h, 'resident', communityId, '新住户', { member: false }),
  ])
  return { communityId, otherCommunityId, staff, foreignStaff, admin, alice, bob, carol, outsider, nonMember }
}
