import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWechatClient } from '../../../src/server/auth/wechat'
import { recordingDb, roundTrips, type Recorded } from '../../../src/server/db/recording'
import { startFakeWechat } from '../support/fake-wechat'
import { makeCast, makeCommunity } from '../support/fixtures'
import { call, openTestDb, startHarness, uniqueName, type Harness } from '../support/harness'
import { routeMatrix, servedRoutes, type ActorName } from '../support/route-matrix'

/**
 * Round trips to the database per request, for every route the matrix can call with success: the count each takes
 * today, so one more fails here. A signed-in request pays one for the caller's account, read afresh so that a
 * deleted or demoted user loses access at once; a write one more for the per-user write limit; a transaction two
 * for BEGIN and COMMIT. The matrix sends no Idempotency-Key: a write that carries one pays two more (see below).
 */
const ROUND_TRIPS: Record<string, number> = {
  // Reads: the caller's account, then the answer.
  'GET /api/admin/words': 2,
  'GET /api/audit': 2,
  'GET /api/auth/dev/users': 2,
  'GET /api/comments/reported': 2,
  'GET /api/communities': 2,
  'GET /api/health': 2,
  'GET /api/me/bookings': 2,
  'GET /api/me/notifications': 2,
  'GET /api/me/volunteer-hours': 2,
  'GET /api/me/waitlist': 2,
  'GET /api/services/:id/bookings': 2,
  'GET /api/services/:id/slots': 2,
  'GET /api/staff/export/ballots.csv': 2,
  'GET /api/staff/export/bookings.csv': 2,
  'GET /api/staff/export/volunteer-hours.csv': 2,
  'GET /api/staff/export/wishes.csv': 2,
  'GET /api/staff/queue': 2,
  'GET /api/staff/stats': 2,
  'GET /api/stations': 2,
  'GET /api/stations/:id': 2,
  'GET /api/topics': 2,
  'GET /api/topics/:id': 2,
  'GET /api/topics/:id/comments': 2,
  'GET /api/topics/:id/results': 2,
  'GET /api/topics/:id/timeline': 2,
  'GET /api/volunteers/applications': 2,
  'GET /api/wishes': 2,
  'GET /api/wishes/:id': 2,
  'GET /api/wishes/:id/events': 2,
  // Writes: the caller's account, the per-user write limit, then one statement.
  'PATCH /api/me': 3,
  'PATCH /api/services/:id': 3,
  'PATCH /api/stations/:id': 3,
  'POST /api/bookings': 3,
  'POST /api/bookings/:id/cancel': 3,
  'POST /api/bookings/check-in': 3,
  'POST /api/comments/:id/hide': 3,
  'POST /api/comments/:id/reports': 3,
  'POST /api/comments/:id/restore': 3,
  'POST /api/me/notifications/read': 3,
  'POST /api/me/volunteer': 3,
  'POST /api/slots/:id/waitlist': 3,
  'POST /api/stations': 3,
  'POST /api/stations/:id/closures': 3,
  'POST /api/stations/:id/services': 3,
  'POST /api/topics': 3,
  'POST /api/topics/:id/close': 3,
  'POST /api/topics/:id/comments': 3,
  'POST /api/topics/:id/outcome': 3,
  'POST /api/topics/:id/review': 3,
  'POST /api/topics/:id/updates': 3,
  'POST /api/volunteers/:userId/approve': 3,
  'POST /api/volunteers/:userId/reject': 3,
  'POST /api/volunteers/:userId/suspend': 3,
  'POST /api/waitlist/:id/cancel': 3,
  'POST /api/wishes': 3,
  'POST /api/wishes/:id/cancel': 3,
  'POST /api/wishes/:id/claim': 3,
  'POST /api/wishes/:id/confirm': 3,
  'POST /api/wishes/:id/dispute': 3,
  'POST /api/wishes/:id/fulfil': 3,
  'POST /api/wishes/:id/release': 3,
  'POST /api/wishes/:id/review': 3,
  'PUT /api/topics/:id/ballot': 3,
  // Sign-in, sent here with a token: the caller's account, the write limit, the address's login limit, then the account.
  'POST /api/auth/dev': 4,
  'POST /api/auth/wechat': 4,
  // One's own account: the lookup that identifies the caller answers it.
  'GET /api/me': 1,
  // A staff post given or taken away: a transaction of three statements (lock, change, audit).
  'DELETE /api/admin/staff/:userId/:communityId': 7,
  'POST /api/admin/staff': 7,
}

const WECHAT = { appId: 'wx-trips-app', secret: 'wx-trips-secret' }
const CLIENT_ADDRESS = `trips-${uniqueName('client')}`
/** The caller tried first: the one most requests come from. */
const CALLERS: readonly ActorName[] = ['resident', 'volunteer', 'staff', 'admin', 'anonymous']

let fake: Awaited<ReturnType<typeof startFakeWechat>>
let h: Harness
const log: Recorded[] = []

beforeAll(async () => {
  fake = await startFakeWechat(WECHAT)
  h = await startHarness({
    db: recordingDb(await openTestDb(), log),
    wechat: createWechatClient({ ...WECHAT, apiBase: fake.baseUrl, timeoutMs: 10_000 }),
  })
})
afterAll(async () => {
  await h.close()
  await fake.close()
})

const MATRIX = routeMatrix(() => h)
const succeeds = (expected: number | readonly number[]) =>
  (typeof expected === 'number' ? [expected] : expected).some((status) => status < 300)

describe('database round trips per request', () => {
  it('are listed for every route a caller can succeed on, and only for those', () => {
    const measurable = servedRoutes(h.app).filter((route) => CALLERS.some((a) => succeeds(MATRIX[route]!.expect[a])))
    expect(measurable.length).toBeGreaterThan(10)
    expect(Object.keys(ROUND_TRIPS).sort()).toEqual([...measurable].sort())
  })

  it.each(Object.entries(ROUND_TRIPS))('%s: %i', async (route, expected) => {
    const [method] = route.split(' ') as [string]
    const entry = MATRIX[route]!
    const caller = CALLERS.find((a) => succeeds(entry.expect[a]))!
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const request = await entry.request(cast)
    const token = caller === 'anonymous' ? undefined : cast[caller].token

    log.length = 0
    const reply = await call(h.app, method, request.path, {
      token,
      body: request.body,
      headers: { 'x-forwarded-for': CLIENT_ADDRESS },
    })
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
    expect(roundTrips(log), log.map((entry) => entry.text.replace(/\s+/g, ' ').slice(0, 80)).join('\n')).toBe(expected)
  })

  it('a write with an Idempotency-Key: two more, to take the key and to keep the answer for a replay', async () => {
    const entry = MATRIX['POST /api/wishes']!
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const request = await entry.request(cast)
    log.length = 0
    const reply = await call(h.app, 'POST', request.path, {
      token: cast.resident.token,
      body: request.body,
      headers: { 'idempotency-key': uniqueName('key') },
    })
    expect(reply.status).toBe(201)
    expect(roundTrips(log)).toBe(ROUND_TRIPS['POST /api/wishes']! + 2)
  })
})
