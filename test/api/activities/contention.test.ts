import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeResidents, race, tally } from '../support/contention'
import { makeCommunity, makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { DAY_MS, HOUR_MS } from '../support/time'
import { activityRow, hourRows, postRow, publish } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('contention', () => {
  it(
    '500 residents sign up for 40 seats at once, parties of 1–4: exactly 40 seats taken, never more',
    { timeout: 300_000 },
    async () => {
      const communityId = await makeCommunity(h)
      const staff = await makeUser(h, 'staff', communityId)
      const a = await publish(h, staff, communityId, { capacity: 40 })
      const residents = await makeResidents(h, communityId, 500)
      const replies = await race(
        h,
        '500 concurrent sign-ups for 40 seats',
        residents.map(
          (r, i) => () =>
            call(h.app, 'POST', `/api/activities/${a.id}/signup`, { token: r.token, body: { partySize: (i % 4) + 1 } }),
        ),
      )
      const counts = tally(replies)
      expect(Object.keys(counts).sort()).toEqual(['201', '409 ACTIVITY_FULL'])
      const row = await activityRow(h, a.id)
      expect(row).toMatchObject({ seats_taken: 40, seats: 40, capacity: 40 })
      expect(row.live).toBe(counts['201'])
      const codes = replies.filter((r) => r.status === 201).map((r) => r.body.mySignup.code)
      expect(new Set(codes).size).toBe(codes.length)
    },
  )

  it('50 volunteers claim a post of 4 at once: exactly 4 hold it', { timeout: 120_000 }, async () => {
    const communityId = await makeCommunity(h)
    const staff = await makeUser(h, 'staff', communityId)
    const a = await publish(h, staff, communityId)
    const post = a.posts.find((p) => p.count === 4)!
    const volunteers = await makeResidents(h, communityId, 50, { volunteers: true })
    const replies = await race(
      h,
      '50 concurrent claims of a post of 4',
      volunteers.map(
        (v) => () => call(h.app, 'POST', `/api/activities/${a.id}/posts/${post.id}/claim`, { token: v.token }),
      ),
    )
    expect(tally(replies)).toEqual({ '200': 4, '409 POST_FULL': 46 })
    expect(await postRow(h, post.id)).toEqual({ taken: 4, count: 4, live: 4 })
  })

  it('20 volunteers join a team of 3 at once: exactly 3 are in it', { timeout: 120_000 }, async () => {
    const communityId = await makeCommunity(h)
    const [owner, staff] = await Promise.all([makeUser(h, 'resident', communityId), makeUser(h, 'staff', communityId)])
    const posted = await call(h.app, 'POST', '/api/wishes', {
      token: owner.token,
      body: { title: '帮忙搬运旧家具', category: 'elderly_care', teamSize: 3 },
    })
    expect(posted.status).toBe(201)
    const id = posted.body.id as string
    await call(h.app, 'POST', `/api/wishes/${id}/review`, { token: staff.token, body: { approve: true } })
    const volunteers = await makeResidents(h, communityId, 20, { volunteers: true })
    const replies = await race(
      h,
      '20 concurrent joins of a team of 3',
      volunteers.map((v) => () => call(h.app, 'POST', `/api/wishes/${id}/claim`, { token: v.token })),
    )
    expect(tally(replies)).toEqual({ '200': 3, '409 WISH_NOT_OPEN': 17 })
    const [row] = await h.db.query<{ team_count: number; live: number; status: string }>(
      sql`SELECT w.team_count, w.status,
              (SELECT count(*)::int FROM wish_claims k WHERE k.wish_id = w.id AND k.ended_at IS NULL) AS live
       FROM wishes w WHERE w.id = ${id}`,
    )
    expect(row).toEqual({ team_count: 3, live: 3, status: 'claimed' })
  })

  it('complete sent 20 times at once records each present holder’s hours once', { timeout: 120_000 }, async () => {
    const communityId = await makeCommunity(h)
    const staff = await makeUser(h, 'staff', communityId)
    const a = await publish(h, staff, communityId)
    const volunteers = await makeResidents(h, communityId, 5, { volunteers: true })
    for (const [i, v] of volunteers.entries()) {
      const post = i < 4 ? a.posts[0]! : a.posts[1]!
      const reply = await call(h.app, 'POST', `/api/activities/${a.id}/posts/${post.id}/claim`, { token: v.token })
      expect(reply.status).toBe(200)
    }
    h.clock.advance(3 * DAY_MS + 3 * HOUR_MS)
    try {
      const replies = await race(
        h,
        '20 concurrent completions',
        Array.from(
          { length: 20 },
          () => () => call(h.app, 'POST', `/api/activities/${a.id}/complete`, { token: staff.token, body: {} }),
        ),
      )
      expect(tally(replies)).toEqual({ '200': 20 })
      const again = await call(h.app, 'POST', `/api/activities/${a.id}/complete`, { token: staff.token, body: {} })
      expect(again.status).toBe(200)
      const rows = await hourRows(
        h,
        a.posts.map((p) => p.id),
      )
      expect(rows.map((r) => r.volunteer_id).sort()).toEqual(volunteers.map((v) => v.id).sort())
    } finally {
      h.clock.advance(-(3 * DAY_MS + 3 * HOUR_MS))
    }
  })
})
