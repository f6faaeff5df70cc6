import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeResidents, race, tally } from '../support/contention'
import type { TestUser } from '../support/fixtures'
import { sql } from '../../../src/server/db/sql'
import type { Db } from '../../../src/server/db/types'
import { call, openTestDb, startHarness, type Harness, type Reply } from '../support/harness'
import { MONDAY, ok, slotAt, slotsOf, slotState, stationScene } from './helpers'

let h: Harness
/**
 * Where the race is watched from: on PostgreSQL a connection of its own, not queued behind the requests in the
 * app's pool; PGlite is one in-process database, so the app's own.
 */
let watch: Db
beforeAll(async () => {
  h = await startHarness()
  watch = h.db.kind === 'postgres' ? await openTestDb(1) : h.db
})
afterAll(async () => {
  if (watch !== h.db) await watch.close()
  await h.close()
})

/**
 * Runs the requests all at once while another connection keeps reading the slot, and reports how long they took
 * and the most seats it ever saw held, for the record of each database.
 */
async function watchedRace(label: string, slotId: string, requests: (() => Promise<Reply>)[]) {
  let watching = true
  let mostHeld = 0
  const watcher = (async () => {
    while (watching) {
      const state = await slotState(watch, slotId)
      mostHeld = Math.max(mostHeld, state.booked, state.active)
    }
  })()
  const replies = await race(h, label, requests, async () => {
    watching = false
    await watcher
    return `most seats held ${mostHeld}`
  })
  return { replies, mostHeld }
}

const book = (user: TestUser, slotId: string) => () =>
  call(h.app, 'POST', '/api/bookings', { token: user.token, body: { slotId, partySize: 1 } })

