import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../src/server/db/sql'
import { expectError, ok } from './support/assert'
import { auditRowsOf, makeCommunity, makeMember, makeUser, type TestUser } from './support/fixtures'
import { race, tally } from './support/contention'
import { call, startHarness, type Harness } from './support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

/** A phone of its own for each person listed, so a test can tell where each one shows up. */
let nextPhone = 0
const phone = () => `139${String(10_000_000 + nextPhone++).slice(-8)}`

async function buildingOf(communityId: string, name: string, gridId: string | null) {
  const [row] = await h.db.query<{ id: string }>(
    sql`INSERT INTO buildings (community_id, name, grid_id) VALUES (${communityId}, ${name}, ${gridId})
     ON CONFLICT (community_id, name) DO UPDATE SET grid_id = EXCLUDED.grid_id RETURNING id`,
  )
  return row!.id
}

async function gridOf(communityId: string, name: string) {
  const [row] = await h.db.query<{ id: string }>(
    sql`INSERT INTO grids (community_id, name) VALUES (${communityId}, ${name}) RETURNING id`,
  )
  return row!.id
}

/** A person in a community role, with their own account. */
async function roleHolder(
  communityId: string,
  role: 'grid_worker' | 'building_head',
  place: { gridId?: string; buildingId?: string },
  realName: string,
) {
  const user = await makeUser(h, 'resident', communityId, realName, { member: false })
  const p = phone()
  await h.db.query(
    sql`INSERT INTO community_roles (user_id, community_id, role, grid_id, building_id, real_name, phone)
     VALUES (${user.id}, ${communityId}, ${role}, ${place.gridId ?? null}, ${place.buildingId ?? null}, ${realName}, ${p})`,
  )
  return { name: realName, phone: p }
}

/** A verified member of a new household in the building, named realName. */
async function memberOf(communityId: string, building: string, realName: string) {
  const user = await makeUser(h, 'resident', communityId, realName, { member: false })
  await makeMember(h, user.id, communityId, { building })
  await h.db.query(sql`UPDATE memberships SET real_name = ${realName} WHERE user_id = ${user.id}`)
  return user
}

/** A party member of the building, registered through the API, confirmed by staff and listed as told. */
async function partyMember(
  communityId: string,
  building: string,
  realName: string,
  o: { confirm: boolean; listed: boolean },
  staff: TestUser,
) {
  const user = await memberOf(communityId, building, realName)
  const p = phone()
  await ok(h, 'POST', '/api/me/party', user, { organization: '幸福街道第一党支部', phone: p, listed: o.listed }, 201)
  if (o.confirm) await ok(h, 'POST', `/api/party-members/${user.id}/confirm`, staff)
  return { user, contact: { name: realName, phone: p } }
}

/**
 * A community of two grids: building A in grid 1, building B in grid 2; each with its grid worker, building head and
 * party members (listed and confirmed, confirmed but unlisted, listed but pending); and another community like it.
 */
async function scene() {
  const communityId = await makeCommunity(h)
  const otherId = await makeCommunity(h)
  await h.db.query(sql`UPDATE communities SET phone = '0571-88001234', address = '幸福路1号' WHERE id = ${communityId}`)
  const staff = await makeUser(h, 'staff', communityId, '陈主任')
  const otherStaff = await makeUser(h, 'staff', otherId)
  const [g1, g2, og] = [
    await gridOf(communityId, '一网格'),
    await gridOf(communityId, '二网格'),
    await gridOf(otherId, '一网格'),
  ]
  const [a, b, oa] = [
    await buildingOf(communityId, 'A栋', g1),
    await buildingOf(communityId, 'B栋', g2),
    await buildingOf(otherId, 'A栋', og),
  ]
  const people = {
    gridWorkerA: await roleHolder(communityId, 'grid_worker', { gridId: g1 }, '网格员甲'),
    gridWorkerB: await roleHolder(communityId, 'grid_worker', { gridId: g2 }, '网格员乙'),
    headA: await roleHolder(communityId, 'building_head', { buildingId: a }, '楼长甲'),
    headB: await roleHolder(communityId, 'building_head', { buildingId: b }, '楼长乙'),
    otherGridWorker: await roleHolder(otherId, 'grid_worker', { gridId: og }, '外社区网格员'),
    otherHead: await roleHolder(otherId, 'building_head', { buildingId: oa }, '外社区楼长'),
    listedA: await partyMember(communityId, 'A栋', '党员甲', { confirm: true, listed: true }, staff),
    unlistedA: await partyMember(communityId, 'A栋', '党员乙', { confirm: true, listed: false }, staff),
    pendingA: await partyMember(communityId, 'A栋', '党员丙', { confirm: false, listed: true }, staff),
    listedB: await partyMember(communityId, 'B栋', '党员丁', { confirm: true, listed: true }, staff),
    otherListed: await partyMember(otherId, 'A栋', '外社区党员', { confirm: true, listed: true }, otherStaff),
  }
  const memberA = await memberOf(communityId, 'A栋', '住户甲')
  return { communityId, otherId, staff, otherStaff, people, memberA }
}

