import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createWechatClient } from '../../src/server/auth/wechat'
import { startFakeWechat } from './support/fake-wechat'
import { makeCast, makeCommunity } from './support/fixtures'
import { call, startHarness, uniqueName, type Harness } from './support/harness'
import { ACTORS, routeMatrix, servedRoutes } from './support/route-matrix'

/**
 * Who may call what: for every route of the app, the status each kind of caller gets for a valid request about a
 * target in `communityId`. A route without an entry fails the first test, so a new route must say who may call it.
 */

const WECHAT = { appId: 'wx-matrix-app', secret: 'wx-matrix-secret' }
const CRON_SECRET = 'matrix-cron-secret-0123456789'
const CLIENT_ADDRESS = `matrix-${uniqueName('client')}`
let fake: Awaited<ReturnType<typeof startFakeWechat>>
let h: Harness

beforeAll(async () => {
  fake = await startFakeWechat(WECHAT)
  h = await startHarness({
    wechat: createWechatClient({ ...WECHAT, apiBase: fake.baseUrl, timeoutMs: 10_000 }),
    config: { cronSecret: CRON_SECRET },
  })
})
afterAll(async () => {
  await h.close()
  await fake.close()
})

const MATRIX = routeMatrix(() => h)

const CODE_OF_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
}

describe('authorization matrix', () => {
  it('has an entry for every route of the app, and none for a route that is not there', () => {
    const served = servedRoutes(h.app)
    expect(served.length).toBeGreaterThan(10)
    expect(served.filter((route) => !(route in MATRIX))).toEqual([])
    expect(Object.keys(MATRIX).filter((route) => !served.includes(route))).toEqual([])
  })

  describe.each(Object.entries(MATRIX))('%s', (route, entry) => {
    const [method, pattern] = route.split(' ') as [string, string]
    const matches = new RegExp(`^${pattern.replace(/:\w+/g, '[^/]+')}$`)
    let communityId: string
    let otherCommunityId: string
    beforeAll(async () => {
      ;[communityId, otherCommunityId] = [await makeCommunity(h), await makeCommunity(h)]
    })

    it.each(ACTORS)('%s', async (actorName) => {
      const cast = await makeCast(h, communityId, otherCommunityId)
      const request = await entry.request(cast)
      expect(request.path.split('?')[0]).toMatch(matches)
      const before = await request.state?.()
      const token = actorName === 'anonymous' ? undefined : cast[actorName].token
      // Its own client address: the login routes count logins per address in a table other files share.
      const reply = await call(h.app, method, request.path, { token, body: request.body, address: CLIENT_ADDRESS })

      const expected = entry.expect[actorName]
      const allowed = typeof expected === 'number' ? [expected] : expected
      expect(allowed, `${actorName} ${route}: ${JSON.stringify(reply.body)}`).toContain(reply.status)
      if (reply.status >= 400) {
        // A verified membership is its own 403 (DESIGN, "Membership and onboarding"): it tells the user how to get one.
        const code = reply.body.error.code === 'MEMBERSHIP_REQUIRED' ? 'FORBIDDEN' : reply.body.error.code
        expect(code).toEqual(CODE_OF_STATUS[reply.status] ?? expect.stringMatching(/^[A-Z_]+$/))
        expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
        if (request.state) expect(await request.state()).toEqual(before)
      } else if (request.state) {
        expect(await request.state()).not.toEqual(before)
      }
    })
  })
})

describe('the cron jobs', () => {
  it('answer the cron secret, which the matrix never sends', async () => {
    // Only the wrong secret here: running the job would expire other files' wishes on a shared database.
    const wrong = await call(h.app, 'POST', '/api/cron/expire', {
      headers: { authorization: `Bearer ${CRON_SECRET}x` },
    })
    expect(wrong.status).toBe(401)
    const bare = await startHarness({ db: h.db })
    const missing = await call(bare.app, 'GET', '/api/cron/expire', {
      headers: { authorization: `Bearer ${CRON_SECRET}` },
    })
    expect(missing.status).toBe(404)
  })
})