describe('contention', () => {
  it(
    '1,000 residents book a 20-seat slot at once: exactly 20 get a seat, 980 get 409 SLOT_FULL',
    { timeout: 300_000 },
    async () => {
      const s = await stationScene(h, { capacity: 20 })
      const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
      const residents = await makeResidents(h, s.communityId, 1000)

      const { replies, mostHeld } = await watchedRace(
        '1,000 concurrent bookings of 20 seats',
        slotId,
        residents.map((r) => book(r, slotId)),
      )

      expect(tally(replies)).toEqual({ '201': 20, '409 SLOT_FULL': 980 })
      expect(mostHeld).toBeLessThanOrEqual(20)
      expect(await slotState(h.db, slotId)).toEqual({ booked: 20, capacity: 20, active: 20, waiting: 0 })
      const winners = residents.filter((_, i) => replies[i]!.status === 201).map((r) => r.id)
      const held = await h.db.query<{ user_id: string }>(
        sql`SELECT user_id FROM bookings WHERE slot_id = ${slotId} AND status = 'booked' ORDER BY user_id`,
      )
      expect(held.map((b) => b.user_id)).toEqual([...winners].sort())
      const codes = replies.filter((r) => r.status === 201).map((r) => r.body.code)
      expect(new Set(codes).size).toBe(20)

      const day = await slotsOf(h, s.service.id, MONDAY)
      expect(day.items.find((x: { id: string }) => x.id === slotId)).toMatchObject({ capacity: 20, remaining: 0 })
      const [counters] = await h.db.query<{ total: number; holders: number }>(
        sql`SELECT sum(upcoming_bookings)::int AS total, count(*) FILTER (WHERE upcoming_bookings > 0)::int AS holders
         FROM users WHERE community_id = ${s.communityId}`,
      )
      expect(counters).toEqual({ total: 20, holders: 20 })
    },
  )

  it(
    '30 cancellations and 70 bookings at once on a full slot with a waitlist: never over capacity, the line served in order',
    { timeout: 300_000 },
    async () => {
      const s = await stationScene(h, { capacity: 40 })
      const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
      const [holders, waiters, latecomers] = await Promise.all([
        makeResidents(h, s.communityId, 40),
        makeResidents(h, s.communityId, 60),
        makeResidents(h, s.communityId, 70),
      ])
      const bookings = await Promise.all(holders.map((u) => book(u, slotId)()))
      expect(tally(bookings)).toEqual({ '201': 40 })
      // The line forms one by one, so its order is known.
      for (const w of waiters) await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, w, { partySize: 1 }, 201)

      const leaving = holders
        .slice(0, 30)
        .map((u, i) => () => call(h.app, 'POST', `/api/bookings/${bookings[i]!.body.id}/cancel`, { token: u.token }))
      const requests = [...leaving, ...latecomers.map((u) => book(u, slotId))]
      // Interleaved, so cancellations and bookings reach the database mixed.
      const shuffled = requests.map((r, i) => ({ r, k: (i * 7919) % requests.length })).sort((a, b) => a.k - b.k)
      const { replies, mostHeld } = await watchedRace(
        '30 cancellations + 70 bookings on a full slot with 60 waiting',
        slotId,
        shuffled.map((x) => x.r),
      )

      // Every freed seat went straight to the line, so no latecomer ever found one.
      expect(tally(replies)).toEqual({ '200': 30, '409 SLOT_FULL': 70 })
      expect(mostHeld).toBeLessThanOrEqual(40)
      expect(await slotState(h.db, slotId)).toEqual({ booked: 40, capacity: 40, active: 40, waiting: 30 })

      const line = await h.db.query<{ user_id: string; status: string; booked: boolean }>(
        sql`SELECT w.user_id, w.status,
                EXISTS (SELECT 1 FROM bookings b WHERE b.id = w.booking_id AND b.status = 'booked'
                          AND b.from_waitlist) AS booked
         FROM waitlist_entries w WHERE w.slot_id = ${slotId} ORDER BY w.seq`,
      )
      expect(line.map((e) => e.user_id)).toEqual(waiters.map((w) => w.id))
      expect(line.map((e) => `${e.status}${e.booked ? '+booking' : ''}`)).toEqual([
        ...Array<string>(30).fill('promoted+booking'),
        ...Array<string>(30).fill('waiting'),
      ])
      const stillWaiting = await ok(h, 'GET', '/api/me/waitlist', waiters[30]!)
      expect(stillWaiting.items).toMatchObject([{ slotId, position: 1 }])
    },
  )

  it(
    '60 residents join the waitlist of a full slot at once: each is told its own place, 1 to 60, as the line has it',
    { timeout: 120_000 },
    async () => {
      // On PostgreSQL each join used to count the line as its statement began, before the slot's lock let it in, and
      // took its place in the order it began: 20 joins were told 11 different positions.
      const n = 60
      const s = await stationScene(h, { capacity: 1 })
      const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
      await ok(h, 'POST', '/api/bookings', s.resident, { slotId, partySize: 1 }, 201)
      const joiners = await makeResidents(h, s.communityId, n)

      const replies = await race(
        h,
        `${n} concurrent waitlist joins of a full slot`,
        joiners.map(
          (u) => () => call(h.app, 'POST', `/api/slots/${slotId}/waitlist`, { token: u.token, body: { partySize: 1 } }),
        ),
      )

      expect(tally(replies)).toEqual({ '201': n })
      const told = replies.map((r) => r.body.position as number)
      expect([...told].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1))
      // The line is the table's order, which promotion follows: whoever was told k is k-th in it.
      const line = await h.db.query<{ user_id: string }>(
        sql`SELECT user_id FROM waitlist_entries WHERE slot_id = ${slotId} AND status = 'waiting' ORDER BY seq`,
      )
      const byPlace = joiners.map((u, i) => ({ id: u.id, place: told[i]! })).sort((a, b) => a.place - b.place)
      expect(line.map((e) => e.user_id)).toEqual(byPlace.map((u) => u.id))
      // And each reads the same place afterwards.
      const read = await Promise.all(joiners.map((u) => ok(h, 'GET', '/api/me/waitlist', u)))
      expect(read.map((page) => page.items[0]?.position)).toEqual(told)
    },
  )

  it(
    'the database alone holds the line: 200 bare INSERTs of bookings for a 10-seat slot, 10 succeed',
    { timeout: 120_000 },
    async () => {
      // The API answers a slot it already sees full without trying; this goes past that, to the triggers.
      const s = await stationScene(h, { capacity: 10 })
      const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
      const residents = await makeResidents(h, s.communityId, 200)
      const outcomes = await Promise.all(
        residents.map((r) =>
          h.db
            .query(
              sql`INSERT INTO bookings (slot_id, user_id, party_size, code, created_at)
               VALUES (${slotId}, ${r.id}, 1, new_check_in_code(), ${h.clock.now()})`,
            )
            .then(
              () => 'booked',
              (error: { code?: string }) => error.code ?? 'unknown',
            ),
        ),
      )
      const counts: Record<string, number> = {}
      for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1
      console.info(`[contention] 200 bare INSERTs for 10 seats on ${h.db.kind}: ${JSON.stringify(counts)}`)
      // LB007: the trigger's "slot full", raised against the locked slot row.
      expect(counts).toEqual({ booked: 10, LB007: 190 })
      expect(await slotState(h.db, slotId)).toEqual({ booked: 10, capacity: 10, active: 10, waiting: 0 })
    },
  )
})