describe('GET /api/me/contacts (楼道联系牌)', () => {
  it("shows the member's own building and grid alone, and only listed confirmed party members", async () => {
    const s = await scene()
    const contacts = await ok(h, 'GET', '/api/me/contacts', s.memberA)
    expect(contacts).toEqual({
      community: { name: expect.any(String), phone: '0571-88001234', address: '幸福路1号' },
      gridWorkers: [s.people.gridWorkerA],
      buildingHeads: [s.people.headA],
      partyMembers: [s.people.listedA.contact],
    })
    // A member of building B sees B's people, and a listed party member sees themselves.
    const memberB = await memberOf(s.communityId, 'B栋', '住户乙')
    expect(await ok(h, 'GET', '/api/me/contacts', memberB)).toMatchObject({
      gridWorkers: [s.people.gridWorkerB],
      buildingHeads: [s.people.headB],
      partyMembers: [s.people.listedB.contact],
    })
    // A building with no grid and nobody named: only the community.
    const loner = await memberOf(s.communityId, 'C栋', '住户丙')
    expect(await ok(h, 'GET', '/api/me/contacts', loner)).toMatchObject({
      gridWorkers: [],
      buildingHeads: [],
      partyMembers: [],
    })
  })

  it('forgets people whose accounts are gone and party members who stop being listed', async () => {
    const s = await scene()
    await h.db.query(
      sql`UPDATE users SET deleted_at = now() WHERE nickname = '楼长甲' AND community_id = ${s.communityId}`,
    )
    await ok(h, 'PATCH', '/api/me/party', s.people.listedA.user, { listed: false })
    expect(await ok(h, 'GET', '/api/me/contacts', s.memberA)).toMatchObject({ buildingHeads: [], partyMembers: [] })
  })

  it('is for verified members only; others are told to become one', async () => {
    const s = await scene()
    expectError(await call(h.app, 'GET', '/api/me/contacts'), 401, 'UNAUTHENTICATED')
    const browsing = await makeUser(h, 'resident', s.communityId, undefined, { member: false })
    expectError(await call(h.app, 'GET', '/api/me/contacts', { token: browsing.token }), 403, 'MEMBERSHIP_REQUIRED')
    const pending = await makeUser(h, 'resident', s.communityId, undefined, { member: false })
    await h.db.query(
      sql`INSERT INTO memberships (user_id, community_id, building, room, relation, real_name, status)
       VALUES (${pending.id}, ${s.communityId}, 'A栋', '101', 'owner', '申请人', 'pending')`,
    )
    expectError(await call(h.app, 'GET', '/api/me/contacts', { token: pending.token }), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await call(h.app, 'GET', '/api/me/contacts', { token: s.staff.token }), 403, 'MEMBERSHIP_REQUIRED')
  })

  it('keeps every phone out of the public lists', async () => {
    const s = await scene()
    const phones = Object.values(s.people).map((p) => ('contact' in p ? p.contact.phone : p.phone))
    const stranger = await makeUser(h, 'resident', s.communityId, undefined, { member: false })
    const residents = await call(h.app, 'POST', `/api/communities/${s.communityId}/residents`, {
      token: s.staff.token,
      body: { realName: '孙大爷', phone: phone(), building: 'A栋', room: '909' },
    })
    phones.push(residents.body.phone)
    const wish = await call(h.app, 'POST', '/api/wishes', {
      token: s.staff.token,
      body: { title: '帮忙买菜', category: 'daily_goods', onBehalfOf: residents.body.userId },
    })
    expect(wish.status).toBe(201)
    await ok(h, 'POST', `/api/wishes/${wish.body.id}/review`, s.staff, { approve: true })
    const seen = JSON.stringify([
      (await call(h.app, 'GET', '/api/communities?limit=50')).body,
      (await call(h.app, 'GET', `/api/wishes?communityId=${s.communityId}`, { token: stranger.token })).body,
      (await call(h.app, 'GET', `/api/wishes/${wish.body.id}`, { token: stranger.token })).body,
      (await call(h.app, 'GET', `/api/me`, { token: s.memberA.token })).body,
    ])
    for (const p of phones) expect(seen).not.toContain(p)
  })
})

