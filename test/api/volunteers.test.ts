import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../src/server/db/sql'
import { makeCommunity, makeUser, makeWorld, type TestUser, auditRowsOf } from './support/fixtures'
import { call, startHarness, type Harness, type Reply } from './support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const APPLICATION = { realName: '王建国', phone: '13812345678' }

const apply = (user: TestUser, body: unknown = APPLICATION) =>
  call(h.app, 'POST', '/api/me/volunteer', { token: user.token, body })

/** A resident of the community who has applied; the clock moves a second so applications are ordered. */
async function applicant(communityId: string, realName = APPLICATION.realName): Promise<TestUser> {
  const user = await makeUser(h, 'resident', communityId)
  h.clock.advance(1_000)
  const reply = await apply(user, { ...APPLICATION, realName })
  expect(reply.status).toBe(201)
  return user
}

const decide = (actor: TestUser | null, userId: string, decision: string, body?: unknown) =>
  call(h.app, 'POST', `/api/volunteers/${userId}/${decision}`, { token: actor?.token, body })
const approve = (actor: TestUser | null, userId: string) => decide(actor, userId, 'approve')
const reject = (actor: TestUser | null, userId: string, reason = '资料不完整，请补充') =>
  decide(actor, userId, 'reject', { reason })
const suspend = (actor: TestUser | null, userId: string, reason = '多次爽约') =>
  decide(actor, userId, 'suspend', { reason })

/** A community of its own with one staff member and no volunteers yet: its list is exactly what the test files. */
async function staffedCommunity() {
  const communityId = await makeCommunity(h)
  return { communityId, staff: await makeUser(h, 'staff', communityId) }
}

const roleOf = async (user: TestUser) => (await call(h.app, 'GET', '/api/me', { token: user.token })).body.role

interface VolunteerRow {
  community_id: string
  real_name: string
  phone: string
  status: string
  reason: string | null
  decided_by: string | null
  decided_at: Date | null
}
const volunteerRow = async (userId: string) =>
  (await h.db.query<VolunteerRow>(sql`SELECT * FROM volunteers WHERE user_id = ${userId}`))[0]

const auditRows = (userId: string) => auditRowsOf(h, userId, 'volunteer.')

