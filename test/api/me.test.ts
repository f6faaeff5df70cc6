import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../src/server/db/sql'
import { makeCommunity, makeUser, makeWorld } from './support/fixtures'
import { call, startHarness, type Harness } from './support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

interface UserRow {
  nickname: string
  avatar_url: string | null
  community_id: string | null
  building: string | null
  elder_mode: boolean
  role: string
}

const userRow = async (id: string) =>
  (
    await h.db.query<UserRow>(
      sql`SELECT nickname, avatar_url, community_id, building, elder_mode, role FROM users WHERE id = ${id}`,
    )
  )[0]!

const me = (token: string) => call(h.app, 'GET', '/api/me', { token })
const patchMe = (token: string, body: unknown) => call(h.app, 'PATCH', '/api/me', { token, body })

describe('GET /api/me', () => {
  it('is 401 UNAUTHENTICATED without a token', async () => {
    const reply = await call(h.app, 'GET', '/api/me')
    expect(reply.status).toBe(401)
    expect(reply.body.error.code).toBe('UNAUTHENTICATED')
    expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('shows a resident with their community and no volunteer record', async () => {
    const communityId = await makeCommunity(h)
    const resident = await makeUser(h, 'resident', communityId, '居民甲')
    const reply = await me(resident.token)
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({
      id: resident.id,
      nickname: '居民甲',
      avatarUrl: null,
      role: 'resident',
      communityId,
      building: null,
      elderMode: false,
      staffCommunityIds: [],
      streetIds: [],
      handlerOrgIds: [],
      volunteer: null,
      membership: { id: expect.any(String), communityId, householdId: expect.any(String), status: 'verified' },
    })
  })

  it("shows an active volunteer as role 'volunteer' with their application", async () => {
    const communityId = await makeCommunity(h)
    const volunteer = await makeUser(h, 'volunteer', communityId)
    const reply = await me(volunteer.token)
    expect(reply.status).toBe(200)
    expect(reply.body.role).toBe('volunteer')
    expect(reply.body.staffCommunityIds).toEqual([])
    expect(reply.body.volunteer).toEqual({
      userId: volunteer.id,
      communityId,
      status: 'active',
      reason: null,
      appliedAt: expect.any(String),
      decidedAt: expect.any(String),
    })
    // Real name and phone are for staff only, never in the profile.
    expect(JSON.stringify(reply.body)).not.toMatch(/13900000000|测试志愿者/)
  })

  it("shows a pending applicant still as a 'resident', with the pending application", async () => {
    const communityId = await makeCommunity(h)
    const resident = await makeUser(h, 'resident', communityId)
    const applied = await call(h.app, 'POST', '/api/me/volunteer', {
      token: resident.token,
      body: { realName: '王大爷', phone: '13912345678' },
    })
    expect(applied.status).toBe(201)
    const reply = await me(resident.token)
    expect(reply.body.role).toBe('resident')
    expect(reply.body.volunteer).toMatchObject({ userId: resident.id, communityId, status: 'pending', decidedAt: null })
  })

  it('shows staff with the communities they work for', async () => {
    const communityId = await makeCommunity(h)
    const staff = await makeUser(h, 'staff', communityId)
    const reply = await me(staff.token)
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ id: staff.id, role: 'staff', staffCommunityIds: [communityId], volunteer: null })
  })

  it('shows the admin as admin', async () => {
    const admin = await makeUser(h, 'admin', null)
    const reply = await me(admin.token)
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ id: admin.id, role: 'admin', communityId: null, staffCommunityIds: [] })
  })
})

