import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { DOOR_CODE_TRIES_PER_DAY } from '../../../src/shared/memberships'
import { expectError, ok } from '../support/assert'
import { tally } from '../support/contention'
import { auditRowsOf, makeCommunity, makeHousehold, makeUser, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const body = (communityId: string, over: Record<string, unknown> = {}) => ({
  communityId,
  building: '3号楼',
  unit: '2',
  room: '501',
  relation: 'owner',
  realName: '王建国',
  ...over,
})

const apply = (user: TestUser, b: unknown) => call(h.app, 'POST', '/api/me/membership', { token: user.token, body: b })
const mine = async (user: TestUser) => (await ok(h, 'GET', '/api/me/membership', user)).membership
const me = async (user: TestUser) => ok(h, 'GET', '/api/me', user)

/** A household of the community with its door code. */
async function household(communityId: string, building = '3号楼') {
  const made = await makeHousehold(h, communityId, { building })
  const [row] = await h.db.query<{ door_code: string }>(sql`SELECT door_code FROM households WHERE id = ${made.id}`)
  return { ...made, code: row!.door_code }
}

/** A fresh account that chose the community to browse, as `POST /api/auth/dev` and `PATCH /api/me` leave one. */
const newcomer = (communityId: string) => makeUser(h, 'resident', communityId, undefined, { member: false })

async function scene() {
  const communityId = await makeCommunity(h)
  const otherCommunityId = await makeCommunity(h)
  const [staff, foreignStaff, admin] = await Promise.all([
    makeUser(h, 'staff', communityId, '陈主任'),
    makeUser(h, 'staff', otherCommunityId),
    makeUser(h, 'admin', null),
  ])
  return { communityId, otherCommunityId, staff, foreignStaff, admin }
}

describe('POST /api/me/membership', () => {
  it('verifies at once with the household’s door code; the profile shows the membership', async () => {
    const s = await scene()
    const home = await household(s.communityId)
    const user = await newcomer(s.communityId)
    const reply = await apply(
      user,
      body(s.communityId, { building: home.building, unit: '', room: home.room, householdCode: home.code }),
    )
    expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    expect(reply.body).toMatchObject({ status: 'verified', membership: { status: 'verified', householdId: home.id } })
    expect((await me(user)).membership).toMatchObject({
      communityId: s.communityId,
      householdId: home.id,
      status: 'verified',
    })
    expect((await auditRowsOf(h, reply.body.membership.id)).map((r) => r.action)).toEqual([
      'membership.verified_by_code',
    ])
    // Verified at once: nothing waits for staff, and no alert was sent.
    const alerts = await h.db.query(
      sql`SELECT 1 FROM notifications WHERE user_id = ${s.staff.id} AND kind = 'staff.membership_application'`,
    )
    expect(alerts).toHaveLength(0)
  })

  it('files a pending application without a code, or with a wrong one, and says no more than that', async () => {
    const s = await scene()
    const home = await household(s.communityId)
    const noCode = await newcomer(s.communityId)
    const wrongCode = await newcomer(s.communityId)
    const noHousehold = await newcomer(s.communityId)
    const wrong = String((Number(home.code) + 1) % 100_000_000).padStart(8, '0')
    const replies = [
      await apply(noCode, body(s.communityId, { building: home.building, unit: '', room: home.room })),
      await apply(
        wrongCode,
        body(s.communityId, { building: home.building, unit: '', room: home.room, householdCode: wrong }),
      ),
      await apply(noHousehold, body(s.communityId, { room: '909', householdCode: wrong })),
    ]
    for (const r of replies) {
      expect(r.status).toBe(201)
      expect(r.body.status).toBe('pending')
      expect(r.body.membership.householdId).toBeNull()
    }
    // The wrong code for an existing household and a code for none read the same, key for key.
    const shape = (r: (typeof replies)[number]) => ({ ...r.body, membership: Object.keys(r.body.membership).sort() })
    expect(shape(replies[1]!)).toEqual(shape(replies[2]!))
    expect((await me(noCode)).membership).toMatchObject({ status: 'pending' })
    // Staff hear of each.
    const alerts = await h.db.query<{ body: string }>(
      sql`SELECT body FROM notifications WHERE user_id = ${s.staff.id} AND kind = 'staff.membership_application' ORDER BY created_at`,
    )
    expect(alerts).toHaveLength(3)
    expect(alerts[0]!.body).toContain('王建国')
  })

  it(`takes ${DOOR_CODE_TRIES_PER_DAY} wrong codes a day from one person, then 429 with a code (without one it still files)`, async () => {
    const s = await scene()
    const home = await household(s.communityId)
    const guesser = await newcomer(s.communityId)
    for (let i = 0; i < DOOR_CODE_TRIES_PER_DAY; i++) {
      const r = await apply(
        guesser,
        body(s.communityId, { building: home.building, unit: '', room: home.room, householdCode: `1234567${i}` }),
      )
      expect(r.body.status).toBe('pending')
      await ok(h, 'DELETE', '/api/me/membership', guesser)
    }
    // Even the right code is not taken now: guessing gains nothing.
    const refused = await apply(
      guesser,
      body(s.communityId, { building: home.building, unit: '', room: home.room, householdCode: home.code }),
    )
    expectError(refused, 429, 'DOOR_CODE_TRIES_EXCEEDED')
    expect(await mine(guesser)).toMatchObject({ status: 'left' })
    const pending = await apply(guesser, body(s.communityId))
    expect(pending.body.status).toBe('pending')
    await ok(h, 'DELETE', '/api/me/membership', guesser)
    // A day later the code works again.
    h.clock.advance(24 * 3600_000 + 1000)
    const verified = await apply(
      guesser,
      body(s.communityId, { building: home.building, unit: '', room: home.room, householdCode: home.code }),
    )
    expect(verified.body.status).toBe('verified')
  })

  it('refuses bad input, an unknown community, a second current membership, and the signed-out', async () => {
    const s = await scene()
    const user = await newcomer(s.communityId)
    for (const bad of [
      {},
      body(s.communityId, { communityId: 'nope' }),
      body(s.communityId, { building: '' }),
      body(s.communityId, { room: '   ' }),
      body(s.communityId, { room: '12345678901' }),
      body(s.communityId, { unit: '12345678901' }),
      body(s.communityId, { relation: 'landlord' }),
      body(s.communityId, { realName: '王' }),
      body(s.communityId, { householdCode: '1234' }),
      body(s.communityId, { householdCode: 'abcdefgh' }),
      body(s.communityId, { extra: true }),
    ]) {
      expectError(await apply(user, bad), 400, 'VALIDATION_FAILED')
    }
    expectError(await apply(user, body('00000000-0000-4000-8000-000000000000')), 404, 'NOT_FOUND')
    expectError(await call(h.app, 'POST', '/api/me/membership', { body: body(s.communityId) }), 401, 'UNAUTHENTICATED')
    expect(await mine(user)).toBeNull()

    expect((await apply(user, body(s.communityId))).status).toBe(201)
    expectError(await apply(user, body(s.communityId, { room: '502' })), 409, 'MEMBERSHIP_EXISTS')
    expectError(await apply(user, body(s.otherCommunityId)), 409, 'MEMBERSHIP_EXISTS')
    // A verified member too.
    const member = await makeUser(h, 'resident', s.communityId)
    expectError(await apply(member, body(s.otherCommunityId)), 409, 'MEMBERSHIP_EXISTS')
  })

  it('files one current membership when one person applies many times at once', async () => {
    const s = await scene()
    const home = await household(s.communityId)
    const user = await newcomer(s.communityId)
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        apply(
          user,
          i % 2
            ? body(s.communityId, { room: `7${i}` })
            : body(s.communityId, { building: home.building, unit: '', room: home.room, householdCode: home.code }),
        ),
      ),
    )
    expect(tally(replies)).toMatchObject({ '201': 1, '409 MEMBERSHIP_EXISTS': 7 })
    const rows = await h.db.query(
      sql`SELECT 1 FROM memberships WHERE user_id = ${user.id} AND status IN ('pending', 'verified')`,
    )
    expect(rows).toHaveLength(1)
  })
})

