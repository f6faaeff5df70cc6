import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../src/server/db/sql'
import type { NotifyConfig } from '../../src/server/config'
import { silentLogger } from '../../src/server/lib/logger'
import { createNotifySender, FIRST_RETRY_SECONDS, MAX_ATTEMPTS } from '../../src/server/lib/notify-sender'
import { startFakeWechat } from './support/fake-wechat'
import { makeCommunity, makeUser, type TestUser } from './support/fixtures'
import { call, startHarness, type Harness } from './support/harness'
import { at, bookSlot, EVERY_MORNING, ok, serviceBody, slotAt, stationBody } from './stations/helpers'
import { act, DAY_MS, MINUTE_MS, postWish } from './wishes/helpers'

/**
 * The outbox and its sender, against a fake WeChat. The database may be shared with other files that write
 * notifications and run the cron jobs: the sender here runs on this file's users only, and the counts are theirs.
 */

const WECHAT = { appId: 'wx-notify-app', secret: 'wx-notify-secret' }
const CRON_SECRET = 'notify-cron-secret-0123456789'
const NOTIFY: NotifyConfig = {
  templates: {
    'wish.approved': { id: 'tmpl-wish-approved', fields: { thing1: 'title', thing2: 'body', time3: 'time' } },
    'test.message': { id: 'tmpl-test', fields: { thing1: 'title', time2: 'time' } },
    'booking.reminder': { id: 'tmpl-reminder', fields: { thing4: 'body', time2: 'time' } },
    'staff.topic_review': { id: 'tmpl-staff-todo', fields: { thing1: 'title', thing2: 'body', time3: 'time' } },
  },
  miniprogramState: 'formal',
}

let fake: Awaited<ReturnType<typeof startFakeWechat>>
let h: Harness

beforeAll(async () => {
  fake = await startFakeWechat(WECHAT)
  h = await startHarness({
    config: { cronSecret: CRON_SECRET, notify: NOTIFY },
    env: { WECHAT_APPID: WECHAT.appId, WECHAT_SECRET: WECHAT.secret, WECHAT_API_BASE: fake.baseUrl },
  })
})
afterAll(async () => {
  await h.close()
  await fake.close()
})

/** A sender of its own (its own token cache) on the harness's database and clock. */
function sender(options: { apiBase?: string; appId?: string } = {}) {
  return createNotifySender({
    db: h.db,
    clock: h.clock,
    wechat: { ...WECHAT, apiBase: fake.baseUrl, timeoutMs: 5_000, ...options },
    notify: NOTIFY,
    log: silentLogger,
  })
}

/** A user with an openid as WeChat gives them (28 characters). */
async function wechatUser(communityId: string | null = null, kind: 'resident' | 'staff' = 'resident') {
  const user = await makeUser(h, kind, communityId)
  const openid = `o${randomUUID().replace(/-/g, '').slice(0, 27)}`
  await h.db.query(sql`UPDATE users SET openid = ${openid} WHERE id = ${user.id}`)
  return { ...user, openid }
}

/** A notification written as the features write them; the outbox row comes with it. */
async function notify(
  userId: string,
  title = `标题${randomUUID().slice(0, 6)}`,
  kind = 'test.message',
  createdAt = h.clock.now(),
) {
  const [row] = await h.db.query<{ id: string }>(
    sql`INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
     VALUES (${userId}, ${kind}, ${title}, '正文', 'topic', ${randomUUID()}, ${createdAt}) RETURNING id`,
  )
  return row!.id
}

async function outbox(notificationId: string) {
  const [row] = await h.db.query<{
    status: string
    attempts: number
    next_attempt_at: Date
    last_error: string | null
    sent_at: Date | null
  }>(
    sql`SELECT status, attempts, next_attempt_at, last_error, sent_at FROM notification_outbox WHERE notification_id = ${notificationId}`,
  )
  return row!
}

const sentTo = (openid: string) => fake.messages.filter((m) => m.touser === openid)

describe('the outbox', () => {
  it('gets a row for every notification, in the same transaction', async () => {
    const user = await wechatUser()
    const id = await notify(user.id)
    expect(await outbox(id)).toMatchObject({ status: 'pending', attempts: 0, last_error: null, sent_at: null })
    // A notification that is rolled back leaves no outbox row behind.
    await expect(
      h.db.tx(async (q) => {
        await q.query(
          sql`INSERT INTO notifications (user_id, kind, title, body, created_at) VALUES (${user.id}, 'test.message', 'x', 'y', now())`,
        )
        throw new Error('rolled back')
      }),
    ).rejects.toThrow('rolled back')
    const rows = await h.db.query(
      sql`SELECT 1 FROM notification_outbox o JOIN notifications n ON n.id = o.notification_id WHERE n.user_id = ${user.id}`,
    )
    expect(rows).toHaveLength(1)
  })
})

