import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeResidents, race, tally } from '../support/contention'
import { makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { at, noticeBody, noticeScene, ok, publish } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const count = async (statement: ReturnType<typeof sql>) => (await h.db.query<{ n: number }>(statement))[0]!.n

describe('contention: 公开栏', () => {
  it(
    '50 corrections of one notice at once by its staff: exactly one is kept, the rest 409',
    { timeout: 120_000 },
    async () => {
      const s = await noticeScene(h)
      const old = await publish(h, s)
      const staff = await Promise.all(Array.from({ length: 9 }, () => makeUser(h, 'staff', s.communityId)))
      const writers = [s.staff, ...staff]
      const replies = await race(
        h,
        '50 corrections of one notice at once',
        Array.from(
          { length: 50 },
          (_, i) => () =>
            call(h.app, 'POST', `/api/communities/${s.communityId}/notices`, {
              token: writers[i % writers.length]!.token,
              body: noticeBody({ title: `更正公告${i}`, supersedesId: old.id }),
            }),
        ),
      )
      expect(tally(replies)).toEqual({ '201': 1, '409 NOTICE_ALREADY_CORRECTED': 49 })
      expect(await count(sql`SELECT count(*)::int AS n FROM notices WHERE supersedes_id = ${old.id}`)).toBe(1)
      const winner = replies.find((r) => r.status === 201)!.body
      expect((await ok(h, 'GET', `/api/notices/${old.id}`, s.alice)).supersededById).toBe(winner.id)
    },
  )

  it('200 members open a notice twice each at once: 200 reads, the count says 200', { timeout: 300_000 }, async () => {
    const s = await noticeScene(h)
    const n = await publish(h, s)
    const readers = await makeResidents(h, s.communityId, 200)
    const replies = await race(
      h,
      '200 members open a notice twice each at once',
      [...readers, ...readers].map((r) => () => call(h.app, 'GET', `/api/notices/${n.id}`, { token: r.token })),
    )
    expect(tally(replies)).toEqual({ '200': 400 })
    expect(await count(sql`SELECT count(*)::int AS n FROM notice_reads WHERE notice_id = ${n.id}`)).toBe(200)
    expect(await count(sql`SELECT count(DISTINCT user_id)::int AS n FROM notice_reads WHERE notice_id = ${n.id}`)).toBe(
      200,
    )
    expect((await ok(h, 'GET', `/api/communities/${s.communityId}/notices`, s.bob)).items[0].readCount).toBe(200)
  })

  it('30 replies to one objection at once: one reply kept', { timeout: 120_000 }, async () => {
    const s = await noticeScene(h)
    const n = await publish(h, s, { objectionsUntil: at(1) })
    const o = await ok(h, 'POST', `/api/notices/${n.id}/objections`, s.alice, { body: '请公布明细' }, 201)
    const replies = await race(
      h,
      '30 replies to one objection at once',
      Array.from(
        { length: 30 },
        (_, i) => () =>
          call(h.app, 'POST', `/api/objections/${o.id}/reply`, { token: s.staff.token, body: { body: `答复${i}号` } }),
      ),
    )
    expect(tally(replies)).toEqual({ '201': 1, '409 OBJECTION_ALREADY_REPLIED': 29 })
    expect(await count(sql`SELECT count(*)::int AS n FROM notice_objection_replies WHERE objection_id = ${o.id}`)).toBe(
      1,
    )
  })

  it('100 members object as the 公示期 ends: none written after its end', { timeout: 300_000 }, async () => {
    const s = await noticeScene(h)
    const n = await publish(h, s, { objectionsUntil: at(1) })
    const members = await makeResidents(h, s.communityId, 100)
    h.clock.set(at(1))
    const replies = await race(
      h,
      '100 members object after the 公示期',
      members.map(
        (m) => () =>
          call(h.app, 'POST', `/api/notices/${n.id}/objections`, { token: m.token, body: { body: '我有意见' } }),
      ),
    )
    expect(tally(replies)).toEqual({ '409 OBJECTIONS_CLOSED': 100 })
    expect(await count(sql`SELECT count(*)::int AS n FROM notice_objections WHERE notice_id = ${n.id}`)).toBe(0)
  })
})