/** Every page of the applications list, as this actor sees it. */
async function allApplications(actor: TestUser, query = '') {
  const items: { userId: string; communityId: string; status: string }[] = []
  let cursor: string | null = null
  do {
    const reply: Reply = await call(
      h.app,
      'GET',
      `/api/volunteers/applications?limit=50${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token: actor.token },
    )
    expect(reply.status).toBe(200)
    items.push(...reply.body.items)
    cursor = reply.body.nextCursor
  } while (cursor)
  return items
}

describe('POST /api/me/volunteer', () => {
  it('files a pending application in the resident’s community: 201', async () => {
    const communityId = await makeCommunity(h)
    const resident = await makeUser(h, 'resident', communityId)
    const reply = await apply(resident, { realName: ' 王建国 ', phone: '13812345678' })
    expect(reply.status).toBe(201)
    expect(reply.body).toEqual({
      userId: resident.id,
      communityId,
      status: 'pending',
      reason: null,
      appliedAt: h.clock.now().toISOString(),
      decidedAt: null,
    })
    // The real name and phone are kept for staff, not echoed back.
    expect(JSON.stringify(reply.body)).not.toContain('13812345678')
    expect(await volunteerRow(resident.id)).toMatchObject({
      community_id: communityId,
      real_name: '王建国',
      phone: '13812345678',
      status: 'pending',
      decided_by: null,
    })
    expect(await roleOf(resident)).toBe('resident')
  })

  it('is 401 without a token', async () => {
    const reply = await call(h.app, 'POST', '/api/me/volunteer', { body: APPLICATION })
    expect(reply.status).toBe(401)
    expect(reply.body.error.code).toBe('UNAUTHENTICATED')
  })

  it('is 409 COMMUNITY_REQUIRED for a user who has not chosen a community', async () => {
    const user = await makeUser(h, 'resident', null)
    const reply = await apply(user)
    expect(reply.status).toBe(409)
    expect(reply.body.error.code).toBe('COMMUNITY_REQUIRED')
    expect(reply.body.error.message).toBe('请先在"我的"里选择您所在的社区')
    expect(await volunteerRow(user.id)).toBeUndefined()
  })

  it.each([
    ['a phone of 10 digits', { realName: '王建国', phone: '1381234567' }, 'phone', '请填写11位手机号码'],
    ['a phone starting 12', { realName: '王建国', phone: '12812345678' }, 'phone', '请填写11位手机号码'],
    ['a phone with letters', { realName: '王建国', phone: '1381234567a' }, 'phone', '请填写11位手机号码'],
    ['a one-character name', { realName: '王', phone: '13812345678' }, 'realName', '请填写2-20个字的真实姓名'],
    ['a blank name', { realName: '   ', phone: '13812345678' }, 'realName', '请填写2-20个字的真实姓名'],
    [
      'a name over 20 characters',
      { realName: '王'.repeat(21), phone: '13812345678' },
      'realName',
      '请填写2-20个字的真实姓名',
    ],
  ])('refuses %s with 400 and the message from the schema', async (_what, body, path, message) => {
    const resident = await makeUser(h, 'resident', await makeCommunity(h))
    const reply = await apply(resident, body)
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    expect(reply.body.error.message).toBe(message)
    expect(reply.body.error.details[0]).toMatchObject({ path: [path], message })
    expect(await volunteerRow(resident.id)).toBeUndefined()
  })

  it.each([
    ['no phone', { realName: '王建国' }],
    ['an extra field', { ...APPLICATION, isPartyMember: true }],
    ['an empty body', {}],
  ])('refuses %s with 400', async (_what, body) => {
    const resident = await makeUser(h, 'resident', await makeCommunity(h))
    const reply = await apply(resident, body)
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    expect(await volunteerRow(resident.id)).toBeUndefined()
  })

  it('10 concurrent applications by one resident (a double tap, no key): one 201, the rest 409, one row', async () => {
    const resident = await makeUser(h, 'resident', await makeCommunity(h))
    const replies = await Promise.all(Array.from({ length: 10 }, () => apply(resident)))
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1)
    const refused = replies.filter((r) => r.status === 409)
    expect(refused).toHaveLength(9)
    for (const reply of refused) expect(reply.body.error.code).toBe('VOLUNTEER_APPLICATION_PENDING')
    const rows = await h.db.query(sql`SELECT status FROM volunteers WHERE user_id = ${resident.id}`)
    expect(rows).toEqual([{ status: 'pending' }])
  })

  it('is 409 VOLUNTEER_APPLICATION_PENDING when applying twice, keeping the first application', async () => {
    const resident = await makeUser(h, 'resident', await makeCommunity(h))
    expect((await apply(resident)).status).toBe(201)
    const again = await apply(resident, { realName: '李四', phone: '13700000000' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('VOLUNTEER_APPLICATION_PENDING')
    expect(again.body.error.message).toBe('您的志愿者申请正在审核中，请耐心等待')
    expect(await volunteerRow(resident.id)).toMatchObject({ real_name: APPLICATION.realName, status: 'pending' })
  })

  it('may apply again after a rejection: pending again, reason and decision cleared', async () => {
    const communityId = await makeCommunity(h)
    const staff = await makeUser(h, 'staff', communityId)
    const resident = await applicant(communityId)
    expect((await reject(staff, resident.id, '电话打不通')).status).toBe(200)
    h.clock.advance(60_000)
    const again = await apply(resident, { realName: '王建国', phone: '13999999999' })
    expect(again.status).toBe(201)
    expect(again.body).toMatchObject({ status: 'pending', reason: null, decidedAt: null })
    expect(again.body.appliedAt).toBe(h.clock.now().toISOString())
    expect(await volunteerRow(resident.id)).toMatchObject({
      status: 'pending',
      phone: '13999999999',
      reason: null,
      decided_by: null,
      decided_at: null,
    })
    const rows = await h.db.query(sql`SELECT 1 FROM volunteers WHERE user_id = ${resident.id}`)
    expect(rows).toHaveLength(1)
  })

  it('is 409 VOLUNTEER_ALREADY_ACTIVE for an active volunteer', async () => {
    const volunteer = await makeUser(h, 'volunteer', await makeCommunity(h))
    const reply = await apply(volunteer)
    expect(reply.status).toBe(409)
    expect(reply.body.error.code).toBe('VOLUNTEER_ALREADY_ACTIVE')
    expect((await volunteerRow(volunteer.id))!.status).toBe('active')
  })

  it('is 409 VOLUNTEER_SUSPENDED for a suspended volunteer', async () => {
    const communityId = await makeCommunity(h)
    const staff = await makeUser(h, 'staff', communityId)
    const volunteer = await makeUser(h, 'volunteer', communityId)
    expect((await suspend(staff, volunteer.id)).status).toBe(200)
    const reply = await apply(volunteer)
    expect(reply.status).toBe(409)
    expect(reply.body.error.code).toBe('VOLUNTEER_SUSPENDED')
    expect((await volunteerRow(volunteer.id))!.status).toBe('suspended')
  })
})

describe('GET /api/volunteers/applications', () => {
  const list = (actor: TestUser | null, query = '') =>
    call(h.app, 'GET', `/api/volunteers/applications${query}`, { token: actor?.token })

  it("shows staff their community's applications with real name and phone, oldest first", async () => {
    const { communityId, staff } = await staffedCommunity()
    const first = await applicant(communityId, '张一')
    const second = await applicant(communityId, '张二')
    const third = await applicant(communityId, '张三')
    const reply = await list(staff)
    expect(reply.status).toBe(200)
    expect(reply.body.nextCursor).toBeNull()
    expect(reply.body.items.map((a: { userId: string }) => a.userId)).toEqual([first.id, second.id, third.id])
    expect(reply.body.items[0]).toEqual({
      userId: first.id,
      communityId,
      status: 'pending',
      reason: null,
      appliedAt: expect.any(String),
      decidedAt: null,
      nickname: expect.any(String),
      realName: '张一',
      phone: APPLICATION.phone,
    })
    const times = reply.body.items.map((a: { appliedAt: string }) => Date.parse(a.appliedAt))
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })

  it('shows the same list with ?communityId of their own community', async () => {
    const { communityId, staff } = await staffedCommunity()
    const one = await applicant(communityId)
    const reply = await list(staff, `?communityId=${communityId}`)
    expect(reply.status).toBe(200)
    expect(reply.body.items.map((a: { userId: string }) => a.userId)).toEqual([one.id])
  })

  it('is 403 for staff asking with ?communityId of another community', async () => {
    const { otherCommunityId, staff } = await makeWorld(h)
    await applicant(otherCommunityId)
    const reply = await list(staff, `?communityId=${otherCommunityId}`)
    expect(reply.status).toBe(403)
    expect(reply.body.error.code).toBe('FORBIDDEN')
  })

  it('does not show applications of a community to staff of another', async () => {
    const { communityId, otherCommunityId, foreignStaff } = await makeWorld(h)
    const mine = await applicant(communityId)
    const theirs = await applicant(otherCommunityId)
    const seen = (await allApplications(foreignStaff)).map((a) => a.userId)
    expect(seen).toContain(theirs.id)
    expect(seen).not.toContain(mine.id)
    expect((await allApplications(foreignStaff)).every((a) => a.communityId === otherCommunityId)).toBe(true)
  })

  it('shows the admin the applications of every community', async () => {
    const { communityId, otherCommunityId, admin } = await makeWorld(h)
    const here = await applicant(communityId)
    const there = await applicant(otherCommunityId)
    const seen = (await allApplications(admin, '&status=pending')).map((a) => a.userId)
    expect(seen).toEqual(expect.arrayContaining([here.id, there.id]))
    const filtered = await list(admin, `?communityId=${otherCommunityId}`)
    expect(filtered.status).toBe(200)
    expect(filtered.body.items.map((a: { userId: string }) => a.userId)).toEqual([there.id])
  })

  it('is 403 for a resident and a volunteer, 401 without a token', async () => {
    const { communityId, resident, volunteer } = await makeWorld(h)
    await applicant(communityId)
    for (const actor of [resident, volunteer]) {
      const reply = await list(actor)
      expect(reply.status).toBe(403)
      expect(reply.body.error.code).toBe('FORBIDDEN')
      expect(JSON.stringify(reply.body)).not.toContain(APPLICATION.phone)
    }
    const anonymous = await list(null)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED')
  })

  it('filters by ?status', async () => {
    const { communityId, staff } = await staffedCommunity()
    const pending = await applicant(communityId)
    const approved = await applicant(communityId)
    const rejected = await applicant(communityId)
    expect((await approve(staff, approved.id)).status).toBe(200)
    expect((await reject(staff, rejected.id)).status).toBe(200)
    const ids = async (status: string) =>
      (await list(staff, `?status=${status}`)).body.items.map((a: { userId: string }) => a.userId)
    expect(await ids('pending')).toEqual([pending.id])
    expect(await ids('active')).toEqual([approved.id])
    expect(await ids('rejected')).toEqual([rejected.id])
    expect(await ids('suspended')).toEqual([])
    const rejectedItem = (await list(staff, '?status=rejected')).body.items[0]
    expect(rejectedItem).toMatchObject({ status: 'rejected', reason: '资料不完整，请补充' })
    // Without a filter: all three.
    expect((await list(staff)).body.items).toHaveLength(3)
    const bad = await list(staff, '?status=approved')
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('pages with limit and cursor, without repeats', async () => {
    const { communityId, staff } = await staffedCommunity()
    const applicants = [await applicant(communityId), await applicant(communityId), await applicant(communityId)]
    const first = await list(staff, '?limit=2')
    expect(first.status).toBe(200)
    expect(first.body.items).toHaveLength(2)
    expect(first.body.nextCursor).toEqual(expect.any(String))
    const second = await list(staff, `?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`)
    expect(second.status).toBe(200)
    expect(second.body.items).toHaveLength(1)
    expect(second.body.nextCursor).toBeNull()
    expect([...first.body.items, ...second.body.items].map((a: { userId: string }) => a.userId)).toEqual(
      applicants.map((a) => a.id),
    )
  })

  it('orders applications filed at the same moment by user id, and pages through them', async () => {
    const { communityId, staff } = await staffedCommunity()
    const users = await Promise.all([1, 2, 3, 4].map(() => makeUser(h, 'resident', communityId)))
    for (const user of users) expect((await apply(user)).status).toBe(201)
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const reply = await list(staff, `?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      seen.push(...reply.body.items.map((a: { userId: string }) => a.userId))
      cursor = reply.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(users.map((u) => u.id).sort())
  })

  // Known bug (reported): a cursor that decodes to the right shape but not to a time reaches PostgreSQL's
  // `::timestamptz` cast of the cursor's time and answers 500 INTERNAL instead of 400. Drop `.fails` once the service checks it.
  it('refuses a forged cursor whose time is not a time with 400, not 500', async () => {
    const { staff } = await staffedCommunity()
    const forged = Buffer.from(JSON.stringify(['garbage', 'x'])).toString('base64url')
    const reply = await list(staff, `?cursor=${forged}`)
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
  })

  it.each([
    ['limit=0', '?limit=0'],
    ['limit=51', '?limit=51'],
    ['a garbage cursor', '?cursor=garbage'],
    ['a community id that is not a uuid', '?communityId=abc'],
  ])('refuses %s with 400', async (_what, query) => {
    const { staff } = await makeWorld(h)
    const reply = await list(staff, query)
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
  })
})

