import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../src/server/db/sql'
import { makeResidents, race, tally } from './support/contention'
import { makeCommunity, makeStreet, makeUser, type TestUser, makeMember } from './support/fixtures'
import { call, startHarness, type Harness } from './support/harness'
import { approval, ok, START, topicBody } from './topics/helpers'
import { act, fulfilledWish, MINUTE_MS, postWish, TEN_YEARS_TTL, wishBody } from './wishes/helpers'

/**
 * Issue #18: staff were never told about work (their inbox said 还没有消息 while a wish, a topic, an application and
 * reports waited). Whatever enters their queue now reaches every staff member of its community, in the statement that
 * makes it, once.
 */

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
  h.clock.set(START)
})
afterAll(() => h.close())

/** A community with two staff members, a resident and a volunteer; another community's staff; the admin. */
async function scene() {
  const communityId = await makeCommunity(h)
  const otherCommunityId = await makeCommunity(h)
  const [staff, staff2, resident, volunteer, foreignStaff, admin] = await Promise.all([
    makeUser(h, 'staff', communityId, '陈主任'),
    makeUser(h, 'staff', communityId, '刘干事'),
    makeUser(h, 'resident', communityId, '李奶奶'),
    makeUser(h, 'volunteer', communityId, '张志强'),
    makeUser(h, 'staff', otherCommunityId),
    makeUser(h, 'admin', null),
  ])
  return { communityId, staff, staff2, resident, volunteer, foreignStaff, admin }
}

interface Message {
  kind: string
  title: string
  body: string
  entityType: string
  entityId: string
}

/** The staff messages in a user's inbox, as GET /api/me/notifications answers them, oldest first. */
async function alertsOf(user: TestUser): Promise<Message[]> {
  const reply = await call(h.app, 'GET', '/api/me/notifications?limit=50', { token: user.token })
  expect(reply.status).toBe(200)
  return (reply.body.items as Message[]).filter((n) => n.kind.startsWith('staff.')).reverse()
}

/** A topic a staff member opens at once, with its ballot: it waits for nobody. */
async function openedByStaff(staff: TestUser, communityId: string) {
  const { approve: _, ...opening } = approval(h.clock.now())
  const topic = await ok(h, 'POST', '/api/topics', staff, { ...topicBody(communityId), opening }, 201)
  expect(topic.status).toBe('open')
  return topic
}

const pick = ({ kind, entityType, entityId }: Message) => ({ kind, entityType, entityId })

