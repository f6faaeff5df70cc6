import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCommunity, makeUser, type TestUser } from './support/fixtures'
import { call, startHarness, type Harness } from './support/harness'
import {
  act,
  claimedWish,
  DAY_MS,
  expectError,
  fulfilledWish,
  MINUTE_MS,
  openWish,
  postWish,
  TEN_YEARS_TTL,
} from './wishes/helpers'

const CRON_SECRET = 'notifications-cron-secret-0123'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: { CRON_SECRET, ...TEN_YEARS_TTL } })
})
afterAll(() => h.close())

/** Each action a minute after the one before, so that newest first is one order. */
const step = async <T>(action: Promise<T>): Promise<T> => {
  const result = await action
  h.clock.advance(MINUTE_MS)
  return result
}

async function cast(harness: Harness = h) {
  const communityId = await makeCommunity(harness)
  const [owner, staff, volunteer] = await Promise.all([
    makeUser(harness, 'resident', communityId),
    makeUser(harness, 'staff', communityId),
    makeUser(harness, 'volunteer', communityId),
  ])
  return { communityId, owner, staff, volunteer }
}

async function inbox(user: TestUser, query = '', harness: Harness = h) {
  const reply = await call(harness.app, 'GET', `/api/me/notifications${query}`, { token: user.token })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body as {
    items: { id: string; kind: string; title: string; body: string; entityId: string; read: boolean }[]
    nextCursor: string | null
    unreadCount: number
  }
}

const kindsOf = async (user: TestUser, harness: Harness = h) =>
  (await inbox(user, '', harness)).items.map((n) => [n.kind, n.entityId])

const markRead = (user: TestUser, body: unknown) =>
  call(h.app, 'POST', '/api/me/notifications/read', { token: user.token, body })

describe('what a wish tells the people it concerns', () => {
  it('tells the owner of the review, the claim and the fulfilment, and the volunteer of a dispute and the confirmation', async () => {
    const { owner, staff, volunteer } = await cast()
    const wish = await step(postWish(h, owner))
    const id = wish.id as string
    await step(act(h, staff, id, 'review', { approve: true }))
    await step(act(h, volunteer, id, 'claim'))
    await step(act(h, volunteer, id, 'fulfil', { note: '已经送到家了', hours: 2 }))
    expect(await kindsOf(owner)).toEqual([
      ['wish.fulfilled', id],
      ['wish.claimed', id],
      ['wish.approved', id],
    ])
    await step(act(h, owner, id, 'dispute', { reason: '东西还没收到' }))
    await step(act(h, volunteer, id, 'fulfil', { note: '今天送到了', hours: 1 }))
    await step(act(h, owner, id, 'confirm', { rating: 5 }))
    expect(await kindsOf(volunteer)).toEqual([
      ['wish.confirmed', id],
      ['wish.disputed', id],
    ])
    const [confirmed] = (await inbox(volunteer)).items
    expect(confirmed).toMatchObject({ title: '居民已确认完成', read: false })
    expect(confirmed!.body).toContain('志愿时长已记录')
    // Nobody is told of their own act; staff hear only of what waits for them: the review and the dispute.
    expect(await kindsOf(staff)).toEqual([
      ['staff.wish_disputed', id],
      ['staff.wish_review', id],
    ])
    expect((await inbox(owner)).unreadCount).toBe(4)
  })

  it('tells the owner why a wish was rejected', async () => {
    const { owner, staff } = await cast()
    const wish = await postWish(h, owner)
    await act(h, staff, wish.id, 'review', { approve: false, reason: '请写清楚需要帮什么' })
    const [rejected] = (await inbox(owner)).items
    expect(rejected).toMatchObject({ kind: 'wish.rejected', entityId: wish.id })
    expect(rejected!.body).toContain('请写清楚需要帮什么')
  })

  it('tells the owner of a release, and both the owner and the volunteer when staff cancel a claimed wish', async () => {
    const { owner, staff, volunteer } = await cast()
    const released = await step(claimedWish(h, owner, staff, volunteer))
    await step(act(h, volunteer, released, 'release', { reason: '临时要出差' }))
    expect((await kindsOf(owner))[0]).toEqual(['wish.released', released])

    const cancelled = await step(claimedWish(h, owner, staff, volunteer))
    await step(act(h, staff, cancelled, 'cancel', { reason: '居民已自行解决' }))
    expect((await kindsOf(owner))[0]).toEqual(['wish.cancelled', cancelled])
    expect(await kindsOf(volunteer)).toEqual([['wish.cancelled', cancelled]])
  })

  it('tells an owner who cancels their own wish nothing', async () => {
    const { owner, staff } = await cast()
    const id = await openWish(h, owner, staff)
    await act(h, owner, id, 'cancel', {})
    expect(await kindsOf(owner)).toEqual([['wish.approved', id]])
  })

  it('tells the owner and the volunteer when a claim times out (the cron job)', async () => {
    // The cron job touches every overdue wish in the shared database: this harness lives in a past of its own.
    // (It shares the database with h, which closes it.)
    const past = await startHarness({ db: h.db, env: { CRON_SECRET, ...TEN_YEARS_TTL } })
    past.clock.set(new Date(Date.UTC(1975, 0, 1) + Math.floor(Math.random() * 3000) * DAY_MS))
    const { owner, staff, volunteer } = await cast(past)
    const id = await claimedWish(past, owner, staff, volunteer)
    past.clock.advance(7 * DAY_MS + MINUTE_MS)
    const run = await call(past.app, 'GET', '/api/cron/expire', { headers: { authorization: `Bearer ${CRON_SECRET}` } })
    expect(run.status).toBe(200)
    expect((await kindsOf(owner, past))[0]).toEqual(['wish.timed_out', id])
    expect(await kindsOf(volunteer, past)).toEqual([['wish.timed_out', id]])
  })
})

