import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWechatClient } from '../../../src/server/auth/wechat'
import { recordingDb, roundTrips, type Recorded } from '../../../.tools/recording'
import { startFakeWechat } from '../support/fake-wechat'
import { makeCast, makeCommunity } from '../support/fixtures'
import { call, openTestDb, startHarness, uniqueName, type Harness } from '../support/harness'
import { routeMatrix, servedRoutes, type ActorName } from '../support/route-matrix'

/**
 * Round trips to the database per request, for every route the matrix can call with success, by a caller the
 * instance has seen before: the count each takes today, so one more fails here. The request's first statement
 * confirms the caller's account and, for a write, counts a hit on their write limit (auth/caller-check.ts); a
 * transaction would pay two for BEGIN and COMMIT. The matrix sends no Idempotency-Key: a write that carries one takes
 * it in the same first statement and pays one more, to keep its answer. A caller not seen before pays one more, to read their account.
 */
const ROUND_TRIPS: Record<string, number> = {
  // Reads: the answer, with the caller's account confirmed in the same statement.
  'GET /api/activities': 1,
  'GET /api/activities/:id': 1,
  'GET /api/me/party-service': 1,
  'GET /api/staff/party-service': 1,
  'GET /api/admin/words': 1,
  'GET /api/audit': 1,
  'GET /api/auth/dev/users': 1,
  'GET /api/comments/reported': 1,
  'GET /api/communities': 1,
  'GET /api/communities/:id/words': 1,
  'GET /api/communities/:id/residents': 1,
  'GET /api/communities/:id/party-members': 1,
  'GET /api/me/contacts': 1,
  'GET /api/me/party': 1,
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
  'GET /api/me/membership': 1,
  'GET /api/communities/:id/memberships': 1,
  'GET /api/topics/:id/buildings': 1,
  'GET /api/topics/:id/comments': 1,
  'GET /api/topics/:id/results': 1,
  'GET /api/topics/:id/timeline': 1,
  'GET /api/uploads/:id': 1,
  'GET /api/uploads/:id/image': 1,
  'GET /api/volunteers/applications': 1,
  'GET /api/wishes': 1,
  'GET /api/wishes/:id': 1,
  'GET /api/wishes/:id/events': 1,
  'GET /api/problems': 1,
  'GET /api/problems/:id': 1,
  'GET /api/problems/:id/events': 1,
  'GET /api/handler/queue': 1,
  'GET /api/communities/:id/problem-orgs': 1,
  'GET /api/communities/:id/problem-stats': 1,
  'GET /api/communities/:id/problems.csv': 1,
  'GET /api/communities/:id/report': 1,
  'GET /api/streets/:id/stats': 1,
  'GET /api/streets/:id/export.csv': 1,
  // Writes: one statement, with the caller's account confirmed and a hit on their write limit counted in it.
  'DELETE /api/admin/staff/:userId/:communityId': 1,
  'PATCH /api/me': 1,
  'PATCH /api/me/party': 1,
  'POST /api/communities/:id/residents': 1,
  'POST /api/me/party': 1,
  'POST /api/party-members/:userId/confirm': 1,
  'PATCH /api/services/:id': 1,
  'PATCH /api/stations/:id': 1,
  'POST /api/admin/staff': 1,
  'POST /api/bookings': 1,
  'POST /api/bookings/:id/cancel': 1,
  'POST /api/bookings/check-in': 1,
  'POST /api/comments/:id/hide': 1,
  'POST /api/comments/:id/reports': 1,
  'POST /api/comments/:id/restore': 1,
  'POST /api/me/notifications/read': 1,
  'POST /api/me/volunteer': 1,
  'POST /api/slots/:id/waitlist': 1,
  'POST /api/stations': 1,
  'POST /api/stations/:id/closures': 1,
  'POST /api/stations/:id/services': 1,
  'POST /api/topics': 1,
  'POST /api/topics/:id/close': 1,
  'POST /api/topics/:id/comments': 1,
  'POST /api/topics/:id/outcome': 1,
  'POST /api/topics/:id/review': 1,
  'POST /api/topics/:id/updates': 1,
  'POST /api/volunteers/:userId/approve': 1,
  'POST /api/volunteers/:userId/reject': 1,
  'POST /api/volunteers/:userId/suspend': 1,
  'POST /api/waitlist/:id/cancel': 1,
  'POST /api/uploads': 1,
  'POST /api/wishes': 1,
  'POST /api/wishes/:id/cancel': 1,
  'POST /api/wishes/:id/claim': 1,
  'POST /api/wishes/:id/confirm': 1,
  'POST /api/wishes/:id/dispute': 1,
  'POST /api/wishes/:id/fulfil': 1,
  'POST /api/wishes/:id/release': 1,
  'POST /api/wishes/:id/review': 1,
  'PUT /api/topics/:id/ballot': 1,
  // 住户认证: each one conditional statement (an application, a leave, a decision with its household and audit).
  'POST /api/me/membership': 1,
  'DELETE /api/me/membership': 1,
  'POST /api/memberships/:id/approve': 1,
  'POST /api/memberships/:id/reject': 1,
  'POST /api/memberships/:id/revoke': 1,
  'POST /api/activity-signups/check-in': 1,
  // 社区活动: the conditional write, then the activity read as the caller sees it (its posts, seats and sign-up),
  // which the write's own snapshot cannot see.
  'POST /api/activities': 2,
  'POST /api/activities/:id/signup': 2,
  'POST /api/activities/:id/signup/cancel': 2,
  'POST /api/activities/:id/posts/:postId/claim': 2,
  'POST /api/activities/:id/posts/:postId/release': 2,
  'POST /api/activities/:id/complete': 2,
  // Places and invites (places/repo.ts): one statement each, the audit row and the staff check in it.
  'GET /api/streets': 1,
  'GET /api/communities/:id/grids': 1,
  'GET /api/communities/:id/buildings': 1,
  'GET /api/communities/:id/households': 1,
  'GET /api/communities/:id/orgs': 1,
  'GET /api/households/:id/code': 1,
  'POST /api/admin/streets': 1,
  'POST /api/communities': 1,
  'POST /api/communities/:id/grids': 1,
  'POST /api/communities/:id/buildings': 1,
  'POST /api/communities/:id/households': 1,
  'POST /api/communities/:id/households/import': 1,
  'POST /api/communities/:id/orgs': 1,
  'POST /api/communities/:id/invites': 1,
  'POST /api/streets/:id/invites': 1,
  'POST /api/invites/accept': 1,
  'POST /api/problems': 1,
  'POST /api/problems/:id/assign': 1,
  'POST /api/problems/:id/resolve': 1,
  'POST /api/problems/:id/escalate': 1,
  // 社区微实事 (budgets/repo.ts): reads of the budget then of its proposals (or the selection); a write is one
  // conditional statement with its audit, a member's write after the budget read its community, and a proposal is
  // answered as the caller sees it.
  'GET /api/communities/:id/budgets': 1,
  'GET /api/budgets/:id': 2,
  'GET /api/budgets/:id/results': 2,
  'GET /api/proposals/:id': 2,
  'POST /api/communities/:id/budgets': 1,
  'POST /api/budgets/:id/proposals': 3,
  'POST /api/proposals/:id/review': 2,
  'PUT /api/budgets/:id/ballot': 2,
  'POST /api/proposals/:id/expenses': 1,
  'POST /api/proposals/:id/updates': 1,
  // 公开栏 (notices/repo.ts): a read is one statement with its read counted; a notice is published in one statement
  // (with its attachments and audit) and answered as read back; an objection and a reply are one statement each.
  'GET /api/communities/:id/notices': 1,
  'GET /api/notices/:id': 1,
  'POST /api/communities/:id/notices': 2,
  'POST /api/notices/:id/objections': 1,
  'POST /api/objections/:id/reply': 1,
  // 满意度 (ratings/repo.ts): each rating one conditional INSERT that also says why it wrote nothing; the means one read.
  'POST /api/bookings/:id/rating': 1,
  'POST /api/topics/:id/rating': 1,
  'GET /api/communities/:id/ratings': 1,
  // 群众满意度测评 (surveys/repo.ts): the survey with its audit and the members' messages in one statement; an answer
  // one upsert that reads the window; the results one statement.
  'POST /api/communities/:id/surveys': 1,
  'GET /api/communities/:id/surveys': 1,
  'GET /api/surveys/:id': 1,
  'PUT /api/surveys/:id/response': 1,
  'GET /api/surveys/:id/results': 1,
  // A community's words, in a transaction: its list's row locked first, then the words replaced and audited.
  'PUT /api/communities/:id/words': 7,
  // Sign-in, sent here with a token: the address's login limit (with the caller confirmed), then the account.
  'POST /api/auth/dev': 2,
  'POST /api/auth/wechat': 2,
  // One's own account, as the instance knows it, confirmed.
  'GET /api/me': 1,
  // The token ended, in the statement that confirms the caller.
  'POST /api/auth/logout': 1,
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
      address: CLIENT_ADDRESS,
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

  it("a read right after the caller's own post: still one, as the counters a post moves are not the account's", async () => {
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const post = await MATRIX['POST /api/wishes']!.request(cast)
    expect((await call(h.app, 'POST', post.path, { token: cast.resident.token, body: post.body })).status).toBe(201)
    log.length = 0
    expect((await call(h.app, 'GET', '/api/wishes', { token: cast.resident.token })).status).toBe(200)
    expect(roundTrips(log)).toBe(ROUND_TRIPS['GET /api/wishes'])
  })

  it.each(['PATCH /api/me', 'POST /api/me/volunteer'])(
    "a read right after the caller's own account changed (%s): one more, to read it afresh",
    async (route) => {
      const [method] = route.split(' ') as [string]
      const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
      const change = await MATRIX[route]!.request(cast)
      await call(h.app, 'GET', '/api/me', { token: cast.resident.token })
      const changed = await call(h.app, method, change.path, { token: cast.resident.token, body: change.body })
      expect(changed.status).toBeLessThan(300)
      log.length = 0
      expect((await call(h.app, 'GET', '/api/wishes', { token: cast.resident.token })).status).toBe(200)
      expect(roundTrips(log)).toBe(ROUND_TRIPS['GET /api/wishes']! + 1)
    },
  )

  it('a write with an Idempotency-Key: one more, to keep the answer for a replay (the key is taken in the first)', async () => {
    const entry = MATRIX['POST /api/wishes']!
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const request = await entry.request(cast)
    await call(h.app, 'GET', '/api/me', { token: cast.resident.token })
    log.length = 0
    const reply = await call(h.app, 'POST', request.path, {
      token: cast.resident.token,
      body: request.body,
      headers: { 'idempotency-key': uniqueName('key') },
    })
    expect(reply.status).toBe(201)
    expect(roundTrips(log), log.map((e) => e.text.slice(0, 60)).join('\n')).toBe(ROUND_TRIPS['POST /api/wishes']! + 1)
  })
})
