import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { QUEUE_KINDS, type QueueItemDto, type QueueKind, type QueuePageDto } from '../../../src/shared/workbench'
import { makeCommunity, makeUser, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness, type Reply } from '../support/harness'
import { approval, ok, START, topicBody } from '../topics/helpers'
import { DAY_MS, expectError, MINUTE_MS, TEN_YEARS_TTL, wishBody } from '../wishes/helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

const A_UUID = '00000000-0000-4000-8000-000000000000'
const LONG_COMMENT = '东门空地最好改成充电区，大家的电动车都没地方充电，晚上楼道里还总有人飞线充电，太危险了'

const get = (user: TestUser | null, path: string) => call<QueuePageDto>(h.app, 'GET', path, { token: user?.token })
const tick = () => h.clock.advance(MINUTE_MS)
const now = () => h.clock.now().toISOString()

async function communityName(id: string) {
  const [row] = await h.db.query<{ name: string }>(sql`SELECT name FROM communities WHERE id = ${id}`)
  return row!.name
}

const zeroCounts = () => Object.fromEntries(QUEUE_KINDS.map((k) => [k, 0])) as Record<QueueKind, number>
const countsOf = (items: QueueItemDto[]) => {
  const counts = zeroCounts()
  for (const item of items) counts[item.kind]++
  return counts
}

