import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../src/server/db/sql'
import { makeCommunity, makeUser, makeWorld, pendingApplicant, type TestUser, auditRowsOf } from './support/fixtures'
import { call, startHarness, type Harness } from './support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const assign = (actor: TestUser | null, body: unknown) =>
  call(h.app, 'POST', '/api/admin/staff', { token: actor?.token, body })
const unassign = (actor: TestUser | null, userId: string, communityId: string) =>
  call(h.app, 'DELETE', `/api/admin/staff/${userId}/${communityId}`, { token: actor?.token })
const me = async (user: TestUser) => (await call(h.app, 'GET', '/api/me', { token: user.token })).body

const assignments = (userId: string) =>
  h.db.query<{ community_id: string; assigned_by: string | null }>(
    sql`SELECT community_id, assigned_by FROM staff_assignments WHERE user_id = ${userId} ORDER BY created_at`,
  )
const accountRole = async (userId: string) =>
  (await h.db.query<{ role: string }>(sql`SELECT role FROM users WHERE id = ${userId}`))[0]!.role

const auditRows = (userId: string) => auditRowsOf(h, userId, 'staff.')

describe('POST /api/admin/staff', () => {
  it("makes a resident staff of the community: 201, and their role becomes 'staff'", async () => {
    const { communityId, admin } = await makeWorld(h)
    const user = await makeUser(h, 'resident', communityId)
    const reply = await assign(admin, { userId: user.id, communityId })
    expect(reply.status).toBe(201)
    expect(reply.body).toEqual({ userId: user.id, communityId })
    expect(await me(user)).toMatchObject({ role: 'staff', staffCommunityIds: [communityId] })
    expect(await assignments(user.id)).toEqual([{ community_id: communityId, assigned_by: admin.id }])
    expect(await accountRole(user.id)).toBe('staff')
  })

  it('may make someone staff of a community they do not live in, and of a second one', async () => {
    const { communityId, otherCommunityId, admin } = await makeWorld(h)
    const user = await makeUser(h, 'resident', null)
    expect((await assign(admin, { userId: user.id, communityId })).status).toBe(201)
    expect((await assign(admin, { userId: user.id, communityId: otherCommunityId })).status).toBe(201)
    const profile = await me(user)
    expect(profile.role).toBe('staff')
    expect(new Set(profile.staffCommunityIds)).toEqual(new Set([communityId, otherCommunityId]))
    expect(profile.communityId).toBeNull()
  })

  it("makes an active volunteer 'staff', and they are a volunteer again when unassigned", async () => {
    const { communityId, admin, volunteer } = await makeWorld(h)
    expect((await assign(admin, { userId: volunteer.id, communityId })).status).toBe(201)
    expect((await me(volunteer)).role).toBe('staff')
    expect((await unassign(admin, volunteer.id, communityId)).status).toBe(204)
    expect(await me(volunteer)).toMatchObject({ role: 'volunteer', staffCommunityIds: [] })
  })

  it('leaves an admin an admin, with the assignment recorded', async () => {
    const { communityId, admin } = await makeWorld(h)
    const otherAdmin = await makeUser(h, 'admin', null)
    expect((await assign(admin, { userId: otherAdmin.id, communityId })).status).toBe(201)
    expect(await me(otherAdmin)).toMatchObject({ role: 'admin', staffCommunityIds: [communityId] })
    expect(await accountRole(otherAdmin.id)).toBe('admin')
    expect((await unassign(admin, otherAdmin.id, communityId)).status).toBe(204)
    expect(await accountRole(otherAdmin.id)).toBe('admin')
  })

  it('is 409 STAFF_ALREADY_ASSIGNED the second time, writing nothing more', async () => {
    const { communityId, admin, staff } = await makeWorld(h)
    const reply = await assign(admin, { userId: staff.id, communityId })
    expect(reply.status).toBe(409)
    expect(reply.body.error.code).toBe('STAFF_ALREADY_ASSIGNED')
    expect(reply.body.error.message).toBe('该用户已经是这个社区的工作人员')
    expect(await assignments(staff.id)).toHaveLength(1)
    expect(await auditRows(staff.id)).toEqual([])
  })

  it('is 409 for an assignment made through the API and repeated', async () => {
    const { communityId, admin } = await makeWorld(h)
    const user = await makeUser(h, 'resident', communityId)
    expect((await assign(admin, { userId: user.id, communityId })).status).toBe(201)
    const again = await assign(admin, { userId: user.id, communityId })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('STAFF_ALREADY_ASSIGNED')
    expect(await auditRows(user.id)).toHaveLength(1)
  })

  it('is 404 for an unknown user or an unknown community, writing nothing', async () => {
    const { communityId, admin, resident } = await makeWorld(h)
    const ghost = randomUUID()
    const noUser = await assign(admin, { userId: ghost, communityId })
    expect(noUser.status).toBe(404)
    expect(noUser.body.error.code).toBe('NOT_FOUND')
    expect(await assignments(ghost)).toEqual([])
    expect(await auditRows(ghost)).toEqual([])

    const noCommunity = await assign(admin, { userId: resident.id, communityId: randomUUID() })
    expect(noCommunity.status).toBe(404)
    expect(noCommunity.body.error.code).toBe('NOT_FOUND')
    expect(await assignments(resident.id)).toEqual([])
    expect(await accountRole(resident.id)).toBe('resident')
    expect(await auditRows(resident.id)).toEqual([])
  })

  it.each([
    ['an empty body', {}],
    ['no community', { userId: randomUUID() }],
    ['a user id that is not a uuid', { userId: 'user-1', communityId: randomUUID() }],
    ['a community id that is not a uuid', { userId: randomUUID(), communityId: 42 }],
    ['an extra field', { userId: randomUUID(), communityId: randomUUID(), role: 'admin' }],
  ])('is 400 VALIDATION_FAILED for %s', async (_what, body) => {
    const { admin } = await makeWorld(h)
    const reply = await assign(admin, body)
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    expect(Array.isArray(reply.body.error.details)).toBe(true)
  })

  it('is 403 for staff, a volunteer and a resident, 401 without a token, and assigns nobody', async () => {
    const { communityId, resident, volunteer, staff, foreignStaff } = await makeWorld(h)
    const target = await makeUser(h, 'resident', communityId)
    for (const actor of [staff, foreignStaff, volunteer, resident]) {
      const reply = await assign(actor, { userId: target.id, communityId })
      expect(reply.status).toBe(403)
      expect(reply.body.error.code).toBe('FORBIDDEN')
    }
    // Not even themselves.
    expect((await assign(resident, { userId: resident.id, communityId })).status).toBe(403)
    const anonymous = await assign(null, { userId: target.id, communityId })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED')
    expect(await assignments(target.id)).toEqual([])
    expect(await assignments(resident.id)).toEqual([])
    expect((await me(target)).role).toBe('resident')
  })
})

