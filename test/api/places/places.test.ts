import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { auditRowsOf, makeCommunity, makeStreet, makeUser, makeWorld, type TestUser } from '../support/fixtures'
import { call, startHarness, uniqueName, type Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const post = (user: TestUser | undefined, path: string, body: unknown) =>
  call(h.app, 'POST', path, { token: user?.token, body })
const get = (user: TestUser | undefined, path: string) => call(h.app, 'GET', path, { token: user?.token })

describe('streets', () => {
  it('are added by the admin alone, audited, listed for anyone by name, and one name once per district', async () => {
    const w = await makeWorld(h)
    const name = uniqueName('街道')
    for (const user of [w.resident, w.staff]) {
      expect((await post(user, '/api/admin/streets', { name, district: '测试区' })).status).toBe(403)
    }
    const made = await post(w.admin, '/api/admin/streets', { name, district: '测试区' })
    expect(made.status).toBe(201)
    expect(made.body).toEqual({ id: expect.any(String), name, district: '测试区', communityCount: 0 })
    expect(await auditRowsOf(h, made.body.id)).toMatchObject([{ action: 'street.created', actor_id: w.admin.id }])

    const again = await post(w.admin, '/api/admin/streets', { name, district: '测试区' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('STREET_EXISTS')
    expect((await post(w.admin, '/api/admin/streets', { name: '', district: '测试区' })).status).toBe(400)
    expect((await post(w.admin, '/api/admin/streets', { name, district: 'x'.repeat(61) })).status).toBe(400)

    // Anyone, signed in or not, pages through them.
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await get(
        undefined,
        `/api/streets?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
      )
      expect(page.status).toBe(200)
      seen.push(...page.body.items.map((s) => s.id))
      cursor = page.body.nextCursor
    } while (cursor)
    expect(seen).toContain(made.body.id)
    expect(new Set(seen).size).toBe(seen.length)
    expect((await get(undefined, '/api/streets?cursor=nonsense')).status).toBe(400)
  })
})

describe('communities', () => {
  it('are added by the admin or staff of that street, and by no one else', async () => {
    const w = await makeWorld(h)
    const street = await makeStreet(h)
    const streetStaff = await makeUser(h, 'resident', null, undefined, { member: false })
    await h.db.query(sql`INSERT INTO street_staff (user_id, street_id) VALUES (${streetStaff.id}, ${street})`)
    const body = { streetId: street, name: uniqueName('社区'), address: '幸福路1号', phone: '010-12345678' }

    for (const user of [w.resident, w.staff, w.foreignStaff]) {
      expect((await post(user, '/api/communities', body)).status).toBe(403)
    }
    const made = await post(streetStaff, '/api/communities', body)
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ streetId: street, name: body.name, address: '幸福路1号', phone: '010-12345678' })
    expect(await auditRowsOf(h, made.body.id)).toMatchObject([{ action: 'community.created' }])
    // Street staff are staff of the new community at once: they may add its grids.
    expect((await post(streetStaff, `/api/communities/${made.body.id}/grids`, { name: '一网格' })).status).toBe(201)

    // Another street: theirs alone.
    const other = await makeStreet(h)
    expect((await post(streetStaff, '/api/communities', { ...body, streetId: other })).status).toBe(403)
    expect((await post(w.admin, '/api/communities', { ...body, streetId: other, name: '另一个社区' })).status).toBe(201)
    const unknown = await post(w.admin, '/api/communities', { ...body, streetId: crypto.randomUUID() })
    expect(unknown.status).toBe(404)
    expect((await post(w.admin, '/api/communities', { ...body, phone: 'call me' })).status).toBe(400)
    expect((await post(w.admin, '/api/communities', { ...body, extra: 1 })).status).toBe(400)
  })
})

describe('grids and buildings', () => {
  it('are added by staff of the community, with names unique in it, and listed with their counts', async () => {
    const w = await makeWorld(h)
    const base = `/api/communities/${w.communityId}`
    expect((await post(w.resident, `${base}/grids`, { name: '一网格' })).status).toBe(403)
    expect((await post(w.foreignStaff, `${base}/grids`, { name: '一网格' })).status).toBe(403)
    const grid = await post(w.staff, `${base}/grids`, { name: '一网格' })
    expect(grid.status).toBe(201)
    expect(grid.body).toMatchObject({ communityId: w.communityId, name: '一网格', buildingCount: 0 })
    expect((await post(w.staff, `${base}/grids`, { name: '一网格' })).body.error.code).toBe('GRID_EXISTS')
    expect((await post(w.staff, `${base}/grids`, { name: ' ' })).status).toBe(400)

    const building = await post(w.staff, `${base}/buildings`, { name: '３号楼', gridId: grid.body.id })
    expect(building.status).toBe(201)
    // Full-width digits are read as ASCII, so the same building typed two ways is one.
    expect(building.body).toMatchObject({ name: '3号楼', gridId: grid.body.id, gridName: '一网格' })
    expect((await post(w.staff, `${base}/buildings`, { name: '3号楼' })).body.error.code).toBe('BUILDING_EXISTS')
    expect(await auditRowsOf(h, building.body.id)).toMatchObject([{ action: 'building.created', actor_id: w.staff.id }])

    // A grid of another community is not one of this community's.
    const foreignGrid = await post(w.foreignStaff, `/api/communities/${w.otherCommunityId}/grids`, { name: '外网格' })
    const refused = await post(w.staff, `${base}/buildings`, { name: '4号楼', gridId: foreignGrid.body.id })
    expect(refused.status).toBe(404)
    expect(
      await h.db.query(sql`SELECT 1 FROM buildings WHERE community_id = ${w.communityId} AND name = '4号楼'`),
    ).toEqual([])

    const grids = await get(w.resident, `${base}/grids`)
    expect(grids.body).toEqual({
      items: [expect.objectContaining({ name: '一网格', buildingCount: 1 })],
      nextCursor: null,
    })
    const buildings = await get(w.resident, `${base}/buildings`)
    // The cast's resident and volunteer live in 1号楼.
    expect(buildings.body.items).toEqual([
      expect.objectContaining({ name: '1号楼', householdCount: 2, gridId: null }),
      expect.objectContaining({ name: '3号楼', householdCount: 0 }),
    ])
    expect((await get(undefined, `${base}/buildings`)).status).toBe(401)
  })

  it('the admin adding to a community that is not there: 404, nothing written', async () => {
    const w = await makeWorld(h)
    const reply = await post(w.admin, `/api/communities/${crypto.randomUUID()}/grids`, { name: '一网格' })
    expect(reply.status).toBe(404)
  })
})

describe('households', () => {
  it('are added by staff, the building made when missing; the same room twice is 409 HOUSEHOLD_EXISTS', async () => {
    const w = await makeWorld(h)
    const base = `/api/communities/${w.communityId}`
    const body = { building: '5号楼', unit: '2单元', room: '1201', areaM2: 89.5 }
    expect((await post(w.resident, `${base}/households`, body)).status).toBe(403)
    expect((await post(w.foreignStaff, `${base}/households`, body)).status).toBe(403)
    const made = await post(w.staff, `${base}/households`, body)
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ building: '5号楼', unit: '2单元', room: '1201', areaM2: 89.5, memberCount: 0 })
    expect(made.body).not.toHaveProperty('doorCode')
    expect(await auditRowsOf(h, made.body.id)).toMatchObject([{ action: 'household.created' }])

    const again = await post(w.staff, `${base}/households`, { ...body, room: '１２０１', areaM2: 90 })
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({ code: 'HOUSEHOLD_EXISTS', message: expect.stringMatching(/房号/) })
    // No unit is a household of its own.
    expect((await post(w.staff, `${base}/households`, { building: '5号楼', room: '1201' })).status).toBe(201)

    for (const bad of [
      { ...body, areaM2: 0 },
      { ...body, areaM2: 12.345 },
      { ...body, areaM2: '89' },
      { ...body, room: '' },
      { ...body, room: '12345678901' },
      { building: '5号楼' },
    ]) {
      const reply = await post(w.staff, `${base}/households`, bad)
      expect(reply.status, JSON.stringify(bad)).toBe(400)
      expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
  })

  it('are listed to staff by building, unit and room as numbers read, paged, one building at a time if asked', async () => {
    const w = await makeWorld(h)
    const base = `/api/communities/${w.communityId}`
    for (const room of ['1001', '201', '102', '101']) {
      expect((await post(w.staff, `${base}/households`, { building: '7号楼', room })).status).toBe(201)
    }
    expect((await post(w.staff, `${base}/households`, { building: '8号楼', room: '101', areaM2: 70 })).status).toBe(201)

    const rooms: string[] = []
    let cursor: string | null = null
    do {
      const page: { status: number; body: { items: { building: string; room: string }[]; nextCursor: string } } =
        await get(w.staff, `${base}/households?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.status).toBe(200)
      rooms.push(...page.body.items.map((x) => `${x.building}${x.room}`))
      cursor = page.body.nextCursor
    } while (cursor)
    // The cast's resident and volunteer live in 1号楼, in rooms of their own.
    expect(rooms.filter((r) => !r.startsWith('1号楼'))).toEqual([
      '7号楼101',
      '7号楼102',
      '7号楼201',
      '7号楼1001',
      '8号楼101',
    ])
    expect(rooms.filter((r) => r.startsWith('1号楼'))).toHaveLength(2)

    const one = await get(w.staff, `${base}/households?building=${encodeURIComponent('8号楼')}`)
    expect(one.body.items).toEqual([expect.objectContaining({ room: '101', areaM2: 70 })])
    expect((await get(w.resident, `${base}/households`)).status).toBe(403)
    expect((await get(w.foreignStaff, `${base}/households`)).status).toBe(403)
    expect((await get(w.admin, `${base}/households`)).status).toBe(200)
  })

  it("door codes: read by staff of the household's community alone, and each reading audited", async () => {
    const w = await makeWorld(h)
    const made = await post(w.staff, `/api/communities/${w.communityId}/households`, { building: '1号楼', room: '101' })
    const path = `/api/households/${made.body.id}/code`
    const code = await get(w.staff, path)
    expect(code.status).toBe(200)
    expect(code.body).toEqual({ householdId: made.body.id, code: expect.stringMatching(/^\d{8}$/) })
    expect((await get(w.resident, path)).status).toBe(403)
    expect((await get(w.foreignStaff, path)).status).toBe(403)
    expect((await get(w.staff, `/api/households/${crypto.randomUUID()}/code`)).status).toBe(404)
    expect((await get(w.staff, '/api/households/nope/code')).status).toBe(400)
    const audit = await auditRowsOf(h, made.body.id, 'household.code_read')
    expect(audit).toMatchObject([{ actor_id: w.staff.id, community_id: w.communityId }])
  })
})

describe('organisations', () => {
  it('are added and listed by staff of the community', async () => {
    const w = await makeWorld(h)
    const base = `/api/communities/${w.communityId}/orgs`
    const body = { kind: 'property', name: '幸福物业', phone: '010-87654321' }
    expect((await post(w.resident, base, body)).status).toBe(403)
    expect((await post(w.foreignStaff, base, body)).status).toBe(403)
    const made = await post(w.staff, base, body)
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ ...body, handlerCount: 0 })
    expect((await post(w.staff, base, body)).body.error.code).toBe('ORG_EXISTS')
    expect((await post(w.staff, base, { ...body, kind: 'police' })).status).toBe(400)
    expect((await post(w.staff, base, { ...body, name: '物' })).status).toBe(400)
    expect(await auditRowsOf(h, made.body.id)).toMatchObject([{ action: 'org.created' }])

    expect((await get(w.staff, base)).body.items).toEqual([expect.objectContaining({ name: '幸福物业' })])
    expect((await get(w.foreignStaff, base)).status).toBe(403)
    expect((await get(w.resident, base)).status).toBe(403)
  })
})

describe('a community of its own street', () => {
  it('takes grids from the street staff of the street of that community', async () => {
    const street = await makeStreet(h)
    const community = await makeCommunity(h, street)
    const streetStaff = await makeUser(h, 'resident', null, undefined, { member: false })
    await h.db.query(sql`INSERT INTO street_staff (user_id, street_id) VALUES (${streetStaff.id}, ${street})`)
    expect((await post(streetStaff, `/api/communities/${community}/grids`, { name: '二网格' })).status).toBe(201)
  })
})
