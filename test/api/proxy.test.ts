import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWechatClient } from '../../src/server/auth/wechat'
import { sql } from '../../src/server/db/sql'
import { expectError, ok } from './support/assert'
import { auditRowsOf, makeCommunity, makeUser, type TestUser } from './support/fixtures'
import { startFakeWechat } from './support/fake-wechat'
import { call, startHarness, type Harness } from './support/harness'
import { bookSlot, MONDAY, slotAt, stationScene } from './stations/helpers'

const WECHAT = { appId: 'wx-test-app', secret: 'wx-test-secret' }
let fake: Awaited<ReturnType<typeof startFakeWechat>>
let h: Harness

beforeAll(async () => {
  fake = await startFakeWechat(WECHAT)
  h = await startHarness({ wechat: createWechatClient({ ...WECHAT, apiBase: fake.baseUrl, timeoutMs: 3_000 }) })
})
afterAll(async () => {
  await h.close()
  await fake.close()
})

const SUN = { realName: '孙大爷', phone: '13612345678', building: '3号楼', unit: '2单元', room: '101' }
const WISH = { title: '帮忙买菜', description: '腿脚不便，想请人帮忙买点菜', category: 'daily_goods' }

/** A resident without WeChat registered by staff of the community, through the API. */
async function registerResident(staff: TestUser, communityId: string, over: Record<string, unknown> = {}) {
  return ok(h, 'POST', `/api/communities/${communityId}/residents`, staff, { ...SUN, ...over }, 201)
}

async function scene() {
  const communityId = await makeCommunity(h)
  const otherCommunityId = await makeCommunity(h)
  const [staff, foreignStaff, admin, resident, volunteer] = await Promise.all([
    makeUser(h, 'staff', communityId, '陈主任'),
    makeUser(h, 'staff', otherCommunityId),
    makeUser(h, 'admin', null),
    makeUser(h, 'resident', communityId),
    makeUser(h, 'volunteer', communityId),
  ])
  return { communityId, otherCommunityId, staff, foreignStaff, admin, resident, volunteer }
}

describe('POST /api/communities/:id/residents (代办)', () => {
  it('registers a verified member of the household with an account no login reaches, audited', async () => {
    const s = await scene()
    const made = await registerResident(s.staff, s.communityId)
    expect(made).toMatchObject({ communityId: s.communityId, realName: '孙大爷', phone: SUN.phone, unit: '2单元' })

    const [user] = await h.db.query<{ openid: string; proxy: boolean; is_demo: boolean; nickname: string }>(
      sql`SELECT openid, proxy, is_demo, nickname FROM users WHERE id = ${made.userId}`,
    )
    expect(user).toMatchObject({ proxy: true, is_demo: false, nickname: '孙大爷' })
    expect(user!.openid).toMatch(/^proxy:/)
    const [membership] = await h.db.query<{ status: string; household_id: string; decided_by: string }>(
      sql`SELECT status, household_id, decided_by FROM memberships WHERE user_id = ${made.userId}`,
    )
    expect(membership).toEqual({ status: 'verified', household_id: made.householdId, decided_by: s.staff.id })
    expect(await auditRowsOf(h, made.userId, 'resident.')).toMatchObject([
      { actor_id: s.staff.id, action: 'resident.proxy_created', community_id: s.communityId },
    ])

    // A second person of the same room joins the same household, as an approval attaches it.
    const wife = await registerResident(s.staff, s.communityId, { realName: '孙奶奶', phone: '' })
    expect(wife).toMatchObject({ householdId: made.householdId, phone: null })
  })

  it('refuses bad inputs', async () => {
    const s = await scene()
    const path = `/api/communities/${s.communityId}/residents`
    for (const body of [
      {},
      { ...SUN, realName: '孙' },
      { ...SUN, phone: '12345' },
      { ...SUN, building: '' },
      { ...SUN, room: 'x'.repeat(11) },
      { ...SUN, relation: 'landlord' },
      { ...SUN, extra: 1 },
    ]) {
      expectError(await call(h.app, 'POST', path, { token: s.staff.token, body }), 400, 'VALIDATION_FAILED')
    }
    expectError(
      await call(h.app, 'POST', '/api/communities/not-an-id/residents', { token: s.staff.token, body: SUN }),
      400,
      'VALIDATION_FAILED',
    )
    const nowhere = await call(h.app, 'POST', `/api/communities/${crypto.randomUUID()}/residents`, {
      token: s.admin.token,
      body: SUN,
    })
    expectError(nowhere, 404, 'NOT_FOUND')
  })

  it('is for staff of the community alone', async () => {
    const s = await scene()
    const path = `/api/communities/${s.communityId}/residents`
    expectError(await call(h.app, 'POST', path, { body: SUN }), 401, 'UNAUTHENTICATED')
    for (const user of [s.resident, s.volunteer]) {
      expectError(await call(h.app, 'POST', path, { token: user.token, body: SUN }), 403, 'FORBIDDEN')
    }
    expectError(await call(h.app, 'POST', path, { token: s.foreignStaff.token, body: SUN }), 403, 'FORBIDDEN')
    expect((await h.db.query(sql`SELECT 1 FROM proxy_residents WHERE community_id = ${s.communityId}`)).length).toBe(0)
    await registerResident(s.admin, s.communityId)
  })
})

