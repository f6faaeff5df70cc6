import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { call, startHarness, type Harness } from '../support/harness'
import { TEN_YEARS_TTL } from '../wishes/helpers'
import { at, bookSlot, expectError, MONDAY, ok, serviceBody, slotAt, slotsOf, stationScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

const TUESDAY = '2030-01-08'
const SUNDAY = '2030-01-13'
const NEXT_MONDAY = '2030-01-14'

const startsOf = (day: { items: { startsAt: string }[] }) => day.items.map((x) => x.startsAt)

/** How many slot rows the database holds for a service. */
async function slotRows(serviceId: string) {
  const [row] = await h.db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM slots WHERE service_id = ${serviceId}`,
  )
  return row!.n
}

describe('slots follow the weekly schedule', () => {
  it('makes each weekday’s slots from its own schedule, across the week boundary (Sunday is 7)', async () => {
    const s = await stationScene(h, {
      bookingWindowDays: 8,
      slotMinutes: 30,
      schedule: [
        { weekday: 7, start: '14:00', end: '15:00' },
        { weekday: 1, start: '09:00', end: '10:00' },
      ],
    })
    expect(startsOf(await slotsOf(h, s.service.id, MONDAY))).toEqual([at(MONDAY, '09:00'), at(MONDAY, '09:30')])
    expect(startsOf(await slotsOf(h, s.service.id, '2030-01-12'))).toEqual([])
    expect(startsOf(await slotsOf(h, s.service.id, SUNDAY))).toEqual([at(SUNDAY, '14:00'), at(SUNDAY, '14:30')])
    const nextMonday = await slotsOf(h, s.service.id, NEXT_MONDAY)
    expect(nextMonday).toMatchObject({ date: NEXT_MONDAY, bookable: true, closure: null })
    expect(startsOf(nextMonday)).toEqual([at(NEXT_MONDAY, '09:00'), at(NEXT_MONDAY, '09:30')])
    expect(nextMonday.items.map((x: { endsAt: string }) => x.endsAt)).toEqual([
      at(NEXT_MONDAY, '09:30'),
      at(NEXT_MONDAY, '10:00'),
    ])
  })

  it('fits only whole slots in a range, and serves several ranges of a day in order', async () => {
    const s = await stationScene(h, {
      slotMinutes: 30,
      schedule: [
        { weekday: 2, start: '14:00', end: '15:00' },
        { weekday: 2, start: '09:00', end: '10:45' },
      ],
    })
    expect(startsOf(await slotsOf(h, s.service.id, TUESDAY))).toEqual(
      ['09:00', '09:30', '10:00', '14:00', '14:30'].map((t) => at(TUESDAY, t)),
    )
  })

  it('lists no slots on a closure day and says why; the days around it keep theirs', async () => {
    const s = await stationScene(h)
    // Slots already made for the day go off sale too.
    expect((await slotsOf(h, s.service.id, TUESDAY)).items).toHaveLength(5)
    await ok(h, 'POST', `/api/stations/${s.station.id}/closures`, s.staff, { date: TUESDAY, reason: '社区活动' }, 201)
    const closed = await slotsOf(h, s.service.id, TUESDAY, s.resident)
    expect(closed).toEqual({
      serviceId: s.service.id,
      date: TUESDAY,
      bookable: true,
      closure: { date: TUESDAY, reason: '社区活动' },
      items: [],
    })
    expect((await slotsOf(h, s.service.id, MONDAY)).items).toHaveLength(5)
    expect((await slotsOf(h, s.service.id, '2030-01-09')).items).toHaveLength(5)
    // A closure of a day nobody looked at: no slots are made for it.
    await ok(
      h,
      'POST',
      `/api/stations/${s.station.id}/closures`,
      s.staff,
      { date: '2030-01-10', reason: '设备检修' },
      201,
    )
    const before = await slotRows(s.service.id)
    expect(await slotsOf(h, s.service.id, '2030-01-10')).toMatchObject({
      closure: { reason: '设备检修' },
      items: [],
    })
    expect(await slotRows(s.service.id)).toBe(before)
  })
})

describe('the booking window', () => {
  it('runs from today to today + bookingWindowDays − 1: the last day has slots, the next and yesterday none', async () => {
    const s = await stationScene(h)
    const last = await slotsOf(h, s.service.id, SUNDAY)
    expect(last).toMatchObject({ bookable: true, closure: null })
    expect(last.items).toHaveLength(5)
    const beyond = await slotsOf(h, s.service.id, NEXT_MONDAY)
    expect(beyond).toEqual({ serviceId: s.service.id, date: NEXT_MONDAY, bookable: false, closure: null, items: [] })
    const yesterday = await slotsOf(h, s.service.id, '2030-01-06')
    expect(yesterday).toMatchObject({ bookable: false, items: [] })
    // Nothing is made for days outside the window.
    expect(await slotRows(s.service.id)).toBe(5)
  })

  it('follows the service’s own window, and a change of it', async () => {
    const s = await stationScene(h, { bookingWindowDays: 1 })
    expect((await slotsOf(h, s.service.id, MONDAY)).bookable).toBe(true)
    expect(await slotsOf(h, s.service.id, TUESDAY)).toMatchObject({ bookable: false, items: [] })
    await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { bookingWindowDays: 2 })
    expect(await slotsOf(h, s.service.id, TUESDAY)).toMatchObject({ bookable: true, items: { length: 5 } })
  })

  it('moves with the clock: a day later the window reaches one day further', async () => {
    const s = await stationScene(h)
    h.clock.set(at(TUESDAY, '08:00'))
    expect((await slotsOf(h, s.service.id, NEXT_MONDAY)).items).toHaveLength(5)
    expect(await slotsOf(h, s.service.id, MONDAY)).toMatchObject({ bookable: false, items: [] })
  })
})

describe('Asia/Shanghai days', () => {
  /** Mondays 20:00–21:00, Tuesdays 00:00–02:00, both in 30-minute slots. */
  const AROUND_MIDNIGHT = {
    slotMinutes: 30,
    schedule: [
      ...[1, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '20:00', end: '21:00' })),
      { weekday: 2, start: '00:00', end: '02:00' },
    ],
  }

  it('at 16:30 UTC on Monday it is already Tuesday 00:30 in Shanghai: today is Tuesday', async () => {
    const s = await stationScene(h, AROUND_MIDNIGHT)
    // Monday 23:00 in Shanghai: Tuesday's slots are tomorrow's, all to come.
    h.clock.set('2030-01-07T15:00:00Z')
    const seen = await slotsOf(h, s.service.id, TUESDAY)
    expect(startsOf(seen)).toEqual(['00:00', '00:30', '01:00', '01:30'].map((t) => at(TUESDAY, t)))
    const midnightSlot = seen.items[0].id

    h.clock.set('2030-01-07T16:30:00Z')
    const today = await slotsOf(h, s.service.id, TUESDAY, s.resident)
    expect(today.bookable).toBe(true)
    // 00:00 has started and 00:30 starts now: neither is listed.
    expect(startsOf(today)).toEqual([at(TUESDAY, '01:00'), at(TUESDAY, '01:30')])
    expect(today.items.map((x: { id: string }) => x.id)).toEqual(seen.items.slice(2).map((x: { id: string }) => x.id))
    // Monday, still "today" in UTC, is yesterday in Shanghai.
    expect(await slotsOf(h, s.service.id, MONDAY)).toMatchObject({ bookable: false, items: [] })
    // The window is Tuesday … next Monday.
    expect(await slotsOf(h, s.service.id, NEXT_MONDAY)).toMatchObject({ bookable: true, items: { length: 2 } })
    expect(await slotsOf(h, s.service.id, '2030-01-15')).toMatchObject({ bookable: false, items: [] })

    // Today's hours are Tuesday's.
    const station = await ok(h, 'GET', `/api/stations/${s.station.id}`, null)
    expect(station.todayHours).toEqual([{ start: '00:00', end: '02:00' }])
    expect(station.openNow).toBe(true)

    // The slot that started is refused; the next one is booked.
    expectError(
      await call(h.app, 'POST', '/api/bookings', { token: s.resident.token, body: { slotId: midnightSlot } }),
      409,
      'SLOT_STARTED',
    )
    const booking = await bookSlot(h, s.resident, today.items[0].id)
    expect(booking).toMatchObject({ startsAt: at(TUESDAY, '01:00'), cancelDeadline: at(TUESDAY, '00:00') })
  })

  it('reads a day’s Shanghai hours as instants 8 hours ahead of UTC', async () => {
    const s = await stationScene(h, AROUND_MIDNIGHT)
    const monday = await slotsOf(h, s.service.id, MONDAY)
    expect(startsOf(monday)).toEqual(['2030-01-07T12:00:00.000Z', '2030-01-07T12:30:00.000Z'])
    const tuesday = await slotsOf(h, s.service.id, TUESDAY)
    expect(startsOf(tuesday)[0]).toBe('2030-01-07T16:00:00.000Z')
  })
})

describe('slots as they are read', () => {
  it('does not list slots that have started', async () => {
    const s = await stationScene(h)
    h.clock.set(at(MONDAY, '09:40'))
    expect(startsOf(await slotsOf(h, s.service.id, MONDAY))).toEqual(
      ['10:00', '10:30', '11:00'].map((t) => at(MONDAY, t)),
    )
    h.clock.set(at(MONDAY, '10:00'))
    expect(startsOf(await slotsOf(h, s.service.id, MONDAY))).toEqual(['10:30', '11:00'].map((t) => at(MONDAY, t)))
    h.clock.set(at(MONDAY, '11:00'))
    expect(await slotsOf(h, s.service.id, MONDAY)).toMatchObject({ bookable: true, items: [] })
  })

  it('makes one slot per service and start: reads, also at once, give the same ids', async () => {
    const s = await stationScene(h)
    const first = await slotsOf(h, s.service.id, TUESDAY)
    const second = await slotsOf(h, s.service.id, TUESDAY, s.resident)
    expect(second.items.map((x: { id: string }) => x.id)).toEqual(first.items.map((x: { id: string }) => x.id))
    expect(new Set(first.items.map((x: { id: string }) => x.id)).size).toBe(5)

    const together = await Promise.all(
      Array.from({ length: 6 }, () => call(h.app, 'GET', `/api/services/${s.service.id}/slots?date=2030-01-09`)),
    )
    const ids = together.map((r) => {
      expect(r.status).toBe(200)
      return JSON.stringify(r.body.items.map((x: { id: string }) => x.id))
    })
    expect(new Set(ids).size).toBe(1)
    expect(JSON.parse(ids[0]!)).toHaveLength(5)
    expect(await slotRows(s.service.id)).toBe(10)
  })

  it('is 404 for a paused service, for everyone; back on sale, the same slots return', async () => {
    const s = await stationScene(h)
    const before = await slotsOf(h, s.service.id, TUESDAY)
    await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { active: false })
    for (const user of [null, s.resident, s.staff]) {
      const reply = await call(h.app, 'GET', `/api/services/${s.service.id}/slots?date=${TUESDAY}`, {
        token: user?.token,
      })
      expectError(reply, 404, 'NOT_FOUND')
    }
    await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { active: true })
    expect((await slotsOf(h, s.service.id, TUESDAY)).items).toEqual(before.items)
  })

  it('shows the viewer’s own place: booked, checked in, waiting, or nothing', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const ten = await slotAt(h, s.service.id, MONDAY, '10:00')
    const eleven = await slotAt(h, s.service.id, MONDAY, '11:00')
    const booking = await bookSlot(h, s.resident, ten)
    await ok(h, 'POST', `/api/slots/${ten}/waitlist`, s.resident2, { partySize: 1 }, 201)
    const cancelled = await bookSlot(h, s.resident3, eleven)
    await ok(h, 'POST', `/api/bookings/${cancelled.id}/cancel`, s.resident3)

    const mineAt = async (user: typeof s.resident | null, slotId: string) =>
      (await slotsOf(h, s.service.id, MONDAY, user)).items.find((x: { id: string }) => x.id === slotId).mine
    expect(await mineAt(s.resident, ten)).toBe('booked')
    expect(await mineAt(s.resident2, ten)).toBe('waiting')
    expect(await mineAt(s.resident3, ten)).toBeNull()
    expect(await mineAt(null, ten)).toBeNull()
    expect(await mineAt(s.resident3, eleven)).toBeNull()
    expect(await mineAt(s.resident, eleven)).toBeNull()

    h.clock.set(at(MONDAY, '09:15'))
    await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: booking.code })
    expect(await mineAt(s.resident, ten)).toBe('checked_in')
    const item = (await slotsOf(h, s.service.id, MONDAY, s.resident)).items.find((x: { id: string }) => x.id === ten)
    expect(item).toMatchObject({ remaining: 0, waiting: 1 })
  })
})

describe('a service made through the API', () => {
  it('has the slots its body describes', async () => {
    const s = await stationScene(h)
    const svc = await ok(
      h,
      'POST',
      `/api/stations/${s.station.id}/services`,
      s.staff,
      serviceBody({
        name: '理发',
        slotMinutes: 45,
        capacity: 1,
        schedule: [{ weekday: 1, start: '13:00', end: '15:15' }],
      }),
      201,
    )
    const day = await slotsOf(h, svc.id, MONDAY)
    expect(
      day.items.map((x: { startsAt: string; endsAt: string; capacity: number }) => [x.startsAt, x.endsAt, x.capacity]),
    ).toEqual([
      [at(MONDAY, '13:00'), at(MONDAY, '13:45'), 1],
      [at(MONDAY, '13:45'), at(MONDAY, '14:30'), 1],
      [at(MONDAY, '14:30'), at(MONDAY, '15:15'), 1],
    ])
  })
})