describe('staff decisions on applications', () => {
  it("approve: 200 active, and the applicant's role becomes 'volunteer'", async () => {
    const { communityId, staff } = await makeWorld(h)
    const user = await applicant(communityId)
    const reply = await approve(staff, user.id)
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({
      userId: user.id,
      communityId,
      status: 'active',
      reason: null,
      appliedAt: expect.any(String),
      decidedAt: h.clock.now().toISOString(),
    })
    expect(await roleOf(user)).toBe('volunteer')
    expect(await volunteerRow(user.id)).toMatchObject({ status: 'active', decided_by: staff.id })
  })

  it("reject {reason}: 200 rejected, the reason shown to the applicant, who stays 'resident'", async () => {
    const { communityId, staff } = await makeWorld(h)
    const user = await applicant(communityId)
    const reply = await reject(staff, user.id, '  请先完成社区志愿者培训  ')
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ userId: user.id, status: 'rejected', reason: '请先完成社区志愿者培训' })
    const me = await call(h.app, 'GET', '/api/me', { token: user.token })
    expect(me.body.role).toBe('resident')
    expect(me.body.volunteer).toMatchObject({ status: 'rejected', reason: '请先完成社区志愿者培训' })
    expect(await volunteerRow(user.id)).toMatchObject({ status: 'rejected', decided_by: staff.id })
  })

  it("suspend {reason}: 200 suspended, and the role goes back to 'resident' at once, same token", async () => {
    const { communityId, staff } = await makeWorld(h)
    const user = await applicant(communityId)
    expect((await approve(staff, user.id)).status).toBe(200)
    expect(await roleOf(user)).toBe('volunteer')
    const reply = await suspend(staff, user.id, '多次认领后未完成')
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ status: 'suspended', reason: '多次认领后未完成' })
    expect(await roleOf(user)).toBe('resident')
    expect(await volunteerRow(user.id)).toMatchObject({ status: 'suspended', reason: '多次认领后未完成' })
  })

  it('approve of a suspended volunteer reinstates them', async () => {
    const { communityId, staff, volunteer } = await makeWorld(h)
    expect((await suspend(staff, volunteer.id)).status).toBe(200)
    expect(await roleOf(volunteer)).toBe('resident')
    const reply = await approve(staff, volunteer.id)
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ userId: volunteer.id, communityId, status: 'active', reason: null })
    expect(await roleOf(volunteer)).toBe('volunteer')
  })

  it('the admin may decide in any community', async () => {
    const { communityId, admin } = await makeWorld(h)
    const user = await applicant(communityId)
    const reply = await approve(admin, user.id)
    expect(reply.status).toBe(200)
    expect(await roleOf(user)).toBe('volunteer')
    expect(await volunteerRow(user.id)).toMatchObject({ decided_by: admin.id })
  })

  describe('a decision from the wrong state is 409 and changes nothing', () => {
    const cases: [string, 'pending' | 'active' | 'rejected' | 'suspended', string, string][] = [
      ['approve', 'active', 'approve', 'VOLUNTEER_NOT_PENDING'],
      ['approve', 'rejected', 'approve', 'VOLUNTEER_NOT_PENDING'],
      ['reject', 'active', 'reject', 'VOLUNTEER_NOT_PENDING'],
      ['reject', 'rejected', 'reject', 'VOLUNTEER_NOT_PENDING'],
      ['reject', 'suspended', 'reject', 'VOLUNTEER_NOT_PENDING'],
      ['suspend', 'pending', 'suspend', 'VOLUNTEER_NOT_ACTIVE'],
      ['suspend', 'rejected', 'suspend', 'VOLUNTEER_NOT_ACTIVE'],
      ['suspend', 'suspended', 'suspend', 'VOLUNTEER_NOT_ACTIVE'],
    ]
    it.each(cases)('%s of a %s application', async (_name, from, decision, code) => {
      const { communityId, staff } = await makeWorld(h)
      const user = await applicant(communityId)
      if (from === 'active' || from === 'suspended') expect((await approve(staff, user.id)).status).toBe(200)
      if (from === 'suspended') expect((await suspend(staff, user.id)).status).toBe(200)
      if (from === 'rejected') expect((await reject(staff, user.id)).status).toBe(200)
      const before = await volunteerRow(user.id)
      const audits = (await auditRows(user.id)).length
      const reply = await decide(staff, user.id, decision, decision === 'approve' ? undefined : { reason: '再次处理' })
      expect(reply.status).toBe(409)
      expect(reply.body.error.code).toBe(code)
      expect(await volunteerRow(user.id)).toEqual(before)
      expect(await auditRows(user.id)).toHaveLength(audits)
    })
  })

  it.each(['approve', 'reject', 'suspend'])(
    '%s by staff of another community is 403 and changes nothing',
    async (d) => {
      const { communityId, staff, foreignStaff } = await makeWorld(h)
      const user = await applicant(communityId)
      if (d === 'suspend') expect((await approve(staff, user.id)).status).toBe(200)
      const before = await volunteerRow(user.id)
      const reply = await decide(foreignStaff, user.id, d, d === 'approve' ? undefined : { reason: '越权操作' })
      expect(reply.status).toBe(403)
      expect(reply.body.error.code).toBe('FORBIDDEN')
      expect(await volunteerRow(user.id)).toEqual(before)
      expect((await auditRows(user.id)).filter((a) => a.actor_id === foreignStaff.id)).toEqual([])
    },
  )

  it.each(['approve', 'reject', 'suspend'])('%s of an unknown user is 404', async (d) => {
    const { staff } = await makeWorld(h)
    const reply = await decide(staff, randomUUID(), d, d === 'approve' ? undefined : { reason: '没有这个人' })
    expect(reply.status).toBe(404)
    expect(reply.body.error.code).toBe('NOT_FOUND')
  })

  it('approve of a user who never applied is 404', async () => {
    const { resident, staff } = await makeWorld(h)
    const reply = await approve(staff, resident.id)
    expect(reply.status).toBe(404)
    expect(await volunteerRow(resident.id)).toBeUndefined()
  })

  it.each(['approve', 'reject', 'suspend'])('%s by a resident or a volunteer is 403, anonymous 401', async (d) => {
    const { communityId, resident, volunteer } = await makeWorld(h)
    const user = await applicant(communityId)
    const before = await volunteerRow(user.id)
    const body = d === 'approve' ? undefined : { reason: '我来处理' }
    for (const actor of [resident, volunteer]) {
      const reply = await decide(actor, user.id, d, body)
      expect(reply.status).toBe(403)
      expect(reply.body.error.code).toBe('FORBIDDEN')
    }
    const anonymous = await decide(null, user.id, d, body)
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED')
    expect(await volunteerRow(user.id)).toEqual(before)
    expect(await auditRows(user.id)).toEqual([])
  })

  it.each([
    ['reject', undefined],
    ['reject', {}],
    ['reject', { reason: 'x' }],
    ['reject', { reason: '原'.repeat(201) }],
    ['suspend', {}],
    ['suspend', { reason: '  ' }],
  ])('%s with the body %j is 400', async (d, body) => {
    const { communityId, staff } = await makeWorld(h)
    const user = await applicant(communityId)
    if (d === 'suspend') expect((await approve(staff, user.id)).status).toBe(200)
    const before = await volunteerRow(user.id)
    const reply = await decide(staff, user.id, d, body)
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    expect(await volunteerRow(user.id)).toEqual(before)
  })

  it('reject without a reason names the field: 400 with path reason', async () => {
    const { communityId, staff } = await makeWorld(h)
    const user = await applicant(communityId)
    const reply = await decide(staff, user.id, 'reject', { reason: '' })
    expect(reply.status).toBe(400)
    expect(reply.body.error.details[0].path).toEqual(['reason'])
    expect(reply.body.error.message).toBe('请写明原因')
    expect((await volunteerRow(user.id))!.status).toBe('pending')
  })

  it.each(['approve', 'reject', 'suspend'])('%s with a userId that is not a uuid is 400', async (d) => {
    const { staff } = await makeWorld(h)
    const reply = await decide(staff, 'not-a-uuid', d, d === 'approve' ? undefined : { reason: '格式不对' })
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    expect(reply.body.error.details[0].path).toEqual(['userId'])
  })
})