describe('党员报到', () => {
  it('registers a verified member, pending; staff list and confirm it, audited, the member told', async () => {
    const communityId = await makeCommunity(h)
    const staff = await makeUser(h, 'staff', communityId)
    const member = await memberOf(communityId, '1号楼', '张志强')
    expect(await ok(h, 'GET', '/api/me/party', member)).toEqual({ registration: null })
    const made = await ok(
      h,
      'POST',
      '/api/me/party',
      member,
      { organization: '幸福社区党支部', phone: '13700000001' },
      201,
    )
    expect(made).toMatchObject({ userId: member.id, communityId, status: 'pending', listed: false, confirmedAt: null })
    expectError(
      await call(h.app, 'POST', '/api/me/party', { token: member.token, body: { organization: '另一个党支部' } }),
      409,
      'PARTY_ALREADY_REGISTERED',
    )

    const pending = await ok(h, 'GET', `/api/communities/${communityId}/party-members`, staff)
    expect(pending).toMatchObject({
      items: [{ userId: member.id, realName: '张志强', building: '1号楼', status: 'pending' }],
      nextCursor: null,
    })
    const confirmed = await ok(h, 'POST', `/api/party-members/${member.id}/confirm`, staff)
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmedAt: expect.any(String) })
    expect(await auditRowsOf(h, member.id, 'party.')).toMatchObject([
      { actor_id: staff.id, action: 'party.confirmed', community_id: communityId },
    ])
    const [told] = await h.db.query(sql`SELECT kind FROM notifications WHERE user_id = ${member.id}`)
    expect(told).toEqual({ kind: 'party.confirmed' })
    expectError(
      await call(h.app, 'POST', `/api/party-members/${member.id}/confirm`, { token: staff.token }),
      409,
      'PARTY_NOT_PENDING',
    )
    expect((await ok(h, 'GET', `/api/communities/${communityId}/party-members`, staff)).items).toEqual([])
    expect(
      (await ok(h, 'GET', `/api/communities/${communityId}/party-members?status=confirmed`, staff)).items,
    ).toMatchObject([{ userId: member.id }])

    // Listed once they choose to be, and only then.
    const neighbour = await memberOf(communityId, '1号楼', '邻居')
    expect((await ok(h, 'GET', '/api/me/contacts', neighbour)).partyMembers).toEqual([])
    expect(await ok(h, 'PATCH', '/api/me/party', member, { listed: true })).toMatchObject({ listed: true })
    expect((await ok(h, 'GET', '/api/me/contacts', neighbour)).partyMembers).toEqual([
      { name: '张志强', phone: '13700000001' },
    ])
    expect(await ok(h, 'GET', '/api/me/party', member)).toMatchObject({
      registration: { status: 'confirmed', listed: true },
    })
  })

  it('refuses bad inputs, non-members and a listing with no phone', async () => {
    const communityId = await makeCommunity(h)
    const member = await memberOf(communityId, '1号楼', '党员')
    for (const body of [
      {},
      { organization: '党' },
      { organization: '党支部', phone: '123' },
      { organization: '党支部', listed: true },
      { organization: '党支部', x: 1 },
    ]) {
      expectError(await call(h.app, 'POST', '/api/me/party', { token: member.token, body }), 400, 'VALIDATION_FAILED')
    }
    expectError(
      await call(h.app, 'POST', '/api/me/party', { body: { organization: '党支部' } }),
      401,
      'UNAUTHENTICATED',
    )
    const browsing = await makeUser(h, 'resident', communityId, undefined, { member: false })
    expectError(
      await call(h.app, 'POST', '/api/me/party', { token: browsing.token, body: { organization: '党支部' } }),
      403,
      'MEMBERSHIP_REQUIRED',
    )
    expectError(
      await call(h.app, 'PATCH', '/api/me/party', { token: member.token, body: { listed: true } }),
      404,
      'NOT_FOUND',
    )
    await ok(h, 'POST', '/api/me/party', member, { organization: '党支部' }, 201)
    expectError(
      await call(h.app, 'PATCH', '/api/me/party', { token: member.token, body: { listed: true } }),
      400,
      'VALIDATION_FAILED',
    )
    expectError(
      await call(h.app, 'PATCH', '/api/me/party', { token: member.token, body: { listed: 'yes' } }),
      400,
      'VALIDATION_FAILED',
    )
    // Pending, with a phone: the wish is kept, the listing waits for the confirmation (the CHECK of migration 0015).
    await ok(h, 'PATCH', '/api/me/party', member, { listed: true, phone: '13700000002' })
    const [row] = await h.db.query(sql`SELECT listed, wants_listed FROM party_members WHERE user_id = ${member.id}`)
    expect(row).toEqual({ listed: false, wants_listed: true })
  })

  it('is confirmed and listed by staff of the member’s community alone', async () => {
    const communityId = await makeCommunity(h)
    const otherId = await makeCommunity(h)
    const [staff, foreignStaff, admin] = [
      await makeUser(h, 'staff', communityId),
      await makeUser(h, 'staff', otherId),
      await makeUser(h, 'admin', null),
    ]
    const member = await memberOf(communityId, '1号楼', '党员')
    const volunteer = await makeUser(h, 'volunteer', communityId)
    await ok(h, 'POST', '/api/me/party', member, { organization: '党支部' }, 201)
    const confirm = (user: TestUser | null, id = member.id) =>
      call(h.app, 'POST', `/api/party-members/${id}/confirm`, { token: user?.token })
    expectError(await confirm(null), 401, 'UNAUTHENTICATED')
    expectError(await confirm(member), 403, 'FORBIDDEN')
    expectError(await confirm(volunteer), 403, 'FORBIDDEN')
    expectError(await confirm(foreignStaff), 404, 'NOT_FOUND')
    expectError(await confirm(staff, crypto.randomUUID()), 404, 'NOT_FOUND')
    expectError(await confirm(staff, 'x'), 400, 'VALIDATION_FAILED')
    const list = (user: TestUser) =>
      call(h.app, 'GET', `/api/communities/${communityId}/party-members`, { token: user.token })
    expectError(await list(foreignStaff), 403, 'FORBIDDEN')
    expectError(await list(member), 403, 'FORBIDDEN')
    expectError(
      await call(h.app, 'GET', `/api/communities/${communityId}/party-members?status=x`, { token: staff.token }),
      400,
      'VALIDATION_FAILED',
    )
    const [row] = await h.db.query(sql`SELECT status FROM party_members WHERE user_id = ${member.id}`)
    expect(row).toEqual({ status: 'pending' })
    expect((await confirm(admin)).status).toBe(200)
  })
})

