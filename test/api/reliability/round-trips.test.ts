import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWechatClient } from '../../../src/server/auth/wechat'
import { recordingDb, roundTrips, type Recorded } from '../../../src/server/db/recording'
import { startFakeWechat } from '../support/fake-wechat'
import { makeCast, makeCommunity } from '../support/fixtures'
import { call, openTestDb, startHarness, uniqueName, type Harness } from '../support/harness'
import { routeMatrix, servedRoutes, type ActorName } from '../support/route-matrix'

/**
 * Round trips to the database per request, for every route the matrix can call with success, by a caller the
 * instance has seen before: the count each takes today, so one more fails here. A read confirms the caller's account
 * inside its own statement (auth/caller-check.ts); a write reads the account afresh with a hit on the caller's write
 * limit, then sends its statement; a transaction pays two for BEGIN and COMMIT. The matrix sends no Idempotency-Key:
 * a write that carries one pays two more. A caller not seen before pays one more for a read.
 */
const ROUND_TRIPS: Record<string, number> = {
  // Reads: the answer, with the caller's account confirmed in the same statement.
  'GET /api/admin/words': 1,
  'GET /api/audit': 1,
  'GET /api/auth/dev/users': 1,
  'GET /api/comments/reported': 1,
  'GET /api/communities': 1,
  'GET /api/health': 1,
  'GET /api/me/bookings': 1,
  'GET /api/me/notifications': 1,
  'GET /api/me/volunteer-hours': 1,
  'GET /api/me/waitlist': 1,
  'GET /api/services/:id/bookings': 1,
  'GET /api/services/:id/slots': 1,
  'GET /api/staff/export/ballots.csv': 1,
  'GET /api/staff/export/bookings.csv': 1,
  'GET /api/staff/export/volunteer-hours.csv': 1,
  'GET /api/staff/export/wishes.csv': 1,
  'GET /api/staff/queue': 1,
  'GET /api/staff/stats': 1,
  'GET /api/stations': 1,
  'GET /api/stations/:id': 1,
  'GET /api/topics': 1,
  'GET /api/topics/:id': 1,
  'GET /api/topics/:id/comments': 1,
  'GET /api/topics/:id/results': 1,
  'GET /api/topics/:id/timeline': 1,
  'GET /api/volunteers/applications': 1,
  'GET /api/wishes': 1,
  'GET /api/wishes/:id': 1,
  'GET /api/wishes/:id/events': 1,
  // Writes: the caller's account with a hit on their write limit, then one statement.
  'DELETE /api/admin/staff/:userId/:communityId': 2,
  'PATCH /api/me': 2,
  'PATCH /api/services/:id': 2,
  'PATCH /api/stations/:id': 2,
  'POST /api/admin/staff': 2,
  'POST /api/bookings': 2,
  'POST /api/bookings/:id/cancel': 2,
  'POST /api/bookings/check-in': 2,
  'POST /api/comments/:id/hide': 2,
  'POST /api/comments/:id/reports': 2,
  'POST /api/comments/:id/restore': 2,
  'POST /api/me/notifications/read': 2,
  'POST /api/me/volunteer': 2,
  'POST /api/slots/:id/waitlist': 2,
  'POST /api/stations': 2,
  'POST /api/stations/:id/closures': 2,
  'POST /api/stations/:id/services': 2,
  'POST /api/topics': 2,
  'POST /api/topics/:id/close': 2,
  'POST /api/topics/:id/comments': 2,
  'POST /api/topics/:id/outcome': 2,
  'POST /api/topics/:id/review': 2,
  'POST /api/topics/:id/updates': 2,
  'POST /api/volunteers/:userId/approve': 2,
  'POST /api/volunteers/:userId/reject': 2,
  'POST /api/volunteers/:userId/suspend': 2,
  'POST /api/waitlist/:id/cancel': 2,
  'POST /api/wishes': 2,
  'POST /api/wishes/:id/cancel': 2,
  'POST /api/wishes/:id/claim': 2,
  'POST /api/wishes/:id/confirm': 2,
  'POST /api/wishes/:id/dispute': 2,
  'POST /api/wishes/:id/fulfil': 2,
  'POST /api/wishes/:id/release': 2,
  'POST /api/wishes/:id/review': 2,
  'PUT /api/topics/:id/ballot': 2,
  // Sign-in, sent here with a token: the caller's account and write limit, the address's login limit, the account.
  'POST /api/auth/dev': 3,
  'POST /api/auth/wechat': 3,
  // One's own account, as the instance knows it, confirmed.
  'GET /api/me': 1,
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
    if (token) await call(h.app, 'GET', '/api/me', { token })

    log.length = 0
    const reply = await call(h.app, method, request.path, {
      token,
      body: request.body,
      headers: { 'x-forwarded-for': CLIENT_ADDRESS },
    })
    expect(reply.status, JSON.stringify(reply.body)).toBeLessThan(300)
    expect(roundTrips(log), log.map((entry) => entry.text.replace(/\s+/g, ' ').slice(0, 80)).join('\n')).toBe(expected)
  })

  it('a read by a caller the instance has not seen: one more, to read their account', async () => {
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    log.length = 0
    const reply = await call(h.app, 'GET', '/api/wishes', { token: cast.resident.token })
    expect(reply.status).toBe(200)
    expect(roundTrips(log)).toBe(ROUND_TRIPS['GET /api/wishes']! + 1)
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
