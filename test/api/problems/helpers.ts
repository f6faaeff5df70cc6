import { expect } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeCommunity, makeStreet, makeUser, type TestUser } from '../support/fixtures'
import { call, uniqueName, type Harness, type Reply } from '../support/harness'

export { expectError } from '../support/assert'

export const PROBLEM = { category: 'facilities', description: '3号楼楼道灯坏了，晚上很黑', location: '3号楼2单元' }

/** An organisation of the community, made straight in the tables as the places feature's invite would leave it. */
export async function makeOrg(
  h: Harness,
  communityId: string,
  kind: 'committee' | 'property' | 'owners_committee' | 'department' = 'property',
  name = uniqueName(kind === 'property' ? '物业' : '居委会'),
): Promise<string> {
  const [row] = await h.db.query<{ id: string }>(
    sql`INSERT INTO orgs (community_id, kind, name) VALUES (${communityId}, ${kind}, ${name.slice(0, 40)}) RETURNING id`,
  )
  return row!.id
}

/** A user who handles problems for the organisation (no membership of their own). */
export async function makeHandler(h: Harness, orgId: string, nickname = uniqueName('处理人')): Promise<TestUser> {
  const user = await makeUser(h, 'resident', null, nickname, { member: false })
  await h.db.query(sql`INSERT INTO org_handlers (user_id, org_id) VALUES (${user.id}, ${orgId})`)
  return user
}

/** Staff of every community of the street. */
export async function makeStreetStaff(h: Harness, streetId: string): Promise<TestUser> {
  const user = await makeUser(h, 'resident', null, uniqueName('街道'), { member: false })
  await h.db.query(sql`INSERT INTO street_staff (user_id, street_id) VALUES (${user.id}, ${streetId})`)
  return user
}

/**
 * A community on a street of its own, with everyone a problem concerns: its reporter and another verified member,
 * a non-member living elsewhere, its staff, the street's staff, staff of another community, two organisations
 * (a property company with two handlers, the committee with one), and a handler of another community's organisation.
 */
export async function problemScene(h: Harness) {
  const streetId = await makeStreet(h)
  const communityId = await makeCommunity(h, streetId)
  const otherCommunityId = await makeCommunity(h)
  const [propertyId, committeeId, foreignOrgId] = await Promise.all([
    makeOrg(h, communityId, 'property'),
    makeOrg(h, communityId, 'committee'),
    makeOrg(h, otherCommunityId, 'property'),
  ])
  const [reporter, neighbour, outsider, staff, streetStaff, foreignStaff, handler, handler2, committeeHandler] =
    await Promise.all([
      makeUser(h, 'resident', communityId, '张三丰'),
      makeUser(h, 'resident', communityId),
      makeUser(h, 'resident', otherCommunityId),
      makeUser(h, 'staff', communityId),
      makeStreetStaff(h, streetId),
      makeUser(h, 'staff', otherCommunityId),
      makeHandler(h, propertyId, '物业小王'),
      makeHandler(h, propertyId, '物业小李'),
      makeHandler(h, committeeId, '居委小赵'),
    ])
  const foreignHandler = await makeHandler(h, foreignOrgId)
  return {
    streetId,
    communityId,
    otherCommunityId,
    propertyId,
    committeeId,
    foreignOrgId,
    reporter,
    neighbour,
    outsider,
    staff,
    streetStaff,
    foreignStaff,
    handler,
    handler2,
    committeeHandler,
    foreignHandler,
  }
}
export type ProblemScene = Awaited<ReturnType<typeof problemScene>>

/** Sends a request and expects the status, returning the body. */
export async function act(
  h: Harness,
  user: TestUser | null,
  method: string,
  path: string,
  body?: unknown,
  status = 200,
): Promise<any> {
  const reply: Reply = await call(h.app, method, path, { token: user?.token, body })
  expect(reply.status, `${method} ${path}: ${JSON.stringify(reply.body)}`).toBe(status)
  return reply.body
}

export const send = (h: Harness, user: TestUser | null, method: string, path: string, body?: unknown) =>
  call(h.app, method, path, { token: user?.token, body })

export async function reportProblem(h: Harness, s: ProblemScene, body: object = {}): Promise<string> {
  const created = await act(
    h,
    s.reporter,
    'POST',
    '/api/problems',
    { communityId: s.communityId, ...PROBLEM, ...body },
    201,
  )
  return created.id
}

export async function assignedProblem(h: Harness, s: ProblemScene, body: object = {}): Promise<string> {
  const id = await reportProblem(h, s, body)
  await act(h, s.staff, 'POST', `/api/problems/${id}/assign`, { orgId: s.propertyId })
  return id
}

export async function acceptedProblem(h: Harness, s: ProblemScene): Promise<string> {
  const id = await assignedProblem(h, s)
  await act(h, s.handler, 'POST', `/api/problems/${id}/accept`, {})
  return id
}

export async function resolvedProblem(h: Harness, s: ProblemScene): Promise<string> {
  const id = await acceptedProblem(h, s)
  await act(h, s.handler, 'POST', `/api/problems/${id}/resolve`, { result: '已更换灯泡' })
  return id
}

export async function problemRow(h: Harness, id: string) {
  const [row] = await h.db.query<Record<string, any>>(sql`SELECT * FROM problems WHERE id = ${id}`)
  return row!
}

export async function eventTypes(h: Harness, id: string): Promise<string[]> {
  const rows = await h.db.query<{ type: string }>(
    sql`SELECT type FROM problem_events WHERE problem_id = ${id} ORDER BY id`,
  )
  return rows.map((r) => r.type)
}

/** The kinds of the problem's notifications each user received, keyed by user id, in alphabetical order. */
export async function notificationsOf(h: Harness, id: string): Promise<Record<string, string[]>> {
  const rows = await h.db.query<{ user_id: string; kinds: string[] }>(
    sql`SELECT user_id, array_agg(kind ORDER BY kind) AS kinds FROM notifications
     WHERE entity_type = 'problem' AND entity_id = ${id} GROUP BY user_id`,
  )
  return Object.fromEntries(rows.map((r) => [r.user_id, r.kinds]))
}
