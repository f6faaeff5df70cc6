import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeUser, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { DAY_MS, TEN_YEARS_TTL } from '../wishes/helpers'
import {
  at,
  bookSlot,
  expectError,
  MINUTE_MS,
  MONDAY,
  notificationsOf,
  ok,
  slotAt,
  slotState,
  stationScene,
} from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

const TUESDAY = '2030-01-08'
const CRON_SECRET = 'stations-rules-cron-secret-0123'

const book = (h: Harness, user: TestUser, slotId: string, partySize = 1) =>
  call(h.app, 'POST', '/api/bookings', { token: user.token, body: { slotId, partySize } })
const cancel = (h: Harness, user: TestUser, bookingId: string) =>
  call(h.app, 'POST', `/api/bookings/${bookingId}/cancel`, { token: user.token })
const wait = (h: Harness, user: TestUser, slotId: string, partySize = 1) =>
  ok(h, 'POST', `/api/slots/${slotId}/waitlist`, user, { partySize }, 201)

/** Slot ids of a service on a date at Shanghai times, in the order asked. */
const slotsAt = async (h: Harness, serviceId: string, date: string, times: string[]) => {
  const ids: string[] = []
  for (const time of times) ids.push(await slotAt(h, serviceId, date, time))
  return ids
}

async function bookingStatus(db: Harness['db'], id: string) {
  const [row] = await db.query<{ status: string; no_show_at: Date | null; cancel_reason: string | null }>(
    sql`SELECT status, no_show_at, cancel_reason FROM bookings WHERE id = ${id}`,
  )
  return row!
}

async function userCounters(db: Harness['db'], userId: string) {
  const [row] = await db.query<{ upcoming_bookings: number; booking_suspended_until: Date | null }>(
    sql`SELECT upcoming_bookings, booking_suspended_until FROM users WHERE id = ${userId}`,
  )
  return row!
}

/** The counter the 3-booking rule reads, and what it stands for: bookings still booked whose slot has not ended. */
async function upcoming(hh: Harness, userId: string) {
  const [row] = await hh.db.query<{ counter: number; booked: number }>(
    sql`SELECT u.upcoming_bookings AS counter,
            (SELECT count(*)::int FROM bookings b JOIN slots sl ON sl.id = b.slot_id
             WHERE b.user_id = u.id AND b.status = 'booked' AND sl.ends_at > ${hh.clock.now()}) AS booked
     FROM users u WHERE u.id = ${userId}`,
  )
  return row!
}

async function waitlistStatuses(db: Harness['db'], slotId: string) {
  return db.query<{ user_id: string; status: string; booking_id: string | null }>(
    sql`SELECT user_id, status, booking_id FROM waitlist_entries WHERE slot_id = ${slotId} ORDER BY seq`,
  )
}

const idsOf = (page: { items: { id: string }[] }) => page.items.map((x) => x.id)

describe('at most 3 upcoming bookings', () => {
  it('refuses a fourth: 409 BOOKING_LIMIT_REACHED; after a cancellation, booking works again', async () => {
    const s = await stationScene(h)
    const [a, b, c, d] = await slotsAt(h, s.service.id, TUESDAY, ['09:00', '09:30', '10:00', '10:30'])
    const first = await bookSlot(h, s.resident, a!)
    await bookSlot(h, s.resident, b!)
    await bookSlot(h, s.resident, c!)
    expect(await upcoming(h, s.resident.id)).toEqual({ counter: 3, booked: 3 })
    expectError(await book(h, s.resident, d!), 409, 'BOOKING_LIMIT_REACHED')
    expect(await slotState(h.db, d!)).toMatchObject({ booked: 0, active: 0 })

    await ok(h, 'POST', `/api/bookings/${first.id}/cancel`, s.resident)
    expect(await upcoming(h, s.resident.id)).toEqual({ counter: 2, booked: 2 })
    await bookSlot(h, s.resident, d!)
    expect(await upcoming(h, s.resident.id)).toEqual({ counter: 3, booked: 3 })
    // Another resident is not held by the first one's limit.
    await bookSlot(h, s.resident2, d!)
  })

  it('stops counting a booking once its slot is over: the fourth books after the first slot ended', async () => {
    const s = await stationScene(h)
    const [a, b, c] = await slotsAt(h, s.service.id, MONDAY, ['09:00', '09:30', '10:00'])
    const later = await slotAt(h, s.service.id, TUESDAY, '09:00')
    const missed = await bookSlot(h, s.resident, a!)
    await bookSlot(h, s.resident, b!)
    await bookSlot(h, s.resident, c!)
    h.clock.set(at(MONDAY, '09:31'))
    await bookSlot(h, s.resident, later)
    // The booking wrote the missed one as a no-show.
    expect(await bookingStatus(h.db, missed.id)).toMatchObject({ status: 'no_show' })
    expect(await upcoming(h, s.resident.id)).toEqual({ counter: 3, booked: 3 })
  })
})