describe('党员报到 under contention', () => {
  it('is registered once and confirmed once, however many ask at the same moment', async () => {
    const communityId = await makeCommunity(h)
    const staff = await Promise.all(Array.from({ length: 5 }, () => makeUser(h, 'staff', communityId)))
    const member = await memberOf(communityId, '1号楼', '党员')
    const registrations = await race(
      h,
      'party registrations',
      Array.from(
        { length: 20 },
        (_, i) => () =>
          call(h.app, 'POST', '/api/me/party', { token: member.token, body: { organization: `党支部${i}` } }),
      ),
    )
    expect(tally(registrations)).toEqual({ '201': 1, '409 PARTY_ALREADY_REGISTERED': 19 })

    const confirmations = await race(
      h,
      'party confirmations',
      staff.flatMap((s) =>
        Array.from(
          { length: 4 },
          () => () => call(h.app, 'POST', `/api/party-members/${member.id}/confirm`, { token: s.token }),
        ),
      ),
    )
    expect(tally(confirmations)).toEqual({ '200': 1, '409 PARTY_NOT_PENDING': 19 })
    expect(await auditRowsOf(h, member.id, 'party.confirmed')).toHaveLength(1)
    const told = await h.db.query(sql`SELECT 1 FROM notifications WHERE user_id = ${member.id}`)
    expect(told).toHaveLength(1)
  })
})
