import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, MAX_BODY_BYTES } from '../../src/server/app'
import { loadConfig } from '../../src/server/config'
import { createNeonDb } from '../../src/server/db/neon'
import { startWsProxy } from '../../src/server/db/ws-proxy'
import { silentLogger } from '../../src/server/lib/logger'
import { makeUser, makeCommunity } from './support/fixtures'
import { call, startHarness, type Harness } from './support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('health', () => {
  it('answers ok with the database up', async () => {
    const reply = await call(h.app, 'GET', '/api/health')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ ok: true, db: 'up' })
  })

  it('answers 503 DB_UNAVAILABLE when the database cannot be reached', async () => {
    // A real Neon Pool, through the real proxy, to a port where nothing listens.
    const proxy = await startWsProxy()
    const db = createNeonDb({ connectionString: 'postgres://nobody@127.0.0.1:1/none', localProxyPort: proxy.port })
    const app = createApp({ db, config: loadConfig({}), log: silentLogger })
    try {
      const started = Date.now()
      const reply = await call(app, 'GET', '/api/health')
      expect(reply.status).toBe(503)
      expect(reply.body.error.code).toBe('DB_UNAVAILABLE')
      expect(Date.now() - started).toBeLessThan(10_000)
    } finally {
      await db.close()
      await proxy.close()
    }
  })
})

describe('error envelope', () => {
  it('answers an unknown /api path with a JSON 404', async () => {
    const reply = await call(h.app, 'GET', '/api/no-such-thing')
    expect(reply.status).toBe(404)
    expect(reply.body.error).toMatchObject({ code: 'NOT_FOUND' })
    expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('answers malformed JSON with 400 VALIDATION_FAILED', async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    const reply = await call(h.app, 'PATCH', '/api/me', { token: user.token, body: '{"nickname": ' })
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('answers a zod failure with 400 and the issues', async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    const reply = await call(h.app, 'PATCH', '/api/me', { token: user.token, body: { nickname: 'x'.repeat(50) } })
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    expect(reply.body.error.details[0].path).toEqual(['nickname'])
    expect(reply.body.error.message).toContain('昵称')
  })

  it('refuses bodies over 64 KB with 413', async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    const reply = await call(h.app, 'PATCH', '/api/me', {
      token: user.token,
      body: { nickname: 'a', padding: 'x'.repeat(MAX_BODY_BYTES) },
    })
    expect(reply.status).toBe(413)
    expect(reply.body.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('answers anything unexpected with 500 INTERNAL and no stack or detail', async () => {
    const app = createApp({
      db: h.db,
      // The harness's generous limits: the default login limit is shared with every file on the same database.
      config: h.config,
      log: silentLogger,
      wechat: {
        code2session: () => {
          throw new Error('relation "secret_table" does not exist at line 3')
        },
      },
    })
    const reply = await call(app, 'POST', '/api/auth/wechat', { body: { code: 'abc' } })
    expect(reply.status).toBe(500)
    expect(reply.body).toEqual({ error: { code: 'INTERNAL', message: expect.any(String) } })
    expect(JSON.stringify(reply.body)).not.toMatch(/secret_table|at line|Error/)
  })

  it('sends the security headers with every answer, errors too', async () => {
    const answers = [
      await call(h.app, 'GET', '/api/health'),
      await call(h.app, 'GET', '/api/nope'),
      await call(h.app, 'GET', '/api/me', { token: 'not-a-token' }),
      await call(h.app, 'POST', '/api/auth/wechat', { body: {} }),
      await call(h.app, 'GET', '/api/docs'),
    ]
    expect(answers.map((a) => a.status)).toEqual([200, 404, 401, 400, 200])
    for (const answer of answers) {
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff')
      expect(answer.headers.get('x-frame-options')).toBe('DENY')
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer')
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    }
  })

  it('puts a request id on every response, keeping a well-formed one the client sent', async () => {
    const fresh = await call(h.app, 'GET', '/api/health')
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    const kept = await call(h.app, 'GET', '/api/nope', { headers: { 'x-request-id': 'client-abc-123' } })
    expect(kept.headers.get('x-request-id')).toBe('client-abc-123')
  })
})

describe('OpenAPI', () => {
  it('documents every route of the app, generated from its schemas', async () => {
    const reply = await call(h.app, 'GET', '/api/openapi.json')
    expect(reply.status).toBe(200)
    expect(reply.body.openapi).toBe('3.0.3')
    const documented = Object.entries(reply.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    const served = h.app.routes
      .filter((r) => r.method !== 'ALL' && !['/api/openapi.json', '/api/docs'].includes(r.path))
      .map((r) => `${r.method} ${r.path}`)
    expect(new Set(documented)).toEqual(new Set(served))
    expect(
      reply.body.paths['/api/me/volunteer'].post.requestBody.content['application/json'].schema.properties,
    ).toHaveProperty('phone')
  })

  it('serves a browsable page of it that loads nothing from elsewhere', async () => {
    const reply = await call(h.app, 'GET', '/api/docs')
    expect(reply.status).toBe(200)
    expect(reply.headers.get('content-type')).toContain('text/html')
    expect(reply.body).toContain('openapi.json')
    expect(reply.body).not.toMatch(/https?:\/\//)
  })
})