describe('one active booking per user and slot', () => {
  it('refuses a second booking of a slot, and allows one again after cancelling', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const first = await bookSlot(h, s.resident, slotId, 2)
    expectError(await book(h, s.resident, slotId, 1), 409, 'ALREADY_BOOKED')
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 2, active: 2 })

    await ok(h, 'POST', `/api/bookings/${first.id}/cancel`, s.resident)
    const again = await bookSlot(h, s.resident, slotId, 1)
    expect(again.id).not.toBe(first.id)
    expect(again.code).not.toBe(first.code)
    const rows = await h.db.query<{ status: string }>(
      sql`SELECT status FROM bookings WHERE user_id = ${s.resident.id} AND slot_id = ${slotId} ORDER BY created_at, status`,
    )
    expect(rows.map((r) => r.status).sort()).toEqual(['booked', 'cancelled'])
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 1, active: 1 })
  })
})

describe('party size counts seats', () => {
  it('a slot of 4 takes a party of 3, then refuses 2 (SLOT_FULL) and takes 1', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    await bookSlot(h, s.resident, slotId, 3)
    expectError(await book(h, s.resident2, slotId, 2), 409, 'SLOT_FULL')
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 3, active: 3 })
    await bookSlot(h, s.resident3, slotId, 1)
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 4, active: 4 })
    expectError(await book(h, s.resident2, slotId, 1), 409, 'SLOT_FULL')
    const day = await ok(h, 'GET', `/api/services/${s.service.id}/slots?date=${MONDAY}`, null)
    expect(day.items.find((x: { id: string }) => x.id === slotId)).toMatchObject({ capacity: 4, remaining: 0 })
  })
})

