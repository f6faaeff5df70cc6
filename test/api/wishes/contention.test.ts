import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeResidents, race, tally } from '../support/contention'
import { makeCommunity, makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { claimRows, countWishes, liveCounts, openWish, wishBody, wishRow } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('contention', () => {
  it(
    '200 volunteers claim one wish at once: exactly one wins, 199 get 409 WISH_NOT_OPEN',
    { timeout: 120_000 },
    async () => {
      const communityId = await makeCommunity(h)
      const [owner, staff] = await Promise.all([
        makeUser(h, 'resident', communityId),
        makeUser(h, 'staff', communityId),
      ])
      const id = await openWish(h, owner, staff)
      const volunteers = await makeResidents(h, communityId, 200, { volunteers: true })

      const replies = await race(
        h,
        '200 concurrent claims',
        volunteers.map((v) => () => call(h.app, 'POST', `/api/wishes/${id}/claim`, { token: v.token })),
      )
      expect(tally(replies)).toEqual({ '200': 1, '409 WISH_NOT_OPEN': 199 })

      const winner = volunteers[replies.findIndex((r) => r.status === 200)]!
      expect(replies.find((r) => r.status === 200)!.body).toMatchObject({
        id,
        status: 'claimed',
        viewer: { isClaimer: true },
      })
      expect(await wishRow(h, id)).toMatchObject({ status: 'claimed', claimer_id: winner.id })
      expect(await claimRows(h, id)).toEqual([{ volunteer_id: winner.id, ended_at: null, end_reason: null }])
      expect(
        await h.db.query(sql`SELECT type, actor_id FROM wish_events WHERE wish_id = ${id} AND type = 'claimed'`),
      ).toEqual([{ type: 'claimed', actor_id: winner.id }])
      const [claims] = await h.db.query<{ total: number; holders: number }>(
        sql`SELECT sum(live_claims)::int AS total, count(*) FILTER (WHERE live_claims > 0)::int AS holders
       FROM users WHERE id = ANY(${volunteers.map((v) => v.id)}::uuid[])`,
      )
      expect(claims).toEqual({ total: 1, holders: 1 })
      expect((await liveCounts(h, winner.id)).live_claims).toBe(1)
    },
  )

  it(
    '50 posts at once by one resident: exactly 3 are created, 47 get 409 WISH_LIMIT_REACHED',
    { timeout: 120_000 },
    async () => {
      const communityId = await makeCommunity(h)
      const owner = await makeUser(h, 'resident', communityId)

      const replies = await race(
        h,
        '50 concurrent posts',
        Array.from(
          { length: 50 },
          (_, i) => () =>
            call(h.app, 'POST', '/api/wishes', { token: owner.token, body: wishBody({ title: `同时发布的心愿${i}` }) }),
        ),
      )
      expect(tally(replies)).toEqual({ '201': 3, '409 WISH_LIMIT_REACHED': 47 })

      const created = replies.filter((r) => r.status === 201).map((r) => r.body.id)
      expect(await countWishes(h, owner.id)).toBe(3)
      const rows = await h.db.query<{ id: string }>(sql`SELECT id FROM wishes WHERE owner_id = ${owner.id}`)
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(created))
      expect((await liveCounts(h, owner.id)).live_wishes).toBe(3)
      const [events] = await h.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM wish_events e JOIN wishes w ON w.id = e.wish_id WHERE w.owner_id = ${owner.id}`,
      )
      expect(events!.n).toBe(3)
    },
  )

  it(
    'one volunteer claims 10 wishes at once: exactly 5 succeed, 5 get 409 CLAIM_LIMIT_REACHED',
    { timeout: 120_000 },
    async () => {
      const communityId = await makeCommunity(h)
      const [staff, volunteer, ...owners] = await Promise.all([
        makeUser(h, 'staff', communityId),
        makeUser(h, 'volunteer', communityId),
        ...Array.from({ length: 4 }, () => makeUser(h, 'resident', communityId)),
      ])
      const wishes: string[] = []
      for (let i = 0; i < 10; i++) wishes.push(await openWish(h, owners[i % 4]!, staff))

      const replies = await race(
        h,
        '10 concurrent claims by one volunteer',
        wishes.map((id) => () => call(h.app, 'POST', `/api/wishes/${id}/claim`, { token: volunteer.token })),
      )
      expect(tally(replies)).toEqual({ '200': 5, '409 CLAIM_LIMIT_REACHED': 5 })

      const won = wishes.filter((_, i) => replies[i]!.status === 200)
      const rows = await h.db.query<{ id: string; status: string; claimer_id: string | null }>(
        sql`SELECT id, status, claimer_id FROM wishes WHERE id = ANY(${wishes}::uuid[])`,
      )
      for (const row of rows) {
        expect(row).toEqual(
          won.includes(row.id)
            ? { id: row.id, status: 'claimed', claimer_id: volunteer.id }
            : { id: row.id, status: 'open', claimer_id: null },
        )
      }
      const [claims] = await h.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM wish_claims WHERE volunteer_id = ${volunteer.id} AND ended_at IS NULL`,
      )
      expect(claims!.n).toBe(5)
      expect((await liveCounts(h, volunteer.id)).live_claims).toBe(5)
    },
  )

  it('a claim racing the owner’s cancel: one of them wins, and the counters agree', { timeout: 120_000 }, async () => {
    const communityId = await makeCommunity(h)
    const [staff, ...people] = await Promise.all([
      makeUser(h, 'staff', communityId),
      ...Array.from({ length: 4 }, () => makeUser(h, 'resident', communityId)),
      ...Array.from({ length: 4 }, () => makeUser(h, 'volunteer', communityId)),
    ])
    const owners = people.slice(0, 4)
    const volunteers = people.slice(4)
    const pairs = await Promise.all(
      owners.map(async (owner, i) => ({ owner, volunteer: volunteers[i]!, id: await openWish(h, owner, staff) })),
    )

    const replies = await race(
      h,
      '4 claims racing 4 cancels',
      // Half the pairs send the cancel first, so both outcomes get their chance.
      pairs.flatMap(({ owner, volunteer, id }, i) => {
        const claim = () => call(h.app, 'POST', `/api/wishes/${id}/claim`, { token: volunteer.token })
        const cancel = () => call(h.app, 'POST', `/api/wishes/${id}/cancel`, { token: owner.token, body: {} })
        return i % 2 === 0 ? [claim, cancel] : [cancel, claim]
      }),
    )
    for (const [i, { owner, volunteer, id }] of pairs.entries()) {
      const pair = [replies[2 * i]!, replies[2 * i + 1]!]
      const [claim, cancel] = i % 2 === 0 ? pair : [pair[1]!, pair[0]!]
      expect(
        [claim.status, cancel.status].filter((s) => s === 200),
        JSON.stringify([claim.body, cancel.body]),
      ).toHaveLength(1)
      const row = await wishRow(h, id)
      if (claim.status === 200) {
        expect(row).toMatchObject({ status: 'claimed', claimer_id: volunteer.id })
        expect((await liveCounts(h, volunteer.id)).live_claims).toBe(1)
        expect((await liveCounts(h, owner.id)).live_wishes).toBe(1)
      } else {
        expect(claim.body.error.code).toBe('WISH_NOT_OPEN')
        expect(row).toMatchObject({ status: 'cancelled', claimer_id: null })
        expect(await claimRows(h, id)).toEqual([])
        expect((await liveCounts(h, volunteer.id)).live_claims).toBe(0)
        expect((await liveCounts(h, owner.id)).live_wishes).toBe(0)
      }
    }
  })
})