describe('what a volunteer application tells the applicant', () => {
  it('tells of an approval and of a rejection with its reason', async () => {
    const { communityId, staff } = await cast()
    const [accepted, refused] = [await makeUser(h, 'resident', communityId), await makeUser(h, 'resident', communityId)]
    for (const user of [accepted, refused]) {
      const applied = await call(h.app, 'POST', '/api/me/volunteer', {
        token: user.token,
        body: { realName: '申请人', phone: '13512345678' },
      })
      expect(applied.status).toBe(201)
    }
    expect(await kindsOf(accepted)).toEqual([])
    const approve = await call(h.app, 'POST', `/api/volunteers/${accepted.id}/approve`, { token: staff.token })
    expect(approve.status).toBe(200)
    const reject = await call(h.app, 'POST', `/api/volunteers/${refused.id}/reject`, {
      token: staff.token,
      body: { reason: '请先完成社区登记' },
    })
    expect(reject.status).toBe(200)
    expect(await kindsOf(accepted)).toEqual([['volunteer.active', accepted.id]])
    const [no] = (await inbox(refused)).items
    expect(no).toMatchObject({ kind: 'volunteer.rejected', title: '志愿者申请未通过' })
    expect(no!.body).toContain('请先完成社区登记')
  })
})

describe('GET /api/me/notifications and POST /api/me/notifications/read', () => {
  /** An owner with five messages: approved, claimed, fulfilled, of two wishes and a third approved. */
  async function ownerWithMessages() {
    const { owner, staff, volunteer } = await cast()
    await step(fulfilledWish(h, owner, staff, volunteer))
    await step(openWish(h, owner, staff))
    await step(openWish(h, owner, staff))
    return owner
  }

  it('pages newest first, with the unread count on every page', async () => {
    const owner = await ownerWithMessages()
    const first = await inbox(owner, '?limit=2')
    expect(first.items).toHaveLength(2)
    expect(first.unreadCount).toBe(5)
    const second = await inbox(owner, `?limit=2&cursor=${first.nextCursor}`)
    const third = await inbox(owner, `?limit=2&cursor=${second.nextCursor}`)
    expect(third.nextCursor).toBeNull()
    const all = [...first.items, ...second.items, ...third.items]
    expect(all.map((n) => n.id)).toEqual((await inbox(owner)).items.map((n) => n.id))
    expect(new Set(all.map((n) => n.id)).size).toBe(5)
  })

  it('marks the messages given as read, then all; unread=true lists only unread ones', async () => {
    const owner = await ownerWithMessages()
    const { items } = await inbox(owner)
    const marked = await markRead(owner, { ids: [items[0]!.id, items[1]!.id] })
    expect(marked.status).toBe(200)
    expect(marked.body).toEqual({ unreadCount: 3 })
    const unread = await inbox(owner, '?unread=true')
    expect(unread.items.map((n) => n.id)).toEqual(items.slice(2).map((n) => n.id))
    expect((await inbox(owner)).items.map((n) => n.read)).toEqual([true, true, false, false, false])
    // Marking again changes nothing.
    expect((await markRead(owner, { ids: [items[0]!.id] })).body).toEqual({ unreadCount: 3 })
    expect((await markRead(owner, { all: true })).body).toEqual({ unreadCount: 0 })
    expect((await inbox(owner, '?unread=true')).items).toEqual([])
  })

  it('never shows or marks another user’s messages', async () => {
    const owner = await ownerWithMessages()
    const stranger = await makeUser(h, 'resident', await makeCommunity(h))
    expect(await inbox(stranger)).toEqual({ items: [], nextCursor: null, unreadCount: 0 })
    const { items } = await inbox(owner)
    expect((await markRead(stranger, { ids: items.map((n) => n.id) })).body).toEqual({ unreadCount: 0 })
    expect((await markRead(stranger, { all: true })).status).toBe(200)
    expect((await inbox(owner)).unreadCount).toBe(5)
  })

  it('is 401 without a session', async () => {
    expectError(await call(h.app, 'GET', '/api/me/notifications'), 401, 'UNAUTHENTICATED')
    expectError(
      await call(h.app, 'POST', '/api/me/notifications/read', { body: { all: true } }),
      401,
      'UNAUTHENTICATED',
    )
  })

  it.each([
    ['an empty list of ids', { ids: [] }],
    ['an id that is not a uuid', { ids: ['1'] }],
    ['all: false', { all: false }],
    ['ids and all together', { ids: ['7d4c8b2e-0c8e-4f5a-9a55-1d2b3c4d5e6f'], all: true }],
    ['nothing', {}],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, body) => {
    const owner = await ownerWithMessages()
    expectError(await markRead(owner, body), 400, 'VALIDATION_FAILED')
    expect((await inbox(owner)).unreadCount).toBe(5)
  })

  it.each([
    ['a limit of 0', '?limit=0'],
    ['a limit over 50', '?limit=51'],
    ['a cursor that is not one', '?cursor=abc'],
    ['unread=yes', '?unread=yes'],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, query) => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    expectError(
      await call(h.app, 'GET', `/api/me/notifications${query}`, { token: user.token }),
      400,
      'VALIDATION_FAILED',
    )
  })
})