describe('no-shows', () => {
  let past: Harness
  beforeAll(async () => {
    // The cron job marks every booking in the database whose slot has ended, and other files share the database on
    // PostgreSQL: this harness lives in a past of its own (the wish files' cron past starts in 1990), so what it
    // marks is only what it made.
    past = await startHarness({ db: h.db, env: TEN_YEARS_TTL, config: { cronSecret: CRON_SECRET } })
  })

  it('a booking not checked in reads as no_show once its slot ends; reading writes nothing, the next booking does', async () => {
    // In 2030, where no cron job of any test file runs: what the database holds is what this test did.
    const s = await stationScene(h)
    const [nine, ten] = await slotsAt(h, s.service.id, MONDAY, ['09:00', '10:00'])
    const missed = await bookSlot(h, s.resident, nine!)
    const coming = await bookSlot(h, s.resident, ten!)
    h.clock.set(at(MONDAY, '09:31'))
    const pastPage = await ok(h, 'GET', '/api/me/bookings?scope=past', s.resident)
    expect(
      pastPage.items.map((b: { id: string; status: string; canCancel: boolean }) => [b.id, b.status, b.canCancel]),
    ).toEqual([[missed.id, 'no_show', false]])
    expect(idsOf(await ok(h, 'GET', '/api/me/bookings', s.resident))).toEqual([coming.id])
    const forStaff = await ok(h, 'GET', `/api/services/${s.service.id}/bookings?date=${MONDAY}`, s.staff)
    expect(forStaff.items.map((b: { id: string; status: string }) => [b.id, b.status])).toEqual([
      [missed.id, 'no_show'],
      [coming.id, 'booked'],
    ])
    expectError(await cancel(h, s.resident, missed.id), 409, 'CANCEL_WINDOW_CLOSED')
    expect(await bookingStatus(h.db, missed.id)).toEqual({ status: 'booked', no_show_at: null, cancel_reason: null })

    await bookSlot(h, s.resident, await slotAt(h, s.service.id, TUESDAY, '09:00'))
    expect(await bookingStatus(h.db, missed.id)).toEqual({
      status: 'no_show',
      no_show_at: new Date(at(MONDAY, '09:30')),
      cancel_reason: null,
    })
    expect(await upcoming(h, s.resident.id)).toEqual({ counter: 2, booked: 2 })
  })

  it('the cron job writes no-shows, and the suspension a third one earns', async () => {
    // On PostgreSQL the wish files' cron job (run in 1990 and after) may mark these bookings too, at any moment: every
    // step here ends the same whoever marks them, and this run counts at least those still unmarked as it starts.
    // Nothing else writes them: reading does not (the test above), and nobody books in between.
    const s = await stationScene(past)
    const day = '1985-06-03'
    past.clock.set(at(day, '08:00'))
    const slots = await slotsAt(past, s.service.id, day, ['09:00', '09:30', '10:00'])
    const missed = []
    for (const slotId of slots) missed.push(await bookSlot(past, s.resident, slotId))

    past.clock.set(at(day, '11:31'))
    const [row] = await h.db.query<{ pending: number }>(
      sql`SELECT count(*)::int AS pending FROM bookings WHERE id = ANY(${missed.map((b) => b.id)}::uuid[]) AND status = 'booked'`,
    )
    const auth = { authorization: `Bearer ${CRON_SECRET}` }
    const run = await call(past.app, 'POST', '/api/cron/expire', { headers: auth })
    expect(run.status).toBe(200)
    expect(run.body).toEqual({ expiredWishes: expect.any(Number), noShows: expect.any(Number) })
    expect(run.body.noShows).toBeGreaterThanOrEqual(row!.pending)
    for (const [booking, end] of [
      [missed[0]!, '09:30'],
      [missed[1]!, '10:00'],
      [missed[2]!, '10:30'],
    ] as const) {
      expect(await bookingStatus(h.db, booking.id)).toEqual({
        status: 'no_show',
        no_show_at: new Date(at(day, end)),
        cancel_reason: null,
      })
    }
    // The third no-show suspends booking for 14 days from its slot's end.
    expect(await userCounters(h.db, s.resident.id)).toEqual({
      upcoming_bookings: 0,
      booking_suspended_until: new Date(Date.parse(at(day, '10:30')) + 14 * DAY_MS),
    })
    const again = await call(past.app, 'GET', '/api/cron/expire', { headers: auth })
    expect(again.status).toBe(200)
    expect(await bookingStatus(h.db, missed[2]!.id)).toMatchObject({ status: 'no_show' })

    // Written, the suspension holds for the booking and the waitlist alike.
    const [nextDay, full] = await slotsAt(past, s.service.id, '1985-06-04', ['09:00', '10:00'])
    expectError(await book(past, s.resident, nextDay!), 409, 'BOOKING_SUSPENDED')
    await bookSlot(past, s.resident2, nextDay!)
    await bookSlot(past, s.resident3, full!, 4)
    expectError(
      await call(past.app, 'POST', `/api/slots/${full}/waitlist`, { token: s.resident.token, body: { partySize: 1 } }),
      409,
      'BOOKING_SUSPENDED',
    )
    expect(await userCounters(h.db, s.resident2.id)).toMatchObject({ booking_suspended_until: null })
  })

  /** Books the 09:00 slot of each date, one after another as the days come, never showing up. */
  async function missEach(s: Awaited<ReturnType<typeof stationScene>>, user: TestUser, dates: string[]) {
    const bookings = []
    for (const date of dates) {
      h.clock.set(at(date, '08:00'))
      bookings.push(await bookSlot(h, user, await slotAt(h, s.service.id, date, '09:00')))
    }
    return bookings
  }

  it('3 no-shows within 30 days suspend booking for 14 days from the third slot’s end', async () => {
    const s = await stationScene(h)
    // The first and the third slot are 29 days apart.
    const missed = await missEach(s, s.resident, [MONDAY, '2030-01-21', '2030-02-05'])
    h.clock.set(at('2030-02-06', '08:00'))
    const tomorrow = await slotAt(h, s.service.id, '2030-02-06', '10:00')
    expectError(await book(h, s.resident, tomorrow), 409, 'BOOKING_SUSPENDED')
    const past = await ok(h, 'GET', '/api/me/bookings?scope=past', s.resident)
    expect(past.items.map((b: { id: string; status: string }) => [b.id, b.status])).toEqual(
      [...missed].reverse().map((b) => [b.id, 'no_show']),
    )
    // Still suspended a minute before the 14 days are up; booking again right after.
    const end = Date.parse(at('2030-02-05', '09:30')) + 14 * DAY_MS
    h.clock.set(new Date(end - MINUTE_MS))
    const date = '2030-02-19'
    expect(new Date(end).toISOString()).toBe(at(date, '09:30'))
    const later = await slotAt(h, s.service.id, date, '10:00')
    expectError(await book(h, s.resident, later), 409, 'BOOKING_SUSPENDED')
    h.clock.set(new Date(end + MINUTE_MS))
    await bookSlot(h, s.resident, later)
    expect(await userCounters(h.db, s.resident.id)).toEqual({
      upcoming_bookings: 1,
      booking_suspended_until: new Date(end),
    })
    expect((await Promise.all(missed.map((b) => bookingStatus(h.db, b.id)))).map((b) => b.status)).toEqual([
      'no_show',
      'no_show',
      'no_show',
    ])
  })

  it('joining a waitlist writes the joiner’s no-shows first: the third one refuses the place, 409 BOOKING_SUSPENDED', async () => {
    const s = await stationScene(h, { capacity: 1 })
    await missEach(s, s.resident, [MONDAY, '2030-01-21', '2030-02-05'])
    h.clock.set(at('2030-02-06', '08:00'))
    const full = await slotAt(h, s.service.id, '2030-02-06', '10:00')
    await bookSlot(h, s.resident2, full)
    expectError(
      await call(h.app, 'POST', `/api/slots/${full}/waitlist`, { token: s.resident.token, body: { partySize: 1 } }),
      409,
      'BOOKING_SUSPENDED',
    )
    expect(await slotState(h.db, full)).toMatchObject({ booked: 1, waiting: 0 })
  })

  it('3 no-shows spread over more than 30 days do not suspend', async () => {
    const s = await stationScene(h)
    // The first and the third slot are 31 days apart: no 30 days hold three.
    await missEach(s, s.resident, [MONDAY, '2030-01-27', '2030-02-07'])
    h.clock.set(at('2030-02-08', '08:00'))
    await bookSlot(h, s.resident, await slotAt(h, s.service.id, '2030-02-08', '10:00'))
    expect(await userCounters(h.db, s.resident.id)).toEqual({ upcoming_bookings: 1, booking_suspended_until: null })
    const past = await ok(h, 'GET', '/api/me/bookings?scope=past', s.resident)
    expect(past.items.map((b: { status: string }) => b.status)).toEqual(['no_show', 'no_show', 'no_show'])
  })

  it('a checked-in booking is not a no-show: two misses and a visit do not suspend', async () => {
    const s = await stationScene(h)
    const [visit] = await missEach(s, s.resident, [MONDAY])
    h.clock.set(at(MONDAY, '08:30'))
    await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: visit!.code })
    await missEach(s, s.resident, [TUESDAY, '2030-01-09'])
    h.clock.set(at('2030-01-10', '08:00'))
    await bookSlot(h, s.resident, await slotAt(h, s.service.id, '2030-01-10', '10:00'))
    expect((await userCounters(h.db, s.resident.id)).booking_suspended_until).toBeNull()
  })
})