describe('GET and DELETE /api/me/membership', () => {
  it('leaving ends the membership; the ballot already cast still counts', async () => {
    const s = await scene()
    const voter = await makeUser(h, 'resident', s.communityId)
    const proposer = await makeUser(h, 'resident', s.communityId)
    const topic = await ok(
      h,
      'POST',
      '/api/topics',
      proposer,
      { communityId: s.communityId, title: '东门空地怎么用', body: '东门旁边的空地闲置很久了，大家看看改成什么好。' },
      201,
    )
    const now = h.clock.now()
    const open = await ok(h, 'POST', `/api/topics/${topic.id}/review`, s.staff, {
      approve: true,
      options: ['停车位', '小广场'],
      maxChoices: 1,
      votingOpensAt: now.toISOString(),
      votingClosesAt: new Date(now.getTime() + 7 * 86_400_000).toISOString(),
      resultsVisibility: 'always',
    })
    await ok(h, 'PUT', `/api/topics/${open.id}/ballot`, voter, { optionIds: [open.options[0].id] })

    const ended = await ok(h, 'DELETE', '/api/me/membership', voter)
    expect(ended).toMatchObject({ status: 'left', endedAt: now.toISOString() })
    expect(await mine(voter)).toMatchObject({ status: 'left', reason: null })
    expect((await me(voter)).membership).toBeNull()
    expectError(await call(h.app, 'DELETE', '/api/me/membership', { token: voter.token }), 404, 'NOT_FOUND')
    expect((await auditRowsOf(h, ended.id, 'membership.')).map((r) => r.action)).toEqual(['membership.left'])
    // Leaving tells nobody.
    expect(
      await h.db.query(sql`SELECT 1 FROM notifications WHERE user_id = ${voter.id} AND kind LIKE 'membership.%'`),
    ).toHaveLength(0)

    const results = await ok(h, 'GET', `/api/topics/${open.id}/results`, proposer)
    expect(results.ballots).toBe(1)
    expect(results.options[0].count).toBe(1)
    // The one who left no longer votes.
    await ok(h, 'PATCH', '/api/me', voter, { communityId: s.communityId })
    expectError(
      await call(h.app, 'PUT', `/api/topics/${open.id}/ballot`, {
        token: voter.token,
        body: { optionIds: [open.options[1].id] },
      }),
      403,
      'MEMBERSHIP_REQUIRED',
    )
    expect((await ok(h, 'GET', `/api/topics/${open.id}/results`, proposer)).options[0].count).toBe(1)
  })

  it('is for the signed-in only, and each sees only their own', async () => {
    expectError(await call(h.app, 'GET', '/api/me/membership'), 401, 'UNAUTHENTICATED')
    expectError(await call(h.app, 'DELETE', '/api/me/membership'), 401, 'UNAUTHENTICATED')
    const s = await scene()
    const a = await newcomer(s.communityId)
    const b = await newcomer(s.communityId)
    await apply(a, body(s.communityId))
    expect(await mine(a)).toMatchObject({ status: 'pending', realName: '王建国' })
    expect(await mine(b)).toBeNull()
  })
})