describe('the sender', () => {
  it('delivers a wish approval to the owner’s openid with its template, page and data, once', async () => {
    h.clock.set('2031-03-04T01:30:00.000Z')
    const communityId = await makeCommunity(h)
    const owner = await wechatUser(communityId)
    const staff = await makeUser(h, 'staff', communityId)
    const wish = await postWish(h, owner as TestUser, { title: '帮忙把楼下驿站的大箱子搬上楼' })
    await act(h, staff, wish.id, 'review', { approve: true })

    const report = await sender().run({ userIds: [owner.id] })
    expect(report).toEqual({ sent: 1, refused: 0, retrying: 0, failed: 0, skipped: 0 })
    const [message, ...more] = sentTo(owner.openid)
    expect(more).toEqual([])
    expect(message).toMatchObject({
      touser: owner.openid,
      template_id: 'tmpl-wish-approved',
      page: `pages/wish-detail/index?id=${wish.id}`,
      miniprogram_state: 'formal',
      data: {
        thing1: { value: '心愿已通过审核' },
        time3: { value: '2031-03-04 09:30' },
      },
    })
    // WeChat takes at most 20 characters in a "thing" field.
    expect([...message!.data.thing2!.value].length).toBeLessThanOrEqual(20)
    expect(message!.data.thing2!.value).toMatch(/^「.+…$/)

    const [row] = await h.db.query<{ status: string; attempts: number; sent_at: Date }>(
      sql`SELECT o.status, o.attempts, o.sent_at FROM notification_outbox o
       JOIN notifications n ON n.id = o.notification_id WHERE n.user_id = ${owner.id}`,
    )
    expect(row).toEqual({ status: 'sent', attempts: 1, sent_at: h.clock.now() })
    h.clock.advance(DAY_MS)
    expect((await sender().run({ userIds: [owner.id] })).sent).toBe(0)
    expect(sentTo(owner.openid)).toHaveLength(1)
  })

  it('delivers the alert of new work to a staff member, opening the review form (issue #18)', async () => {
    h.clock.set('2031-03-04T02:00:00.000Z')
    const communityId = await makeCommunity(h)
    const staff = await wechatUser(communityId, 'staff')
    const author = await makeUser(h, 'resident', communityId)
    const topic = await call(h.app, 'POST', '/api/topics', {
      token: author.token,
      body: { communityId, title: '东门空地怎么用', body: '东门旁边的空地闲置很久了。' },
    })
    expect(topic.status).toBe(201)

    expect(await sender().run({ userIds: [staff.id, author.id] })).toMatchObject({ sent: 1 })
    expect(sentTo(staff.openid)).toEqual([
      expect.objectContaining({
        template_id: 'tmpl-staff-todo',
        page: `staff/pages/topic-review/index?id=${topic.body.id}`,
        data: expect.objectContaining({ thing1: { value: '有议题等待审核' }, time3: { value: '2031-03-04 10:00' } }),
      }),
    ])
  })

  it('through the cron route, only with the cron secret', async () => {
    const user = await wechatUser()
    // The route delivers whatever is due in the database, which other files may share and fill: this row is made
    // the oldest due, so it is among the first taken.
    await notify(user.id, '最早的消息', 'test.message', new Date(Date.UTC(1950, 0, 1)))
    const refused = await call(h.app, 'POST', '/api/cron/notify', { token: (await makeUser(h, 'admin', null)).token })
    expect(refused.status).toBe(401)
    expect(sentTo(user.openid)).toHaveLength(0)
    const run = await call(h.app, 'GET', '/api/cron/notify', { headers: { authorization: `Bearer ${CRON_SECRET}` } })
    expect(run.status).toBe(200)
    expect(run.body).toEqual({
      sent: expect.any(Number),
      refused: expect.any(Number),
      retrying: expect.any(Number),
      failed: expect.any(Number),
      skipped: expect.any(Number),
    })
    expect(run.body.sent).toBeGreaterThanOrEqual(1)
    expect(sentTo(user.openid)).toHaveLength(1)
  })

  it('keeps the access token until it is about to expire, and renews it once when WeChat says 40001', async () => {
    const user = await wechatUser()
    const s = sender()
    const before = fake.tokenFetches()
    await notify(user.id)
    await s.run({ userIds: [user.id] })
    await notify(user.id)
    await s.run({ userIds: [user.id] })
    expect(fake.tokenFetches() - before).toBe(1)
    expect(new Set(sentTo(user.openid).map((m) => m.accessToken)).size).toBe(1)

    // WeChat's tokens live 7200 s; renewed 5 minutes early.
    h.clock.advance(7200_000 - 5 * MINUTE_MS)
    await notify(user.id)
    await s.run({ userIds: [user.id] })
    expect(fake.tokenFetches() - before).toBe(2)

    // Revoked early (another server fetched a new one): 40001, then one renewal and the same row sent.
    fake.expireTokens()
    const id = await notify(user.id)
    expect(await s.run({ userIds: [user.id] })).toMatchObject({ sent: 1, retrying: 0 })
    expect(fake.tokenFetches() - before).toBe(3)
    expect(await outbox(id)).toMatchObject({ status: 'sent', attempts: 1 })
    const tokens = sentTo(user.openid).map((m) => m.accessToken)
    expect(tokens).toHaveLength(4)
    expect(new Set(tokens).size).toBe(3)
  })

  it('does not retry a user’s refusal (43101)', async () => {
    const user = await wechatUser()
    const id = await notify(user.id)
    fake.failNext(user.openid, [43101])
    expect(await sender().run({ userIds: [user.id] })).toMatchObject({ refused: 1, sent: 0 })
    expect(await outbox(id)).toMatchObject({
      status: 'refused',
      attempts: 1,
      last_error: expect.stringContaining('43101'),
    })
    h.clock.advance(DAY_MS)
    expect(await sender().run({ userIds: [user.id] })).toMatchObject({ refused: 0, sent: 0, retrying: 0 })
    expect(sentTo(user.openid)).toHaveLength(0)
  })

  it('retries other failures with a doubling wait, and gives up after 5 tries with the reason', async () => {
    const user = await wechatUser()
    const id = await notify(user.id)
    // An HTTP 500, then WeChat's "system busy" (-1) four times.
    fake.failNext(user.openid, [-500, -1, -1, -1, -1, -1])
    const s = sender()
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const report = await s.run({ userIds: [user.id] })
      const row = await outbox(id)
      expect(row.attempts).toBe(attempt)
      if (attempt < MAX_ATTEMPTS) {
        expect(report).toMatchObject({ retrying: 1, failed: 0 })
        const wait = FIRST_RETRY_SECONDS * 1000 * 2 ** (attempt - 1)
        expect(row).toMatchObject({ status: 'pending', next_attempt_at: new Date(h.clock.now().getTime() + wait) })
        expect(row.last_error).toBe(attempt === 1 ? 'HTTP 500' : 'errcode -1')
        // Not due a moment before the wait is over.
        h.clock.advance(wait - 1_000)
        expect(await s.run({ userIds: [user.id] })).toMatchObject({ retrying: 0, failed: 0, sent: 0 })
        expect((await outbox(id)).attempts).toBe(attempt)
        h.clock.advance(1_000)
      } else {
        expect(report).toMatchObject({ retrying: 0, failed: 1 })
        expect(row).toMatchObject({ status: 'failed', last_error: 'errcode -1', sent_at: null })
      }
    }
    h.clock.advance(DAY_MS)
    expect(await s.run({ userIds: [user.id] })).toMatchObject({ failed: 0, retrying: 0, sent: 0 })
    expect(sentTo(user.openid)).toHaveLength(0)
  })

  it('skips users without a WeChat openid, kinds without a template, and everything when WeChat is not configured', async () => {
    const demo = await makeUser(h, 'resident', null)
    const user = await wechatUser()
    const noOpenid = await notify(demo.id)
    const noTemplate = await notify(user.id, '志愿者申请已通过', 'volunteer.active')
    expect(await sender().run({ userIds: [demo.id, user.id] })).toMatchObject({ skipped: 2, sent: 0 })
    expect(await outbox(noOpenid)).toMatchObject({ status: 'skipped', attempts: 0, last_error: 'no WeChat openid' })
    expect(await outbox(noTemplate)).toMatchObject({
      status: 'skipped',
      attempts: 0,
      last_error: 'no template for volunteer.active',
    })

    const unconfigured = await notify(user.id)
    expect(await sender({ appId: '' }).run({ userIds: [user.id] })).toMatchObject({ skipped: 1, sent: 0 })
    expect(await outbox(unconfigured)).toMatchObject({ status: 'skipped', last_error: 'WeChat is not configured' })
    expect(sentTo(user.openid)).toHaveLength(0)
  })

  it('sends each row exactly once when two senders run at the same time', async () => {
    const slow = await startFakeWechat({ ...WECHAT, sendDelayMs: 15 })
    try {
      const users = await Promise.all(Array.from({ length: 6 }, () => wechatUser()))
      const titles: string[] = []
      for (const [i, user] of users.entries()) {
        for (let n = 0; n < 10; n++) {
          titles.push(`消息${i}-${n}`)
          await notify(user.id, titles.at(-1))
        }
      }
      const userIds = users.map((u) => u.id)
      const make = () => sender({ apiBase: slow.baseUrl })
      const [a, b] = await Promise.all([make().run({ userIds }), make().run({ userIds })])
      expect(a.sent + b.sent).toBe(60)
      expect(a.retrying + b.retrying + a.failed + b.failed).toBe(0)
      const openids = new Set(users.map((u) => u.openid))
      const delivered = slow.messages.filter((m) => openids.has(m.touser)).map((m) => m.data.thing1!.value)
      expect(delivered.sort()).toEqual([...titles].sort())
      const [row] = await h.db.query<{ sent: number }>(
        sql`SELECT count(*)::int AS sent FROM notification_outbox o JOIN notifications n ON n.id = o.notification_id
         WHERE n.user_id = ANY (${userIds}::uuid[]) AND o.status = 'sent' AND o.attempts = 1`,
      )
      expect(row!.sent).toBe(60)
    } finally {
      await slow.close()
    }
  })

  it('never fails the request that wrote the notification, whatever WeChat does', async () => {
    const communityId = await makeCommunity(h)
    const owner = await wechatUser(communityId)
    const staff = await makeUser(h, 'staff', communityId)
    const wish = await postWish(h, owner as TestUser)
    // WeChat is down: the review still answers 200, and its notification waits in the outbox.
    const down = createNotifySender({
      db: h.db,
      clock: h.clock,
      wechat: { ...WECHAT, apiBase: 'http://127.0.0.1:9', timeoutMs: 500 },
      notify: NOTIFY,
      log: silentLogger,
    })
    await act(h, staff, wish.id, 'review', { approve: true })
    expect(await down.run({ userIds: [owner.id] })).toMatchObject({ retrying: 1 })
    const [row] = await h.db.query<{ status: string; last_error: string }>(
      sql`SELECT o.status, o.last_error FROM notification_outbox o JOIN notifications n ON n.id = o.notification_id
       WHERE n.user_id = ${owner.id}`,
    )
    expect(row).toMatchObject({ status: 'pending', last_error: expect.stringMatching(/fetch failed|ECONNREFUSED/) })
  })
})