describe('a new staff member at work', () => {
  it('may decide applications of their community at once, with the token they already had', async () => {
    const { communityId, otherCommunityId, admin } = await makeWorld(h)
    const newcomer = await makeUser(h, 'resident', communityId)
    const applicant = await pendingApplicant(h, communityId)
    const elsewhere = await pendingApplicant(h, otherCommunityId)

    const before = await call(h.app, 'POST', `/api/volunteers/${applicant.id}/approve`, { token: newcomer.token })
    expect(before.status).toBe(403)

    expect((await assign(admin, { userId: newcomer.id, communityId })).status).toBe(201)
    const list = await call(h.app, 'GET', '/api/volunteers/applications?status=pending', { token: newcomer.token })
    expect(list.status).toBe(200)
    expect(list.body.items.map((a: { userId: string }) => a.userId)).toEqual([applicant.id])
    const approved = await call(h.app, 'POST', `/api/volunteers/${applicant.id}/approve`, { token: newcomer.token })
    expect(approved.status).toBe(200)
    expect(approved.body.status).toBe('active')
    expect((await me(applicant)).role).toBe('volunteer')
    // Still only inside their own community.
    const outside = await call(h.app, 'POST', `/api/volunteers/${elsewhere.id}/approve`, { token: newcomer.token })
    expect(outside.status).toBe(403)
  })

  it('loses the power at once when unassigned, with the same token', async () => {
    const { communityId, admin } = await makeWorld(h)
    const member = await makeUser(h, 'resident', communityId)
    expect((await assign(admin, { userId: member.id, communityId })).status).toBe(201)
    expect((await unassign(admin, member.id, communityId)).status).toBe(204)
    const applicant = await pendingApplicant(h, communityId)
    const reply = await call(h.app, 'POST', `/api/volunteers/${applicant.id}/approve`, { token: member.token })
    expect(reply.status).toBe(403)
    const list = await call(h.app, 'GET', '/api/volunteers/applications', { token: member.token })
    expect(list.status).toBe(403)
    const row = await h.db.query<{ status: string }>(sql`SELECT status FROM volunteers WHERE user_id = ${applicant.id}`)
    expect(row[0]!.status).toBe('pending')
  })
})