describe('the cancellation cut-off', () => {
  it('with 60 minutes: cancelling 61 minutes before the start works, 59 minutes before is CANCEL_WINDOW_CLOSED', async () => {
    const s = await stationScene(h, { cancelCutoffMinutes: 60 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '11:00')
    const start = Date.parse(at(MONDAY, '11:00'))
    const early = await bookSlot(h, s.resident, slotId)
    const late = await bookSlot(h, s.resident2, slotId)
    expect(early.cancelDeadline).toBe(at(MONDAY, '10:00'))

    h.clock.set(new Date(start - 61 * MINUTE_MS))
    expect((await cancel(h, s.resident, early.id)).status).toBe(200)
    h.clock.set(new Date(start - 59 * MINUTE_MS))
    expectError(await cancel(h, s.resident2, late.id), 409, 'CANCEL_WINDOW_CLOSED')
    expect(await bookingStatus(h.db, late.id)).toMatchObject({ status: 'booked' })
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 1, active: 1 })
  })

  it('follows the service’s own cut-off', async () => {
    const s = await stationScene(h, { cancelCutoffMinutes: 0 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '11:00')
    const booking = await bookSlot(h, s.resident, slotId)
    expect(booking.cancelDeadline).toBe(at(MONDAY, '11:00'))
    h.clock.set(at(MONDAY, '10:59'))
    expect((await cancel(h, s.resident, booking.id)).status).toBe(200)

    await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { cancelCutoffMinutes: 180 })
    h.clock.set(at(MONDAY, '08:00'))
    const tuesday = await bookSlot(h, s.resident2, await slotAt(h, s.service.id, TUESDAY, '11:00'))
    expect(tuesday.cancelDeadline).toBe(at(TUESDAY, '08:00'))
    h.clock.set(at(TUESDAY, '08:01'))
    expectError(await cancel(h, s.resident2, tuesday.id), 409, 'CANCEL_WINDOW_CLOSED')
  })
})

