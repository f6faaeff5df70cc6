import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRowsOf, makeCommunity, makeUser, type TestUser } from '../support/fixtures'
import { sql, type Sql } from '../../../src/server/db/sql'
import { call, startHarness, type Harness, type Reply } from '../support/harness'
import { TEN_YEARS_TTL } from '../wishes/helpers'
import {
  at,
  bookSlot,
  EVERY_MORNING,
  expectError,
  MINUTE_MS,
  MONDAY,
  MONDAY_8AM,
  ok,
  serviceBody,
  slotAt,
  slotsOf,
  slotState,
  stationBody,
  stationScene,
} from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

const A_UUID = '00000000-0000-4000-8000-000000000000'
const TUESDAY = '2030-01-08'
/** A cursor as the server encodes them, around whatever a client might send. */
const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url')

const send = (method: string, user: TestUser | null | undefined, path: string, body?: unknown, headers = {}) =>
  call(h.app, method, path, { token: user?.token, body, headers })
const get = (user: TestUser | null | undefined, path: string) => send('GET', user, path)
const post = (user: TestUser | null | undefined, path: string, body: unknown = {}) => send('POST', user, path, body)
const patch = (user: TestUser | null | undefined, path: string, body: unknown) => send('PATCH', user, path, body)

const pathsOf = (reply: Reply) => reply.body.error.details.map((d: { path: unknown }) => d.path)

async function stationRow(id: string) {
  const [row] = await h.db.query<Record<string, unknown>>(
    sql`SELECT name, address, lat, lng, phone, intro, active, community_id FROM stations WHERE id = ${id}`,
  )
  return row
}

async function serviceRow(id: string) {
  const [row] = await h.db.query<Record<string, unknown>>(
    sql`SELECT name, slot_minutes, capacity, booking_window_days, cancel_cutoff_minutes, active,
            (SELECT json_agg(json_build_object('weekday', weekday, 'start', to_char(starts, 'HH24:MI'),
                                               'end', to_char(ends, 'HH24:MI')) ORDER BY weekday, starts)
             FROM service_schedules WHERE service_id = ${id}) AS schedule
     FROM station_services WHERE id = ${id}`,
  )
  return row
}

async function bookingRow(id: string) {
  const [row] = await h.db.query<{ status: string; user_id: string; party_size: number; checked_in_by: string | null }>(
    sql`SELECT status, user_id, party_size, checked_in_by FROM bookings WHERE id = ${id}`,
  )
  return row!
}

async function countRows(statement: Sql) {
  const [row] = await h.db.query<{ n: number }>(statement)
  return row!.n
}
const bookingsOf = (userId: string) => countRows(sql`SELECT count(*)::int AS n FROM bookings WHERE user_id = ${userId}`)
const stationsIn = (communityId: string) =>
  countRows(sql`SELECT count(*)::int AS n FROM stations WHERE community_id = ${communityId}`)
const servicesOf = (stationId: string) =>
  countRows(sql`SELECT count(*)::int AS n FROM station_services WHERE station_id = ${stationId}`)
const closuresOf = (stationId: string) =>
  h.db.query<{ day: string; reason: string }>(
    sql`SELECT to_char(day, 'YYYY-MM-DD') AS day, reason FROM station_closures WHERE station_id = ${stationId} ORDER BY day`,
  )

/** A slot of 4 seats (unless the scene says otherwise) filled by others: residents made for the purpose. */
async function fillSlot(communityId: string, slotId: string, seats: number) {
  const filler = await makeUser(h, 'resident', communityId)
  await bookSlot(h, filler, slotId, seats)
  return filler
}

const STAFF_ROUTES: [string, string, unknown][] = [
  ['POST', '/api/bookings/check-in', { code: '12345678' }],
  ['GET', `/api/services/${A_UUID}/bookings?date=${MONDAY}`, undefined],
  ['POST', '/api/stations', stationBody(A_UUID)],
  ['PATCH', `/api/stations/${A_UUID}`, { name: '新的名字' }],
  ['POST', `/api/stations/${A_UUID}/services`, serviceBody()],
  ['PATCH', `/api/services/${A_UUID}`, { capacity: 5 }],
  ['POST', `/api/stations/${A_UUID}/closures`, { date: TUESDAY, reason: '停电检修' }],
]
const RESIDENT_ROUTES: [string, string, unknown][] = [
  ['POST', '/api/bookings', { slotId: A_UUID, partySize: 1 }],
  ['GET', '/api/me/bookings', undefined],
  ['POST', `/api/bookings/${A_UUID}/cancel`, {}],
  ['POST', `/api/slots/${A_UUID}/waitlist`, { partySize: 1 }],
  ['GET', '/api/me/waitlist', undefined],
  ['POST', `/api/waitlist/${A_UUID}/cancel`, {}],
]

describe('who may call', () => {
  it.each([...RESIDENT_ROUTES, ...STAFF_ROUTES])(
    '%s %s without a valid token → 401 UNAUTHENTICATED',
    async (method, path, body) => {
      expectError(await send(method, null, path, body), 401, 'UNAUTHENTICATED')
      expectError(await send(method, { id: '', token: 'v1.forged.token' }, path, body), 401, 'UNAUTHENTICATED')
    },
  )

  it.each(STAFF_ROUTES)('%s %s by a resident or a volunteer → 403 FORBIDDEN', async (method, path, body) => {
    const communityId = await makeCommunity(h)
    for (const kind of ['resident', 'volunteer'] as const) {
      const user = await makeUser(h, kind, communityId)
      expectError(await send(method, user, path, body), 403, 'FORBIDDEN')
    }
  })

  it('the reading routes answer anyone, signed in or not', async () => {
    const s = await stationScene(h)
    for (const user of [null, s.resident, s.outsider, s.foreignStaff]) {
      expect((await get(user, `/api/stations?communityId=${s.communityId}`)).status).toBe(200)
      expect((await get(user, `/api/stations/${s.station.id}`)).status).toBe(200)
      expect((await get(user, `/api/services/${s.service.id}/slots?date=${MONDAY}`)).status).toBe(200)
    }
  })
})

describe('ids in paths', () => {
  const ROUTES: [string, string, unknown][] = [
    ['GET', '/api/stations/%', undefined],
    ['GET', `/api/services/%/slots?date=${MONDAY}`, undefined],
    ['POST', '/api/bookings/%/cancel', {}],
    ['POST', '/api/slots/%/waitlist', { partySize: 1 }],
    ['POST', '/api/waitlist/%/cancel', {}],
    ['GET', `/api/services/%/bookings?date=${MONDAY}`, undefined],
    ['PATCH', '/api/stations/%', { name: '新的名字' }],
    ['POST', '/api/stations/%/services', serviceBody()],
    ['PATCH', '/api/services/%', { capacity: 5 }],
    ['POST', '/api/stations/%/closures', { date: TUESDAY, reason: '停电检修' }],
  ]

  it.each(ROUTES)(
    '%s %s: not a uuid → 400 VALIDATION_FAILED on id; an unknown uuid → 404',
    async (method, path, body) => {
      h.clock.set(MONDAY_8AM)
      const staff = await makeUser(h, 'staff', await makeCommunity(h))
      const bad = await send(method, staff, path.replace('%', 'not-a-uuid'), body)
      expectError(bad, 400, 'VALIDATION_FAILED')
      expect(pathsOf(bad)).toContainEqual(['id'])
      expectError(await send(method, staff, path.replace('%', A_UUID), body), 404, 'NOT_FOUND')
    },
  )

  it('an unknown slot is 404 to booking, and nothing is written', async () => {
    const s = await stationScene(h)
    expectError(await post(s.resident, '/api/bookings', { slotId: A_UUID, partySize: 1 }), 404, 'NOT_FOUND')
    expect(await bookingsOf(s.resident.id)).toBe(0)
  })
})