describe('staff decide', () => {
  const decide = (actor: TestUser | null, id: string, decision: string, b?: unknown) =>
    call(h.app, 'POST', `/api/memberships/${id}/${decision}`, { token: actor?.token, body: b })

  async function pending(communityId: string, over: Record<string, unknown> = {}) {
    const user = await newcomer(communityId)
    h.clock.advance(1000)
    const r = await apply(user, body(communityId, over))
    expect(r.status).toBe(201)
    return { user, id: r.body.membership.id as string }
  }

  it('approving attaches the household, made with its building when missing; the applicant is told', async () => {
    const s = await scene()
    const { user, id } = await pending(s.communityId, { building: '新建9号楼', unit: '1', room: '101' })
    const approved = await ok(h, 'POST', `/api/memberships/${id}/approve`, s.staff)
    expect(approved).toMatchObject({
      status: 'verified',
      householdId: expect.any(String),
      decidedAt: expect.any(String),
    })
    const [made] = await h.db.query<{ community_id: string; unit: string; room: string; name: string }>(
      sql`SELECT x.community_id, x.unit, x.room, b.name FROM households x JOIN buildings b ON b.id = x.building_id WHERE x.id = ${approved.householdId}`,
    )
    expect(made).toEqual({ community_id: s.communityId, unit: '1', room: '101', name: '新建9号楼' })
    expect((await me(user)).membership).toMatchObject({ status: 'verified', householdId: approved.householdId })
    // A second applicant of the same address joins the same household.
    const second = await pending(s.communityId, { building: '新建9号楼', unit: '1', room: '101' })
    const list = await ok(h, 'GET', `/api/communities/${s.communityId}/memberships?status=pending`, s.staff)
    expect(list.items.find((i: { id: string }) => i.id === second.id)).toMatchObject({
      householdKnown: true,
      nickname: expect.any(String),
    })
    expect((await ok(h, 'POST', `/api/memberships/${second.id}/approve`, s.staff)).householdId).toBe(
      approved.householdId,
    )

    const [note] = await h.db.query<{ kind: string; title: string }>(
      sql`SELECT kind, title FROM notifications WHERE user_id = ${user.id} AND kind LIKE 'membership.%'`,
    )
    expect(note).toEqual({ kind: 'membership.verified', title: '住户认证已通过' })
    expect(await auditRowsOf(h, id, 'membership.')).toMatchObject([
      { action: 'membership.applied' },
      {
        action: 'membership.approved',
        actor_id: s.staff.id,
        community_id: s.communityId,
        after: { status: 'verified' },
      },
    ])
    // Approving again changes nothing.
    expectError(await decide(s.staff, id, 'approve'), 409, 'MEMBERSHIP_NOT_PENDING')
  })

  it('rejecting keeps the reason for the applicant, who may apply again', async () => {
    const s = await scene()
    const { user, id } = await pending(s.communityId)
    expectError(await decide(s.staff, id, 'reject', {}), 400, 'VALIDATION_FAILED')
    expectError(await decide(s.staff, id, 'reject', { reason: 'x' }), 400, 'VALIDATION_FAILED')
    const rejected = await ok(h, 'POST', `/api/memberships/${id}/reject`, s.staff, { reason: '房号与登记不符，请核对' })
    expect(rejected).toMatchObject({ status: 'rejected', reason: '房号与登记不符，请核对' })
    expect(await mine(user)).toMatchObject({ status: 'rejected', reason: '房号与登记不符，请核对' })
    const [note] = await h.db.query<{ body: string }>(
      sql`SELECT body FROM notifications WHERE user_id = ${user.id} AND kind = 'membership.rejected'`,
    )
    expect(note!.body).toContain('房号与登记不符，请核对')
    expectError(await decide(s.staff, id, 'approve'), 409, 'MEMBERSHIP_NOT_PENDING')
    expect((await apply(user, body(s.communityId, { room: '502' }))).status).toBe(201)
    expect(await mine(user)).toMatchObject({ status: 'pending', room: '502' })
  })

  it('revoking ends a verified membership with a reason the member reads', async () => {
    const s = await scene()
    const { user, id } = await pending(s.communityId)
    expectError(await decide(s.staff, id, 'revoke', { reason: '已搬离本社区' }), 409, 'MEMBERSHIP_NOT_VERIFIED')
    await ok(h, 'POST', `/api/memberships/${id}/approve`, s.staff)
    const revoked = await ok(h, 'POST', `/api/memberships/${id}/revoke`, s.staff, { reason: '已搬离本社区' })
    expect(revoked).toMatchObject({ status: 'left', reason: '已搬离本社区', endedAt: expect.any(String) })
    expect(await mine(user)).toMatchObject({ status: 'left', reason: '已搬离本社区' })
    expect((await me(user)).membership).toBeNull()
    const kinds = await h.db.query<{ kind: string }>(
      sql`SELECT kind FROM notifications WHERE user_id = ${user.id} AND kind LIKE 'membership.%' ORDER BY created_at, kind`,
    )
    expect(kinds.map((k) => k.kind).sort()).toEqual(['membership.revoked', 'membership.verified'])
    expectError(await decide(s.staff, id, 'revoke', { reason: '已搬离本社区' }), 409, 'MEMBERSHIP_NOT_VERIFIED')
  })

  it('only staff of the community (and the admin) decide, never on their own application', async () => {
    const s = await scene()
    const { id } = await pending(s.communityId)
    const resident = await makeUser(h, 'resident', s.communityId)
    expectError(await decide(null, id, 'approve'), 401, 'UNAUTHENTICATED')
    expectError(await decide(resident, id, 'approve'), 403, 'FORBIDDEN')
    expectError(await decide(s.foreignStaff, id, 'approve'), 403, 'FORBIDDEN')
    expectError(await decide(s.foreignStaff, id, 'reject', { reason: '不认识' }), 403, 'FORBIDDEN')
    expectError(await decide(s.staff, '00000000-0000-4000-8000-000000000000', 'approve'), 404, 'NOT_FOUND')
    expectError(await decide(s.staff, 'nope', 'approve'), 400, 'VALIDATION_FAILED')
    expect((await ok(h, 'POST', `/api/memberships/${id}/approve`, s.admin)).status).toBe('verified')

    // Staff applying in their own community wait for someone else.
    const own = await apply(s.staff, body(s.communityId, { room: '808' }))
    expect(own.status).toBe(201)
    expectError(await decide(s.staff, own.body.membership.id, 'approve'), 403, 'FORBIDDEN')
  })

  it('approve and reject at once: one wins, the other is told it was decided', async () => {
    const s = await scene()
    const second = await makeUser(h, 'staff', s.communityId)
    for (let i = 0; i < 5; i++) {
      const { id } = await pending(s.communityId)
      const replies = await Promise.all([
        decide(s.staff, id, 'approve'),
        decide(second, id, 'reject', { reason: '信息不全' }),
        decide(s.admin, id, 'approve'),
      ])
      const won = replies.filter((r) => r.status === 200)
      expect(won).toHaveLength(1)
      for (const r of replies.filter((x) => x.status !== 200)) expectError(r, 409, 'MEMBERSHIP_NOT_PENDING')
      const decisions = await auditRowsOf(h, id, 'membership.')
      expect(decisions.filter((d) => d.action !== 'membership.applied')).toHaveLength(1)
      const [row] = await h.db.query<{ status: string }>(sql`SELECT status FROM memberships WHERE id = ${id}`)
      expect(row!.status).toBe(won[0]!.body.status)
    }
  })

  it('lists the community’s applications oldest first, paged, filtered by status; staff elsewhere are refused', async () => {
    const s = await scene()
    const a = await pending(s.communityId)
    const b = await pending(s.communityId)
    const c = await pending(s.communityId)
    await ok(h, 'POST', `/api/memberships/${b.id}/reject`, s.staff, { reason: '信息不全' })
    const path = `/api/communities/${s.communityId}/memberships`
    const first = await ok(h, 'GET', `${path}?status=pending&limit=1`, s.staff)
    expect(first.items.map((i: { id: string }) => i.id)).toEqual([a.id])
    const next = await ok(h, 'GET', `${path}?status=pending&limit=1&cursor=${first.nextCursor}`, s.staff)
    expect(next).toMatchObject({ items: [{ id: c.id, realName: '王建国', householdKnown: false }], nextCursor: null })
    const all = await ok(h, 'GET', path, s.staff)
    expect(all.items.map((i: { id: string }) => i.id)).toEqual([a.id, b.id, c.id])
    expect((await ok(h, 'GET', `${path}?status=rejected`, s.admin)).items).toMatchObject([
      { id: b.id, reason: '信息不全' },
    ])
    expectError(await call(h.app, 'GET', `${path}?status=maybe`, { token: s.staff.token }), 400, 'VALIDATION_FAILED')
    expectError(await call(h.app, 'GET', `${path}?cursor=zzz`, { token: s.staff.token }), 400, 'VALIDATION_FAILED')
    expectError(await call(h.app, 'GET', path, { token: s.foreignStaff.token }), 403, 'FORBIDDEN')
    expectError(await call(h.app, 'GET', path, { token: a.user.token }), 403, 'FORBIDDEN')
    expectError(await call(h.app, 'GET', path), 401, 'UNAUTHENTICATED')

    // The staff queue (待办) holds the pending ones.
    const queue = await ok(
      h,
      'GET',
      `/api/staff/queue?communityId=${s.communityId}&kind=membership_application`,
      s.staff,
    )
    expect(queue.items.map((i: { id: string }) => i.id)).toEqual([a.id, c.id])
    expect(queue.counts.membership_application).toBe(2)
  })
})