describe('DELETE /api/admin/staff/:userId/:communityId', () => {
  it("ends the assignment: 204, and the role goes back to 'resident' when none is left", async () => {
    const { communityId, admin, staff } = await makeWorld(h)
    const reply = await unassign(admin, staff.id, communityId)
    expect(reply.status).toBe(204)
    expect(reply.body).toBeNull()
    expect(await me(staff)).toMatchObject({ role: 'resident', staffCommunityIds: [] })
    expect(await assignments(staff.id)).toEqual([])
    expect(await accountRole(staff.id)).toBe('resident')
  })

  it("keeps the role 'staff' while another assignment is left", async () => {
    const { communityId, otherCommunityId, admin, staff } = await makeWorld(h)
    expect((await assign(admin, { userId: staff.id, communityId: otherCommunityId })).status).toBe(201)
    expect((await unassign(admin, staff.id, communityId)).status).toBe(204)
    expect(await me(staff)).toMatchObject({ role: 'staff', staffCommunityIds: [otherCommunityId] })
    expect(await assignments(staff.id)).toEqual([{ community_id: otherCommunityId, assigned_by: admin.id }])
  })

  it('replays its 204 to a retry with the same Idempotency-Key: no body, and nothing ended twice', async () => {
    const { communityId, admin, staff } = await makeWorld(h)
    const retry = () =>
      call(h.app, 'DELETE', `/api/admin/staff/${staff.id}/${communityId}`, {
        token: admin.token,
        headers: { 'Idempotency-Key': 'unassign-0000000001' },
      })
    const first = await retry()
    const audited = await auditRows(staff.id)
    const again = await retry()
    expect([first.status, first.body]).toEqual([204, null])
    expect([again.status, again.body, again.headers.get('idempotent-replayed')]).toEqual([204, null, 'true'])
    expect(await auditRows(staff.id)).toEqual(audited)
    expect(audited.at(-1)).toMatchObject({ action: 'staff.unassign' })
  })

  it('is 404 for an assignment that does not exist, and for one already ended', async () => {
    const { communityId, otherCommunityId, admin, staff, resident } = await makeWorld(h)
    const notThere = await unassign(admin, staff.id, otherCommunityId)
    expect(notThere.status).toBe(404)
    expect(notThere.body.error.code).toBe('NOT_FOUND')
    expect((await unassign(admin, resident.id, communityId)).status).toBe(404)
    expect((await unassign(admin, randomUUID(), communityId)).status).toBe(404)
    expect(await assignments(staff.id)).toHaveLength(1)

    expect((await unassign(admin, staff.id, communityId)).status).toBe(204)
    expect((await unassign(admin, staff.id, communityId)).status).toBe(404)
    expect((await auditRows(staff.id)).map((a) => a.action)).toEqual(['staff.unassign'])
  })

  it('is 403 for anyone but the admin, 401 without a token, and removes nothing', async () => {
    const { communityId, resident, volunteer, staff, foreignStaff } = await makeWorld(h)
    for (const actor of [staff, foreignStaff, volunteer, resident]) {
      const reply = await unassign(actor, staff.id, communityId)
      expect(reply.status).toBe(403)
      expect(reply.body.error.code).toBe('FORBIDDEN')
    }
    const anonymous = await unassign(null, staff.id, communityId)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED')
    expect(await assignments(staff.id)).toHaveLength(1)
    expect((await me(staff)).role).toBe('staff')
    expect(await auditRows(staff.id)).toEqual([])
  })

  it('is 400 for ids that are not uuids', async () => {
    const { communityId, admin, staff } = await makeWorld(h)
    const badUser = await unassign(admin, 'someone', communityId)
    expect(badUser.status).toBe(400)
    expect(badUser.body.error.code).toBe('VALIDATION_FAILED')
    const badCommunity = await unassign(admin, staff.id, 'somewhere')
    expect(badCommunity.status).toBe(400)
    expect(await assignments(staff.id)).toHaveLength(1)
  })
})

