import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../support/harness'
import { at, bookSlot, MONDAY, notificationsOf, ok, slotAt, slotsOf, slotState, stationScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('the booking loop', () => {
  it('finds a station, books a slot, sees the code, cancels, and staff check a booking in', async () => {
    const s = await stationScene(h)
    const list = await ok(h, 'GET', `/api/stations?communityId=${s.communityId}&lat=30.2741&lng=120.1551`, null)
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({
      id: s.station.id,
      openNow: false,
      todayHours: [{ start: '09:00', end: '11:30' }],
    })
    expect(list.items[0].distanceMeters).toBeLessThan(10)

    const detail = await ok(h, 'GET', `/api/stations/${s.station.id}`, s.resident)
    expect(detail.services).toHaveLength(1)
    expect(detail.canManage).toBe(false)

    const day = await slotsOf(h, s.service.id, MONDAY, s.resident)
    expect(day.items.map((x: { startsAt: string }) => x.startsAt)).toEqual(
      ['09:00', '09:30', '10:00', '10:30', '11:00'].map((t) => at(MONDAY, t)),
    )
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const booking = await bookSlot(h, s.resident, slotId, 2)
    expect(booking).toMatchObject({ status: 'booked', partySize: 2, canCancel: true, slotId })
    expect(booking.code).toMatch(/^\d{8}$/)
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 2, active: 2 })

    const mine = await ok(h, 'GET', '/api/me/bookings', s.resident)
    expect(mine.items.map((b: { id: string }) => b.id)).toEqual([booking.id])

    const cancelled = await ok(h, 'POST', `/api/bookings/${booking.id}/cancel`, s.resident)
    expect(cancelled.status).toBe('cancelled')
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 0, active: 0 })

    const second = await bookSlot(h, s.resident2, slotId)
    h.clock.set(at(MONDAY, '09:30'))
    const checked = await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: second.code })
    expect(checked).toMatchObject({ id: second.id, status: 'checked_in', holderName: '李奶奶' })
    const again = await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: second.code })
    expect(again.status).toBe('checked_in')
  })

  it('gives a freed seat to the first on the waitlist and tells them', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const first = await bookSlot(h, s.resident, slotId)
    await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident2, { partySize: 1 }, 201)
    await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident3, { partySize: 1 }, 201)
    await ok(h, 'POST', `/api/bookings/${first.id}/cancel`, s.resident)
    const promoted = await ok(h, 'GET', '/api/me/bookings', s.resident2)
    expect(promoted.items).toMatchObject([{ slotId, fromWaitlist: true, status: 'booked' }])
    expect(await notificationsOf(h, s.resident2.id)).toMatchObject([{ kind: 'booking.promoted' }])
    const waiting = await ok(h, 'GET', '/api/me/waitlist', s.resident3)
    expect(waiting.items).toMatchObject([{ slotId, position: 1 }])
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 1, active: 1, waiting: 1 })
  })

  it('a closure cancels the day and notifies', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const b = await bookSlot(h, s.resident, slotId)
    const closed = await ok(
      h,
      'POST',
      `/api/stations/${s.station.id}/closures`,
      s.staff,
      { date: MONDAY, reason: '停电检修' },
      201,
    )
    expect(closed).toMatchObject({ date: MONDAY, cancelledBookings: 1 })
    const mine = await ok(h, 'GET', '/api/me/bookings?scope=past', s.resident)
    expect(mine.items).toMatchObject([{ id: b.id, status: 'cancelled', cancelReason: 'closure' }])
    expect(await notificationsOf(h, s.resident.id)).toMatchObject([{ kind: 'booking.cancelled_by_closure' }])
    const day = await slotsOf(h, s.service.id, MONDAY)
    expect(day).toMatchObject({ closure: { reason: '停电检修' }, items: [] })
  })
})
