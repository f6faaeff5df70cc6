import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeUser, makeMember, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness, type Reply } from '../support/harness'
import {
  wishScene,
  act,
  claimedWish,
  countWishes,
  eventRows,
  expectError,
  fulfilledWish,
  liveCounts,
  openWish,
  postWish,
  setNickname,
  snapshot,
  wishBody,
  wishRow,
} from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const post = (user: TestUser | undefined, path: string, body: unknown = {}) =>
  call(h.app, 'POST', path, { token: user?.token, body })
const get = (user: TestUser | undefined, path: string) => call(h.app, 'GET', path, { token: user?.token })

/** Runs a refused request and checks it changed nothing. */
async function refused(id: string, request: () => Promise<Reply>, status: number, code: string) {
  const before = await snapshot(h, id)
  const reply = await request()
  expectError(reply, status, code)
  expect(await snapshot(h, id)).toEqual(before)
  return reply
}

const A_UUID = '00000000-0000-4000-8000-000000000000'
/** A cursor as the server encodes them, around whatever a client might send. */
const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url')

describe('anonymous and bad tokens', () => {
  const paths: [string, string][] = [
    ['POST', '/api/wishes'],
    ['GET', '/api/wishes'],
    ['GET', `/api/wishes/${A_UUID}`],
    ['GET', `/api/wishes/${A_UUID}/events`],
    ['GET', '/api/me/volunteer-hours'],
    ...['review', 'claim', 'release', 'fulfil', 'confirm', 'dispute', 'cancel'].map((a): [string, string] => [
      'POST',
      `/api/wishes/${A_UUID}/${a}`,
    ]),
  ]
  it.each(paths)('%s %s → 401 UNAUTHENTICATED', async (method, path) => {
    const body = method === 'POST' ? {} : undefined
    expectError(await call(h.app, method, path, { body }), 401, 'UNAUTHENTICATED')
    expectError(await call(h.app, method, path, { body, token: 'v1.forged.token' }), 401, 'UNAUTHENTICATED')
  })
})

describe('non-uuid ids → 400 VALIDATION_FAILED', () => {
  it('on every /api/wishes/:id endpoint', async () => {
    const s = await wishScene(h)
    const cases: [TestUser, string, string, unknown][] = [
      [s.owner, 'GET', '', undefined],
      [s.owner, 'GET', '/events', undefined],
      [s.staff, 'POST', '/review', { approve: true }],
      [s.volunteer, 'POST', '/claim', {}],
      [s.volunteer, 'POST', '/release', { reason: '有事' }],
      [s.volunteer, 'POST', '/fulfil', { note: '完成了', hours: 1 }],
      [s.owner, 'POST', '/confirm', { rating: 5 }],
      [s.owner, 'POST', '/dispute', { reason: '没做完' }],
      [s.owner, 'POST', '/cancel', {}],
    ]
    for (const [user, method, suffix, body] of cases) {
      const reply = await call(h.app, method, `/api/wishes/not-a-uuid${suffix}`, { token: user.token, body })
      expectError(reply, 400, 'VALIDATION_FAILED')
      expect(reply.body.error.details.map((d: any) => d.path)).toContainEqual(['id'])
    }
  })

  it('an unknown uuid is 404 NOT_FOUND', async () => {
    const s = await wishScene(h)
    expectError(await get(s.owner, `/api/wishes/${A_UUID}`), 404, 'NOT_FOUND')
    expectError(await get(s.owner, `/api/wishes/${A_UUID}/events`), 404, 'NOT_FOUND')
    expectError(await post(s.volunteer, `/api/wishes/${A_UUID}/claim`), 404, 'NOT_FOUND')
    expectError(await post(s.staff, `/api/wishes/${A_UUID}/review`, { approve: true }), 404, 'NOT_FOUND')
  })
})