describe('the waitlist', () => {
  it('serves freed seats first come, first served, and tells the one served', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const holder = await makeUser(h, 'resident', s.communityId)
    const held = await bookSlot(h, holder, slotId)
    // The line: resident3, resident, resident2.
    for (const user of [s.resident3, s.resident, s.resident2]) await wait(h, user, slotId)
    expect((await ok(h, 'GET', '/api/me/waitlist', s.resident2)).items).toMatchObject([{ position: 3 }])

    h.clock.set(at(MONDAY, '08:20'))
    await ok(h, 'POST', `/api/bookings/${held.id}/cancel`, holder)
    const promoted = await ok(h, 'GET', '/api/me/bookings', s.resident3)
    expect(promoted.items).toMatchObject([
      { slotId, status: 'booked', fromWaitlist: true, partySize: 1, createdAt: at(MONDAY, '08:20') },
    ])
    expect(await notificationsOf(h, s.resident3.id)).toMatchObject([
      { kind: 'booking.promoted', entity_id: promoted.items[0].id, body: expect.stringContaining('健康咨询') },
    ])
    expect((await ok(h, 'GET', '/api/me/waitlist', s.resident2)).items).toMatchObject([{ position: 2 }])
    expect(await notificationsOf(h, s.resident.id)).toEqual([])

    await ok(h, 'POST', `/api/bookings/${promoted.items[0].id}/cancel`, s.resident3)
    expect((await ok(h, 'GET', '/api/me/bookings', s.resident)).items).toMatchObject([{ slotId, fromWaitlist: true }])
    expect((await ok(h, 'GET', '/api/me/waitlist', s.resident2)).items).toMatchObject([{ position: 1 }])
    expect(await waitlistStatuses(h.db, slotId)).toMatchObject([
      { user_id: s.resident3.id, status: 'promoted', booking_id: promoted.items[0].id },
      { user_id: s.resident.id, status: 'promoted', booking_id: expect.any(String) },
      { user_id: s.resident2.id, status: 'waiting', booking_id: null },
    ])
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 1, active: 1, waiting: 1 })
    expect(await upcoming(h, s.resident.id)).toEqual({ counter: 1, booked: 1 })
  })

  it('is strict: a party too big for the freed seats holds up those behind it', async () => {
    const s = await stationScene(h, { capacity: 4 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const a = await bookSlot(h, s.resident, slotId, 2)
    const b = await bookSlot(h, s.resident2, slotId, 2)
    const [big, small] = [await makeUser(h, 'resident', s.communityId), await makeUser(h, 'resident', s.communityId)]
    await wait(h, big, slotId, 3)
    await wait(h, small, slotId, 1)

    // Two seats free: the party of three does not fit, and the party of one behind it is not served either.
    await ok(h, 'POST', `/api/bookings/${a.id}/cancel`, s.resident)
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 2, waiting: 2 })
    expect((await ok(h, 'GET', '/api/me/waitlist', small)).items).toMatchObject([{ position: 2, status: 'waiting' }])
    expect((await ok(h, 'GET', '/api/me/bookings', small)).items).toEqual([])
    expect(await notificationsOf(h, small.id)).toEqual([])

    // Four seats free: three to the first in line, then one to the next.
    await ok(h, 'POST', `/api/bookings/${b.id}/cancel`, s.resident2)
    expect((await ok(h, 'GET', '/api/me/bookings', big)).items).toMatchObject([{ partySize: 3, fromWaitlist: true }])
    expect((await ok(h, 'GET', '/api/me/bookings', small)).items).toMatchObject([{ partySize: 1, fromWaitlist: true }])
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 4, active: 4, waiting: 0 })
  })

  it('passes over someone who can no longer take the seat (3 upcoming): they leave the line, told, and the next is served', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '11:00')
    const holder = await makeUser(h, 'resident', s.communityId)
    const held = await bookSlot(h, holder, slotId)
    await wait(h, s.resident, slotId)
    await wait(h, s.resident2, slotId)
    for (const time of ['09:00', '09:30', '10:00'])
      await bookSlot(h, s.resident, await slotAt(h, s.service.id, TUESDAY, time))

    await ok(h, 'POST', `/api/bookings/${held.id}/cancel`, holder)
    expect(await waitlistStatuses(h.db, slotId)).toMatchObject([
      { user_id: s.resident.id, status: 'lapsed', booking_id: null },
      { user_id: s.resident2.id, status: 'promoted', booking_id: expect.any(String) },
    ])
    expect(await notificationsOf(h, s.resident.id)).toMatchObject([
      { kind: 'booking.waitlist_lapsed', entity_id: slotId, body: expect.stringContaining('3') },
    ])
    expect(await notificationsOf(h, s.resident2.id)).toMatchObject([{ kind: 'booking.promoted' }])
    expect((await ok(h, 'GET', '/api/me/waitlist', s.resident)).items).toEqual([])
    expect(await upcoming(h, s.resident.id)).toEqual({ counter: 3, booked: 3 })
    expect(await upcoming(h, s.resident2.id)).toEqual({ counter: 1, booked: 1 })
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 1, active: 1, waiting: 0 })
  })
  it('serves the line at once when the service’s capacity is raised', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    await bookSlot(h, await makeUser(h, 'resident', s.communityId), slotId)
    await wait(h, s.resident, slotId)
    await wait(h, s.resident2, slotId, 2)

    h.clock.set(at(MONDAY, '08:15'))
    await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { capacity: 2 })
    expect((await ok(h, 'GET', '/api/me/bookings', s.resident)).items).toMatchObject([
      { slotId, fromWaitlist: true, createdAt: at(MONDAY, '08:15') },
    ])
    expect(await notificationsOf(h, s.resident.id)).toMatchObject([{ kind: 'booking.promoted' }])
    // The party of two behind does not fit the seat left; it keeps its place.
    expect(await waitlistStatuses(h.db, slotId)).toMatchObject([
      { user_id: s.resident.id, status: 'promoted' },
      { user_id: s.resident2.id, status: 'waiting' },
    ])
    expect(await slotState(h.db, slotId)).toMatchObject({ capacity: 2, booked: 2, active: 2, waiting: 1 })
  })

  it('stands still while the service is paused: a cancellation promotes nobody and joining is 409 SLOT_CLOSED', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const holder = await makeUser(h, 'resident', s.communityId)
    const held = await bookSlot(h, holder, slotId)
    await wait(h, s.resident, slotId)
    await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { active: false })

    await ok(h, 'POST', `/api/bookings/${held.id}/cancel`, holder)
    expect(await waitlistStatuses(h.db, slotId)).toMatchObject([{ user_id: s.resident.id, status: 'waiting' }])
    expect(await notificationsOf(h, s.resident.id)).toEqual([])
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 0, waiting: 1 })
    expectError(
      await call(h.app, 'POST', `/api/slots/${slotId}/waitlist`, { token: s.resident2.token, body: { partySize: 1 } }),
      409,
      'SLOT_CLOSED',
    )
  })
})

