import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectError } from './support/assert'
import { call, startHarness, type Harness } from './support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']

/** Every path the app serves, with the methods it answers there. */
function servedPaths() {
  const paths = new Map<string, Set<string>>()
  for (const route of h.app.routes.filter((r) => r.method !== 'ALL')) {
    paths.set(route.path, (paths.get(route.path) ?? new Set()).add(route.method))
  }
  return [...paths].map(([pattern, methods]) => ({ pattern, methods: [...methods] }))
}

const allowOf = (methods: string[]) =>
  [...new Set([...methods, ...(methods.includes('GET') ? ['HEAD'] : [])])].sort().join(', ')

describe('a known path with a method it does not answer', () => {
  it('is 405 METHOD_NOT_ALLOWED with the methods it answers in Allow', async () => {
    for (const [method, path, allow] of [
      ['GET', '/api/auth/wechat', 'POST'],
      ['DELETE', `/api/wishes/${randomUUID()}`, 'GET, HEAD'],
      ['PUT', '/api/me', 'GET, HEAD, PATCH'],
      ['PATCH', '/api/cron/expire', 'GET, HEAD, POST'],
      ['OPTIONS', '/api/topics', 'GET, HEAD, POST'],
    ] as const) {
      const reply = await call(h.app, method, path)
      expectError(reply, 405, 'METHOD_NOT_ALLOWED')
      expect(reply.headers.get('allow'), `${method} ${path}`).toBe(allow)
      // The API's security headers and request id, as on every answer.
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff')
      expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('is so on every path the app serves, for every method it does not answer there', async () => {
    const paths = servedPaths()
    expect(paths.length).toBeGreaterThan(40)
    for (const { pattern, methods } of paths) {
      const path = pattern.replace(/:\w+/g, () => randomUUID())
      for (const method of METHODS.filter((m) => !methods.includes(m))) {
        const reply = await call(h.app, method, path)
        expect(reply.status, `${method} ${pattern}`).toBe(405)
        expect(reply.headers.get('allow'), `${method} ${pattern}`).toBe(allowOf(methods))
      }
    }
  })

  it('still answers a method it serves, HEAD included', async () => {
    expect((await call(h.app, 'GET', '/api/health')).status).toBe(200)
    const head = await h.app.request('/api/health', { method: 'HEAD' })
    expect(head.status).toBe(200)
  })
})

describe('an unknown path', () => {
  it('is 404 NOT_FOUND whatever the method, with no Allow', async () => {
    for (const [method, path] of [
      ['GET', '/api/no-such-thing'],
      ['POST', '/api/no-such-thing'],
      ['GET', `/api/wishes/${randomUUID()}/no-such-thing`],
      ['DELETE', '/api/me/'],
    ] as const) {
      const reply = await call(h.app, method, path)
      expectError(reply, 404, 'NOT_FOUND')
      expect(reply.headers.get('allow')).toBeNull()
    }
  })
})