describe('PATCH /api/me', () => {
  it('is 401 without a token and changes nothing', async () => {
    const reply = await call(h.app, 'PATCH', '/api/me', { body: { nickname: '匿名' } })
    expect(reply.status).toBe(401)
    expect(reply.body.error.code).toBe('UNAUTHENTICATED')
  })

  it('saves the nickname, trimmed, and GET reads it back', async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    const reply = await patchMe(user.token, { nickname: '  张阿姨  ' })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ id: user.id, nickname: '张阿姨', role: 'resident' })
    expect((await me(user.token)).body.nickname).toBe('张阿姨')
    expect((await userRow(user.id)).nickname).toBe('张阿姨')
  })

  it('accepts a nickname of exactly 20 characters', async () => {
    const user = await makeUser(h, 'resident', null)
    const nickname = '邻'.repeat(20)
    const reply = await patchMe(user.token, { nickname })
    expect(reply.status).toBe(200)
    expect((await userRow(user.id)).nickname).toBe(nickname)
  })

  it('saves an https avatar URL and clears it with null', async () => {
    const user = await makeUser(h, 'resident', null)
    const avatarUrl = 'https://thirdwx.qlogo.cn/mmopen/avatar.png'
    const set = await patchMe(user.token, { avatarUrl })
    expect(set.status).toBe(200)
    expect(set.body.avatarUrl).toBe(avatarUrl)
    expect((await me(user.token)).body.avatarUrl).toBe(avatarUrl)
    expect((await userRow(user.id)).avatar_url).toBe(avatarUrl)

    const http = await patchMe(user.token, { avatarUrl: 'http://example.com/a.jpg' })
    expect(http.status).toBe(200)
    expect(http.body.avatarUrl).toBe('http://example.com/a.jpg')

    const cleared = await patchMe(user.token, { avatarUrl: null })
    expect(cleared.status).toBe(200)
    expect(cleared.body.avatarUrl).toBeNull()
    expect((await userRow(user.id)).avatar_url).toBeNull()
  })

  it('moves the user to another community, and GET reads it back', async () => {
    const [from, to] = [await makeCommunity(h), await makeCommunity(h)]
    const user = await makeUser(h, 'resident', from)
    const reply = await patchMe(user.token, { communityId: to })
    expect(reply.status).toBe(200)
    expect(reply.body.communityId).toBe(to)
    expect((await me(user.token)).body.communityId).toBe(to)
    expect((await userRow(user.id)).community_id).toBe(to)
  })

  it('binds a user without a community to one for the first time', async () => {
    const communityId = await makeCommunity(h)
    const user = await makeUser(h, 'resident', null)
    expect((await me(user.token)).body.communityId).toBeNull()
    const reply = await patchMe(user.token, { communityId })
    expect(reply.status).toBe(200)
    expect((await me(user.token)).body.communityId).toBe(communityId)
  })

  it('saves the building, trimmed, and clears it with null', async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    const set = await patchMe(user.token, { building: ' 3号楼2单元501 ' })
    expect(set.status).toBe(200)
    expect(set.body.building).toBe('3号楼2单元501')
    expect((await me(user.token)).body.building).toBe('3号楼2单元501')
    expect((await userRow(user.id)).building).toBe('3号楼2单元501')
    const cleared = await patchMe(user.token, { building: null })
    expect(cleared.status).toBe(200)
    expect(cleared.body.building).toBeNull()
    expect((await userRow(user.id)).building).toBeNull()
  })

  it('remembers elder mode on the server, on and off', async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    const on = await patchMe(user.token, { elderMode: true })
    expect(on.status).toBe(200)
    expect(on.body.elderMode).toBe(true)
    expect((await me(user.token)).body.elderMode).toBe(true)
    expect((await userRow(user.id)).elder_mode).toBe(true)
    const off = await patchMe(user.token, { elderMode: false })
    expect(off.body.elderMode).toBe(false)
    expect((await userRow(user.id)).elder_mode).toBe(false)
  })

  it('saves several fields at once and leaves the others alone', async () => {
    const communityId = await makeCommunity(h)
    const user = await makeUser(h, 'resident', communityId)
    await patchMe(user.token, { building: '1号楼' })
    const reply = await patchMe(user.token, { nickname: '老李', elderMode: true })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ nickname: '老李', elderMode: true, building: '1号楼', communityId })
    expect(await userRow(user.id)).toMatchObject({
      nickname: '老李',
      elder_mode: true,
      building: '1号楼',
      community_id: communityId,
    })
  })

  it('keeps the role a user has: a volunteer stays a volunteer, staff stay staff', async () => {
    const communityId = await makeCommunity(h)
    const volunteer = await makeUser(h, 'volunteer', communityId)
    const staff = await makeUser(h, 'staff', communityId)
    expect((await patchMe(volunteer.token, { nickname: '志愿者小王' })).body.role).toBe('volunteer')
    const staffReply = await patchMe(staff.token, { nickname: '陈主任' })
    expect(staffReply.body).toMatchObject({ role: 'staff', staffCommunityIds: [communityId] })
  })

  describe('refuses bad input with 400 VALIDATION_FAILED and changes nothing', () => {
    const cases: [string, unknown, string | null, string | null][] = [
      // [what, body, path of the first issue, message]
      ['an empty body', {}, null, '没有需要修改的内容'],
      ['an unknown field', { role: 'admin' }, null, null],
      ['an unknown field beside a good one', { nickname: '好名字', isAdmin: true }, null, null],
      ['a nickname over 20 characters', { nickname: '邻'.repeat(21) }, 'nickname', '昵称最多20个字'],
      ['a blank nickname', { nickname: '   ' }, 'nickname', '昵称不能为空'],
      ['a null nickname', { nickname: null }, 'nickname', null],
      ['a community id that is not a uuid', { communityId: 'community-1' }, 'communityId', '请选择社区'],
      ['a null community', { communityId: null }, 'communityId', null],
      ['an ftp avatar URL', { avatarUrl: 'ftp://example.com/a.png' }, 'avatarUrl', '头像地址不正确'],
      ['a javascript: avatar URL', { avatarUrl: 'javascript:alert(1)' }, 'avatarUrl', '头像地址不正确'],
      ['an avatar that is not a URL', { avatarUrl: 'avatar.png' }, 'avatarUrl', '头像地址不正确'],
      ['a building over 30 characters', { building: '楼'.repeat(31) }, 'building', '楼栋门牌最多30个字'],
      ['elder mode as a string', { elderMode: 'yes' }, 'elderMode', null],
      ['a JSON array', [{ nickname: 'x' }], null, null],
    ]

    it.each(cases)('%s', async (_what, body, path, message) => {
      const communityId = await makeCommunity(h)
      const user = await makeUser(h, 'resident', communityId, '原来的昵称')
      const before = await userRow(user.id)
      const reply = await patchMe(user.token, body)
      expect(reply.status).toBe(400)
      expect(reply.body.error.code).toBe('VALIDATION_FAILED')
      expect(Array.isArray(reply.body.error.details)).toBe(true)
      if (path) expect(reply.body.error.details[0].path).toEqual([path])
      if (message) expect(reply.body.error.message).toBe(message)
      expect(await userRow(user.id)).toEqual(before)
    })

    it('names the unknown field in the issue', async () => {
      const user = await makeUser(h, 'resident', null)
      const reply = await patchMe(user.token, { role: 'admin' })
      expect(reply.status).toBe(400)
      expect(reply.body.error.details[0]).toMatchObject({ code: 'unrecognized_keys' })
      expect(JSON.stringify(reply.body.error)).toContain('role')
      expect((await userRow(user.id)).role).toBe('resident')
    })

    it('an unknown community uuid: 400 with details path communityId', async () => {
      const communityId = await makeCommunity(h)
      const user = await makeUser(h, 'resident', communityId)
      const reply = await patchMe(user.token, { communityId: randomUUID() })
      expect(reply.status).toBe(400)
      expect(reply.body.error.code).toBe('VALIDATION_FAILED')
      expect(reply.body.error.message).toBe('请选择列表中的社区')
      expect(reply.body.error.details).toEqual([expect.objectContaining({ path: ['communityId'] })])
      expect((await userRow(user.id)).community_id).toBe(communityId)
    })

    it('an unknown community beside a good field saves neither', async () => {
      const communityId = await makeCommunity(h)
      const user = await makeUser(h, 'resident', communityId, '不变的昵称')
      const reply = await patchMe(user.token, { nickname: '新昵称', communityId: randomUUID() })
      expect(reply.status).toBe(400)
      expect(await userRow(user.id)).toMatchObject({ nickname: '不变的昵称', community_id: communityId })
    })
  })
})