describe('audit of staff assignments', () => {
  it("writes 'staff.assign' and 'staff.unassign' rows with the admin, the community and before/after", async () => {
    const { communityId, admin } = await makeWorld(h)
    const user = await makeUser(h, 'resident', communityId)
    expect((await assign(admin, { userId: user.id, communityId })).status).toBe(201)
    expect((await unassign(admin, user.id, communityId)).status).toBe(204)
    expect(await auditRows(user.id)).toEqual([
      {
        actor_id: admin.id,
        actor_role: 'admin',
        action: 'staff.assign',
        entity_type: 'user',
        entity_id: user.id,
        community_id: communityId,
        before: null,
        after: { userId: user.id, communityId },
      },
      {
        actor_id: admin.id,
        actor_role: 'admin',
        action: 'staff.unassign',
        entity_type: 'user',
        entity_id: user.id,
        community_id: communityId,
        before: { userId: user.id, communityId },
        after: null,
      },
    ])
  })

  it('writes nothing for refused or failed requests', async () => {
    const { communityId, admin, staff, resident } = await makeWorld(h)
    await assign(staff, { userId: resident.id, communityId })
    await assign(admin, { userId: resident.id, communityId: randomUUID() })
    await unassign(admin, resident.id, communityId)
    await unassign(staff, staff.id, communityId)
    expect(await auditRows(resident.id)).toEqual([])
    expect(await auditRows(staff.id)).toEqual([])
  })
})

describe('concurrent assignments', () => {
  it('10 concurrent assigns of the same user and community: one 201, the rest 409, one row, one audit', async () => {
    const communityId = await makeCommunity(h)
    const admin = await makeUser(h, 'admin', null)
    const user = await makeUser(h, 'resident', communityId)
    const replies = await Promise.all(Array.from({ length: 10 }, () => assign(admin, { userId: user.id, communityId })))
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1)
    expect(replies.filter((r) => r.status === 409)).toHaveLength(9)
    expect(await assignments(user.id)).toHaveLength(1)
    expect(await auditRows(user.id)).toHaveLength(1)
    expect((await me(user)).role).toBe('staff')
  })

  it('10 assignments of one person ended at once: all 204, and they are a resident again', async () => {
    const admin = await makeUser(h, 'admin', null)
    const communities = await Promise.all(Array.from({ length: 10 }, () => makeCommunity(h)))
    const user = await makeUser(h, 'resident', communities[0]!)
    for (const communityId of communities) {
      expect((await assign(admin, { userId: user.id, communityId })).status).toBe(201)
    }
    const replies = await Promise.all(communities.map((communityId) => unassign(admin, user.id, communityId)))
    expect(replies.map((r) => r.status)).toEqual(communities.map(() => 204))
    expect(await assignments(user.id)).toEqual([])
    expect((await me(user)).role).toBe('resident')
  })

  it('assignments made and ended at once: the role matches what is left', async () => {
    const admin = await makeUser(h, 'admin', null)
    const communities = await Promise.all(Array.from({ length: 10 }, () => makeCommunity(h)))
    const user = await makeUser(h, 'resident', communities[0]!)
    const [ended, made] = [communities.slice(0, 5), communities.slice(5)]
    for (const communityId of ended) await assign(admin, { userId: user.id, communityId })
    const replies = await Promise.all([
      ...ended.map((communityId) => unassign(admin, user.id, communityId)),
      ...made.map((communityId) => assign(admin, { userId: user.id, communityId })),
    ])
    expect(replies.map((r) => r.status)).toEqual([...ended.map(() => 204), ...made.map(() => 201)])
    expect(await assignments(user.id)).toHaveLength(5)
    expect((await me(user)).role).toBe('staff')
  })
})