describe('POST /api/wishes', () => {
  it('posts a wish in the resident’s community, pending review', async () => {
    const s = await wishScene(h)
    await setNickname(h, s.owner.id, '张三丰')
    const reply = await post(s.owner, '/api/wishes', wishBody({ title: '  帮忙买菜  ' }))
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({
      communityId: s.communityId,
      title: '帮忙买菜',
      category: 'daily_goods',
      status: 'pending_review',
      ownerName: '张三丰',
      address: '幸福里3号楼2单元501',
      contactPhone: '13812345678',
      claimerName: null,
      viewer: { isOwner: true, isClaimer: false, isStaff: false },
      actions: ['cancel'],
    })
    const [row] = await h.db.query<any>(
      sql`SELECT community_id, owner_id, title, status, address, contact_phone FROM wishes WHERE id = ${reply.body.id}`,
    )
    expect(row).toEqual({
      community_id: s.communityId,
      owner_id: s.owner.id,
      title: '帮忙买菜',
      status: 'pending_review',
      address: '幸福里3号楼2单元501',
      contact_phone: '13812345678',
    })
    expect(await eventRows(h, reply.body.id)).toMatchObject([
      { type: 'created', actor_id: s.owner.id, actor_role: 'resident' },
    ])
    expect((await liveCounts(h, s.owner.id)).live_wishes).toBe(1)
  })

  it('takes the boundaries: a 2- and a 40-character title, a 500-character description, no address or phone', async () => {
    const s = await wishScene(h)
    const short = await post(s.owner, '/api/wishes', { title: '修灯', category: 'other' })
    expect(short.status).toBe(201)
    expect(short.body).toMatchObject({ description: '', address: null, contactPhone: null })
    const long = await post(s.owner, '/api/wishes', {
      ...wishBody({ title: '长'.repeat(40), description: '说'.repeat(500), address: '', contactPhone: '' }),
    })
    expect(long.status).toBe(201)
    expect(long.body).toMatchObject({ address: null, contactPhone: null })
    expect(await countWishes(h, s.owner.id)).toBe(2)
  })

  it.each([
    ['a 1-character title', { title: '灯' }, 'title'],
    ['a 41-character title', { title: '长'.repeat(41) }, 'title'],
    ['a title of spaces', { title: '    ' }, 'title'],
    ['a 501-character description', { description: '说'.repeat(501) }, 'description'],
    ['an unknown category', { category: 'food' }, 'category'],
    ['no category', { category: undefined }, 'category'],
    ['a 10-digit phone', { contactPhone: '1381234567' }, 'contactPhone'],
    ['a phone not starting 1[3-9]', { contactPhone: '12812345678' }, 'contactPhone'],
    ['a landline', { contactPhone: '021-12345678' }, 'contactPhone'],
    ['a 101-character address', { address: '址'.repeat(101) }, 'address'],
    ['an unknown field', { status: 'open' }, null],
  ])('refuses %s: 400 VALIDATION_FAILED, nothing written', async (_name, over, field) => {
    const s = await wishScene(h)
    const reply = await post(s.owner, '/api/wishes', wishBody(over))
    expectError(reply, 400, 'VALIDATION_FAILED')
    if (field) expect(reply.body.error.details.map((d: any) => d.path)).toContainEqual([field])
    expect(await countWishes(h, s.owner.id)).toBe(0)
    expect((await liveCounts(h, s.owner.id)).live_wishes).toBe(0)
  })

  it('refuses a body that is not JSON: 400', async () => {
    const s = await wishScene(h)
    expectError(await post(s.owner, '/api/wishes', '{"title": '), 400, 'VALIDATION_FAILED')
    expect(await countWishes(h, s.owner.id)).toBe(0)
  })

  it('tells the user in Chinese what is wrong, also when a required field is missing', async () => {
    const s = await wishScene(h)
    const missing = [
      () => post(s.owner, '/api/wishes', { category: 'other' }),
      () => post(s.staff, `/api/wishes/${A_UUID}/review`, {}),
      () => post(s.volunteer, `/api/wishes/${A_UUID}/release`, {}),
      () => post(s.volunteer, `/api/wishes/${A_UUID}/fulfil`, { hours: 1 }),
      () => post(s.owner, `/api/wishes/${A_UUID}/confirm`, {}),
    ]
    const notChinese: string[] = []
    for (const request of missing) {
      const reply = await request()
      expect(reply.status).toBe(400)
      if (!/[\u4e00-\u9fa5]/.test(reply.body.error.message)) notChinese.push(reply.body.error.message)
    }
    expect(notChinese).toEqual([])
  })

  it.each([
    ['赌博 in the title', { title: '周末一起赌博' }],
    ['赌 博 spaced out in the title', { title: '周末一起赌 博' }],
    ['赌-博 with punctuation in the title', { title: '周末赌-博吗' }],
    ['a listed word in the description', { description: '有没有人办假证' }],
    ['a listed word in the address', { address: '诈骗大楼' }],
  ])('refuses %s: 422 CONTENT_REJECTED, nothing written', async (_name, over) => {
    const s = await wishScene(h)
    expectError(await post(s.owner, '/api/wishes', wishBody(over)), 422, 'CONTENT_REJECTED')
    expect(await countWishes(h, s.owner.id)).toBe(0)
    expect((await liveCounts(h, s.owner.id)).live_wishes).toBe(0)
  })

  it('needs a community first: 409 COMMUNITY_REQUIRED, nothing written', async () => {
    const s = await wishScene(h)
    expectError(await post(s.homeless, '/api/wishes', wishBody()), 409, 'COMMUNITY_REQUIRED')
    expect(await countWishes(h, s.homeless.id)).toBe(0)
  })

  it('replays a retry with the same Idempotency-Key and posts once', async () => {
    const s = await wishScene(h)
    const request = { token: s.owner.token, body: wishBody(), headers: { 'Idempotency-Key': 'post-wish-00000001' } }
    const first = await call(h.app, 'POST', '/api/wishes', request)
    const retry = await call(h.app, 'POST', '/api/wishes', request)
    expect([first.status, retry.status]).toEqual([201, 201])
    expect(retry.body.id).toBe(first.body.id)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(await countWishes(h, s.owner.id)).toBe(1)
    expect((await liveCounts(h, s.owner.id)).live_wishes).toBe(1)
  })
})