describe('staff are told when work arrives', () => {
  it('a wish to review reaches every staff member of its community, and nobody else', async () => {
    const s = await scene()
    const wish = await postWish(h, s.resident, { title: '帮忙取快递' })
    for (const staff of [s.staff, s.staff2]) {
      const [alert, ...more] = await alertsOf(staff)
      expect(more).toEqual([])
      expect(pick(alert!)).toEqual({ kind: 'staff.wish_review', entityType: 'wish_review', entityId: wish.id })
      expect(alert!.title).toBe('有心愿等待审核')
      expect(alert!.body).toContain('「帮忙取快递」')
    }
    for (const other of [s.foreignStaff, s.admin, s.resident, s.volunteer]) expect(await alertsOf(other)).toEqual([])
  })

  it('a topic proposal, a volunteer application and a dispute each reach the staff, with where to deal with it', async () => {
    const s = await scene()
    // A minute apart, so that the inbox's newest-first order is one order.
    const topic = await ok(h, 'POST', '/api/topics', s.resident, topicBody(s.communityId), 201)
    h.clock.advance(MINUTE_MS)
    const applicant = await makeUser(h, 'resident', s.communityId)
    await ok(h, 'POST', '/api/me/volunteer', applicant, { realName: '王建国', phone: '13512345678' }, 201)
    h.clock.advance(MINUTE_MS)
    const wishId = await fulfilledWish(h, s.resident, s.staff, s.volunteer)
    h.clock.advance(MINUTE_MS)
    await act(h, s.resident, wishId, 'dispute', { reason: '快递还没有送到' })

    const alerts = await alertsOf(s.staff2)
    expect(alerts.map(pick)).toEqual([
      { kind: 'staff.topic_review', entityType: 'topic_review', entityId: topic.id },
      { kind: 'staff.volunteer_application', entityType: 'volunteer_application', entityId: applicant.id },
      { kind: 'staff.wish_review', entityType: 'wish_review', entityId: wishId },
      { kind: 'staff.wish_disputed', entityType: 'wish', entityId: wishId },
    ])
    expect(alerts[1]!.body).toBe('王建国申请成为志愿者，请核实后审核。')
    expect(alerts[3]!.body).toContain('快递还没有送到')
    expect(await alertsOf(s.foreignStaff)).toEqual([])
  })

  it('a reported comment reaches the staff with its first report, and again when reports hide it', async () => {
    const s = await scene()
    const topic = await openedByStaff(s.staff, s.communityId)
    const comment = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.resident, { body: '这个方案不行' }, 201)
    const reporters = await makeResidents(h, s.communityId, 3)
    await ok(h, 'POST', `/api/comments/${comment.id}/reports`, reporters[0]!, { reason: '人身攻击' }, 201)
    expect((await alertsOf(s.staff)).map(pick)).toEqual([
      { kind: 'staff.reported_comment', entityType: 'reported_comment', entityId: comment.id },
    ])
    h.clock.advance(MINUTE_MS)
    for (const r of reporters.slice(1)) {
      await ok(h, 'POST', `/api/comments/${comment.id}/reports`, r, { reason: '人身攻击' }, 201)
    }
    expect((await alertsOf(s.staff)).map((a) => a.kind)).toEqual(['staff.reported_comment', 'staff.comment_hidden'])
  })

  it('does not tell staff of their own act, nor of what does not wait for them', async () => {
    const s = await scene()
    // Staff's own topic opens at once; staff's own wish waits for the other staff member only.
    await openedByStaff(s.staff, s.communityId)
    // A staff member who lives here too: a verified member, so they may post a wish of their own (issue #19).
    await makeMember(h, s.staff.id, s.communityId)
    const wish = await postWish(h, s.staff)
    expect(await alertsOf(s.staff)).toEqual([])
    expect((await alertsOf(s.staff2)).map(pick)).toEqual([
      { kind: 'staff.wish_review', entityType: 'wish_review', entityId: wish.id },
    ])
    // Deciding on it tells no staff member anything more.
    await act(h, s.staff2, wish.id, 'review', { approve: true })
    expect(await alertsOf(s.staff2)).toHaveLength(1)
  })

  it('writes nothing for a refused request: the message and the event are one statement', async () => {
    const s = await scene()
    const words = await call(h.app, 'POST', '/api/wishes', {
      token: s.resident.token,
      body: wishBody({ title: '赌博' }),
    })
    expect(words.status).toBe(422)
    const foreign = await call(h.app, 'POST', '/api/topics', {
      token: s.resident.token,
      body: topicBody(await makeCommunity(h)),
    })
    expect(foreign.status).toBe(403)
    expect(await alertsOf(s.staff)).toEqual([])
  })

  it('tells a staff member once however many requests race: reports at once, and one wish retried with its key', async () => {
    const s = await scene()
    const topic = await openedByStaff(s.staff, s.communityId)
    const comment = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.resident, { body: '我反对' }, 201)
    const reporters = await makeResidents(h, s.communityId, 60)
    const replies = await race(
      h,
      'staff alerts: 60 reports of one comment',
      reporters.map(
        (r) => () =>
          call(h.app, 'POST', `/api/comments/${comment.id}/reports`, { token: r.token, body: { reason: '广告' } }),
      ),
    )
    expect(tally(replies)).toEqual({ '201': 60 })

    const owner = await makeUser(h, 'resident', s.communityId)
    const key = 'staff-alert-wish-retry'
    const posts = await race(
      h,
      'staff alerts: 40 retries of one wish',
      Array.from(
        { length: 40 },
        () => () =>
          call(h.app, 'POST', '/api/wishes', {
            token: owner.token,
            body: wishBody(),
            headers: { 'Idempotency-Key': key },
          }),
      ),
    )
    const wishIds = new Set(posts.filter((p) => p.status === 201).map((p) => p.body.id))
    expect(wishIds.size).toBe(1)

    // The staff member who opened the topic is told too: the reports were not theirs.
    for (const staff of [s.staff, s.staff2]) {
      const rows = await h.db.query<{ kind: string; n: number }>(
        sql`SELECT kind, count(*)::int AS n FROM notifications WHERE user_id = ${staff.id} AND kind LIKE 'staff.%'
         GROUP BY kind ORDER BY kind`,
      )
      expect(rows).toEqual([
        { kind: 'staff.comment_hidden', n: 1 },
        { kind: 'staff.reported_comment', n: 1 },
        { kind: 'staff.wish_review', n: 1 },
      ])
    }
  })

  it("reaches the street's staff too (migration 0026), once for someone who is both, never another street's", async () => {
    const [street, otherStreet] = await Promise.all([makeStreet(h), makeStreet(h)])
    const [communityId, neighbourCommunityId] = await Promise.all([
      makeCommunity(h, street),
      makeCommunity(h, street),
      makeCommunity(h, otherStreet),
    ])
    const [streetStaff, both, otherStreetStaff, staff, resident] = await Promise.all([
      makeUser(h, 'staff', null, '街道王科长'),
      makeUser(h, 'staff', communityId, '兼任的刘书记'),
      makeUser(h, 'staff', null),
      makeUser(h, 'staff', communityId, '陈主任'),
      makeUser(h, 'resident', communityId, '李奶奶'),
    ])
    await h.db.query(
      sql`INSERT INTO street_staff (user_id, street_id)
       VALUES (${streetStaff.id}, ${street}), (${both.id}, ${street}), (${otherStreetStaff.id}, ${otherStreet})`,
    )
    const wish = await postWish(h, resident, { title: '帮忙修水管' })
    for (const told of [streetStaff, both, staff]) {
      const alerts = await alertsOf(told)
      expect(alerts.map(pick)).toEqual([{ kind: 'staff.wish_review', entityType: 'wish_review', entityId: wish.id }])
    }
    expect(await alertsOf(otherStreetStaff)).toEqual([])

    // A street staff member who does the thing is not told of it, as a community's staff are not.
    await h.db.query(
      sql`SELECT notify_staff(${neighbourCommunityId}::uuid, 'wish_review', '标题', '正文', 'wish_review', 'x',
                              now(), ${streetStaff.id}::uuid)`,
    )
    expect(await alertsOf(streetStaff)).toHaveLength(1)
    expect(await alertsOf(both)).toHaveLength(2)
  })

  it('refuses a second copy of one alert, whatever writes it', async () => {
    const s = await scene()
    const wish = await postWish(h, s.resident)
    await h.db.query(
      sql`SELECT notify_staff(${s.communityId}::uuid, 'wish_review', '标题', '正文', 'wish_review', ${wish.id}::text,
                              w.created_at, NULL) FROM wishes w WHERE w.id = ${wish.id}`,
    )
    expect(await alertsOf(s.staff)).toHaveLength(1)
  })
})