describe('audit of volunteer decisions', () => {
  it('writes one row per decision, with actor, community and before/after', async () => {
    const { communityId, staff, admin } = await makeWorld(h)
    const user = await applicant(communityId)
    expect((await approve(staff, user.id)).status).toBe(200)
    expect((await suspend(staff, user.id, '暂停服务一个月')).status).toBe(200)
    expect((await approve(admin, user.id)).status).toBe(200)
    const rejected = await applicant(communityId)
    expect((await reject(staff, rejected.id, '年龄不符合要求')).status).toBe(200)

    expect(await auditRows(user.id)).toEqual([
      {
        actor_id: staff.id,
        actor_role: 'staff',
        action: 'volunteer.approve',
        entity_type: 'volunteer',
        entity_id: user.id,
        community_id: communityId,
        before: { status: 'pending' },
        after: { status: 'active', reason: null },
      },
      {
        actor_id: staff.id,
        actor_role: 'staff',
        action: 'volunteer.suspend',
        entity_type: 'volunteer',
        entity_id: user.id,
        community_id: communityId,
        before: { status: 'active' },
        after: { status: 'suspended', reason: '暂停服务一个月' },
      },
      {
        actor_id: admin.id,
        actor_role: 'admin',
        action: 'volunteer.approve',
        entity_type: 'volunteer',
        entity_id: user.id,
        community_id: communityId,
        before: { status: 'suspended' },
        after: { status: 'active', reason: null },
      },
    ])
    expect(await auditRows(rejected.id)).toEqual([
      expect.objectContaining({
        actor_id: staff.id,
        action: 'volunteer.reject',
        community_id: communityId,
        before: { status: 'pending' },
        after: { status: 'rejected', reason: '年龄不符合要求' },
      }),
    ])
  })

  it('writes nothing for an application filed by a resident', async () => {
    const { communityId } = await makeWorld(h)
    const user = await applicant(communityId)
    expect(await auditRows(user.id)).toEqual([])
  })
})

