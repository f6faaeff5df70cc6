import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NotifyConfig } from '../../../src/server/config'
import { sql } from '../../../src/server/db/sql'
import { silentLogger } from '../../../src/server/lib/logger'
import { createNotifySender } from '../../../src/server/lib/notify-sender'
import { startFakeWechat } from '../support/fake-wechat'
import { makeCommunity, makeUser, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { act, DAY_MS, MINUTE_MS, openWish, TEN_YEARS_TTL } from './helpers'

/**
 * Issue #22, 帮帮团: what the single claimer of a wish is told — in the inbox and, where a template is configured, as
 * a WeChat subscribe message — every member of its team is told (migration 0026), against a fake WeChat.
 */

const WECHAT = { appId: 'wx-team-app', secret: 'wx-team-secret' }
const template = (id: string) => ({ id, fields: { thing1: 'title' as const, thing2: 'body' as const } })
const NOTIFY: NotifyConfig = {
  templates: {
    'wish.confirmed': template('tmpl-confirmed'),
    'wish.disputed': template('tmpl-disputed'),
    'wish.cancelled': template('tmpl-cancelled'),
    'wish.timed_out': template('tmpl-timed-out'),
  },
  miniprogramState: 'formal',
}

let fake: Awaited<ReturnType<typeof startFakeWechat>>
let h: Harness
beforeAll(async () => {
  fake = await startFakeWechat(WECHAT)
  h = await startHarness({
    config: { notify: NOTIFY },
    env: { WECHAT_APPID: WECHAT.appId, WECHAT_SECRET: WECHAT.secret, WECHAT_API_BASE: fake.baseUrl, ...TEN_YEARS_TTL },
  })
  h.clock.set('2031-05-06T02:00:00.000Z')
})
afterAll(async () => {
  await h.close()
  await fake.close()
})

type Member = TestUser & { openid: string }

/** A volunteer of the community with an openid as WeChat gives them. */
async function volunteer(communityId: string): Promise<Member> {
  const user = await makeUser(h, 'volunteer', communityId)
  const openid = `o${randomUUID().replace(/-/g, '').slice(0, 27)}`
  await h.db.query(sql`UPDATE users SET openid = ${openid} WHERE id = ${user.id}`)
  return { ...user, openid }
}

/** An open wish asking for a team of `size` (1: an ordinary wish), claimed by `joined` of `size + 1` volunteers. */
async function teamWish(size: number, joined = size) {
  const communityId = await makeCommunity(h)
  const [owner, staff] = await Promise.all([makeUser(h, 'resident', communityId), makeUser(h, 'staff', communityId)])
  const vols = await Promise.all(Array.from({ length: size + 1 }, () => volunteer(communityId)))
  const id = await openWish(h, owner, staff, size > 1 ? { teamSize: size } : {})
  for (const v of vols.slice(0, joined)) await act(h, v, id, 'claim')
  return { owner, staff, vols, team: vols.slice(0, joined), id }
}

/** The wish's messages of `kind` in the user's inbox (GET /api/me/notifications). */
async function inbox(user: TestUser, wishId: string, kind: string) {
  const reply = await call(h.app, 'GET', '/api/me/notifications?limit=50', { token: user.token })
  expect(reply.status).toBe(200)
  return (reply.body.items as { kind: string; entityId: string; title: string }[]).filter(
    (n) => n.kind === kind && n.entityId === wishId,
  )
}

/** Delivers what is due to these users, as the cron does; answers the templates each openid was sent. */
async function deliver(users: Member[]) {
  const sender = createNotifySender({
    db: h.db,
    clock: h.clock,
    wechat: { ...WECHAT, apiBase: fake.baseUrl, timeoutMs: 5_000 },
    notify: NOTIFY,
    log: silentLogger,
  })
  await sender.run({ userIds: users.map((u) => u.id) })
  return users.map((u) => fake.messages.filter((m) => m.touser === u.openid).map((m) => m.template_id))
}

describe('帮帮团: every member hears what the single claimer would', () => {
  it('a dispute and the confirmation reach every member, in the inbox and as a subscribe message', async () => {
    const s = await teamWish(3)
    await act(h, s.team[1]!, s.id, 'fulfil', { note: '一起送到了', hours: 2 })
    await act(h, s.owner, s.id, 'dispute', { reason: '米还没有送到' })
    for (const member of s.team) {
      expect(await inbox(member, s.id, 'wish.disputed'), member.id).toHaveLength(1)
    }
    await act(h, s.team[2]!, s.id, 'fulfil', { note: '这次真的送到了', hours: 2 })
    await act(h, s.owner, s.id, 'confirm', { rating: 5 })
    for (const member of s.team) {
      const [confirmed, ...more] = await inbox(member, s.id, 'wish.confirmed')
      expect(more).toEqual([])
      expect(confirmed!.title).toBe('居民已确认完成')
    }
    // The volunteer who did not join hears nothing.
    expect(await inbox(s.vols[3]!, s.id, 'wish.confirmed')).toEqual([])

    const sent = await deliver(s.vols)
    for (const templates of sent.slice(0, 3)) expect(templates.sort()).toEqual(['tmpl-confirmed', 'tmpl-disputed'])
    expect(sent[3]).toEqual([])
  })

  it('a cancellation by staff reaches every member of the team, and a member who left hears nothing more', async () => {
    const s = await teamWish(3)
    await act(h, s.team[0]!, s.id, 'release', { reason: '临时有事' })
    await act(h, s.staff, s.id, 'cancel', { reason: '居民已经自己解决了' })
    const stillIn = s.team.slice(1)
    for (const member of stillIn) expect(await inbox(member, s.id, 'wish.cancelled'), member.id).toHaveLength(1)
    expect(await inbox(s.team[0]!, s.id, 'wish.cancelled')).toEqual([])
    const sent = await deliver(s.team)
    expect(sent).toEqual([[], ['tmpl-cancelled'], ['tmpl-cancelled']])
  })

  it('a team that lets the claim lapse is told, every member once; a single claimer still is, once', async () => {
    const team = await teamWish(2)
    const single = await teamWish(1)
    h.clock.advance(7 * DAY_MS + MINUTE_MS)
    // Reading a wish returns a lapsed claim to the wall.
    for (const s of [team, single]) {
      const seen = await call(h.app, 'GET', `/api/wishes/${s.id}`, { token: s.owner.token })
      expect(seen.body.status).toBe('open')
      for (const member of s.team) expect(await inbox(member, s.id, 'wish.timed_out'), member.id).toHaveLength(1)
    }
    const sent = await deliver([...team.team, ...single.team])
    expect(sent).toEqual([['tmpl-timed-out'], ['tmpl-timed-out'], ['tmpl-timed-out']])
    // The owner is told once too, as before.
    expect(await inbox(team.owner, team.id, 'wish.timed_out')).toHaveLength(1)
  })
})