describe('the reminder the day before a booking', () => {
  it('is written once per booking by the hourly cron, and delivered', async () => {
    // The cron job touches every booking of the shared database that it finds due: this test lives in a past of
    // its own, a day between 1955 and 1963 (China kept no summer time then), where nobody else books.
    const day = new Date(Date.UTC(1955, 0, 1) + Math.floor(Math.random() * 3000) * DAY_MS).toISOString().slice(0, 10)
    const tomorrow = new Date(Date.parse(day) + DAY_MS).toISOString().slice(0, 10)
    h.clock.set(at(day, '08:00'))
    const communityId = await makeCommunity(h)
    const staff = await makeUser(h, 'staff', communityId)
    const booker = await wechatUser(communityId)
    const other = await wechatUser(communityId)
    const station = await ok(h, 'POST', '/api/stations', staff, stationBody(communityId), 201)
    const service = await ok(
      h,
      'POST',
      `/api/stations/${station.id}/services`,
      staff,
      serviceBody({ schedule: EVERY_MORNING }),
      201,
    )
    const tomorrowSlot = await slotAt(h, service.id, tomorrow, '09:30')
    const booking = await bookSlot(h, booker as TestUser, tomorrowSlot)
    // Today's booking and a cancelled one are not reminded.
    await bookSlot(h, other as TestUser, await slotAt(h, service.id, day, '10:00'))
    const cancelled = await bookSlot(h, other as TestUser, tomorrowSlot)
    await ok(h, 'POST', `/api/bookings/${cancelled.id}/cancel`, other, {})

    const cron = () => call(h.app, 'POST', '/api/cron/expire', { headers: { authorization: `Bearer ${CRON_SECRET}` } })
    const reminders = (userId: string) =>
      h.db.query<{ entity_id: string; body: string }>(
        sql`SELECT entity_id, body FROM notifications WHERE user_id = ${userId} AND kind = 'booking.reminder'`,
      )
    // 08:00 is too early to message anyone.
    expect((await cron()).status).toBe(200)
    expect(await reminders(booker.id)).toEqual([])
    h.clock.set(at(day, '10:00'))
    expect((await cron()).status).toBe(200)
    h.clock.set(at(day, '11:00'))
    expect((await cron()).status).toBe(200)
    expect(await reminders(booker.id)).toEqual([
      { entity_id: booking.id, body: expect.stringContaining('明天 09:30 健康咨询') },
    ])
    expect(await reminders(other.id)).toEqual([])

    expect(await sender().run({ userIds: [booker.id, other.id] })).toMatchObject({ sent: 1 })
    expect(sentTo(booker.openid)).toEqual([
      expect.objectContaining({
        template_id: 'tmpl-reminder',
        page: 'pages/my-bookings/index',
        data: { thing4: { value: expect.stringMatching(/^明天 09:30 健康咨询/) }, time2: { value: `${day} 10:00` } },
      }),
    ])
  })
})