describe('concurrent decisions', () => {
  it('20 concurrent approves of one application: exactly one 200, the rest 409, one audit row', async () => {
    const { communityId, staff } = await makeWorld(h)
    const user = await applicant(communityId)
    const replies = await Promise.all(Array.from({ length: 20 }, () => approve(staff, user.id)))
    const statuses = replies.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(1)
    expect(statuses.filter((s) => s === 409)).toHaveLength(19)
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(reply.body.error.code).toBe('VOLUNTEER_NOT_PENDING')
    }
    expect(await auditRows(user.id)).toHaveLength(1)
    expect((await volunteerRow(user.id))!.status).toBe('active')
  })

  it('an approve and a reject racing: exactly one wins, and the row and the audit agree', async () => {
    const { communityId, staff, admin } = await makeWorld(h)
    const user = await applicant(communityId)
    const replies = await Promise.all([
      ...Array.from({ length: 5 }, () => approve(staff, user.id)),
      ...Array.from({ length: 5 }, () => reject(admin, user.id)),
    ])
    const winners = replies.filter((r) => r.status === 200)
    expect(winners).toHaveLength(1)
    expect(replies.filter((r) => r.status === 409)).toHaveLength(9)
    const audits = await auditRows(user.id)
    expect(audits).toHaveLength(1)
    expect((await volunteerRow(user.id))!.status).toBe(winners[0]!.body.status)
    expect(audits[0]!.after).toMatchObject({ status: winners[0]!.body.status })
  })
})
