import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeResidents, race, tally } from '../support/contention'
import { makeStreet, makeUser, makeWorld, type World, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const post = (user: TestUser | undefined, path: string, body: unknown) =>
  call(h.app, 'POST', path, { token: user?.token, body })
const me = async (user: TestUser) => (await call(h.app, 'GET', '/api/me', { token: user.token })).body
const CONTACT = { realName: '王网格', phone: '13812345678' }

async function place(w: World) {
  const base = `/api/communities/${w.communityId}`
  const grid = (await post(w.staff, `${base}/grids`, { name: '一网格' })).body
  const building = (await post(w.staff, `${base}/buildings`, { name: '9号楼', gridId: grid.id })).body
  const org = (await post(w.staff, `${base}/orgs`, { kind: 'property', name: '安居物业' })).body
  return { base, grid, building, org }
}

describe('invites', () => {
  it('are made by staff of the community, one use, 72 hours by default, naming the place', async () => {
    const w = await makeWorld(h)
    const { base, building } = await place(w)
    expect((await post(w.resident, `${base}/invites`, { role: 'staff' })).status).toBe(403)
    expect((await post(w.foreignStaff, `${base}/invites`, { role: 'staff' })).status).toBe(403)
    const before = Date.now()
    const invite = await post(w.staff, `${base}/invites`, { role: 'building_head', buildingId: building.id })
    expect(invite.status).toBe(201)
    expect(invite.body).toEqual({
      code: expect.stringMatching(/^[A-HJ-NP-Z2-9]{8}$/),
      role: 'building_head',
      expiresAt: expect.any(String),
      placeName: expect.stringMatching(/9号楼$/),
    })
    const hours = (Date.parse(invite.body.expiresAt) - before) / 3600_000
    expect(hours).toBeGreaterThan(71.9)
    expect(hours).toBeLessThan(72.1)
    // The audit names the invite by its first letters only: the code is a key to the role.
    const [audit] = await h.db.query<{ entity_id: string; community_id: string }>(
      sql`SELECT entity_id, community_id FROM audit_log WHERE action = 'invite.created' AND actor_id = ${w.staff.id}`,
    )
    expect(audit).toEqual({ entity_id: `${invite.body.code.slice(0, 2)}******`, community_id: w.communityId })

    const short = await post(w.staff, `${base}/invites`, { role: 'staff', expiresInHours: 1 })
    expect(Date.parse(short.body.expiresAt) - before).toBeLessThan(3600_000 + 60_000)
  })

  it('refuse a role without its place, a place it does not take, and a place of another community', async () => {
    const w = await makeWorld(h)
    const { base, grid, building, org } = await place(w)
    for (const bad of [
      { role: 'grid_worker' },
      { role: 'building_head', gridId: grid.id },
      { role: 'handler' },
      { role: 'staff', orgId: org.id },
      { role: 'street_staff' },
      { role: 'staff', expiresInHours: 0 },
      { role: 'staff', expiresInHours: 721 },
      { role: 'boss' },
    ]) {
      const reply = await post(w.staff, `${base}/invites`, bad)
      expect(reply.status, JSON.stringify(bad)).toBe(400)
      expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    // The other community's staff may not invite to this community's building, nor name it from theirs.
    const other = `/api/communities/${w.otherCommunityId}/invites`
    expect((await post(w.foreignStaff, other, { role: 'building_head', buildingId: building.id })).status).toBe(404)
    expect((await post(w.foreignStaff, other, { role: 'handler', orgId: org.id })).status).toBe(404)
    expect((await post(w.foreignStaff, other, { role: 'grid_worker', gridId: grid.id })).status).toBe(404)
    expect(await h.db.query(sql`SELECT 1 FROM invites WHERE community_id = ${w.otherCommunityId}`)).toEqual([])
  })

  it('accepted: each role is granted, and the code is used once', async () => {
    const w = await makeWorld(h)
    const { base, grid, building, org } = await place(w)
    const invite = async (body: object) => (await post(w.staff, `${base}/invites`, body)).body.code as string
    const accept = (user: TestUser, body: object) => post(user, '/api/invites/accept', body)

    // Staff: typed in small letters with spaces, as a person may.
    const newStaff = await makeUser(h, 'resident', w.communityId)
    const staffCode = await invite({ role: 'staff' })
    const typed = `${staffCode.slice(0, 4).toLowerCase()} ${staffCode.slice(4)}`
    const accepted = await accept(newStaff, { code: typed })
    expect(accepted.status).toBe(200)
    expect(accepted.body).toMatchObject({ role: 'staff', communityId: w.communityId, streetId: null })
    expect(await me(newStaff)).toMatchObject({ role: 'staff', staffCommunityIds: [w.communityId] })
    const reused = await accept(await makeUser(h, 'resident', w.communityId), { code: staffCode })
    expect(reused.status).toBe(409)
    expect(reused.body.error.code).toBe('INVITE_USED')

    // A grid worker and a building head give the name and phone of the 楼道联系牌; without them the code stays unused.
    const gridWorker = await makeUser(h, 'resident', w.communityId)
    const gridCode = await invite({ role: 'grid_worker', gridId: grid.id })
    const bare = await accept(gridWorker, { code: gridCode })
    expect(bare.status).toBe(400)
    expect(bare.body.error.message).toMatch(/姓名和手机号/)
    expect((await accept(gridWorker, { code: gridCode, ...CONTACT })).status).toBe(200)
    const headCode = await invite({ role: 'building_head', buildingId: building.id })
    expect((await accept(gridWorker, { code: headCode, ...CONTACT, phone: '12345' })).status).toBe(400)
    expect((await accept(gridWorker, { code: headCode, ...CONTACT })).status).toBe(200)
    const roles = await h.db.query(
      sql`SELECT role, grid_id, building_id, real_name, phone FROM community_roles WHERE user_id = ${gridWorker.id}
       ORDER BY role`,
    )
    expect(roles).toEqual([
      { role: 'building_head', grid_id: null, building_id: building.id, ...realNameAndPhone() },
      { role: 'grid_worker', grid_id: grid.id, building_id: null, ...realNameAndPhone() },
    ])

    // A handler of an organisation.
    const handler = await makeUser(h, 'resident', w.communityId)
    expect((await accept(handler, { code: await invite({ role: 'handler', orgId: org.id }) })).status).toBe(200)
    expect((await me(handler)).handlerOrgIds).toEqual([org.id])

    const audits = await h.db.query<{ actor_id: string }>(
      sql`SELECT actor_id FROM audit_log WHERE action = 'invite.accepted' AND community_id = ${w.communityId}`,
    )
    expect(audits.map((a) => a.actor_id).sort()).toEqual([newStaff.id, gridWorker.id, gridWorker.id, handler.id].sort())
  })

  it('of a street: made by the admin alone; the taker is staff of every community of the street', async () => {
    const w = await makeWorld(h)
    const street = await makeStreet(h)
    const community = (await post(w.admin, '/api/communities', { streetId: street, name: '街道新社区' })).body.id
    expect((await post(w.staff, `/api/streets/${street}/invites`, { role: 'street_staff' })).status).toBe(403)
    expect((await post(w.admin, `/api/streets/${street}/invites`, { role: 'staff' })).status).toBe(400)
    expect((await post(w.admin, `/api/streets/${crypto.randomUUID()}/invites`, { role: 'street_staff' })).status).toBe(
      404,
    )
    const invite = await post(w.admin, `/api/streets/${street}/invites`, { role: 'street_staff' })
    expect(invite.status).toBe(201)
    const taker = await makeUser(h, 'resident', w.communityId)
    const accepted = await post(taker, '/api/invites/accept', { code: invite.body.code })
    expect(accepted.body).toMatchObject({ role: 'street_staff', streetId: street, communityId: null })
    expect(await me(taker)).toMatchObject({ role: 'staff', streetIds: [street], staffCommunityIds: [community] })
  })

  it('unknown, expired, malformed, or without a caller', async () => {
    const w = await makeWorld(h)
    expect((await post(w.resident, '/api/invites/accept', { code: 'ZZZZZZZZ' })).status).toBe(404)
    expect((await post(w.resident, '/api/invites/accept', { code: 'ABC' })).status).toBe(400)
    expect((await post(w.resident, '/api/invites/accept', { code: 'ABCDEFG1' })).status).toBe(400)
    expect((await post(undefined, '/api/invites/accept', { code: 'ZZZZZZZZ' })).status).toBe(401)

    const { code } = (await post(w.staff, `/api/communities/${w.communityId}/invites`, { role: 'staff' })).body
    await h.db.query(
      sql`UPDATE invites SET created_at = now() - interval '4 days', expires_at = now() - interval '1 day'
       WHERE code = ${code}`,
    )
    const expired = await post(w.resident, '/api/invites/accept', { code })
    expect(expired.status).toBe(409)
    expect(expired.body.error.code).toBe('INVITE_EXPIRED')
    expect((await me(w.resident)).role).toBe('resident')
  })

  it('100 accepts of one code at once: exactly one role is granted', async () => {
    const w = await makeWorld(h)
    const takers = await makeResidents(h, w.communityId, 100)
    const { code } = (await post(w.staff, `/api/communities/${w.communityId}/invites`, { role: 'staff' })).body
    const replies = await race(
      h,
      '100 accepts of one invite',
      takers.map((t) => () => post(t, '/api/invites/accept', { code })),
    )
    expect(tally(replies)).toEqual({ '200': 1, '409 INVITE_USED': 99 })
    const granted = await h.db.query<{ user_id: string }>(
      sql`SELECT user_id FROM staff_assignments WHERE community_id = ${w.communityId}
       AND user_id = ANY(${takers.map((t) => t.id)}::uuid[])`,
    )
    expect(granted).toHaveLength(1)
    const [invite] = await h.db.query<{ used_by: string }>(sql`SELECT used_by FROM invites WHERE code = ${code}`)
    expect(granted[0]!.user_id).toBe(invite!.used_by)
  })
})

function realNameAndPhone() {
  return { real_name: CONTACT.realName, phone: CONTACT.phone }
}
