import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeUser } from '../support/fixtures'
import { openTestDb, startHarness, type Harness } from '../support/harness'
import { TEN_YEARS_TTL } from '../wishes/helpers'
import { at, bookSlot, MONDAY, ok, slotAt, stationScene } from './helpers'

/**
 * A check-in code is drawn among the codes not in use, so a code drawn twice never fails the request. The repeat is
 * made real, not mocked: PostgreSQL's random() is seeded per connection (`setseed`), so on a database of one
 * connection the same seed makes the next booking draw the code a booking already holds first.
 */
let h: Harness
beforeAll(async () => {
  h = await startHarness({ db: await openTestDb(1), env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

/**
 * A seed of its own for each test: one used before (by an earlier test, or an earlier run on PostgreSQL, whose
 * database lives on) would draw codes already held.
 */
const newSeed = () => Math.random() * 2 - 1

const seedRandom = (seed: number) => h.db.query(sql`SELECT setseed(${seed})`)

/** The codes the connection's random() gives after the seed, in the order it gives them. */
async function codesAfterSeed(seed: number, count: number): Promise<string[]> {
  await seedRandom(seed)
  const codes: string[] = []
  for (let i = 0; i < count; i++) {
    const [row] = await h.db.query<{ r: number }>(sql`SELECT random() AS r`)
    codes.push(String(Math.floor(row!.r * 100_000_000)).padStart(8, '0'))
  }
  return codes
}

describe('the check-in code', () => {
  it('is drawn again when the first draw is a code in use, and the booking is made', async () => {
    const s = await stationScene(h)
    const seed = newSeed()
    const [nine, ten] = [await slotAt(h, s.service.id, MONDAY, '09:00'), await slotAt(h, s.service.id, MONDAY, '10:00')]
    await seedRandom(seed)
    const first = await bookSlot(h, s.resident, nine)
    // The instance knows the caller, as it knows anyone who has opened the app: the booking is the request's first
    // statement, carrying the caller's check, and a request whose first statement failed can send no other.
    await ok(h, 'GET', '/api/me', s.resident2)
    await seedRandom(seed)
    const second = await bookSlot(h, s.resident2, ten)

    const [repeat, next] = await codesAfterSeed(seed, 2)
    // The second booking's first draw was the first booking's code; it got the next one.
    expect([first.code, second.code]).toEqual([repeat, next])
    expect(next).not.toBe(repeat)
  })

  it('is drawn again for a place on the waitlist given a freed seat, which is not lost to the repeat', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const seed = newSeed()
    const slotId = await slotAt(h, s.service.id, MONDAY, '11:00')
    const holder = await makeUser(h, 'resident', s.communityId)
    await seedRandom(seed)
    const held = await bookSlot(h, holder, slotId)
    await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident, { partySize: 1 }, 201)

    h.clock.set(at(MONDAY, '08:20'))
    await seedRandom(seed)
    await ok(h, 'POST', `/api/bookings/${held.id}/cancel`, holder)

    const [repeat, next] = await codesAfterSeed(seed, 2)
    const mine = await ok(h, 'GET', '/api/me/bookings', s.resident)
    expect(mine.items).toMatchObject([{ slotId, status: 'booked', fromWaitlist: true }])
    const [row] = await h.db.query<{ code: string }>(sql`SELECT code FROM bookings WHERE id = ${mine.items[0].id}`)
    expect([held.code, row!.code]).toEqual([repeat, next])
  })
})
