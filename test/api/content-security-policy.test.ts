import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCommunity, makeUser } from './support/fixtures'
import { call, startHarness, type Harness } from './support/harness'

/**
 * What a browser may do with the API's answers: run nothing, embed them nowhere; and on /api/docs, run exactly the
 * page's own script and style. (The H5 app's policy is checked in Chromium: test/e2e/content-security-policy.test.ts.)
 */
let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const API_POLICY = "default-src 'none'; frame-ancestors 'none'"

/** The policy as a map of directive → sources. */
const directives = (policy: string | null) =>
  Object.fromEntries(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  )

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

describe('the API', () => {
  it('answers everything with a policy that lets nothing run or embed it: data, errors, files', async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    const answers = await Promise.all([
      call(h.app, 'GET', '/api/health'),
      call(h.app, 'GET', '/api/me', { token: user.token }),
      call(h.app, 'GET', '/api/openapi.json'),
      call(h.app, 'GET', '/api/no-such-thing'),
      call(h.app, 'DELETE', '/api/me'),
      call(h.app, 'GET', '/api/me', { token: 'not-a-token' }),
      call(h.app, 'POST', '/api/auth/wechat', { body: {} }),
    ])
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 404, 405, 401, 400])
    for (const answer of answers) expect(answer.headers.get('content-security-policy')).toBe(API_POLICY)
  })
})

describe('/api/docs', () => {
  it('may run its own inline script and style, by their hashes, and fetch from its own origin only', async () => {
    const reply = await call<string>(h.app, 'GET', '/api/docs')
    expect(reply.status).toBe(200)
    const policy = directives(reply.headers.get('content-security-policy'))
    const [script] = [...reply.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
    const [style] = [...reply.body.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!)
    expect(policy).toEqual({
      'default-src': ["'none'"],
      'script-src': [sha256(script!)],
      'style-src': [sha256(style!)],
      'connect-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    })
    // Its other headers stay those of every answer of the API.
    expect(reply.headers.get('x-frame-options')).toBe('DENY')
  })
})