describe('GET /api/communities/:id/residents', () => {
  it("lists the community's residents without WeChat, newest first, in pages, to its staff only", async () => {
    const s = await scene()
    const first = await registerResident(s.staff, s.communityId, { realName: '孙大爷', room: '101' })
    h.clock.advance(1000)
    const second = await registerResident(s.staff, s.communityId, { realName: '钱奶奶', room: '102' })
    await registerResident(s.foreignStaff, s.otherCommunityId)
    const path = `/api/communities/${s.communityId}/residents`
    const page1 = await ok(h, 'GET', `${path}?limit=1`, s.staff)
    expect(page1.items.map((r: { userId: string }) => r.userId)).toEqual([second.userId])
    expect(page1.nextCursor).toEqual(expect.any(String))
    const page2 = await ok(h, 'GET', `${path}?limit=1&cursor=${page1.nextCursor}`, s.staff)
    expect(page2).toMatchObject({ items: [{ userId: first.userId, phone: SUN.phone }], nextCursor: null })

    expectError(await call(h.app, 'GET', path, { token: s.foreignStaff.token }), 403, 'FORBIDDEN')
    expectError(await call(h.app, 'GET', path, { token: s.resident.token }), 403, 'FORBIDDEN')
    expectError(await call(h.app, 'GET', path), 401, 'UNAUTHENTICATED')
    expectError(await call(h.app, 'GET', `${path}?cursor=junk`, { token: s.staff.token }), 400, 'VALIDATION_FAILED')
  })
})

describe('a resident without WeChat', () => {
  it('can never be signed in: not by WeChat, not by the demo login by id or openid, not by a token', async () => {
    const s = await scene()
    const made = await registerResident(s.staff, s.communityId)
    const [{ openid }] = (await h.db.query<{ openid: string }>(
      sql`SELECT openid FROM users WHERE id = ${made.userId}`,
    )) as [{ openid: string }]

    // Whatever openid WeChat answers, it never names the account: its own, the part after the namespace, upper case.
    for (const code of [`ok:${openid}`, `ok:${openid.slice('proxy:'.length)}`, `ok:${openid.toUpperCase()}`]) {
      const reply = await call(h.app, 'POST', '/api/auth/wechat', { body: { code } })
      if (reply.status === 200) expect(reply.body.user.id).not.toBe(made.userId)
      else expectError(reply, 401, 'WECHAT_CODE_INVALID')
    }
    expect((await h.db.query(sql`SELECT 1 FROM users WHERE openid = ${openid.toUpperCase()}`)).length).toBe(0)

    expectError(await call(h.app, 'POST', '/api/auth/dev', { body: { userId: made.userId } }), 404, 'NOT_FOUND')
    for (const id of [openid, openid.slice('proxy:'.length)]) {
      const demo = await call(h.app, 'POST', '/api/auth/dev', { body: { openid: id } })
      expect(demo.status).toBe(200)
      expect(demo.body.user.id).not.toBe(made.userId)
    }
    const demoUsers = await ok(h, 'GET', '/api/auth/dev/users', null)
    expect(demoUsers.items.map((u: { id: string }) => u.id)).not.toContain(made.userId)

    // Even a token our own secret signed for it is refused.
    expectError(await call(h.app, 'GET', '/api/me', { token: h.tokens.sign(made.userId) }), 401, 'UNAUTHENTICATED')

    // And the database keeps it so: never a demo user, never outside its namespace, no other account inside it.
    await expect(h.db.query(sql`UPDATE users SET is_demo = true WHERE id = ${made.userId}`)).rejects.toThrow()
    await expect(h.db.query(sql`UPDATE users SET proxy = false WHERE id = ${made.userId}`)).rejects.toThrow()
    await expect(
      h.db.query(sql`INSERT INTO users (openid, nickname) VALUES (${`proxy:${crypto.randomUUID()}`}, '冒充')`),
    ).rejects.toThrow()
  })
})