describe('GET /api/communities', () => {
  const page = (query: string, token?: string) => call(h.app, 'GET', `/api/communities${query}`, { token })

  it('is public and lists id, name, street and district only', async () => {
    const communityId = await makeCommunity(h)
    const reply = await page('?limit=50')
    expect(reply.status).toBe(200)
    expect(Array.isArray(reply.body.items)).toBe(true)
    expect(reply.body).toHaveProperty('nextCursor')
    for (const item of reply.body.items) expect(Object.keys(item).sort()).toEqual(['district', 'id', 'name', 'street'])
    // Also with a token, and then not a field more.
    const user = await makeUser(h, 'resident', communityId)
    const signedIn = await page('?limit=50', user.token)
    expect(signedIn.status).toBe(200)
    expect(signedIn.body.items.length).toBeGreaterThan(0)
    for (const item of signedIn.body.items) {
      expect(Object.keys(item).sort()).toEqual(['district', 'id', 'name', 'street'])
    }
  })

  it('walks every community with limit=1, in (name, id) order, without repeats', async () => {
    const mine = await Promise.all([makeCommunity(h), makeCommunity(h), makeCommunity(h)])
    // Other files add communities to a shared PostgreSQL database meanwhile: what existed before the walk must all
    // be seen, in the database's order; anything newer may or may not be.
    const before = (await h.db.query<{ id: string }>(sql`SELECT id FROM communities ORDER BY name, id::text`)).map(
      (r) => r.id,
    )
    const seen: string[] = []
    let cursor: string | null = null
    for (let pages = 0; pages < before.length + 1000; pages++) {
      const reply = await page(`?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(reply.status).toBe(200)
      expect(reply.body.items.length).toBeLessThanOrEqual(1)
      seen.push(...reply.body.items.map((c: { id: string }) => c.id))
      cursor = reply.body.nextCursor
      if (cursor === null) break
      expect(reply.body.items).toHaveLength(1)
    }
    expect(cursor).toBeNull()
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual(expect.arrayContaining(mine))
    const known = new Set(before)
    expect(seen.filter((id) => known.has(id))).toEqual(before)
  })

  it('pages with limit=2: two items and a cursor, then the next two', async () => {
    await Promise.all([makeCommunity(h), makeCommunity(h), makeCommunity(h)])
    const first = await page('?limit=2')
    expect(first.status).toBe(200)
    expect(first.body.items).toHaveLength(2)
    expect(first.body.nextCursor).toEqual(expect.any(String))
    const second = await page(`?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`)
    expect(second.status).toBe(200)
    expect(second.body.items.length).toBeGreaterThanOrEqual(1)
    const ids = [...first.body.items, ...second.body.items].map((c: { id: string }) => c.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('defaults to 20 a page', async () => {
    const total = (await h.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM communities`))[0]!.n
    if (total < 21) await Promise.all(Array.from({ length: 21 - total }, () => makeCommunity(h)))
    const reply = await page('')
    expect(reply.status).toBe(200)
    expect(reply.body.items).toHaveLength(20)
    expect(reply.body.nextCursor).toEqual(expect.any(String))
  })

  it.each([
    ['a garbage cursor', '?cursor=not-a-cursor', 'cursor'],
    ['a cursor of the wrong shape', `?cursor=${Buffer.from('[1]').toString('base64url')}`, 'cursor'],
    ['limit=0', '?limit=0', 'limit'],
    ['limit=51', '?limit=51', 'limit'],
    ['limit=-1', '?limit=-1', 'limit'],
    ['limit=abc', '?limit=abc', 'limit'],
    ['limit=1.5', '?limit=1.5', 'limit'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_what, query, path) => {
    const reply = await page(query)
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    expect(reply.body.error.details[0].path).toEqual([path])
  })

  it('accepts limit=50, the maximum', async () => {
    const reply = await page('?limit=50')
    expect(reply.status).toBe(200)
    expect(reply.body.items.length).toBeLessThanOrEqual(50)
  })

  it('lists the fixture communities with their street and district', async () => {
    const world = await makeWorld(h)
    const [row] = await h.db.query<{ name: string }>(sql`SELECT name FROM communities WHERE id = ${world.communityId}`)
    // Walk until found: the shared database may hold many communities.
    let cursor: string | null = null
    let found: unknown
    do {
      const reply = await page(`?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      found = reply.body.items.find((c: { id: string }) => c.id === world.communityId)
      cursor = reply.body.nextCursor
    } while (!found && cursor)
    expect(found).toEqual({ id: world.communityId, name: row!.name, street: '测试街道', district: '测试区' })
  })
})