describe('a closure', () => {
  it('cancels the day’s bookings, tells their holders, ends the waitlists, and the day refuses bookings', async () => {
    const s = await stationScene(h, { capacity: 2 })
    const [nine, ten] = await slotsAt(h, s.service.id, TUESDAY, ['09:00', '10:00'])
    const monday = await slotAt(h, s.service.id, MONDAY, '10:00')
    const a = await bookSlot(h, s.resident, nine!, 2)
    const b = await bookSlot(h, s.resident2, ten!)
    const untouched = await bookSlot(h, s.resident2, monday)
    const entry = await wait(h, s.resident3, nine!)

    h.clock.set(at(MONDAY, '08:30'))
    const closed = await ok(
      h,
      'POST',
      `/api/stations/${s.station.id}/closures`,
      s.staff,
      { date: TUESDAY, reason: '消防演练' },
      201,
    )
    expect(closed.cancelledBookings).toBe(2)
    for (const booking of [a, b]) {
      expect(await bookingStatus(h.db, booking.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'closure' })
    }
    expect(await bookingStatus(h.db, untouched.id)).toMatchObject({ status: 'booked' })
    const mine = await ok(h, 'GET', '/api/me/bookings?scope=past', s.resident)
    expect(mine.items).toMatchObject([
      { id: a.id, status: 'cancelled', cancelReason: 'closure', cancelledAt: at(MONDAY, '08:30'), canCancel: false },
    ])
    expect(await notificationsOf(h, s.resident.id)).toMatchObject([
      { kind: 'booking.cancelled_by_closure', entity_id: a.id, body: expect.stringContaining('消防演练') },
    ])
    expect(await notificationsOf(h, s.resident2.id)).toMatchObject([
      { kind: 'booking.cancelled_by_closure', entity_id: b.id },
    ])
    // The freed seats go to nobody: the waitlist ends, without a promotion.
    expect(await waitlistStatuses(h.db, nine!)).toMatchObject([
      { user_id: s.resident3.id, status: 'cancelled', booking_id: null },
    ])
    expect(await notificationsOf(h, s.resident3.id)).toEqual([])
    expect((await ok(h, 'GET', '/api/me/waitlist', s.resident3)).items).toEqual([])
    expectError(
      await call(h.app, 'POST', `/api/waitlist/${entry.id}/cancel`, { token: s.resident3.token }),
      409,
      'WAITLIST_NOT_ACTIVE',
    )
    expect(await slotState(h.db, nine!)).toMatchObject({ booked: 0, active: 0, waiting: 0 })
    expect(await upcoming(h, s.resident.id)).toEqual({ counter: 0, booked: 0 })
    expect(await upcoming(h, s.resident2.id)).toEqual({ counter: 1, booked: 1 })

    // The closed day's slots take no booking and no place in line.
    expectError(await book(h, s.resident3, nine!), 409, 'SLOT_CLOSED')
    expectError(await book(h, s.resident, ten!), 409, 'SLOT_CLOSED')
    expectError(
      await call(h.app, 'POST', `/api/slots/${nine}/waitlist`, { token: s.resident.token, body: { partySize: 1 } }),
      409,
      'SLOT_CLOSED',
    )
    expect(await slotState(h.db, nine!)).toMatchObject({ booked: 0, waiting: 0 })
  })
  it('of today leaves the slots that have ended as they were: a missed booking stays a no-show', async () => {
    const s = await stationScene(h)
    const [nine, eleven] = await slotsAt(h, s.service.id, MONDAY, ['09:00', '11:00'])
    const missed = await bookSlot(h, s.resident, nine!)
    const later = await bookSlot(h, s.resident, eleven!)

    h.clock.set(at(MONDAY, '10:05'))
    const closed = await ok(
      h,
      'POST',
      `/api/stations/${s.station.id}/closures`,
      s.staff,
      { date: MONDAY, reason: '停电检修' },
      201,
    )
    expect(closed.cancelledBookings).toBe(1)
    expect(await bookingStatus(h.db, later.id)).toMatchObject({ status: 'cancelled', cancel_reason: 'closure' })
    expect(await bookingStatus(h.db, missed.id)).toMatchObject({ status: 'booked', cancel_reason: null })
    expect(await notificationsOf(h, s.resident.id)).toMatchObject([{ entity_id: later.id }])
    const past = await ok(h, 'GET', '/api/me/bookings?scope=past', s.resident)
    expect(past.items.find((b: { id: string }) => b.id === missed.id)).toMatchObject({ status: 'no_show' })
  })
})

