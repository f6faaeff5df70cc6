import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import type { Queryable } from '../../../src/server/db/types'
import { at, bookSlot, MONDAY, ok, slotAt, stationScene } from '../stations/helpers'
import { openTopic, topicScene } from '../topics/helpers'
import { checkInvariants, describeViolations, type Violation } from '../support/invariants'
import { startHarness, type Harness } from '../support/harness'
import { act, claimedWish, fulfilledWish, openWish, wishScene } from '../wishes/helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

/** The three loops run through the API, leaving rows in every state the invariants look at. */
async function scenario() {
  // 微心愿: one completed (hours recorded), one fulfilled, one claimed, one released and claimed again, one open.
  const w = await wishScene(h)
  const completed = await fulfilledWish(h, w.owner, w.staff, w.volunteer)
  await act(h, w.owner, completed, 'confirm', { rating: 5, thanks: '谢谢' })
  const fulfilled = await fulfilledWish(h, w.stranger, w.staff, w.volunteer2)
  const claimed = await claimedWish(h, w.owner, w.staff, w.volunteer)
  await act(h, w.volunteer, claimed, 'release', { reason: '临时要出差' })
  await act(h, w.volunteer2, claimed, 'claim')
  await openWish(h, w.stranger, w.staff)

  // 驿站预约: bookings, a cancellation that promotes the waitlist, a check-in, someone still waiting.
  const s = await stationScene(h, { capacity: 2 })
  const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
  const first = await bookSlot(h, s.resident, slotId)
  await bookSlot(h, s.resident2, slotId)
  await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident3, { partySize: 1 }, 201)
  await ok(h, 'POST', `/api/bookings/${first.id}/cancel`, s.resident)
  await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident, { partySize: 1 }, 201)
  const later = await slotAt(h, s.service.id, MONDAY, '11:00')
  const kept = await bookSlot(h, s.resident, later, 2)
  h.clock.set(at(MONDAY, '10:45'))
  await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: kept.code })

  // 议事协商: one topic voted on and closed (tally frozen), one still open with a ballot changed.
  const t = await topicScene(h)
  const closing = await openTopic(h, t, { maxChoices: 2 })
  const [a, b] = (closing.options as { id: string }[]).map((o) => o.id)
  await ok(h, 'PUT', `/api/topics/${closing.id}/ballot`, t.neighbour, { optionIds: [a, b] })
  await ok(h, 'PUT', `/api/topics/${closing.id}/ballot`, t.neighbour2, { optionIds: [b] })
  await ok(h, 'POST', `/api/topics/${closing.id}/close`, t.staff)
  const open = await openTopic(h, t)
  const [x, y] = (open.options as { id: string }[]).map((o) => o.id)
  await ok(h, 'PUT', `/api/topics/${open.id}/ballot`, t.neighbour, { optionIds: [x] })
  await ok(h, 'PUT', `/api/topics/${open.id}/ballot`, t.neighbour, { optionIds: [y] })

  return { w, completed, fulfilled, claimed, s, slotId, t, closing: closing.id as string, open: open.id as string }
}

class Rollback extends Error {
  constructor(readonly violations: Violation[]) {
    super('rolled back on purpose')
  }
}

/** Breaks rows in a transaction, checks the invariants in it and rolls it back: nobody else ever sees the rows. */
async function violationsAfter(breakRows: (q: Queryable) => Promise<void>): Promise<Violation[]> {
  try {
    await h.db.tx(async (q) => {
      await breakRows(q)
      throw new Rollback(await checkInvariants(q))
    })
  } catch (error) {
    if (error instanceof Rollback) return error.violations
    throw error
  }
  throw new Error('the transaction was not rolled back')
}

describe('the invariant suite', () => {
  let scene: Awaited<ReturnType<typeof scenario>>

  it('finds nothing wrong after the three loops ran through the API', async () => {
    scene = await scenario()
    const violations = await checkInvariants(h.db)
    expect(violations, describeViolations(violations)).toEqual([])
  })

  it('reports rows broken on purpose, each by the invariant it breaks', async () => {
    const { w, completed, claimed, s, slotId, closing } = scene
    const violations = await violationsAfter(async (q) => {
      // A seat given back that a booking still holds, and a counter that lost a booking.
      await q.query(sql`UPDATE slots SET booked = booked - 1 WHERE id = ${slotId}`)
      await q.query(sql`UPDATE users SET upcoming_bookings = 0 WHERE id = ${s.resident2.id}`)
      // A claimed wish whose claimer is not the one holding its live claim.
      await q.query(sql`UPDATE wishes SET claimer_id = ${w.volunteer.id} WHERE id = ${claimed}`)
      // Hours of a confirmed wish lost.
      await q.query(sql`DELETE FROM volunteer_hours WHERE wish_id = ${completed}`)
      // A frozen tally that no longer matches the ballots.
      await q.query(sql`UPDATE topic_options SET final_count = final_count + 1 WHERE topic_id = ${closing}`)
    })
    const about = (invariant: string) => violations.find((v) => v.invariant === invariant)
    expect(about('slot_booked_matches_bookings')?.examples).toContainEqual(expect.objectContaining({ slot_id: slotId }))
    expect(about('upcoming_bookings_counter')?.examples).toContainEqual(
      expect.objectContaining({ user_id: s.resident2.id, upcoming_bookings: 0, booked: 1 }),
    )
    expect(about('claimed_wish_matches_live_claim')?.examples).toContainEqual(
      expect.objectContaining({ wish_id: claimed, claimer_id: w.volunteer.id }),
    )
    expect(about('volunteer_hours_match_completed_wishes')?.examples).toContainEqual(
      expect.objectContaining({ wish_id: completed, record_id: null }),
    )
    expect(about('closed_topic_tally_frozen')?.examples).toContainEqual(expect.objectContaining({ topic_id: closing }))
    // Rolled back: the database is as it was.
    const after = await checkInvariants(h.db)
    expect(after, describeViolations(after)).toEqual([])
  })

  // Dropping a constraint takes the table's exclusive lock: only on PGlite, whose database is this file's alone, not on
  // the PostgreSQL database the other files share.
  it.skipIf(Boolean(process.env.TEST_DATABASE_URL))(
    'reports a second live claim and an over-full slot, written past the constraints that refuse them',
    async () => {
      const { w, fulfilled, slotId } = scene
      const violations = await violationsAfter(async (q) => {
        // The constraints refuse these rows; dropping them inside the transaction shows what the suite would see.
        await q.query(sql`DROP INDEX wish_claims_one_live`)
        await q.query(
          sql`INSERT INTO wish_claims (wish_id, volunteer_id, claimed_at) VALUES (${fulfilled}, ${w.volunteer.id}, now())`,
        )
        await q.query(sql`ALTER TABLE slots DROP CONSTRAINT slots_booked_within_capacity`)
        await q.query(sql`UPDATE slots SET booked = capacity + 1 WHERE id = ${slotId}`)
      })
      const names = violations.map((v) => v.invariant)
      expect(names).toEqual(
        expect.arrayContaining(['one_live_claim_per_wish', 'claimed_wish_matches_live_claim', 'slot_within_capacity']),
      )
    },
  )
})