/** Every page of a queue URL (with `?`), checking that each page carries the same counts. */
async function allPages(user: TestUser, path: string, limit: number) {
  const items: QueueItemDto[] = []
  let cursor: string | null = null
  let counts: Record<QueueKind, number> | undefined
  for (let pages = 0; pages < 1000; pages++) {
    const reply: Reply<QueuePageDto> = await get(
      user,
      `${path}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    )
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    expect(reply.body.items.length).toBeLessThanOrEqual(limit)
    counts ??= reply.body.counts
    expect(reply.body.counts).toEqual(counts)
    items.push(...reply.body.items)
    cursor = reply.body.nextCursor
    if (!cursor) return { items, counts }
    expect(reply.body.items).toHaveLength(limit)
  }
  throw new Error('too many pages')
}

/**
 * Two communities, A and B, with one of everything waiting in A (each a minute after the one before) and a wish
 * waiting in B. The clock ends a few minutes past the moment A's fulfilled wish has waited three days.
 */
async function queueScene() {
  h.clock.set(START)
  const a = await makeCommunity(h)
  const b = await makeCommunity(h)
  const [staff, foreignStaff, bothStaff, admin, volunteer] = await Promise.all([
    makeUser(h, 'staff', a, '陈主任'),
    makeUser(h, 'staff', b, '林主任'),
    makeUser(h, 'staff', a, '双社区干事'),
    makeUser(h, 'admin', null),
    makeUser(h, 'volunteer', a, '张志强'),
  ])
  await h.db.query(sql`INSERT INTO staff_assignments (user_id, community_id) VALUES (${bothStaff.id}, ${b})`)
  const [owner, poster, proposer, commenter, applicant, residentB, ...reporters] = await Promise.all([
    makeUser(h, 'resident', a, '李奶奶'),
    makeUser(h, 'resident', a, '王小明'),
    makeUser(h, 'resident', a, '周阿姨'),
    makeUser(h, 'resident', a, '赵大爷'),
    makeUser(h, 'resident', a, '钱申请'),
    makeUser(h, 'resident', b, '孙居民'),
    makeUser(h, 'resident', a),
    makeUser(h, 'resident', a),
    makeUser(h, 'resident', a),
  ])
  const [nameA, nameB] = [await communityName(a), await communityName(b)]
  const item = (
    kind: QueueKind,
    id: string,
    title: string,
    since: string,
    communityId = a,
    topicId: string | null = null,
  ): QueueItemDto => ({
    kind,
    id,
    communityId,
    communityName: communityId === a ? nameA : nameB,
    title,
    since,
    topicId,
  })

  // A wish fulfilled now: it waits for staff three days from now.
  const fulfilled = await ok(h, 'POST', '/api/wishes', owner, wishBody({ title: '帮忙修水龙头' }), 201)
  await ok(h, 'POST', `/api/wishes/${fulfilled.id}/review`, staff, { approve: true })
  await ok(h, 'POST', `/api/wishes/${fulfilled.id}/claim`, volunteer)
  tick()
  await ok(h, 'POST', `/api/wishes/${fulfilled.id}/fulfil`, volunteer, { note: '已经修好了', hours: 1 })
  const fulfilledAt = now()
  // A wish staff already decided: never in the queue.
  const rejected = await ok(h, 'POST', '/api/wishes', proposer, wishBody({ title: '帮忙买烟' }), 201)
  await ok(h, 'POST', `/api/wishes/${rejected.id}/review`, staff, { approve: false, reason: '不符合心愿要求' })
  h.clock.set(new Date(Date.parse(fulfilledAt) + 3 * DAY_MS))

  tick()
  const wishA = await ok(h, 'POST', '/api/wishes', poster, wishBody({ title: '想找人陪老人聊天' }), 201)
  const wishAAt = now()
  tick()
  const topic = await ok(h, 'POST', '/api/topics', proposer, topicBody(a, { title: '楼下能否加装路灯' }), 201)
  const topicAt = now()
  tick()
  const open = await ok(h, 'POST', '/api/topics', proposer, topicBody(a), 201)
  await ok(h, 'POST', `/api/topics/${open.id}/review`, staff, approval(h.clock.now()))
  const comment = await ok(h, 'POST', `/api/topics/${open.id}/comments`, commenter, { body: LONG_COMMENT }, 201)
  tick()
  const firstReportAt = now()
  for (const reporter of reporters) {
    await ok(h, 'POST', `/api/comments/${comment.id}/reports`, reporter, { reason: '内容不实' }, 201)
    tick()
  }
  tick()
  await ok(h, 'POST', '/api/me/volunteer', applicant, { realName: '钱多多', phone: '13512345678' }, 201)
  const appliedAt = now()
  tick()
  const wishB = await ok(h, 'POST', '/api/wishes', residentB, wishBody({ title: '帮忙搬个柜子' }), 201)
  const wishBAt = now()
  tick()
  const wishA2 = await ok(h, 'POST', '/api/wishes', poster, wishBody({ title: '帮忙交水电费' }), 201)
  const wishA2At = now()
  tick()

  const itemsA = [
    item('wish_unconfirmed', fulfilled.id, '帮忙修水龙头', fulfilledAt),
    item('wish_review', wishA.id, '想找人陪老人聊天', wishAAt),
    item('topic_review', topic.id, '楼下能否加装路灯', topicAt),
    item(
      'reported_comment',
      comment.id,
      `${Array.from(LONG_COMMENT).slice(0, 30).join('')}…`,
      firstReportAt,
      a,
      open.id,
    ),
    item('volunteer_application', applicant.id, '钱申请', appliedAt),
    item('wish_review', wishA2.id, '帮忙交水电费', wishA2At),
  ]
  const itemB = item('wish_review', wishB.id, '帮忙搬个柜子', wishBAt, b)
  return {
    a,
    b,
    staff,
    foreignStaff,
    bothStaff,
    admin,
    volunteer,
    owner,
    poster,
    proposer,
    commenter,
    applicant,
    residentB,
    reporters,
    ids: { fulfilled: fulfilled.id, wishA: wishA.id, topic: topic.id, comment: comment.id, wishA2: wishA2.id },
    itemsA,
    itemB,
  }
}

type Scene = Awaited<ReturnType<typeof queueScene>>

describe('GET /api/staff/queue', () => {
  let s: Scene
  beforeAll(async () => {
    s = await queueScene()
  })

  it("lists everything waiting in the staff member's community, oldest first, with counts per kind", async () => {
    const reply = await get(s.staff, '/api/staff/queue')
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    expect(reply.body).toEqual({
      items: s.itemsA,
      nextCursor: null,
      counts: {
        wish_review: 2,
        topic_review: 1,
        reported_comment: 1,
        volunteer_application: 1,
        membership_application: 0,
        wish_unconfirmed: 1,
        problem_unassigned: 0,
        problem_escalated: 0,
      },
      total: 6,
    })
  })

  it('pages without repeats or gaps, whatever the page size, with the same counts on every page', async () => {
    for (const limit of [1, 2, 4, 5, 6, 50]) {
      const { items, counts } = await allPages(s.staff, '/api/staff/queue?', limit)
      expect(items, `limit ${limit}`).toEqual(s.itemsA)
      expect(counts).toEqual(countsOf(s.itemsA))
    }
    const first = await get(s.staff, '/api/staff/queue?limit=2')
    expect(first.body.items).toEqual(s.itemsA.slice(0, 2))
    expect(first.body.nextCursor).toEqual(expect.any(String))
    expect(first.body.total).toBe(6)
  })

  it('filters by kind: only that kind, oldest first, paged, while the counts stay those of the whole queue', async () => {
    for (const kind of QUEUE_KINDS) {
      const { items, counts } = await allPages(s.staff, `/api/staff/queue?kind=${kind}`, 1)
      expect(items, kind).toEqual(s.itemsA.filter((i) => i.kind === kind))
      expect(counts).toEqual(countsOf(s.itemsA))
    }
    const reviews = await get(s.staff, '/api/staff/queue?kind=wish_review&limit=1')
    expect(reviews.body.items).toEqual([s.itemsA[1]])
    expect(reviews.body.total).toBe(6)
    const next = await get(s.staff, `/api/staff/queue?kind=wish_review&limit=1&cursor=${reviews.body.nextCursor}`)
    expect(next.body).toMatchObject({ items: [s.itemsA[5]], nextCursor: null, total: 6 })
  })

  it('staff of several communities see them all, or the one they ask for', async () => {
    const merged = [...s.itemsA.slice(0, 5), s.itemB, s.itemsA[5]!]
    expect((await allPages(s.bothStaff, '/api/staff/queue?', 2)).items).toEqual(merged)
    const all = await get(s.bothStaff, '/api/staff/queue')
    expect(all.body).toMatchObject({ total: 7, counts: { ...countsOf(s.itemsA), wish_review: 3 } })

    const onlyB = await get(s.bothStaff, `/api/staff/queue?communityId=${s.b}`)
    expect(onlyB.body).toEqual({
      items: [s.itemB],
      nextCursor: null,
      counts: { ...zeroCounts(), wish_review: 1 },
      total: 1,
    })
    const onlyA = await get(s.bothStaff, `/api/staff/queue?communityId=${s.a}&kind=topic_review`)
    expect(onlyA.body).toMatchObject({ items: [s.itemsA[2]], total: 6 })
  })

  it('staff of another community see only their own', async () => {
    const reply = await get(s.foreignStaff, '/api/staff/queue')
    expect(reply.body).toEqual({ items: [s.itemB], nextCursor: null, counts: countsOf([s.itemB]), total: 1 })
  })

  it('the admin sees one community when asked, and every community otherwise', async () => {
    const a = await get(s.admin, `/api/staff/queue?communityId=${s.a}`)
    expect(a.body).toEqual({ items: s.itemsA, nextCursor: null, counts: countsOf(s.itemsA), total: 6 })

    // Other files' queues are in the admin's too (on a shared database): ours are there, in order, and the
    // whole queue pages in order without repeats.
    const { items, counts } = await allPages(s.admin, '/api/staff/queue?', 50)
    const ours = new Set([...s.itemsA, s.itemB].map((i) => i.id))
    expect(items.filter((i) => ours.has(i.id))).toEqual([...s.itemsA.slice(0, 5), s.itemB, s.itemsA[5]])
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length)
    const keys = items.map((i) => [i.since, i.id].join(' '))
    expect(keys).toEqual([...keys].sort())
    for (const kind of QUEUE_KINDS) expect(counts[kind]).toBeGreaterThanOrEqual(countsOf(s.itemsA)[kind])

    const nowhere = await get(s.admin, `/api/staff/queue?communityId=${A_UUID}`)
    expect(nowhere.body).toEqual({ items: [], nextCursor: null, counts: zeroCounts(), total: 0 })
  })

  it('answers 403 for a community the staff member does not serve, and to residents and volunteers; 401 without login', async () => {
    expectError(await get(s.staff, `/api/staff/queue?communityId=${s.b}`), 403, 'FORBIDDEN')
    expectError(await get(s.foreignStaff, `/api/staff/queue?communityId=${s.a}`), 403, 'FORBIDDEN')
    expectError(await get(s.staff, `/api/staff/queue?communityId=${A_UUID}`), 403, 'FORBIDDEN')
    expectError(await get(s.owner, '/api/staff/queue'), 403, 'FORBIDDEN')
    expectError(await get(s.volunteer, `/api/staff/queue?communityId=${s.a}`), 403, 'FORBIDDEN')
    expectError(await get(null, '/api/staff/queue'), 401, 'UNAUTHENTICATED')
  })

  it('answers 400 to a bad kind, cursor, limit or community', async () => {
    const badShape = Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url')
    for (const query of [
      'kind=bogus',
      'kind=',
      'cursor=not-a-cursor',
      `cursor=${badShape}`,
      'limit=0',
      'limit=51',
      'limit=two',
      'communityId=not-a-uuid',
    ]) {
      expectError(await get(s.staff, `/api/staff/queue?${query}`), 400, 'VALIDATION_FAILED')
    }
  })
})

describe('an item leaves the queue', () => {
  it('once staff decide it, or its owner confirms or cancels', async () => {
    const s = await queueScene()
    const expectQueue = async (items: QueueItemDto[]) => {
      const reply = await get(s.staff, '/api/staff/queue')
      expect(reply.body).toEqual({ items, nextCursor: null, counts: countsOf(items), total: items.length })
    }
    const [unconfirmed, review, topic, comment, application, review2] = s.itemsA as [QueueItemDto, ...QueueItemDto[]]
    await ok(h, 'POST', `/api/wishes/${s.ids.wishA}/review`, s.staff, { approve: true })
    await expectQueue([unconfirmed, topic!, comment!, application!, review2!])
    await ok(h, 'POST', `/api/topics/${s.ids.topic}/review`, s.staff, { approve: false, reason: '与社区事务无关' })
    await expectQueue([unconfirmed, comment!, application!, review2!])
    await ok(h, 'POST', `/api/comments/${s.ids.comment}/hide`, s.staff, { reason: '内容不实' })
    await expectQueue([unconfirmed, application!, review2!])
    await ok(h, 'POST', `/api/volunteers/${s.applicant.id}/approve`, s.staff)
    await expectQueue([unconfirmed, review2!])
    await ok(h, 'POST', `/api/wishes/${s.ids.fulfilled}/confirm`, s.owner, { rating: 5 })
    await expectQueue([review2!])
    await ok(h, 'POST', `/api/wishes/${s.ids.wishA2}/cancel`, s.poster, {})
    await expectQueue([])
    expect(review).toBeDefined()
    // B's is still there for its own staff.
    expect((await get(s.foreignStaff, '/api/staff/queue')).body.items).toEqual([s.itemB])
  })

  it('a comment reported once waits from that report; staff keeping it shown decide it', async () => {
    h.clock.set(START)
    const a = await makeCommunity(h)
    const [staff, proposer, commenter, reporter] = await Promise.all([
      makeUser(h, 'staff', a),
      makeUser(h, 'resident', a),
      makeUser(h, 'resident', a),
      makeUser(h, 'resident', a),
    ])
    const topic = await ok(h, 'POST', '/api/topics', proposer, topicBody(a), 201)
    await ok(h, 'POST', `/api/topics/${topic.id}/review`, staff, approval(h.clock.now()))
    const comment = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, commenter, { body: '说得对' }, 201)
    tick()
    await ok(h, 'POST', `/api/comments/${comment.id}/reports`, reporter, { reason: '广告' }, 201)
    const reportedAt = now()
    const reply = await get(staff, '/api/staff/queue')
    expect(reply.body.items).toEqual([
      {
        kind: 'reported_comment',
        id: comment.id,
        communityId: a,
        communityName: await communityName(a),
        title: '说得对',
        since: reportedAt,
        topicId: topic.id,
      },
    ])
    await ok(h, 'POST', `/api/comments/${comment.id}/restore`, staff, { reason: '没有问题' })
    expect((await get(staff, '/api/staff/queue')).body).toMatchObject({ items: [], total: 0 })
  })
})

describe('a fulfilled wish the owner has not confirmed', () => {
  it('joins the queue three days after the fulfilment, not a moment before, dated from the fulfilment', async () => {
    h.clock.set(START)
    const a = await makeCommunity(h)
    const [staff, owner, volunteer] = await Promise.all([
      makeUser(h, 'staff', a),
      makeUser(h, 'resident', a),
      makeUser(h, 'volunteer', a),
    ])
    const wish = await ok(h, 'POST', '/api/wishes', owner, wishBody(), 201)
    await ok(h, 'POST', `/api/wishes/${wish.id}/review`, staff, { approve: true })
    await ok(h, 'POST', `/api/wishes/${wish.id}/claim`, volunteer)
    await ok(h, 'POST', `/api/wishes/${wish.id}/fulfil`, volunteer, { note: '送到了', hours: 2 })
    const fulfilledAt = h.clock.now()

    h.clock.set(new Date(fulfilledAt.getTime() + 3 * DAY_MS - 1))
    expect((await get(staff, '/api/staff/queue')).body).toMatchObject({ items: [], total: 0 })
    h.clock.set(new Date(fulfilledAt.getTime() + 3 * DAY_MS))
    expect((await get(staff, '/api/staff/queue')).body).toMatchObject({
      items: [{ kind: 'wish_unconfirmed', id: wish.id, since: fulfilledAt.toISOString(), topicId: null }],
      counts: { wish_unconfirmed: 1 },
      total: 1,
    })
    // The owner disputes: it is the volunteer's again, no longer waiting for the owner.
    await ok(h, 'POST', `/api/wishes/${wish.id}/dispute`, owner, { reason: '水龙头还是漏水' })
    expect((await get(staff, '/api/staff/queue')).body).toMatchObject({ items: [], total: 0 })
  })
})