describe('the upcoming counter', () => {
  it('equals each user’s booked, not-ended bookings after a mix of operations', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const users = [s.resident, s.resident2, s.resident3]
    const consistent = async () => {
      for (const user of users) {
        const { counter, booked } = await upcoming(h, user.id)
        expect(counter, user.id).toBe(booked)
      }
    }
    const [m9, m930, m10, m11] = await slotsAt(h, s.service.id, MONDAY, ['09:00', '09:30', '10:00', '11:00'])
    const [t9, t10] = await slotsAt(h, s.service.id, TUESDAY, ['09:00', '10:00'])

    const r1m9 = await bookSlot(h, s.resident, m9!)
    const r1m10 = await bookSlot(h, s.resident, m10!)
    const r2m930 = await bookSlot(h, s.resident2, m930!)
    await wait(h, s.resident2, m9!)
    await wait(h, s.resident3, m10!)
    expectError(await book(h, s.resident3, m10!), 409, 'SLOT_FULL')
    await consistent()

    // A cancellation promotes from the waitlist.
    await ok(h, 'POST', `/api/bookings/${r1m10.id}/cancel`, s.resident)
    await consistent()
    expect(await upcoming(h, s.resident3.id)).toEqual({ counter: 1, booked: 1 })

    // A check-in, a closure, a failed booking at the limit.
    h.clock.set(at(MONDAY, '08:10'))
    await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: r1m9.code })
    await bookSlot(h, s.resident2, t9!)
    await bookSlot(h, s.resident2, t10!)
    expectError(await book(h, s.resident2, m11!), 409, 'BOOKING_LIMIT_REACHED')
    await consistent()
    await ok(h, 'POST', `/api/stations/${s.station.id}/closures`, s.staff, { date: TUESDAY, reason: '社区活动' }, 201)
    await consistent()
    expect(await upcoming(h, s.resident2.id)).toEqual({ counter: 1, booked: 1 })

    // Time passes: resident2 misses 09:30 (their wait at 09:00 ended unserved); their next booking writes it.
    h.clock.set(at(MONDAY, '10:05'))
    await bookSlot(h, s.resident2, m11!)
    expect(await bookingStatus(h.db, r2m930.id)).toMatchObject({ status: 'no_show' })
    await consistent()
    expect(await upcoming(h, s.resident2.id)).toEqual({ counter: 1, booked: 1 })
  })
})
