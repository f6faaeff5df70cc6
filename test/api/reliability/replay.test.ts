import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isWrite } from '../../../src/server/lib/rate-limit'
import { createWechatClient } from '../../../src/server/auth/wechat'
import { startFakeWechat } from '../support/fake-wechat'
import { makeCast, makeCommunity } from '../support/fixtures'
import { fingerprint } from '../support/fingerprint'
import { call, startHarness, uniqueName, type Harness } from '../support/harness'
import { routeMatrix, successfulCaller } from '../support/route-matrix'

/**
 * A dropped response: the mini-program sends a write, the answer is lost on the way back, and it sends the same
 * request again with the same Idempotency-Key. For every write route of the matrix, with the least privileged caller
 * the matrix lets through: the retry gets the first answer again, and the database is as the first request left it.
 */

const WECHAT = { appId: 'wx-replay-app', secret: 'wx-replay-secret' }
const CLIENT_ADDRESS = `replay-${uniqueName('client')}`
let fake: Awaited<ReturnType<typeof startFakeWechat>>
let h: Harness
const MATRIX = routeMatrix(() => h)

beforeAll(async () => {
  fake = await startFakeWechat(WECHAT)
  h = await startHarness({ wechat: createWechatClient({ ...WECHAT, apiBase: fake.baseUrl, timeoutMs: 10_000 }) })
})
afterAll(async () => {
  await h.close()
  await fake.close()
})

// Scheduled jobs answer the cron secret, not a user: the idempotency of user writes does not apply to them. A logout
// ends the token its retry would carry: the retry is refused like any request with it (test/api/logout.test.ts).
const WRITES = Object.entries(MATRIX).filter(
  ([route, entry]) =>
    isWrite(route.split(' ')[0]!) && !Object.values(entry.expect).every((s) => s === 401) && !entry.endsSession,
)

const uuidsIn = (value: unknown) => [
  ...new Set(JSON.stringify(value ?? null).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)),
]

describe('a write retried with its Idempotency-Key after a dropped response', () => {
  it('covers every write of the app but the cron jobs', () => {
    expect(WRITES.length).toBeGreaterThan(30)
  })

  it.each(WRITES)('%s', async (route, entry) => {
    const method = route.split(' ')[0]!
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const request = await entry.request(cast)
    const { caller, statuses } = successfulCaller(entry)
    const options = {
      token: cast[caller].token,
      body: request.body,
      headers: { 'Idempotency-Key': `replay-${randomUUID()}` },
      address: CLIENT_ADDRESS,
    }

    const first = await call(h.app, method, request.path, options)
    expect(statuses, `${caller}: ${JSON.stringify(first.body)}`).toContain(first.status)
    // The users a login made or a body names are in the scope too.
    const scope = {
      communityIds: [cast.communityId, cast.otherCommunityId],
      userIds: [cast.admin.id, ...uuidsIn(first.body)],
    }
    const written = await fingerprint(h, scope)
    const state = await request.state?.()

    const retry = await call(h.app, method, request.path, options)
    expect(retry.status).toBe(first.status)
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(await fingerprint(h, scope)).toBe(written)
    expect(await request.state?.()).toEqual(state)
  })
})