describe('GET /api/wishes', () => {
  const ids = (reply: any) => reply.body.items.map((w: any) => w.id)

  it('lists the user’s own community by default, newest first, with public fields only', async () => {
    const s = await wishScene(h)
    const otherOwner = await makeUser(h, 'resident', s.otherCommunityId)
    const otherStaff = await makeUser(h, 'staff', s.otherCommunityId)
    const first = await openWish(h, s.owner, s.staff)
    h.clock.advance(1000)
    const second = await openWish(h, s.owner, s.staff)
    const elsewhere = await openWish(h, otherOwner, otherStaff)

    const mine = await get(s.stranger, '/api/wishes')
    expect(mine.status).toBe(200)
    expect(ids(mine)).toEqual([second, first])
    expect(mine.body.nextCursor).toBeNull()
    expect(Object.keys(mine.body.items[0]).sort()).toEqual(
      ['category', 'communityId', 'createdAt', 'id', 'ownerName', 'status', 'teamCount', 'teamSize', 'title'].sort(),
    )
    // Any community by its id.
    const there = await get(s.stranger, `/api/wishes?communityId=${s.otherCommunityId}`)
    expect(ids(there)).toEqual([elsewhere])
  })

  it('filters by status and by category', async () => {
    const s = await wishScene(h)
    const owner2 = await makeUser(h, 'resident', s.communityId)
    const health = await openWish(h, s.owner, s.staff, { category: 'health' })
    const claimed = await claimedWish(h, s.owner, s.staff, s.volunteer)
    const education = await openWish(h, owner2, s.staff, { category: 'education' })

    const open = await get(s.stranger, '/api/wishes?status=open')
    expect(new Set(ids(open))).toEqual(new Set([health, education]))
    expect(ids(await get(s.stranger, '/api/wishes?status=claimed'))).toEqual([claimed])
    expect(ids(await get(s.stranger, '/api/wishes?category=health'))).toEqual([health])
    expect(ids(await get(s.stranger, '/api/wishes?category=daily_goods&status=claimed'))).toEqual([claimed])
    expect(ids(await get(s.stranger, '/api/wishes?category=disability'))).toEqual([])
  })

  it('mine=owner lists my wishes in every community; mine=claimer lists what I have claimed now', async () => {
    const s = await wishScene(h)
    const here = await claimedWish(h, s.owner, s.staff, s.volunteer)
    // The owner moves to the other community (a verified member there now) and posts there.
    await h.db.query(sql`UPDATE users SET community_id = ${s.otherCommunityId} WHERE id = ${s.owner.id}`)
    await h.db.query(sql`UPDATE memberships SET status = 'left', ended_at = now() WHERE user_id = ${s.owner.id}`)
    await makeMember(h, s.owner.id, s.otherCommunityId)
    const there = (await postWish(h, s.owner)).id
    const someoneElses = await openWish(h, s.stranger, s.staff)

    const owned = await get(s.owner, '/api/wishes?mine=owner')
    expect(new Set(ids(owned))).toEqual(new Set([here, there]))
    expect(ids(await get(s.owner, `/api/wishes?mine=owner&communityId=${s.communityId}`))).toEqual([here])

    expect(ids(await get(s.volunteer, '/api/wishes?mine=claimer'))).toEqual([here])
    expect(ids(await get(s.volunteer2, '/api/wishes?mine=claimer'))).toEqual([])
    await act(h, s.volunteer, here, 'release', { reason: '临时有事' })
    expect(ids(await get(s.volunteer, '/api/wishes?mine=claimer'))).toEqual([])
    expect(ids(await get(s.stranger, '/api/wishes'))).toEqual(expect.arrayContaining([here, someoneElses]))
  })

  it('walks the pages with limit=2 without repeats or gaps, also across equal timestamps', async () => {
    const s = await wishScene(h)
    const owners = [s.owner, s.stranger, await makeUser(h, 'resident', s.communityId)]
    const posted: string[] = []
    // Three pairs posted at the same instant, then one more.
    for (let i = 0; i < 7; i++) {
      posted.push(await openWish(h, owners[i % 3]!, s.staff, { title: `心愿第${i}个` }))
      if (i % 2 === 1) h.clock.advance(1000)
    }
    const expected = (
      await h.db.query<{ id: string }>(
        sql`SELECT id FROM wishes WHERE community_id = ${s.communityId} ORDER BY created_at DESC, id::text DESC`,
      )
    ).map((r) => r.id)
    expect(new Set(expected)).toEqual(new Set(posted))

    const walked: string[] = []
    const sizes: number[] = []
    let cursor: string | null = null
    do {
      const query: string = `/api/wishes?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const page: any = await get(s.volunteer, query)
      expect(page.status).toBe(200)
      sizes.push(page.body.items.length)
      walked.push(...ids(page))
      cursor = page.body.nextCursor
    } while (cursor && walked.length < 20)
    expect(sizes).toEqual([2, 2, 2, 1])
    expect(walked).toEqual(expected)
  })

  it('shows wishes waiting for review, or rejected, only to their owner and staff', async () => {
    const s = await wishScene(h)
    const pending = (await postWish(h, s.owner)).id
    const rejected = (await postWish(h, s.owner)).id
    await act(h, s.staff, rejected, 'review', { approve: false, reason: '内容不清楚' })
    const open = await openWish(h, s.owner, s.staff)

    expect(new Set(ids(await get(s.owner, '/api/wishes')))).toEqual(new Set([pending, rejected, open]))
    expect(new Set(ids(await get(s.staff, '/api/wishes')))).toEqual(new Set([pending, rejected, open]))
    expect(new Set(ids(await get(s.admin, `/api/wishes?communityId=${s.communityId}`)))).toEqual(
      new Set([pending, rejected, open]),
    )
    expect(ids(await get(s.stranger, '/api/wishes'))).toEqual([open])
    expect(ids(await get(s.volunteer, '/api/wishes?status=pending_review'))).toEqual([])
    expect(ids(await get(s.foreignStaff, `/api/wishes?communityId=${s.communityId}`))).toEqual([open])
    // And one by one.
    expect((await get(s.owner, `/api/wishes/${pending}`)).status).toBe(200)
    expect((await get(s.staff, `/api/wishes/${pending}`)).status).toBe(200)
    expectError(await get(s.stranger, `/api/wishes/${pending}`), 404, 'NOT_FOUND')
    expectError(await get(s.foreignStaff, `/api/wishes/${rejected}`), 404, 'NOT_FOUND')
  })

  it('needs a community when none is given: 409 COMMUNITY_REQUIRED', async () => {
    const s = await wishScene(h)
    expectError(await get(s.homeless, '/api/wishes'), 409, 'COMMUNITY_REQUIRED')
    expect((await get(s.homeless, '/api/wishes?mine=owner')).body).toEqual({ items: [], nextCursor: null })
    expect((await get(s.homeless, `/api/wishes?communityId=${s.communityId}`)).status).toBe(200)
  })

  it.each([
    ['limit=0', 'limit=0'],
    ['limit=51', 'limit=51'],
    ['limit=abc', 'limit=abc'],
    ['status=done', 'status=done'],
    ['category=food', 'category=food'],
    ['communityId=not-a-uuid', 'communityId=not-a-uuid'],
    ['mine=everyone', 'mine=everyone'],
    ['a cursor that is not base64 JSON', 'cursor=garbage'],
    ['a cursor whose time is not a time', `cursor=${cursorOf(['yesterday', A_UUID])}`],
    ['a cursor with one value', `cursor=${cursorOf(['2025-01-01T00:00:00.000Z'])}`],
    ['a cursor of numbers', `cursor=${cursorOf([1, 2])}`],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, query) => {
    const s = await wishScene(h)
    expectError(await get(s.owner, `/api/wishes?${query}`), 400, 'VALIDATION_FAILED')
  })
})

describe('GET /api/wishes/:id — actions match what each viewer may do', () => {
  it('open: the owner may cancel, a volunteer here may claim, staff may cancel, others nothing', async () => {
    const s = await wishScene(h)
    const id = await openWish(h, s.owner, s.staff)
    const actions = async (user: TestUser) => {
      const reply = await get(user, `/api/wishes/${id}`)
      expect(reply.status).toBe(200)
      return reply.body.actions
    }
    expect(await actions(s.owner)).toEqual(['cancel'])
    expect(await actions(s.volunteer)).toEqual(['claim'])
    expect(await actions(s.staff)).toEqual(['cancel'])
    expect(await actions(s.admin)).toEqual(['cancel'])
    expect(await actions(s.stranger)).toEqual([])
    expect(await actions(s.foreignVolunteer)).toEqual([])
    expect(await actions(s.foreignStaff)).toEqual([])
  })

  it('pending review: staff may review (and cancel); the owner may cancel', async () => {
    const s = await wishScene(h)
    const { id } = await postWish(h, s.owner)
    expect((await get(s.staff, `/api/wishes/${id}`)).body).toMatchObject({
      actions: ['review', 'cancel'],
      viewer: { isOwner: false, isClaimer: false, isStaff: true },
    })
    expect((await get(s.owner, `/api/wishes/${id}`)).body.actions).toEqual(['cancel'])
  })

  it('claimed: the claimer may release or fulfil; the owner nothing; staff may cancel', async () => {
    const s = await wishScene(h)
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    expect((await get(s.volunteer, `/api/wishes/${id}`)).body).toMatchObject({
      actions: ['release', 'fulfil'],
      viewer: { isClaimer: true },
    })
    expect((await get(s.owner, `/api/wishes/${id}`)).body.actions).toEqual([])
    expect((await get(s.volunteer2, `/api/wishes/${id}`)).body.actions).toEqual([])
    expect((await get(s.staff, `/api/wishes/${id}`)).body.actions).toEqual(['cancel'])
  })

  it('fulfilled: the owner and staff may confirm or dispute; the claimer nothing', async () => {
    const s = await wishScene(h)
    const id = await fulfilledWish(h, s.owner, s.staff, s.volunteer)
    expect((await get(s.owner, `/api/wishes/${id}`)).body.actions).toEqual(['confirm', 'dispute'])
    expect((await get(s.staff, `/api/wishes/${id}`)).body.actions).toEqual(['confirm', 'dispute'])
    expect((await get(s.volunteer, `/api/wishes/${id}`)).body.actions).toEqual([])
  })
})

describe('POST /api/wishes/:id/review', () => {
  it('staff approve; the admin may too', async () => {
    const s = await wishScene(h)
    const a = (await postWish(h, s.owner)).id
    const b = (await postWish(h, s.owner)).id
    expect((await act(h, s.staff, a, 'review', { approve: true })).status).toBe('open')
    expect((await act(h, s.admin, b, 'review', { approve: true })).status).toBe('open')
    expect((await wishRow(h, a)).status).toBe('open')
    expect((await wishRow(h, b)).status).toBe('open')
  })

  it('refuses residents and volunteers: 403', async () => {
    const s = await wishScene(h)
    const { id } = await postWish(h, s.owner)
    for (const user of [s.owner, s.stranger, s.volunteer]) {
      await refused(id, () => post(user, `/api/wishes/${id}/review`, { approve: true }), 403, 'FORBIDDEN')
    }
  })

  it('refuses staff of another community (404: a pending wish does not exist for them)', async () => {
    const s = await wishScene(h)
    const { id } = await postWish(h, s.owner)
    const reply = await refused(
      id,
      () => post(s.foreignStaff, `/api/wishes/${id}/review`, { approve: true }),
      404,
      'NOT_FOUND',
    )
    expect(reply.status).not.toBeLessThan(300)
  })

  it('an already reviewed wish: 409 WISH_NOT_PENDING', async () => {
    const s = await wishScene(h)
    const id = await openWish(h, s.owner, s.staff)
    await refused(
      id,
      () => post(s.staff, `/api/wishes/${id}/review`, { approve: false, reason: '再看看' }),
      409,
      'WISH_NOT_PENDING',
    )
  })

  it.each([
    ['no approve', {}],
    ['approve as text', { approve: 'yes' }],
    ['an unknown field', { approve: true, extra: 1 }],
    ['a 201-character reason', { approve: false, reason: '理'.repeat(201) }],
  ])('refuses %s: 400', async (_name, body) => {
    const s = await wishScene(h)
    const { id } = await postWish(h, s.owner)
    await refused(id, () => post(s.staff, `/api/wishes/${id}/review`, body), 400, 'VALIDATION_FAILED')
  })

  it('checks the reason’s words: 422', async () => {
    const s = await wishScene(h)
    const { id } = await postWish(h, s.owner)
    await refused(
      id,
      () => post(s.staff, `/api/wishes/${id}/review`, { approve: false, reason: '疑似传销' }),
      422,
      'CONTENT_REJECTED',
    )
  })
})

describe('POST /api/wishes/:id/claim', () => {
  it('an active volunteer of the community claims an open wish', async () => {
    const s = await wishScene(h)
    const id = await openWish(h, s.owner, s.staff)
    const claimed = await act(h, s.volunteer, id, 'claim')
    expect(claimed).toMatchObject({ status: 'claimed', claimedAt: h.clock.now().toISOString() })
    expect(await wishRow(h, id)).toMatchObject({ status: 'claimed', claimer_id: s.volunteer.id })
  })

  it('refuses a resident, a volunteer of another community and the owner: 403', async () => {
    const s = await wishScene(h)
    const id = await openWish(h, s.volunteer2, s.staff)
    await refused(id, () => post(s.stranger, `/api/wishes/${id}/claim`), 403, 'FORBIDDEN')
    await refused(id, () => post(s.staff, `/api/wishes/${id}/claim`), 403, 'FORBIDDEN')
    await refused(id, () => post(s.foreignVolunteer, `/api/wishes/${id}/claim`), 403, 'FORBIDDEN')
    // volunteer2 is an active volunteer here, and the owner.
    await refused(id, () => post(s.volunteer2, `/api/wishes/${id}/claim`), 403, 'FORBIDDEN')
  })

  it('a suspended volunteer cannot claim: 403', async () => {
    const s = await wishScene(h)
    const id = await openWish(h, s.owner, s.staff)
    await h.db.query(sql`UPDATE volunteers SET status = 'suspended' WHERE user_id = ${s.volunteer.id}`)
    await refused(id, () => post(s.volunteer, `/api/wishes/${id}/claim`), 403, 'FORBIDDEN')
  })

  it('a claimed, completed or cancelled wish: 409 WISH_NOT_OPEN; a pending one is not found', async () => {
    const s = await wishScene(h)
    const claimed = await claimedWish(h, s.owner, s.staff, s.volunteer)
    await refused(claimed, () => post(s.volunteer2, `/api/wishes/${claimed}/claim`), 409, 'WISH_NOT_OPEN')
    await refused(claimed, () => post(s.volunteer, `/api/wishes/${claimed}/claim`), 409, 'WISH_NOT_OPEN')
    const cancelled = await openWish(h, s.owner, s.staff)
    await act(h, s.owner, cancelled, 'cancel')
    await refused(cancelled, () => post(s.volunteer2, `/api/wishes/${cancelled}/claim`), 409, 'WISH_NOT_OPEN')
    const pending = (await postWish(h, s.owner)).id
    await refused(pending, () => post(s.volunteer2, `/api/wishes/${pending}/claim`), 404, 'NOT_FOUND')
  })
})

describe('POST /api/wishes/:id/release', () => {
  it('only the current claimer: 403 for another volunteer, the owner, staff', async () => {
    const s = await wishScene(h)
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    for (const user of [s.volunteer2, s.owner, s.staff]) {
      await refused(id, () => post(user, `/api/wishes/${id}/release`, { reason: '我来放弃' }), 403, 'FORBIDDEN')
    }
    expect((await act(h, s.volunteer, id, 'release', { reason: '临时有事' })).status).toBe('open')
  })

  it('a wish not claimed: 409 WISH_NOT_CLAIMED', async () => {
    const s = await wishScene(h)
    const id = await openWish(h, s.owner, s.staff)
    await refused(
      id,
      () => post(s.volunteer, `/api/wishes/${id}/release`, { reason: '不想做了' }),
      409,
      'WISH_NOT_CLAIMED',
    )
    const fulfilled = await fulfilledWish(h, s.owner, s.staff, s.volunteer2)
    await refused(
      fulfilled,
      () => post(s.volunteer2, `/api/wishes/${fulfilled}/release`, { reason: '不想做了' }),
      409,
      'WISH_NOT_CLAIMED',
    )
  })

  it.each([
    ['no reason', {}],
    ['a 1-character reason', { reason: '忙' }],
    ['a 201-character reason', { reason: '忙'.repeat(201) }],
  ])('refuses %s: 400', async (_name, body) => {
    const s = await wishScene(h)
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    await refused(id, () => post(s.volunteer, `/api/wishes/${id}/release`, body), 400, 'VALIDATION_FAILED')
  })
})

describe('POST /api/wishes/:id/fulfil', () => {
  it('takes 0.5 and 8 hours', async () => {
    const s = await wishScene(h)
    const a = await claimedWish(h, s.owner, s.staff, s.volunteer)
    const b = await claimedWish(h, s.owner, s.staff, s.volunteer)
    expect((await act(h, s.volunteer, a, 'fulfil', { note: '半小时搞定', hours: 0.5 })).hours).toBe(0.5)
    expect((await act(h, s.volunteer, b, 'fulfil', { note: '忙了一整天', hours: 8 })).hours).toBe(8)
    expect((await wishRow(h, a)).hours).toBe('0.5')
    expect((await wishRow(h, b)).hours).toBe('8.0')
  })

  it('a volunteer fulfilling a wish claimed by someone else: 403; the owner: 403', async () => {
    const s = await wishScene(h)
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    const body = { note: '我帮他做了', hours: 1 }
    await refused(id, () => post(s.volunteer2, `/api/wishes/${id}/fulfil`, body), 403, 'FORBIDDEN')
    await refused(id, () => post(s.owner, `/api/wishes/${id}/fulfil`, body), 403, 'FORBIDDEN')
  })

  it('a wish not claimed: 409 WISH_NOT_CLAIMED', async () => {
    const s = await wishScene(h)
    const id = await fulfilledWish(h, s.owner, s.staff, s.volunteer)
    await refused(
      id,
      () => post(s.volunteer, `/api/wishes/${id}/fulfil`, { note: '再报一次', hours: 3 }),
      409,
      'WISH_NOT_CLAIMED',
    )
  })

  it.each([
    ['hours 0.4', { note: '完成了', hours: 0.4 }],
    ['hours 8.5', { note: '完成了', hours: 8.5 }],
    ['hours 1.3', { note: '完成了', hours: 1.3 }],
    ['hours 0', { note: '完成了', hours: 0 }],
    ['hours as text', { note: '完成了', hours: '2' }],
    ['no hours', { note: '完成了' }],
    ['no note', { hours: 1 }],
    ['a 1-character note', { note: '好', hours: 1 }],
    ['a 301-character note', { note: '好'.repeat(301), hours: 1 }],
  ])('refuses %s: 400', async (_name, body) => {
    const s = await wishScene(h)
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    const reply = await refused(id, () => post(s.volunteer, `/api/wishes/${id}/fulfil`, body), 400, 'VALIDATION_FAILED')
    expect(reply.body.error.details.length).toBeGreaterThan(0)
  })

  it('checks the note’s words: 422', async () => {
    const s = await wishScene(h)
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    await refused(
      id,
      () => post(s.volunteer, `/api/wishes/${id}/fulfil`, { note: '顺便带了毒品', hours: 1 }),
      422,
      'CONTENT_REJECTED',
    )
  })
})

describe('POST /api/wishes/:id/confirm', () => {
  it('refuses the claimer, another resident and staff of another community: 403', async () => {
    const s = await wishScene(h)
    const id = await fulfilledWish(h, s.owner, s.staff, s.volunteer)
    for (const user of [s.volunteer, s.stranger, s.foreignStaff]) {
      await refused(id, () => post(user, `/api/wishes/${id}/confirm`, { rating: 5 }), 403, 'FORBIDDEN')
    }
  })

  it('a wish not fulfilled: 409 WISH_NOT_FULFILLED', async () => {
    const s = await wishScene(h)
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    await refused(id, () => post(s.owner, `/api/wishes/${id}/confirm`, { rating: 5 }), 409, 'WISH_NOT_FULFILLED')
    const completed = await fulfilledWish(h, s.owner, s.staff, s.volunteer2)
    await act(h, s.owner, completed, 'confirm', { rating: 5 })
    // Confirming twice credits nothing twice.
    await refused(
      completed,
      () => post(s.owner, `/api/wishes/${completed}/confirm`, { rating: 5 }),
      409,
      'WISH_NOT_FULFILLED',
    )
    expect(await h.db.query(sql`SELECT 1 FROM volunteer_hours WHERE wish_id = ${completed}`)).toHaveLength(1)
  })

  it.each([
    ['rating 0', { rating: 0 }],
    ['rating 6', { rating: 6 }],
    ['rating 3.5', { rating: 3.5 }],
    ['no rating', {}],
    ['201-character thanks', { rating: 5, thanks: '谢'.repeat(201) }],
  ])('refuses %s: 400', async (_name, body) => {
    const s = await wishScene(h)
    const id = await fulfilledWish(h, s.owner, s.staff, s.volunteer)
    await refused(id, () => post(s.owner, `/api/wishes/${id}/confirm`, body), 400, 'VALIDATION_FAILED')
  })

  it('checks the thanks’ words: 422', async () => {
    const s = await wishScene(h)
    const id = await fulfilledWish(h, s.owner, s.staff, s.volunteer)
    await refused(
      id,
      () => post(s.owner, `/api/wishes/${id}/confirm`, { rating: 5, thanks: '加我裸聊' }),
      422,
      'CONTENT_REJECTED',
    )
  })
})

describe('POST /api/wishes/:id/dispute', () => {
  it('the owner or staff of the community; not the claimer or a stranger (403)', async () => {
    const s = await wishScene(h)
    const id = await fulfilledWish(h, s.owner, s.staff, s.volunteer)
    for (const user of [s.volunteer, s.stranger, s.foreignStaff]) {
      await refused(id, () => post(user, `/api/wishes/${id}/dispute`, { reason: '没有完成' }), 403, 'FORBIDDEN')
    }
    expect((await act(h, s.staff, id, 'dispute', { reason: '老人说还没送到' })).status).toBe('claimed')
    expect((await wishRow(h, id)).status).toBe('claimed')
  })

  it('a wish not fulfilled: 409 WISH_NOT_FULFILLED', async () => {
    const s = await wishScene(h)
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    await refused(
      id,
      () => post(s.owner, `/api/wishes/${id}/dispute`, { reason: '没有完成' }),
      409,
      'WISH_NOT_FULFILLED',
    )
  })

  it.each([
    ['no reason', {}],
    ['a 1-character reason', { reason: '否' }],
  ])('refuses %s: 400', async (_name, body) => {
    const s = await wishScene(h)
    const id = await fulfilledWish(h, s.owner, s.staff, s.volunteer)
    await refused(id, () => post(s.owner, `/api/wishes/${id}/dispute`, body), 400, 'VALIDATION_FAILED')
  })
})

describe('POST /api/wishes/:id/cancel', () => {
  it('refuses a stranger, a volunteer and staff of another community: 403', async () => {
    const s = await wishScene(h)
    const id = await openWish(h, s.owner, s.staff)
    for (const user of [s.stranger, s.volunteer, s.foreignStaff]) {
      await refused(id, () => post(user, `/api/wishes/${id}/cancel`), 403, 'FORBIDDEN')
    }
    const claimed = await claimedWish(h, s.owner, s.staff, s.volunteer)
    await refused(claimed, () => post(s.volunteer, `/api/wishes/${claimed}/cancel`), 403, 'FORBIDDEN')
  })

  it('a wish fulfilled or ended: 409 WISH_NOT_CANCELLABLE, for the owner and for staff', async () => {
    const s = await wishScene(h)
    const fulfilled = await fulfilledWish(h, s.owner, s.staff, s.volunteer)
    await refused(fulfilled, () => post(s.staff, `/api/wishes/${fulfilled}/cancel`), 409, 'WISH_NOT_CANCELLABLE')
    await refused(fulfilled, () => post(s.owner, `/api/wishes/${fulfilled}/cancel`), 409, 'WISH_NOT_CANCELLABLE')
    await act(h, s.owner, fulfilled, 'confirm', { rating: 5 })
    await refused(fulfilled, () => post(s.owner, `/api/wishes/${fulfilled}/cancel`), 409, 'WISH_NOT_CANCELLABLE')
    const cancelled = await openWish(h, s.owner, s.staff)
    await act(h, s.owner, cancelled, 'cancel')
    await refused(cancelled, () => post(s.owner, `/api/wishes/${cancelled}/cancel`), 409, 'WISH_NOT_CANCELLABLE')
  })

  it.each([
    ['a 201-character reason', { reason: '理'.repeat(201) }],
    ['an unknown field', { other: 1 }],
  ])('refuses %s: 400', async (_name, body) => {
    const s = await wishScene(h)
    const id = await openWish(h, s.owner, s.staff)
    await refused(id, () => post(s.owner, `/api/wishes/${id}/cancel`, body), 400, 'VALIDATION_FAILED')
  })
})

describe('GET /api/wishes/:id/events', () => {
  it('the owner, the claimer and staff see the timeline; the owner reads the claimer by name', async () => {
    const s = await wishScene(h)
    await setNickname(h, s.volunteer.id, '王小明')
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    for (const user of [s.owner, s.volunteer, s.staff, s.admin]) {
      const reply = await get(user, `/api/wishes/${id}/events`)
      expect(reply.status).toBe(200)
      expect(reply.body.items.map((e: any) => e.type)).toEqual(['created', 'approved', 'claimed'])
    }
    expect((await get(s.owner, `/api/wishes/${id}/events`)).body.items[2]).toMatchObject({
      actorName: '王小明',
      actorRole: 'volunteer',
    })
    expect((await get(s.staff, `/api/wishes/${id}/events`)).body.items[2].actorName).toBe('王小明')
  })

  it('refuses a stranger, another volunteer and staff of another community: 403', async () => {
    const s = await wishScene(h)
    const id = await claimedWish(h, s.owner, s.staff, s.volunteer)
    for (const user of [s.stranger, s.volunteer2, s.foreignStaff, s.foreignVolunteer]) {
      expectError(await get(user, `/api/wishes/${id}/events`), 403, 'FORBIDDEN')
    }
  })
})

describe('GET /api/me/volunteer-hours', () => {
  it('is empty for someone with no hours', async () => {
    const s = await wishScene(h)
    const reply = await get(s.volunteer, '/api/me/volunteer-hours')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ totalHours: 0, items: [], nextCursor: null })
  })

  it('pages the records newest first, with the total of all of them', async () => {
    const s = await wishScene(h)
    const owner2 = await makeUser(h, 'resident', s.communityId)
    const done: string[] = []
    for (const [owner, hours] of [
      [s.owner, 1],
      [owner2, 2.5],
      [s.owner, 0.5],
    ] as const) {
      const id = await claimedWish(h, owner, s.staff, s.volunteer)
      await act(h, s.volunteer, id, 'fulfil', { note: '已完成', hours })
      await act(h, owner, id, 'confirm', { rating: 5 })
      done.push(id)
      h.clock.advance(1000)
    }
    const first = await get(s.volunteer, '/api/me/volunteer-hours?limit=2')
    expect(first.status).toBe(200)
    expect(first.body.totalHours).toBe(4)
    expect(first.body.items.map((r: any) => [r.wishId, r.hours])).toEqual([
      [done[2], 0.5],
      [done[1], 2.5],
    ])
    expect(first.body.nextCursor).toEqual(expect.any(String))
    const second = await get(s.volunteer, `/api/me/volunteer-hours?limit=2&cursor=${first.body.nextCursor}`)
    expect(second.body).toMatchObject({ totalHours: 4, nextCursor: null })
    expect(second.body.items.map((r: any) => r.wishId)).toEqual([done[0]])
    // Someone else's hours are not mine.
    expect((await get(s.volunteer2, '/api/me/volunteer-hours')).body.totalHours).toBe(0)
  })

  it.each([
    ['limit=0', 'limit=0'],
    ['limit=51', 'limit=51'],
    ['a cursor that is not base64 JSON', 'cursor=nonsense'],
    ['a cursor whose time is not a time', `cursor=${cursorOf(['not-a-time', A_UUID])}`],
  ])('refuses %s: 400', async (_name, query) => {
    const s = await wishScene(h)
    expectError(await get(s.volunteer, `/api/me/volunteer-hours?${query}`), 400, 'VALIDATION_FAILED')
  })
})