describe('GET /api/stations', () => {
  /** Metres north of a point, as degrees of latitude on the mean Earth sphere. */
  const METRES_PER_DEGREE = (Math.PI * 6371008.8) / 180
  const ORIGIN = { lat: 30.25, lng: 120.15 }

  /** Great-circle distance, computed here independently of the server. */
  function haversine(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
    const rad = (d: number) => (d * Math.PI) / 180
    const x =
      Math.sin(rad(b.lat - a.lat) / 2) ** 2 +
      Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2
    return 2 * 6371000 * Math.asin(Math.sqrt(x))
  }

  /** Three stations: C 400 m north, A 1.5 km east, B 3 km south-west, so name order and distance order differ. */
  async function threeStations() {
    const s = await stationScene(h)
    // The scene's own station is moved far away (about 110 km north) so it comes last by distance.
    await ok(h, 'PATCH', `/api/stations/${s.station.id}`, s.staff, { name: 'Z驿站', lat: ORIGIN.lat + 1 })
    const places = [
      { name: 'C驿站', lat: ORIGIN.lat + 400 / METRES_PER_DEGREE, lng: ORIGIN.lng },
      {
        name: 'A驿站',
        lat: ORIGIN.lat,
        lng: ORIGIN.lng + 1500 / (METRES_PER_DEGREE * Math.cos((ORIGIN.lat * Math.PI) / 180)),
      },
      {
        name: 'B驿站',
        lat: ORIGIN.lat - 2121 / METRES_PER_DEGREE,
        lng: ORIGIN.lng - 2121 / (METRES_PER_DEGREE * Math.cos((ORIGIN.lat * Math.PI) / 180)),
      },
    ]
    const ids: Record<string, string> = { Z: s.station.id }
    for (const p of places) {
      const created = await ok(h, 'POST', '/api/stations', s.staff, stationBody(s.communityId, p), 201)
      ids[p.name[0]!] = created.id
    }
    return { s, places, ids }
  }

  it('lists a community’s stations by name, without distances, in the summary shape', async () => {
    const { s, ids } = await threeStations()
    const list = await ok(h, 'GET', `/api/stations?communityId=${s.communityId}`, null)
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(['A驿站', 'B驿站', 'C驿站', 'Z驿站'])
    expect(list.nextCursor).toBeNull()
    const item = list.items[0]
    expect(Object.keys(item).sort()).toEqual(
      [
        'id',
        'communityId',
        'communityName',
        'name',
        'address',
        'lat',
        'lng',
        'phone',
        'openNow',
        'todayHours',
        'distanceMeters',
        'active',
      ].sort(),
    )
    expect(item).toMatchObject({
      id: ids.A,
      communityId: s.communityId,
      communityName: expect.stringMatching(/^社区-/),
      address: '测试路1号',
      phone: '0571-88001234',
      distanceMeters: null,
      active: true,
      openNow: false,
      todayHours: [],
    })
  })

  it('orders by distance from lat/lng, nearest first, with distanceMeters within 1 %', async () => {
    const { s, places, ids } = await threeStations()
    const list = await ok(
      h,
      'GET',
      `/api/stations?communityId=${s.communityId}&lat=${ORIGIN.lat}&lng=${ORIGIN.lng}`,
      null,
    )
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([ids.C, ids.A, ids.B, ids.Z])
    const expected = [...places.map((p) => haversine(ORIGIN, p)), haversine(ORIGIN, { ...ORIGIN, lat: ORIGIN.lat + 1 })]
    expect(expected[0]).toBeCloseTo(400, -1)
    list.items.forEach((item: { distanceMeters: number }, i: number) => {
      expect(Math.abs(item.distanceMeters - expected[i]!) / expected[i]!).toBeLessThan(0.01)
    })
    expect(list.items[2].distanceMeters).toBeGreaterThan(2900)
    expect(list.items[2].distanceMeters).toBeLessThan(3100)
  })

  it('ignores coordinates given by halves: lat without lng orders by name', async () => {
    const { s } = await threeStations()
    const list = await ok(h, 'GET', `/api/stations?communityId=${s.communityId}&lat=${ORIGIN.lat}`, null)
    expect(list.items.map((x: { name: string }) => x.name)).toEqual(['A驿站', 'B驿站', 'C驿站', 'Z驿站'])
    expect(list.items.every((x: { distanceMeters: unknown }) => x.distanceMeters === null)).toBe(true)
  })

  it.each([
    ['by name', ''],
    ['by distance', `&lat=${ORIGIN.lat}&lng=${ORIGIN.lng}`],
  ])('pages %s with the cursor: every station once, in order', async (_name, near) => {
    const { s } = await threeStations()
    const base = `/api/stations?communityId=${s.communityId}${near}`
    const whole = await ok(h, 'GET', base, null)
    expect(whole.items).toHaveLength(4)
    for (const limit of [1, 3]) {
      const walked: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const page: any = await ok(h, 'GET', `${base}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, null)
        expect(page.items.length).toBeLessThanOrEqual(limit)
        walked.push(...page.items.map((x: { id: string }) => x.id))
        cursor = page.nextCursor
        pages++
      } while (cursor && pages < 10)
      expect(walked).toEqual(whole.items.map((x: { id: string }) => x.id))
      expect(pages).toBe(Math.ceil(4 / limit))
    }
  })

  it('hides an inactive station from the public, residents and other staff; its own staff and the admin see it', async () => {
    const s = await stationScene(h)
    const other = await ok(h, 'POST', '/api/stations', s.staff, stationBody(s.communityId, { name: '另一个驿站' }), 201)
    const off = await ok(h, 'PATCH', `/api/stations/${s.station.id}`, s.staff, { active: false })
    expect(off.active).toBe(false)
    const listed = async (user: TestUser | null) =>
      (await ok(h, 'GET', `/api/stations?communityId=${s.communityId}`, user)).items.map((x: { id: string }) => x.id)
    for (const user of [null, s.resident, s.outsider, s.foreignStaff]) {
      expect(await listed(user)).toEqual([other.id])
      expectError(await get(user, `/api/stations/${s.station.id}`), 404, 'NOT_FOUND')
    }
    for (const user of [s.staff, s.admin]) {
      expect((await listed(user)).sort()).toEqual([other.id, s.station.id].sort())
      const detail = await ok(h, 'GET', `/api/stations/${s.station.id}`, user)
      expect(detail).toMatchObject({ active: false, canManage: true })
    }
    // Its slots are not on offer either.
    expectError(await get(s.resident, `/api/services/${s.service.id}/slots?date=${MONDAY}`), 404, 'NOT_FOUND')
  })

  it('says whether a station is open now and shows today’s hours, none on a closure day, in lists and pages alike', async () => {
    const s = await stationScene(h)
    /** The station as its list and its page show it now, which must agree. */
    const today = async () => {
      const listed = (await ok(h, 'GET', `/api/stations?communityId=${s.communityId}`, null)).items[0]
      const page = await ok(h, 'GET', `/api/stations/${s.station.id}`, null)
      expect({ openNow: page.openNow, todayHours: page.todayHours }).toEqual({
        openNow: listed.openNow,
        todayHours: listed.todayHours,
      })
      return listed
    }
    expect(await today()).toMatchObject({ openNow: false, todayHours: [{ start: '09:00', end: '11:30' }] })
    for (const [time, open] of [
      ['08:59', false],
      ['09:00', true],
      ['11:29', true],
      ['11:30', false],
    ] as const) {
      h.clock.set(at(MONDAY, time))
      expect((await today()).openNow, time).toBe(open)
    }
    h.clock.set(at(MONDAY, '09:10'))
    await ok(h, 'POST', `/api/stations/${s.station.id}/closures`, s.staff, { date: MONDAY, reason: '临时停水' }, 201)
    expect(await today()).toMatchObject({ openNow: false, todayHours: [] })
  })

  it.each([
    ['lat above 90', 'lat=90.5&lng=120', 'lat'],
    ['lat below -90', 'lat=-91&lng=120', 'lat'],
    ['lng out of range', 'lat=30&lng=180.1', 'lng'],
    ['lat that is not a number', 'lat=north&lng=120', 'lat'],
    ['a communityId that is not a uuid', 'communityId=abc', 'communityId'],
    ['limit 0', 'limit=0', 'limit'],
    ['limit 51', 'limit=51', 'limit'],
    ['a cursor that is not base64 JSON', 'cursor=garbage', 'cursor'],
    ['a cursor with one value', `cursor=${cursorOf(['A驿站'])}`, 'cursor'],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, query, field) => {
    const reply = await get(null, `/api/stations?${query}`)
    expectError(reply, 400, 'VALIDATION_FAILED')
    expect(pathsOf(reply)).toContainEqual([field])
  })
})

describe('GET /api/stations/:id', () => {
  it('shows the station with its services, merged opening hours and coming closures', async () => {
    const s = await stationScene(h)
    // Services are listed in the order they were added.
    h.clock.advance(MINUTE_MS)
    await ok(
      h,
      'POST',
      `/api/stations/${s.station.id}/services`,
      s.staff,
      serviceBody({
        name: '法律咨询',
        slotMinutes: 60,
        schedule: [
          { weekday: 1, start: '11:00', end: '13:00' },
          { weekday: 3, start: '14:00', end: '16:00' },
        ],
      }),
      201,
    )
    await ok(h, 'POST', `/api/stations/${s.station.id}/closures`, s.staff, { date: TUESDAY, reason: '设备检修' }, 201)
    const detail = await ok(h, 'GET', `/api/stations/${s.station.id}`, null)
    expect(detail).toMatchObject({
      id: s.station.id,
      name: '测试党群服务驿站',
      intro: '欢迎预约',
      canManage: false,
      closures: [{ date: TUESDAY, reason: '设备检修' }],
      distanceMeters: null,
    })
    expect(detail.services.map((x: { name: string }) => x.name)).toEqual(['健康咨询', '法律咨询'])
    expect(detail.services[0]).toEqual({
      id: s.service.id,
      stationId: s.station.id,
      name: '健康咨询',
      slotMinutes: 30,
      capacity: 4,
      bookingWindowDays: 7,
      cancelCutoffMinutes: 60,
      schedule: EVERY_MORNING,
      active: true,
    })
    // Monday: 09:00–11:30 and 11:00–13:00 read as one range; Wednesday has both services' hours.
    expect(detail.openingHours.filter((r: { weekday: number }) => r.weekday === 1)).toEqual([
      { weekday: 1, start: '09:00', end: '13:00' },
    ])
    expect(detail.openingHours.filter((r: { weekday: number }) => r.weekday === 3)).toEqual([
      { weekday: 3, start: '09:00', end: '11:30' },
      { weekday: 3, start: '14:00', end: '16:00' },
    ])
    expect(detail.openingHours).toHaveLength(8)
  })

  it('counts only active services in its hours, also for staff, who see a paused one', async () => {
    const s = await stationScene(h)
    h.clock.advance(MINUTE_MS)
    const afternoon = await ok(
      h,
      'POST',
      `/api/stations/${s.station.id}/services`,
      s.staff,
      serviceBody({ name: '法律咨询', schedule: [{ weekday: 1, start: '14:00', end: '16:00' }] }),
      201,
    )
    h.clock.set(at(MONDAY, '14:10'))
    const hoursOf = (station: { todayHours: unknown; openNow: boolean }) => [station.todayHours, station.openNow]
    const before = await ok(h, 'GET', `/api/stations/${s.station.id}`, null)
    expect(hoursOf(before)).toEqual([
      [
        { start: '09:00', end: '11:30' },
        { start: '14:00', end: '16:00' },
      ],
      true,
    ])

    await ok(h, 'PATCH', `/api/services/${afternoon.id}`, s.staff, { active: false })
    const monday = [{ start: '09:00', end: '11:30' }]
    for (const user of [null, s.staff]) {
      const detail = await ok(h, 'GET', `/api/stations/${s.station.id}`, user)
      expect(detail.services.map((x: { name: string }) => x.name)).toEqual(
        user ? ['健康咨询', '法律咨询'] : ['健康咨询'],
      )
      expect(hoursOf(detail)).toEqual([monday, false])
      expect(detail.openingHours.filter((r: { weekday: number }) => r.weekday === 1)).toEqual([
        { weekday: 1, start: '09:00', end: '11:30' },
      ])
      const listed = (await ok(h, 'GET', `/api/stations?communityId=${s.communityId}`, user)).items[0]
      expect(hoursOf(listed)).toEqual([monday, false])
    }
  })

  it('says who may manage it: its staff and the admin, nobody else', async () => {
    const s = await stationScene(h)
    for (const [user, canManage] of [
      [null, false],
      [s.resident, false],
      [s.foreignStaff, false],
      [s.staff, true],
      [s.admin, true],
    ] as const) {
      expect((await ok(h, 'GET', `/api/stations/${s.station.id}`, user)).canManage).toBe(canManage)
    }
  })

  it('lists closures from today on only', async () => {
    const s = await stationScene(h)
    await ok(h, 'POST', `/api/stations/${s.station.id}/closures`, s.staff, { date: TUESDAY, reason: '设备检修' }, 201)
    h.clock.set(at('2030-01-09', '08:00'))
    expect((await ok(h, 'GET', `/api/stations/${s.station.id}`, null)).closures).toEqual([])
  })
})

describe('GET /api/services/:id/slots', () => {
  it('answers the day in its shape', async () => {
    const s = await stationScene(h)
    const day = await slotsOf(h, s.service.id, TUESDAY, s.resident)
    expect(Object.keys(day).sort()).toEqual(['bookable', 'closure', 'date', 'items', 'serviceId'])
    expect(day).toMatchObject({ serviceId: s.service.id, date: TUESDAY, bookable: true, closure: null })
    expect(day.items).toHaveLength(5)
    expect(day.items[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      startsAt: at(TUESDAY, '09:00'),
      endsAt: at(TUESDAY, '09:30'),
      capacity: 4,
      remaining: 4,
      waiting: 0,
      mine: null,
    })
  })

  it('counts remaining seats and waiting people', async () => {
    const s = await stationScene(h, { capacity: 2 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '09:30')
    await bookSlot(h, s.resident, slotId, 2)
    await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident2, { partySize: 1 }, 201)
    const item = (await slotsOf(h, s.service.id, MONDAY)).items.find((x: { id: string }) => x.id === slotId)
    expect(item).toMatchObject({ capacity: 2, remaining: 0, waiting: 1, mine: null })
  })

  it.each([
    ['a day that does not exist', 'date=2030-02-30'],
    ['a 13th month', 'date=2030-13-01'],
    ['a date with a time', 'date=2030-01-07T00:00'],
    ['a word', 'date=tomorrow'],
    ['no date', ''],
  ])('refuses %s: 400 VALIDATION_FAILED on date', async (_name, query) => {
    const s = await stationScene(h)
    const reply = await get(null, `/api/services/${s.service.id}/slots?${query}`)
    expectError(reply, 400, 'VALIDATION_FAILED')
    expect(pathsOf(reply)).toContainEqual(['date'])
  })
})

describe('POST /api/bookings', () => {
  it('books seats: 201 with a check-in code and the place, and the seats are taken', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const reply = await post(s.resident, '/api/bookings', { slotId, partySize: 3 })
    expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    expect(reply.body).toEqual({
      id: expect.any(String),
      code: expect.stringMatching(/^\d{8}$/),
      status: 'booked',
      partySize: 3,
      fromWaitlist: false,
      cancelDeadline: at(MONDAY, '09:00'),
      canCancel: true,
      cancelReason: null,
      createdAt: at(MONDAY, '08:00'),
      checkedInAt: null,
      cancelledAt: null,
      actedByName: null,
      rating: null,
      slotId,
      startsAt: at(MONDAY, '10:00'),
      endsAt: at(MONDAY, '10:30'),
      serviceId: s.service.id,
      serviceName: '健康咨询',
      stationId: s.station.id,
      stationName: '测试党群服务驿站',
      stationAddress: '测试路1号',
      stationPhone: '0571-88001234',
    })
    expect(await bookingRow(reply.body.id)).toMatchObject({ status: 'booked', user_id: s.resident.id, party_size: 3 })
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 3, active: 3 })
  })

  it('books one seat when partySize is left out, and anyone may book any station', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const reply = await post(s.outsider, '/api/bookings', { slotId })
    expect(reply.status).toBe(201)
    expect(reply.body.partySize).toBe(1)
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 1 })
  })

  it.each([
    ['partySize 0', { partySize: 0 }, 'partySize'],
    ['partySize 5', { partySize: 5 }, 'partySize'],
    ['partySize 1.5', { partySize: 1.5 }, 'partySize'],
    ['partySize as text', { partySize: '2' }, 'partySize'],
    ['a slotId that is not a uuid', { slotId: 'slot-1' }, 'slotId'],
    ['no slotId', { slotId: undefined }, 'slotId'],
    ['an unknown field', { note: '带孩子来' }, null],
  ])('refuses %s: 400 VALIDATION_FAILED, nothing booked', async (_name, over, field) => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const reply = await post(s.resident, '/api/bookings', { slotId, partySize: 1, ...over })
    expectError(reply, 400, 'VALIDATION_FAILED')
    if (field) expect(pathsOf(reply)).toContainEqual([field])
    expect(await bookingsOf(s.resident.id)).toBe(0)
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 0 })
  })

  it('409 SLOT_FULL when the party does not fit', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    await fillSlot(s.communityId, slotId, 4)
    expectError(await post(s.resident, '/api/bookings', { slotId, partySize: 1 }), 409, 'SLOT_FULL')
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 4, active: 4 })
    expect(await bookingsOf(s.resident.id)).toBe(0)
  })

  it('409 ALREADY_BOOKED for a second booking of the same slot', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    await bookSlot(h, s.resident, slotId)
    expectError(await post(s.resident, '/api/bookings', { slotId, partySize: 1 }), 409, 'ALREADY_BOOKED')
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 1 })
  })

  it('409 SLOT_STARTED once the slot has begun', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '09:00')
    h.clock.set(at(MONDAY, '09:00'))
    expectError(await post(s.resident, '/api/bookings', { slotId, partySize: 1 }), 409, 'SLOT_STARTED')
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 0 })
  })

  it('409 SLOT_CLOSED on a closure day, for a paused service and for an inactive station', async () => {
    const s = await stationScene(h)
    const closedDay = await slotAt(h, s.service.id, MONDAY, '10:00')
    const paused = await slotAt(h, s.service.id, TUESDAY, '10:00')
    await ok(h, 'POST', `/api/stations/${s.station.id}/closures`, s.staff, { date: MONDAY, reason: '停电检修' }, 201)
    expectError(await post(s.resident, '/api/bookings', { slotId: closedDay }), 409, 'SLOT_CLOSED')

    await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { active: false })
    expectError(await post(s.resident, '/api/bookings', { slotId: paused }), 409, 'SLOT_CLOSED')
    await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { active: true })
    await ok(h, 'PATCH', `/api/stations/${s.station.id}`, s.staff, { active: false })
    expectError(await post(s.resident, '/api/bookings', { slotId: paused }), 409, 'SLOT_CLOSED')
    await ok(h, 'PATCH', `/api/stations/${s.station.id}`, s.staff, { active: true })
    await bookSlot(h, s.resident, paused)
    expect(await bookingsOf(s.resident.id)).toBe(1)
  })

  it('409 BOOKING_SUSPENDED while the booker is suspended', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    // The precondition, written straight to the table: rules.test.ts earns a suspension by no-shows.
    await h.db.query(sql`UPDATE users SET booking_suspended_until = ${at(MONDAY, '12:00')} WHERE id = ${s.resident.id}`)
    expectError(await post(s.resident, '/api/bookings', { slotId }), 409, 'BOOKING_SUSPENDED')
    expect(await bookingsOf(s.resident.id)).toBe(0)
    h.clock.set(at(MONDAY, '12:00'))
    const tomorrow = await slotAt(h, s.service.id, TUESDAY, '10:00')
    await bookSlot(h, s.resident, tomorrow)
  })

  it('409 BOOKING_LIMIT_REACHED for a fourth upcoming booking', async () => {
    const s = await stationScene(h)
    for (const time of ['09:00', '09:30', '10:00'])
      await bookSlot(h, s.resident, await slotAt(h, s.service.id, MONDAY, time))
    const fourth = await slotAt(h, s.service.id, MONDAY, '10:30')
    expectError(await post(s.resident, '/api/bookings', { slotId: fourth }), 409, 'BOOKING_LIMIT_REACHED')
    expect(await bookingsOf(s.resident.id)).toBe(3)
    expect(await slotState(h.db, fourth)).toMatchObject({ booked: 0 })
  })

  it('answers a retry with the same Idempotency-Key with the first answer, booking once', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const headers = { 'Idempotency-Key': 'book-slot-retry-0001' }
    const first = await send('POST', s.resident, '/api/bookings', { slotId, partySize: 2 }, headers)
    const retry = await send('POST', s.resident, '/api/bookings', { slotId, partySize: 2 }, headers)
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(await bookingsOf(s.resident.id)).toBe(1)
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 2, active: 2 })
    // Without the key it is a second attempt, and meets the rule.
    expectError(await post(s.resident, '/api/bookings', { slotId, partySize: 2 }), 409, 'ALREADY_BOOKED')
    // The same key with another body is refused.
    const other = await slotAt(h, s.service.id, MONDAY, '10:30')
    expectError(
      await send('POST', s.resident, '/api/bookings', { slotId: other }, headers),
      409,
      'IDEMPOTENCY_KEY_REUSED',
    )
    expect(await bookingsOf(s.resident.id)).toBe(1)
  })
})

describe('GET /api/me/bookings', () => {
  it('shows the caller’s upcoming bookings soonest first, and the rest as past, latest first', async () => {
    const s = await stationScene(h)
    const cancelled = await bookSlot(h, s.resident, await slotAt(h, s.service.id, MONDAY, '11:00'))
    await ok(h, 'POST', `/api/bookings/${cancelled.id}/cancel`, s.resident)
    const later = await bookSlot(h, s.resident, await slotAt(h, s.service.id, TUESDAY, '09:00'))
    const soon = await bookSlot(h, s.resident, await slotAt(h, s.service.id, MONDAY, '10:00'))
    const early = await bookSlot(h, s.resident, await slotAt(h, s.service.id, MONDAY, '09:00'))
    await bookSlot(h, s.resident2, await slotAt(h, s.service.id, MONDAY, '10:00'))

    const ids = async (scope: string) =>
      (await ok(h, 'GET', `/api/me/bookings?scope=${scope}`, s.resident)).items.map((b: { id: string }) => b.id)
    expect(await ids('upcoming')).toEqual([early.id, soon.id, later.id])
    expect(await ids('past')).toEqual([cancelled.id])
    // upcoming is the default
    expect((await ok(h, 'GET', '/api/me/bookings', s.resident)).items.map((b: { id: string }) => b.id)).toEqual([
      early.id,
      soon.id,
      later.id,
    ])

    // After 09:30 the 09:00 booking is over: never checked in, it reads as a no-show.
    h.clock.set(at(MONDAY, '09:31'))
    expect(await ids('upcoming')).toEqual([soon.id, later.id])
    const past = await ok(h, 'GET', '/api/me/bookings?scope=past', s.resident)
    expect(past.items.map((b: { id: string; status: string }) => [b.id, b.status])).toEqual([
      [cancelled.id, 'cancelled'],
      [early.id, 'no_show'],
    ])
  })

  it('pages with the cursor', async () => {
    const s = await stationScene(h)
    const booked = []
    for (const time of ['09:00', '09:30', '10:00']) {
      booked.push((await bookSlot(h, s.resident, await slotAt(h, s.service.id, MONDAY, time))).id)
    }
    const first = await ok(h, 'GET', '/api/me/bookings?limit=2', s.resident)
    expect(first.items.map((b: { id: string }) => b.id)).toEqual(booked.slice(0, 2))
    expect(first.nextCursor).toEqual(expect.any(String))
    const second = await ok(h, 'GET', `/api/me/bookings?limit=2&cursor=${first.nextCursor}`, s.resident)
    expect(second.items.map((b: { id: string }) => b.id)).toEqual(booked.slice(2))
    expect(second.nextCursor).toBeNull()
  })

  it.each([
    ['an unknown scope', 'scope=all', 'scope'],
    ['limit 0', 'limit=0', 'limit'],
    ['a cursor whose time is not a time', `cursor=${cursorOf(['soon', A_UUID])}`, 'cursor'],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, query, field) => {
    const resident = await makeUser(h, 'resident', await makeCommunity(h))
    const reply = await get(resident, `/api/me/bookings?${query}`)
    expectError(reply, 400, 'VALIDATION_FAILED')
    expect(pathsOf(reply)).toContainEqual([field])
  })
})

describe('POST /api/bookings/:id/cancel', () => {
  it('cancels before the cut-off: 200, seats back', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const booking = await bookSlot(h, s.resident, slotId, 2)
    h.clock.set(at(MONDAY, '08:30'))
    const cancelled = await ok(h, 'POST', `/api/bookings/${booking.id}/cancel`, s.resident)
    expect(cancelled).toMatchObject({
      id: booking.id,
      code: booking.code,
      status: 'cancelled',
      canCancel: false,
      cancelReason: 'user',
      cancelledAt: at(MONDAY, '08:30'),
    })
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'cancelled' })
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 0, active: 0 })
  })

  it('is 404 to anyone but the booker, staff included, and changes nothing', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const booking = await bookSlot(h, s.resident, slotId)
    for (const user of [s.resident2, s.staff, s.foreignStaff, s.admin]) {
      expectError(await post(user, `/api/bookings/${booking.id}/cancel`), 404, 'NOT_FOUND')
    }
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'booked' })
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 1 })
  })

  it('409 BOOKING_NOT_ACTIVE for a cancelled or a checked-in booking', async () => {
    const s = await stationScene(h)
    const once = await bookSlot(h, s.resident, await slotAt(h, s.service.id, MONDAY, '11:00'))
    await ok(h, 'POST', `/api/bookings/${once.id}/cancel`, s.resident)
    expectError(await post(s.resident, `/api/bookings/${once.id}/cancel`), 409, 'BOOKING_NOT_ACTIVE')

    // Checked in early (an hour before), while the cut-off is not yet passed for the booker.
    const checked = await bookSlot(h, s.resident, await slotAt(h, s.service.id, MONDAY, '10:00'))
    h.clock.set(at(MONDAY, '09:00'))
    // With a cut-off of 0 minutes the booking could still be cancelled, were it not checked in.
    await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { cancelCutoffMinutes: 0 })
    await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: checked.code })
    expectError(await post(s.resident, `/api/bookings/${checked.id}/cancel`), 409, 'BOOKING_NOT_ACTIVE')
    expect(await bookingRow(checked.id)).toMatchObject({ status: 'checked_in' })
  })

  it('409 CANCEL_WINDOW_CLOSED after the cut-off, and the booking stands', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const booking = await bookSlot(h, s.resident, slotId)
    h.clock.set(at(MONDAY, '09:00'))
    expectError(await post(s.resident, `/api/bookings/${booking.id}/cancel`), 409, 'CANCEL_WINDOW_CLOSED')
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'booked' })
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 1 })
    const mine = await ok(h, 'GET', '/api/me/bookings', s.resident)
    expect(mine.items[0]).toMatchObject({ id: booking.id, canCancel: false })
  })
})

describe('POST /api/slots/:id/waitlist and GET /api/me/waitlist', () => {
  it('joins the line of a full slot: 201 with the place in line', async () => {
    const s = await stationScene(h, { capacity: 2 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    await fillSlot(s.communityId, slotId, 2)
    const first = await post(s.resident, `/api/slots/${slotId}/waitlist`, { partySize: 2 })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body).toEqual({
      id: expect.any(String),
      partySize: 2,
      status: 'waiting',
      position: 1,
      createdAt: at(MONDAY, '08:00'),
      slotId,
      startsAt: at(MONDAY, '10:00'),
      endsAt: at(MONDAY, '10:30'),
      serviceId: s.service.id,
      serviceName: '健康咨询',
      stationId: s.station.id,
      stationName: '测试党群服务驿站',
      stationAddress: '测试路1号',
      stationPhone: '0571-88001234',
    })
    const second = await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident2, {}, 201)
    expect(second).toMatchObject({ partySize: 1, position: 2 })
    expect(await slotState(h.db, slotId)).toMatchObject({ waiting: 2, booked: 2 })

    const mine = await ok(h, 'GET', '/api/me/waitlist', s.resident2)
    expect(mine).toEqual({ items: [second], nextCursor: null })
    expect((await ok(h, 'GET', '/api/me/waitlist', s.resident3)).items).toEqual([])
  })

  it('409 SLOT_NOT_FULL while the party still fits', async () => {
    const s = await stationScene(h)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    await fillSlot(s.communityId, slotId, 3)
    expectError(await post(s.resident, `/api/slots/${slotId}/waitlist`, { partySize: 1 }), 409, 'SLOT_NOT_FULL')
    // A party of two no longer fits in the one seat left: it may wait.
    await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident, { partySize: 2 }, 201)
  })

  it('409 ALREADY_WAITLISTED and ALREADY_BOOKED', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    await bookSlot(h, s.resident, slotId)
    expectError(await post(s.resident, `/api/slots/${slotId}/waitlist`, { partySize: 1 }), 409, 'ALREADY_BOOKED')
    await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident2, { partySize: 1 }, 201)
    expectError(await post(s.resident2, `/api/slots/${slotId}/waitlist`, { partySize: 1 }), 409, 'ALREADY_WAITLISTED')
    expect(await slotState(h.db, slotId)).toMatchObject({ waiting: 1 })
  })

  it('409 SLOT_STARTED, SLOT_CLOSED and BOOKING_SUSPENDED', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const started = await slotAt(h, s.service.id, MONDAY, '09:00')
    const closedDay = await slotAt(h, s.service.id, TUESDAY, '09:00')
    const open = await slotAt(h, s.service.id, MONDAY, '11:00')
    for (const slotId of [started, closedDay, open]) await fillSlot(s.communityId, slotId, 1)

    await ok(h, 'POST', `/api/stations/${s.station.id}/closures`, s.staff, { date: TUESDAY, reason: '停电检修' }, 201)
    expectError(await post(s.resident, `/api/slots/${closedDay}/waitlist`, { partySize: 1 }), 409, 'SLOT_CLOSED')
    await h.db.query(
      sql`UPDATE users SET booking_suspended_until = ${at(TUESDAY, '08:00')} WHERE id = ${s.resident2.id}`,
    )
    expectError(await post(s.resident2, `/api/slots/${open}/waitlist`, { partySize: 1 }), 409, 'BOOKING_SUSPENDED')
    h.clock.set(at(MONDAY, '09:00'))
    expectError(await post(s.resident, `/api/slots/${started}/waitlist`, { partySize: 1 }), 409, 'SLOT_STARTED')
    for (const slotId of [started, closedDay, open]) expect(await slotState(h.db, slotId)).toMatchObject({ waiting: 0 })
  })

  it.each([
    ['partySize 0', { partySize: 0 }],
    ['partySize 5', { partySize: 5 }],
    ['an unknown field', { partySize: 1, slotId: A_UUID }],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, body) => {
    const s = await stationScene(h, { capacity: 1 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    await fillSlot(s.communityId, slotId, 1)
    expectError(await post(s.resident, `/api/slots/${slotId}/waitlist`, body), 400, 'VALIDATION_FAILED')
    expect(await slotState(h.db, slotId)).toMatchObject({ waiting: 0 })
  })
})

describe('POST /api/waitlist/:id/cancel', () => {
  it('leaves the line: 200, and those behind move up', async () => {
    const s = await stationScene(h, { capacity: 1 })
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    await fillSlot(s.communityId, slotId, 1)
    const first = await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident, { partySize: 1 }, 201)
    await ok(h, 'POST', `/api/slots/${slotId}/waitlist`, s.resident2, { partySize: 1 }, 201)

    expectError(await post(s.resident2, `/api/waitlist/${first.id}/cancel`), 404, 'NOT_FOUND')
    expectError(await post(s.staff, `/api/waitlist/${first.id}/cancel`), 404, 'NOT_FOUND')
    expect(await slotState(h.db, slotId)).toMatchObject({ waiting: 2 })

    const left = await ok(h, 'POST', `/api/waitlist/${first.id}/cancel`, s.resident)
    expect(left).toMatchObject({ id: first.id, status: 'cancelled', position: null, slotId })
    expect((await ok(h, 'GET', '/api/me/waitlist', s.resident2)).items).toMatchObject([{ position: 1 }])
    expect((await ok(h, 'GET', '/api/me/waitlist', s.resident)).items).toEqual([])
    expectError(await post(s.resident, `/api/waitlist/${first.id}/cancel`), 409, 'WAITLIST_NOT_ACTIVE')
    expect(await slotState(h.db, slotId)).toMatchObject({ waiting: 1 })
  })
})

describe('POST /api/bookings/check-in', () => {
  async function booked(service: Record<string, unknown> = {}) {
    const s = await stationScene(h, service)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
    const booking = await bookSlot(h, s.resident, slotId, 2)
    return { s, slotId, booking }
  }

  it('checks in by code from an hour before the start: 200 in the staff shape, audited; again is the same', async () => {
    const { s, slotId, booking } = await booked()
    h.clock.set(at(MONDAY, '09:00'))
    const reply = await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: booking.code })
    expect(reply).toEqual({
      id: booking.id,
      code: booking.code,
      status: 'checked_in',
      partySize: 2,
      // Staff of the community see who is standing there (issue #18).
      holderName: '王小明',
      actedByName: null,
      slotId,
      startsAt: at(MONDAY, '10:00'),
      endsAt: at(MONDAY, '10:30'),
      serviceName: '健康咨询',
      stationName: '测试党群服务驿站',
      checkedInAt: at(MONDAY, '09:00'),
    })
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'checked_in', checked_in_by: s.staff.id })
    // Checked in, the seats stay taken.
    expect(await slotState(h.db, slotId)).toMatchObject({ booked: 2, active: 2 })

    h.clock.set(at(MONDAY, '10:10'))
    const again = await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: booking.code })
    expect(again).toEqual(reply)
    expect(await auditRowsOf(h, booking.id, 'booking.')).toEqual([
      {
        actor_id: s.staff.id,
        actor_role: 'staff',
        action: 'booking.checked_in',
        entity_type: 'booking',
        entity_id: booking.id,
        community_id: s.communityId,
        before: { status: 'booked' },
        after: { status: 'checked_in' },
      },
    ])
    const mine = await ok(h, 'GET', '/api/me/bookings', s.resident)
    expect(mine.items).toMatchObject([{ id: booking.id, status: 'checked_in', checkedInAt: at(MONDAY, '09:00') }])
  })

  it('takes a code typed with spaces, and the admin may check in', async () => {
    const { s, booking } = await booked()
    h.clock.set(at(MONDAY, '09:45'))
    const spaced = `${booking.code.slice(0, 4)} ${booking.code.slice(4)}`
    const reply = await ok(h, 'POST', '/api/bookings/check-in', s.admin, { code: spaced })
    expect(reply).toMatchObject({ id: booking.id, status: 'checked_in' })
  })

  it('is 404 for staff of another community and for an unknown code, and changes nothing', async () => {
    const { s, booking } = await booked()
    h.clock.set(at(MONDAY, '09:45'))
    expectError(await post(s.foreignStaff, '/api/bookings/check-in', { code: booking.code }), 404, 'NOT_FOUND')
    const unknown = booking.code === '00000000' ? '00000001' : '00000000'
    expectError(await post(s.staff, '/api/bookings/check-in', { code: unknown }), 404, 'NOT_FOUND')
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'booked', checked_in_by: null })
    expect(await auditRowsOf(h, booking.id)).toEqual([])
  })

  it('409 CHECK_IN_TOO_EARLY more than an hour before the start', async () => {
    const { s, booking } = await booked()
    h.clock.set(new Date(Date.parse(at(MONDAY, '09:00')) - MINUTE_MS))
    expectError(await post(s.staff, '/api/bookings/check-in', { code: booking.code }), 409, 'CHECK_IN_TOO_EARLY')
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'booked' })
  })

  it('409 CHECK_IN_CLOSED once the slot has ended', async () => {
    const { s, booking } = await booked()
    h.clock.set(at(MONDAY, '10:30'))
    expectError(await post(s.staff, '/api/bookings/check-in', { code: booking.code }), 409, 'CHECK_IN_CLOSED')
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'booked' })
    expect(await auditRowsOf(h, booking.id)).toEqual([])
  })

  it('409 BOOKING_CANCELLED for a cancelled booking', async () => {
    const { s, booking } = await booked()
    await ok(h, 'POST', `/api/bookings/${booking.id}/cancel`, s.resident)
    h.clock.set(at(MONDAY, '09:45'))
    expectError(await post(s.staff, '/api/bookings/check-in', { code: booking.code }), 409, 'BOOKING_CANCELLED')
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'cancelled' })
  })

  it.each([
    ['seven digits', { code: '1234567' }],
    ['letters', { code: '1234567a' }],
    ['no code', {}],
    ['an unknown field', { code: '12345678', slotId: A_UUID }],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, body) => {
    const staff = await makeUser(h, 'staff', await makeCommunity(h))
    expectError(await post(staff, '/api/bookings/check-in', body), 400, 'VALIDATION_FAILED')
  })
})

describe('GET /api/services/:id/bookings', () => {
  it('lists the day’s bookings by slot for its staff, holders by name, never a phone', async () => {
    const s = await stationScene(h)
    const late = await bookSlot(h, s.resident, await slotAt(h, s.service.id, MONDAY, '11:00'))
    const early = await bookSlot(h, s.resident2, await slotAt(h, s.service.id, MONDAY, '09:00'), 3)
    const cancelled = await bookSlot(h, s.resident3, await slotAt(h, s.service.id, MONDAY, '10:00'))
    await ok(h, 'POST', `/api/bookings/${cancelled.id}/cancel`, s.resident3)
    await bookSlot(h, s.resident3, await slotAt(h, s.service.id, TUESDAY, '10:00'))

    for (const user of [s.staff, s.admin]) {
      const list = await ok(h, 'GET', `/api/services/${s.service.id}/bookings?date=${MONDAY}`, user)
      expect(list.nextCursor).toBeNull()
      expect(list.items.map((b: any) => [b.id, b.status, b.holderName, b.partySize])).toEqual([
        [early.id, 'booked', '李奶奶', 3],
        [cancelled.id, 'cancelled', '周阿姨', 1],
        [late.id, 'booked', '王小明', 1],
      ])
      expect(Object.keys(list.items[0]).sort()).toEqual(
        [
          'id',
          'code',
          'status',
          'partySize',
          'holderName',
          'actedByName',
          'slotId',
          'startsAt',
          'endsAt',
          'serviceName',
          'stationName',
          'checkedInAt',
        ].sort(),
      )
    }
    expect((await ok(h, 'GET', `/api/services/${s.service.id}/bookings?date=2030-01-09`, s.staff)).items).toEqual([])
  })

  it('is 403 to staff of another community', async () => {
    const s = await stationScene(h)
    await bookSlot(h, s.resident, await slotAt(h, s.service.id, MONDAY, '11:00'))
    expectError(await get(s.foreignStaff, `/api/services/${s.service.id}/bookings?date=${MONDAY}`), 403, 'FORBIDDEN')
  })

  it.each([
    ['a day that does not exist', 'date=2030-02-30'],
    ['no date', ''],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, query) => {
    const s = await stationScene(h)
    const reply = await get(s.staff, `/api/services/${s.service.id}/bookings?${query}`)
    expectError(reply, 400, 'VALIDATION_FAILED')
    expect(pathsOf(reply)).toContainEqual(['date'])
  })
})

describe('POST /api/stations', () => {
  it('adds a station to the staff member’s community: 201 with the detail, audited', async () => {
    const s = await stationScene(h)
    const reply = await post(
      s.staff,
      '/api/stations',
      stationBody(s.communityId, { name: '  新建驿站  ', phone: undefined, intro: undefined }),
    )
    expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    expect(reply.body).toMatchObject({
      communityId: s.communityId,
      name: '新建驿站',
      phone: null,
      intro: '',
      active: true,
      canManage: true,
      services: [],
      closures: [],
      openingHours: [],
      openNow: false,
    })
    expect(await stationRow(reply.body.id)).toMatchObject({
      name: '新建驿站',
      phone: null,
      community_id: s.communityId,
    })
    const audit = await auditRowsOf(h, reply.body.id, 'station.')
    expect(audit).toMatchObject([
      {
        actor_id: s.staff.id,
        actor_role: 'staff',
        action: 'station.created',
        entity_type: 'station',
        community_id: s.communityId,
        before: null,
        after: { name: '新建驿站', address: '测试路1号', community_id: s.communityId, active: true },
      },
    ])
  })

  it('is 403 for another community, 404 for a community that does not exist (admin)', async () => {
    const s = await stationScene(h)
    expectError(await post(s.foreignStaff, '/api/stations', stationBody(s.communityId)), 403, 'FORBIDDEN')
    expectError(await post(s.staff, '/api/stations', stationBody(s.otherCommunityId)), 403, 'FORBIDDEN')
    expectError(await post(s.admin, '/api/stations', stationBody(A_UUID)), 404, 'NOT_FOUND')
    expect(await stationsIn(s.communityId)).toBe(1)
    expect(await stationsIn(s.otherCommunityId)).toBe(0)
    const byAdmin = await post(s.admin, '/api/stations', stationBody(s.otherCommunityId))
    expect(byAdmin.status).toBe(201)
  })

  it.each([
    ['lat out of range', { lat: 91 }, 'lat'],
    ['lng out of range', { lng: -180.5 }, 'lng'],
    ['lat as text', { lat: '30.2' }, 'lat'],
    ['a 1-character name', { name: '站' }, 'name'],
    ['a 41-character name', { name: '站'.repeat(41) }, 'name'],
    ['no address', { address: undefined }, 'address'],
    ['a phone with letters', { phone: '0571-abc' }, 'phone'],
    ['a 501-character intro', { intro: '介'.repeat(501) }, 'intro'],
    ['a communityId that is not a uuid', { communityId: 'c1' }, 'communityId'],
    ['an unknown field', { active: false }, null],
  ])('refuses %s: 400 VALIDATION_FAILED, nothing written', async (_name, over, field) => {
    const s = await stationScene(h)
    const reply = await post(s.staff, '/api/stations', { ...stationBody(s.communityId), ...over })
    expectError(reply, 400, 'VALIDATION_FAILED')
    if (field) expect(pathsOf(reply)).toContainEqual([field])
    expect(await stationsIn(s.communityId)).toBe(1)
  })

  it('refuses a sensitive word in the name, address or intro: 422 CONTENT_REJECTED', async () => {
    const s = await stationScene(h)
    for (const over of [{ name: '赌博驿站' }, { address: '诈骗路1号' }, { intro: '这里可以办 假 证' }]) {
      expectError(await post(s.staff, '/api/stations', stationBody(s.communityId, over)), 422, 'CONTENT_REJECTED')
    }
    expect(await stationsIn(s.communityId)).toBe(1)
  })
})

describe('PATCH /api/stations/:id', () => {
  it('changes the fields given, audited with before and after', async () => {
    const s = await stationScene(h)
    const reply = await ok(h, 'PATCH', `/api/stations/${s.station.id}`, s.staff, {
      name: '改名驿站',
      lat: 31.5,
      lng: 121.25,
    })
    expect(reply).toMatchObject({ id: s.station.id, name: '改名驿站', lat: 31.5, lng: 121.25, address: '测试路1号' })
    // What the patch leaves out stays as it was: the intro is not reset to a default.
    expect(await stationRow(s.station.id)).toMatchObject({
      name: '改名驿站',
      lat: 31.5,
      lng: 121.25,
      intro: '欢迎预约',
    })
    const audit = await auditRowsOf(h, s.station.id, 'station.updated')
    expect(audit).toMatchObject([
      {
        actor_id: s.staff.id,
        action: 'station.updated',
        community_id: s.communityId,
        before: { name: '测试党群服务驿站', lat: 30.27415, lng: 120.15515 },
        after: { name: '改名驿站', lat: 31.5, lng: 121.25 },
      },
    ])
  })

  it('clears the phone with phone: null', async () => {
    const s = await stationScene(h)
    const reply = await ok(h, 'PATCH', `/api/stations/${s.station.id}`, s.staff, { phone: null })
    expect(reply.phone).toBeNull()
    expect(await stationRow(s.station.id)).toMatchObject({ phone: null, name: '测试党群服务驿站' })
    const [audit] = await auditRowsOf(h, s.station.id, 'station.updated')
    expect(audit).toMatchObject({ before: { phone: '0571-88001234' }, after: { phone: null } })
  })

  it('is 403 for staff of another community and changes nothing', async () => {
    const s = await stationScene(h)
    const before = await stationRow(s.station.id)
    expectError(await patch(s.foreignStaff, `/api/stations/${s.station.id}`, { name: '别人的驿站' }), 403, 'FORBIDDEN')
    expect(await stationRow(s.station.id)).toEqual(before)
    expect(await auditRowsOf(h, s.station.id, 'station.updated')).toEqual([])
  })

  it.each([
    ['a communityId (a station does not move)', { communityId: A_UUID }],
    ['lat out of range', { lat: -90.1 }],
    ['active as text', { active: 'no' }],
    ['a 1-character name', { name: '站' }],
    ['nothing to change', {}],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, body) => {
    const s = await stationScene(h)
    const before = await stationRow(s.station.id)
    expectError(await patch(s.staff, `/api/stations/${s.station.id}`, body), 400, 'VALIDATION_FAILED')
    expect(await stationRow(s.station.id)).toEqual(before)
  })

  it('refuses a sensitive word: 422 CONTENT_REJECTED', async () => {
    const s = await stationScene(h)
    expectError(await patch(s.staff, `/api/stations/${s.station.id}`, { name: '传销驿站' }), 422, 'CONTENT_REJECTED')
    expect(await stationRow(s.station.id)).toMatchObject({ name: '测试党群服务驿站' })
  })
})

describe('POST /api/stations/:id/services', () => {
  it('adds a service with the defaults: 201, audited', async () => {
    const s = await stationScene(h)
    const schedule = [
      { weekday: 2, start: '14:00', end: '17:00' },
      { weekday: 2, start: '09:00', end: '12:00' },
    ]
    const reply = await post(s.staff, `/api/stations/${s.station.id}/services`, {
      name: '法律咨询',
      slotMinutes: 60,
      capacity: 2,
      schedule,
    })
    expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    expect(reply.body).toMatchObject({
      stationId: s.station.id,
      name: '法律咨询',
      slotMinutes: 60,
      capacity: 2,
      bookingWindowDays: 7,
      cancelCutoffMinutes: 60,
      active: true,
    })
    expect(await serviceRow(reply.body.id)).toEqual({
      name: '法律咨询',
      slot_minutes: 60,
      capacity: 2,
      booking_window_days: 7,
      cancel_cutoff_minutes: 60,
      active: true,
      schedule: [schedule[1], schedule[0]],
    })
    const day = await slotsOf(h, reply.body.id, TUESDAY)
    expect(day.items.map((x: { startsAt: string }) => x.startsAt)).toEqual(
      ['09:00', '10:00', '11:00', '14:00', '15:00', '16:00'].map((t) => at(TUESDAY, t)),
    )
    const audit = await auditRowsOf(h, reply.body.id, 'service.')
    expect(audit).toMatchObject([
      {
        actor_id: s.staff.id,
        action: 'service.created',
        entity_type: 'service',
        community_id: s.communityId,
        before: null,
        after: { name: '法律咨询', capacity: 2, schedule },
      },
    ])
  })

  it('is 403 for staff of another community', async () => {
    const s = await stationScene(h)
    expectError(await post(s.foreignStaff, `/api/stations/${s.station.id}/services`, serviceBody()), 403, 'FORBIDDEN')
    expect(await servicesOf(s.station.id)).toBe(1)
  })

  it.each([
    ['an end before the start', { schedule: [{ weekday: 1, start: '10:00', end: '09:00' }] }],
    ['an end equal to the start', { schedule: [{ weekday: 1, start: '10:00', end: '10:00' }] }],
    [
      'overlapping ranges on one day',
      {
        schedule: [
          { weekday: 3, start: '09:00', end: '11:00' },
          { weekday: 3, start: '10:30', end: '12:00' },
        ],
      },
    ],
    ['weekday 0', { schedule: [{ weekday: 0, start: '09:00', end: '10:00' }] }],
    ['weekday 8', { schedule: [{ weekday: 8, start: '09:00', end: '10:00' }] }],
    ['24:00', { schedule: [{ weekday: 1, start: '09:00', end: '24:00' }] }],
    ['9:00 without the leading zero', { schedule: [{ weekday: 1, start: '9:00', end: '10:00' }] }],
    ['an unknown field in an entry', { schedule: [{ weekday: 1, start: '09:00', end: '10:00', note: 'x' }] }],
    ['slotMinutes 5', { slotMinutes: 5 }],
    ['capacity 0', { capacity: 0 }],
    ['bookingWindowDays 31', { bookingWindowDays: 31 }],
    ['cancelCutoffMinutes -1', { cancelCutoffMinutes: -1 }],
    ['no schedule', { schedule: undefined }],
    ['an unknown field', { price: 0 }],
  ])('refuses %s: 400 VALIDATION_FAILED, nothing written', async (_name, over) => {
    const s = await stationScene(h)
    const reply = await post(s.staff, `/api/stations/${s.station.id}/services`, { ...serviceBody(), ...over })
    expectError(reply, 400, 'VALIDATION_FAILED')
    expect(await servicesOf(s.station.id)).toBe(1)
  })

  it('takes ranges of one day that touch without overlapping, and the same hours on different days', async () => {
    const s = await stationScene(h)
    const schedule = [
      { weekday: 3, start: '09:00', end: '10:00' },
      { weekday: 3, start: '10:00', end: '11:00' },
      { weekday: 4, start: '09:30', end: '10:30' },
    ]
    await ok(h, 'POST', `/api/stations/${s.station.id}/services`, s.staff, serviceBody({ schedule }), 201)
    expect(await servicesOf(s.station.id)).toBe(2)
  })

  it('refuses a sensitive word in the name: 422', async () => {
    const s = await stationScene(h)
    const reply = await post(s.staff, `/api/stations/${s.station.id}/services`, serviceBody({ name: '毒品咨询' }))
    expectError(reply, 422, 'CONTENT_REJECTED')
    expect(await servicesOf(s.station.id)).toBe(1)
  })
})

describe('PATCH /api/services/:id', () => {
  it('a new capacity applies to slots to come, never below the seats booked; started slots keep theirs', async () => {
    const s = await stationScene(h)
    const started = await slotAt(h, s.service.id, MONDAY, '09:00')
    const busy = await slotAt(h, s.service.id, MONDAY, '10:00')
    const empty = await slotAt(h, s.service.id, MONDAY, '11:00')
    await fillSlot(s.communityId, busy, 3)
    h.clock.set(at(MONDAY, '09:10'))

    const reply = await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { capacity: 2 })
    expect(reply).toMatchObject({ id: s.service.id, capacity: 2, slotMinutes: 30 })
    expect(await slotState(h.db, started)).toMatchObject({ capacity: 4 })
    expect(await slotState(h.db, busy)).toMatchObject({ capacity: 3, booked: 3 })
    expect(await slotState(h.db, empty)).toMatchObject({ capacity: 2 })
    const monday = await slotsOf(h, s.service.id, MONDAY)
    expect(monday.items.map((x: any) => [x.startsAt, x.capacity, x.remaining])).toEqual([
      [at(MONDAY, '09:30'), 2, 2],
      [at(MONDAY, '10:00'), 3, 0],
      [at(MONDAY, '10:30'), 2, 2],
      [at(MONDAY, '11:00'), 2, 2],
    ])
    // Slots made after the change have the new capacity.
    expect((await slotsOf(h, s.service.id, '2030-01-10')).items[0].capacity).toBe(2)
    expectError(await post(s.resident, '/api/bookings', { slotId: busy }), 409, 'SLOT_FULL')
  })

  it('replaces the schedule', async () => {
    const s = await stationScene(h)
    expect((await slotsOf(h, s.service.id, TUESDAY)).items).toHaveLength(5)
    const schedule = [
      { weekday: 3, start: '14:00', end: '15:00' },
      { weekday: 1, start: '09:00', end: '10:00' },
    ]
    const reply = await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { schedule })
    expect(reply.schedule).toEqual(expect.arrayContaining(schedule))
    expect(reply.schedule).toHaveLength(2)
    expect((await serviceRow(s.service.id))!.schedule).toEqual([schedule[1], schedule[0]])
    const detail = await ok(h, 'GET', `/api/stations/${s.station.id}`, null)
    expect(detail.services[0].schedule).toEqual([schedule[1], schedule[0]])
    expect(detail.openingHours).toEqual([
      { weekday: 1, start: '09:00', end: '10:00' },
      { weekday: 3, start: '14:00', end: '15:00' },
    ])
    expect((await slotsOf(h, s.service.id, TUESDAY)).items).toEqual([])
    expect((await slotsOf(h, s.service.id, '2030-01-09')).items.map((x: { startsAt: string }) => x.startsAt)).toEqual([
      at('2030-01-09', '14:00'),
      at('2030-01-09', '14:30'),
    ])
    expect((await slotsOf(h, s.service.id, '2030-01-13')).items).toEqual([])
  })

  it('pauses a service: its slots are 404, the public no longer sees it, its staff still do', async () => {
    const s = await stationScene(h)
    const reply = await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { active: false })
    expect(reply.active).toBe(false)
    expectError(await get(s.resident, `/api/services/${s.service.id}/slots?date=${MONDAY}`), 404, 'NOT_FOUND')
    expect((await ok(h, 'GET', `/api/stations/${s.station.id}`, s.resident)).services).toEqual([])
    const forStaff = await ok(h, 'GET', `/api/stations/${s.station.id}`, s.staff)
    expect(forStaff.services).toMatchObject([{ id: s.service.id, active: false }])
  })

  it('is audited with before and after, the schedule included', async () => {
    const s = await stationScene(h)
    const schedule = [{ weekday: 5, start: '08:00', end: '09:00' }]
    await ok(h, 'PATCH', `/api/services/${s.service.id}`, s.staff, { name: '体检', cancelCutoffMinutes: 30, schedule })
    const audit = await auditRowsOf(h, s.service.id, 'service.updated')
    expect(audit).toMatchObject([
      {
        actor_id: s.staff.id,
        action: 'service.updated',
        entity_type: 'service',
        community_id: s.communityId,
        before: { name: '健康咨询', cancel_cutoff_minutes: 60, schedule: EVERY_MORNING },
        after: { name: '体检', cancel_cutoff_minutes: 30, schedule },
      },
    ])
  })

  it('is 403 for staff of another community and changes nothing', async () => {
    const s = await stationScene(h)
    const before = await serviceRow(s.service.id)
    expectError(await patch(s.foreignStaff, `/api/services/${s.service.id}`, { capacity: 9 }), 403, 'FORBIDDEN')
    expect(await serviceRow(s.service.id)).toEqual(before)
    expect(await auditRowsOf(h, s.service.id, 'service.updated')).toEqual([])
  })

  it.each([
    ['nothing to change', {}],
    ['capacity 201', { capacity: 201 }],
    ['overlapping ranges', { schedule: [EVERY_MORNING[0], { weekday: 1, start: '11:00', end: '12:00' }] }],
    ['an unknown field', { stationId: A_UUID }],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, body) => {
    const s = await stationScene(h)
    const before = await serviceRow(s.service.id)
    expectError(await patch(s.staff, `/api/services/${s.service.id}`, body), 400, 'VALIDATION_FAILED')
    expect(await serviceRow(s.service.id)).toEqual(before)
  })
})

describe('POST /api/stations/:id/closures', () => {
  it('closes a day: 201 with the count cancelled, shown on the station, audited', async () => {
    const s = await stationScene(h)
    await bookSlot(h, s.resident, await slotAt(h, s.service.id, TUESDAY, '09:00'))
    await bookSlot(h, s.resident2, await slotAt(h, s.service.id, TUESDAY, '11:00'), 2)
    await bookSlot(h, s.resident3, await slotAt(h, s.service.id, MONDAY, '11:00'))
    const reply = await post(s.staff, `/api/stations/${s.station.id}/closures`, { date: TUESDAY, reason: ' 设备检修 ' })
    expect(reply.status, JSON.stringify(reply.body)).toBe(201)
    expect(reply.body).toEqual({ stationId: s.station.id, date: TUESDAY, reason: '设备检修', cancelledBookings: 2 })
    expect(await closuresOf(s.station.id)).toEqual([{ day: TUESDAY, reason: '设备检修' }])
    expect((await ok(h, 'GET', `/api/stations/${s.station.id}`, null)).closures).toEqual([
      { date: TUESDAY, reason: '设备检修' },
    ])
    expect(await auditRowsOf(h, s.station.id, 'station.closed')).toMatchObject([
      {
        actor_id: s.staff.id,
        action: 'station.closed',
        community_id: s.communityId,
        before: null,
        after: { date: TUESDAY, reason: '设备检修' },
      },
    ])
    // Monday's booking is not touched.
    expect((await ok(h, 'GET', '/api/me/bookings', s.resident3)).items).toMatchObject([{ status: 'booked' }])
  })

  it('closes today, and a day whose slots nobody has looked at yet', async () => {
    const s = await stationScene(h)
    await ok(h, 'POST', `/api/stations/${s.station.id}/closures`, s.staff, { date: MONDAY, reason: '临时停电' }, 201)
    const far = await ok(
      h,
      'POST',
      `/api/stations/${s.station.id}/closures`,
      s.staff,
      { date: '2030-03-01', reason: '节日' },
      201,
    )
    expect(far.cancelledBookings).toBe(0)
    expect((await closuresOf(s.station.id)).map((c) => c.day)).toEqual([MONDAY, '2030-03-01'])
  })

  it('409 ALREADY_CLOSED for a second closure of the day, 409 DATE_IN_PAST for yesterday', async () => {
    const s = await stationScene(h)
    await ok(h, 'POST', `/api/stations/${s.station.id}/closures`, s.staff, { date: TUESDAY, reason: '设备检修' }, 201)
    expectError(
      await post(s.staff, `/api/stations/${s.station.id}/closures`, { date: TUESDAY, reason: '又要检修' }),
      409,
      'ALREADY_CLOSED',
    )
    expectError(
      await post(s.staff, `/api/stations/${s.station.id}/closures`, { date: '2030-01-06', reason: '补登记' }),
      409,
      'DATE_IN_PAST',
    )
    expect(await closuresOf(s.station.id)).toEqual([{ day: TUESDAY, reason: '设备检修' }])
    expect(await auditRowsOf(h, s.station.id, 'station.closed')).toHaveLength(1)
  })

  it('is 403 for staff of another community and changes nothing', async () => {
    const s = await stationScene(h)
    const booking = await bookSlot(h, s.resident, await slotAt(h, s.service.id, TUESDAY, '09:00'))
    expectError(
      await post(s.foreignStaff, `/api/stations/${s.station.id}/closures`, { date: TUESDAY, reason: '设备检修' }),
      403,
      'FORBIDDEN',
    )
    expect(await closuresOf(s.station.id)).toEqual([])
    expect(await bookingRow(booking.id)).toMatchObject({ status: 'booked' })
  })

  it.each([
    ['a day that does not exist', { date: '2030-02-30', reason: '设备检修' }, 'date'],
    ['a date in another format', { date: '2030/01/08', reason: '设备检修' }, 'date'],
    ['a 1-character reason', { date: TUESDAY, reason: '修' }, 'reason'],
    ['no reason', { date: TUESDAY }, 'reason'],
    ['an unknown field', { date: TUESDAY, reason: '设备检修', notify: false }, null],
  ])('refuses %s: 400 VALIDATION_FAILED', async (_name, body, field) => {
    const s = await stationScene(h)
    const reply = await post(s.staff, `/api/stations/${s.station.id}/closures`, body)
    expectError(reply, 400, 'VALIDATION_FAILED')
    if (field) expect(pathsOf(reply)).toContainEqual([field])
    expect(await closuresOf(s.station.id)).toEqual([])
  })

  it('refuses a sensitive word in the reason: 422', async () => {
    const s = await stationScene(h)
    expectError(
      await post(s.staff, `/api/stations/${s.station.id}/closures`, { date: TUESDAY, reason: '涉嫌赌博被查' }),
      422,
      'CONTENT_REJECTED',
    )
    expect(await closuresOf(s.station.id)).toEqual([])
  })
})