describe('POST /api/wishes with onBehalfOf', () => {
  it("posts the resident's wish, the staff member recorded as the one who acted, audited", async () => {
    const s = await scene()
    const sun = await registerResident(s.staff, s.communityId)
    const wish = await ok(h, 'POST', '/api/wishes', s.staff, { ...WISH, onBehalfOf: sun.userId }, 201)
    expect(wish).toMatchObject({ communityId: s.communityId, status: 'pending_review', ownerName: '孙大爷' })
    const [row] = await h.db.query<{ owner_id: string; acted_by: string }>(
      sql`SELECT owner_id, acted_by FROM wishes WHERE id = ${wish.id}`,
    )
    expect(row).toEqual({ owner_id: sun.userId, acted_by: s.staff.id })

    const events = await ok(h, 'GET', `/api/wishes/${wish.id}/events`, s.staff)
    expect(events.items).toMatchObject([{ type: 'created', actorName: '孙大爷', actedByName: '陈主任' }])
    expect(await auditRowsOf(h, wish.id, 'wish.created_for')).toMatchObject([
      { actor_id: s.staff.id, community_id: s.communityId, after: { ownerId: sun.userId } },
    ])

    // A resident's own wish says no one acted for them.
    const own = await ok(h, 'POST', '/api/wishes', s.resident, WISH, 201)
    expect((await ok(h, 'GET', `/api/wishes/${own.id}/events`, s.resident)).items).toMatchObject([
      { actedByName: null },
    ])
  })

  it("applies the resident's limit of live wishes, not the staff member's", async () => {
    const s = await scene()
    const sun = await registerResident(s.staff, s.communityId)
    for (let i = 0; i < 3; i++) await ok(h, 'POST', '/api/wishes', s.staff, { ...WISH, onBehalfOf: sun.userId }, 201)
    const fourth = await call(h.app, 'POST', '/api/wishes', {
      token: s.staff.token,
      body: { ...WISH, onBehalfOf: sun.userId },
    })
    expectError(fourth, 409, 'WISH_LIMIT_REACHED')
    const [count] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM wishes WHERE owner_id = ${sun.userId}`,
    )
    expect(count!.n).toBe(3)
  })

  it('is for staff acting for a verified member of a community they staff', async () => {
    const s = await scene()
    const sun = await registerResident(s.staff, s.communityId)
    const foreignSun = await registerResident(s.foreignStaff, s.otherCommunityId)
    const nonMember = await makeUser(h, 'resident', s.communityId, undefined, { member: false })
    const post = (user: TestUser, onBehalfOf: unknown) =>
      call(h.app, 'POST', '/api/wishes', { token: user.token, body: { ...WISH, onBehalfOf } })

    expectError(await post(s.resident, sun.userId), 403, 'FORBIDDEN')
    expectError(await post(s.volunteer, sun.userId), 403, 'FORBIDDEN')
    expectError(await post(s.foreignStaff, sun.userId), 404, 'NOT_FOUND')
    expectError(await post(s.staff, foreignSun.userId), 404, 'NOT_FOUND')
    expectError(await post(s.staff, nonMember.id), 404, 'NOT_FOUND')
    expectError(await post(s.staff, crypto.randomUUID()), 404, 'NOT_FOUND')
    expectError(await post(s.staff, 'sun'), 400, 'VALIDATION_FAILED')
    expect((await h.db.query(sql`SELECT 1 FROM wishes WHERE owner_id = ${sun.userId}`)).length).toBe(0)
    // Any verified member will do, not only one registered without WeChat; and the admin may act anywhere.
    await ok(h, 'POST', '/api/wishes', s.staff, { ...WISH, onBehalfOf: s.resident.id }, 201)
    await ok(h, 'POST', '/api/wishes', s.admin, { ...WISH, onBehalfOf: foreignSun.userId }, 201)
  })
})

describe('POST /api/bookings with onBehalfOf', () => {
  it("books for the resident under the resident's limits; the staff list names who booked it", async () => {
    const s = await stationScene(h)
    const staff = await makeUser(h, 'staff', s.communityId, '陈主任')
    const sun = await registerResident(staff, s.communityId)
    const slotId = await slotAt(h, s.service.id, MONDAY, '09:00')
    const booking = await ok(h, 'POST', '/api/bookings', staff, { slotId, partySize: 1, onBehalfOf: sun.userId }, 201)
    expect(booking).toMatchObject({ slotId, actedByName: '陈主任', code: expect.stringMatching(/^\d{8}$/) })
    const [row] = await h.db.query<{ user_id: string; acted_by: string }>(
      sql`SELECT user_id, acted_by FROM bookings WHERE id = ${booking.id}`,
    )
    expect(row).toEqual({ user_id: sun.userId, acted_by: staff.id })
    expect(await auditRowsOf(h, booking.id, 'booking.created_for')).toMatchObject([{ actor_id: staff.id }])

    const list = await ok(h, 'GET', `/api/services/${s.service.id}/bookings?date=${MONDAY}`, s.staff)
    expect(list.items).toMatchObject([{ id: booking.id, holderName: '孙大爷', actedByName: '陈主任' }])
    // The staff member's own bookings are untouched.
    expect((await ok(h, 'GET', '/api/me/bookings', staff)).items).toEqual([])

    // One booking per slot and three upcoming: the resident's.
    const again = await call(h.app, 'POST', '/api/bookings', {
      token: staff.token,
      body: { slotId, partySize: 1, onBehalfOf: sun.userId },
    })
    expectError(again, 409, 'ALREADY_BOOKED')
    for (const time of ['09:30', '10:00']) {
      const other = await slotAt(h, s.service.id, MONDAY, time)
      await ok(h, 'POST', '/api/bookings', staff, { slotId: other, onBehalfOf: sun.userId }, 201)
    }
    const fourth = await call(h.app, 'POST', '/api/bookings', {
      token: staff.token,
      body: { slotId: await slotAt(h, s.service.id, MONDAY, '10:30'), onBehalfOf: sun.userId },
    })
    expectError(fourth, 409, 'BOOKING_LIMIT_REACHED')
    // The staff member may still book for themselves.
    await bookSlot(h, staff, await slotAt(h, s.service.id, MONDAY, '10:30'))
  })

  it('is for staff acting for a verified member of a community they staff', async () => {
    const s = await stationScene(h)
    const sun = await registerResident(s.staff, s.communityId)
    const slotId = await slotAt(h, s.service.id, MONDAY, '09:00')
    const book = (user: TestUser, onBehalfOf: unknown) =>
      call(h.app, 'POST', '/api/bookings', { token: user.token, body: { slotId, onBehalfOf } })
    expectError(await book(s.resident, sun.userId), 403, 'FORBIDDEN')
    expectError(await book(s.foreignStaff, sun.userId), 404, 'NOT_FOUND')
    expectError(await book(s.staff, s.outsider.id), 404, 'NOT_FOUND')
    expectError(await book(s.staff, 42), 400, 'VALIDATION_FAILED')
    expectError(
      await call(h.app, 'POST', '/api/bookings', {
        token: s.staff.token,
        body: { slotId: crypto.randomUUID(), onBehalfOf: sun.userId },
      }),
      404,
      'NOT_FOUND',
    )
    expect((await h.db.query(sql`SELECT 1 FROM bookings WHERE user_id = ${sun.userId}`)).length).toBe(0)
  })
})
