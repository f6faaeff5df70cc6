import { expect } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import type { Queryable } from '../../../src/server/db/types'
import { makeCommunity, makeUser, type TestUser } from '../support/fixtures'
import type { Harness } from '../support/harness'

import { expectError, ok } from '../support/assert'
import { DAY_MS, MINUTE_MS } from '../support/time'

export { expectError, ok, DAY_MS, MINUTE_MS }

/** Monday 2030-01-07, 08:00 in Shanghai: the clock most station tests start from. */
export const MONDAY_8AM = '2030-01-07T00:00:00.000Z'
export const MONDAY = '2030-01-07'

/** Shanghai wall time of a day, as an instant: at('2030-01-07', '09:00'). */
export const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString()

export const stationBody = (communityId: string, over: Record<string, unknown> = {}) => ({
  communityId,
  name: '测试党群服务驿站',
  address: '测试路1号',
  lat: 30.27415,
  lng: 120.15515,
  phone: '0571-88001234',
  intro: '欢迎预约',
  ...over,
})

/** Every day 09:00–11:30, 30-minute slots. */
export const EVERY_MORNING = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '11:30' }))

export const serviceBody = (over: Record<string, unknown> = {}) => ({
  name: '健康咨询',
  slotMinutes: 30,
  capacity: 4,
  schedule: EVERY_MORNING,
  ...over,
})

/**
 * A community with a station and one service (every morning, 30-minute slots of 4 seats unless told otherwise),
 * created through the API by its staff; residents of it; staff of another community; the admin. The clock is set
 * to Monday 08:00 in Shanghai first, so tokens and slots agree.
 */
export async function stationScene(h: Harness, service: Record<string, unknown> = {}) {
  h.clock.set(MONDAY_8AM)
  const communityId = await makeCommunity(h)
  const otherCommunityId = await makeCommunity(h)
  const [staff, foreignStaff, admin, resident, resident2, resident3, outsider] = await Promise.all([
    makeUser(h, 'staff', communityId),
    makeUser(h, 'staff', otherCommunityId),
    makeUser(h, 'admin', null),
    makeUser(h, 'resident', communityId, '王小明'),
    makeUser(h, 'resident', communityId, '李奶奶'),
    makeUser(h, 'resident', communityId, '周阿姨'),
    makeUser(h, 'resident', otherCommunityId),
  ])
  const station = await ok(h, 'POST', '/api/stations', staff, stationBody(communityId), 201)
  const svc = await ok(h, 'POST', `/api/stations/${station.id}/services`, staff, serviceBody(service), 201)
  return {
    communityId,
    otherCommunityId,
    staff,
    foreignStaff,
    admin,
    resident,
    resident2,
    resident3,
    outsider,
    station,
    service: svc,
  }
}

/** The day's slots of a service. */
export async function slotsOf(h: Harness, serviceId: string, date: string, user: TestUser | null = null) {
  return ok(h, 'GET', `/api/services/${serviceId}/slots?date=${date}`, user)
}

/** The id of the slot of a service starting at a Shanghai time on a date. */
export async function slotAt(h: Harness, serviceId: string, date: string, time: string): Promise<string> {
  const day = await slotsOf(h, serviceId, date)
  const slot = day.items.find((s: { startsAt: string }) => s.startsAt === at(date, time))
  expect(slot, `no slot at ${date} ${time}: ${JSON.stringify(day)}`).toBeDefined()
  return slot.id
}

export async function bookSlot(h: Harness, user: TestUser, slotId: string, partySize = 1) {
  return ok(h, 'POST', '/api/bookings', user, { slotId, partySize }, 201)
}

/** What the database holds for a slot: seats booked, and bookings by status. */
export async function slotState(db: Queryable, slotId: string) {
  const [row] = await db.query<{ booked: number; capacity: number; active: number; waiting: number }>(
    sql`SELECT sl.booked, sl.capacity,
            (SELECT COALESCE(sum(party_size), 0)::int FROM bookings WHERE slot_id = sl.id
               AND status IN ('booked', 'checked_in')) AS active,
            (SELECT count(*)::int FROM waitlist_entries WHERE slot_id = sl.id AND status = 'waiting') AS waiting
     FROM slots sl WHERE sl.id = ${slotId}`,
  )
  return row!
}

export async function notificationsOf(h: Harness, userId: string) {
  return h.db.query<{ kind: string; title: string; body: string; entity_id: string }>(
    sql`SELECT kind, title, body, entity_id FROM notifications WHERE user_id = ${userId} ORDER BY created_at, id`,
  )
}
