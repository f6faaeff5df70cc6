import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { MAX_BODY_BYTES } from '../../../src/server/app'
import { createTokenService } from '../../../src/server/auth/tokens'
import { HOUSEHOLDS_IMPORT_PATH } from '../../../src/server/features/places/routes'
import { IMPORT_MAX_BYTES } from '../../../src/shared/places'
import { isWrite } from '../../../src/server/lib/rate-limit'
import { makeCast, makeCommunity, makeUser } from '../support/fixtures'
import { fingerprint } from '../support/fingerprint'
import { call, startHarness, type Harness } from '../support/harness'
import { expectErrorEnvelope } from '../support/junk'
import { routeMatrix, servedRoutes } from '../support/route-matrix'

/**
 * Requests built to hurt: bodies past the limit, JSON nested thousands deep, text full of unicode tricks and SQL,
 * and tokens that must not open the door. Each is answered 2xx or a clean 4xx in the error envelope, never a 500.
 */

let h: Harness
let cast: Awaited<ReturnType<typeof makeCast>>
const MATRIX = routeMatrix(() => h)

beforeAll(async () => {
  h = await startHarness()
  cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
})
afterAll(() => h.close())

/** Every write route of the app, with any id in its path. */
const writeRoutes = () =>
  servedRoutes(h.app)
    .filter((route) => isWrite(route.split(' ')[0]!))
    .map((route) => {
      const [method, pattern] = route.split(' ') as [string, string]
      return { route, method, path: pattern.replace(/:\w+/g, '00000000-0000-4000-8000-000000000000') }
    })

const refusedCleanly = (reply: { status: number; body: unknown }, context: string, statuses: number[]) => {
  expect(statuses, `${context}: ${reply.status} ${JSON.stringify(reply.body)?.slice(0, 300)}`).toContain(reply.status)
  expectErrorEnvelope(reply.status, reply.body, context)
}

describe('oversized bodies', () => {
  it('are refused with 413 PAYLOAD_TOO_LARGE on every write, with or without a Content-Length', async () => {
    const bigger = (limit: number) => JSON.stringify({ title: '大'.repeat(limit), description: 'x' })
    for (const { route, method, path } of writeRoutes()) {
      // A households import takes a whole table, up to its own larger limit.
      const big = bigger(HOUSEHOLDS_IMPORT_PATH.test(path) ? IMPORT_MAX_BYTES : MAX_BODY_BYTES)
      const declared = await call(h.app, method, path, { token: cast.staff.token, body: big })
      refusedCleanly(declared, `${route} with Content-Length`, [413])
      // Chunked, as a client streaming its upload would send it: the limit is counted, not read off a header.
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(4096)))
          controller.close()
        },
      })
      const response = await h.app.request(path, {
        method,
        headers: { authorization: `Bearer ${cast.staff.token}`, 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit)
      refusedCleanly({ status: response.status, body: await response.json() }, `${route} streamed`, [400, 413])
    }
  })

  it('are refused by their declared Content-Length alone, before the body is read', async () => {
    const reply = await call(h.app, 'POST', '/api/wishes', {
      token: cast.resident.token,
      body: { title: '帮忙取快递', description: '', category: 'other' },
      headers: { 'content-length': String(MAX_BODY_BYTES + 1) },
    })
    refusedCleanly(reply, 'a Content-Length past the limit', [413])
  })

  it('refuse a field far past its limit inside the body limit with 400', async () => {
    const reply = await call(h.app, 'POST', '/api/wishes', {
      token: cast.resident.token,
      body: { title: '帮忙取快递', description: '长'.repeat(20_000), category: 'other' },
    })
    refusedCleanly(reply, 'a 20,000-character description', [400])
  })
})

describe('deeply nested JSON', () => {
  it('is refused cleanly on every write, as the whole body and inside a field', async () => {
    const depth = 20_000
    const deepArray = `${'['.repeat(depth)}${']'.repeat(depth)}`
    // Written out as text: JSON.stringify itself would run out of stack on values this deep.
    const deep = (n: number) => `${'{"a":['.repeat(n)}1${']}'.repeat(n)}`
    const deepField = `{"title":${deep(3_000)},"category":"other","description":${deep(3_000)}}`
    const scope = { communityIds: [cast.communityId, cast.otherCommunityId], userIds: [cast.admin.id] }
    const before = await fingerprint(h, scope)
    for (const { route, method, path } of writeRoutes()) {
      for (const [what, body] of [
        ['nested arrays', deepArray],
        ['nested fields', deepField],
      ] as const) {
        expect(body.length).toBeLessThan(MAX_BODY_BYTES)
        const reply = await call(h.app, method, path, { token: cast.staff.token, body })
        expect(reply.status, `${route} ${what}: ${JSON.stringify(reply.body)?.slice(0, 200)}`).toBeLessThan(500)
        expectErrorEnvelope(reply.status, reply.body, `${route} ${what}`)
      }
    }
    expect(await fingerprint(h, scope)).toBe(before)
  })
})

/** Text that looks like one thing and is another. */
const UNICODE_TRICKS = {
  'zero-width characters': '帮\u200b忙\u200c取\u200d快\ufeff递',
  'a right-to-left override': '帮忙取\u202e递快\u202c快递',
  'combining marks': 'Zalgo\u0301\u0302\u0303\u0304 文字\u0300',
  'full-width letters': 'ＡＢＣ１２３　帮忙',
  emoji: '👵🏻需要🧓帮忙👨‍👩‍👧‍👦🏳️‍🌈',
  'a single emoji': '🙏🏻',
  'an emoji that is one code point': '🙏',
  'a lone surrogate': 'ab\ud800cd',
  'a NUL character': '帮忙\u0000取快递',
  'control characters': '帮忙\u0007\u001b[31m取快递',
  'line separators': '帮忙\u2028取\u2029快递',
}

const SQL_LOOKING = [
  "'; DROP TABLE wishes; --",
  "Robert'); DELETE FROM users;--",
  "1' OR '1'='1",
  "$1 $2 \\x00 E'\\\\'",
  '/* 注释 */ SELECT pg_sleep(10)',
]

describe('unicode tricks and SQL-looking text', () => {
  // Postgres text cannot hold NUL, and a lone surrogate is not UTF-8: those are refused, or stored as U+FFFD.
  it.each(Object.entries(UNICODE_TRICKS))('in a wish: %s is stored as sent or refused cleanly', async (_, text) => {
    const owner = await makeUser(h, 'resident', cast.communityId)
    const body = { title: text.slice(0, 40), description: `说明：${text}`, category: 'other' }
    const scope = { communityIds: [cast.communityId] }
    const before = await fingerprint(h, scope)
    const posted = await call(h.app, 'POST', '/api/wishes', { token: owner.token, body })
    expect(posted.status, JSON.stringify(posted.body)).toBeLessThan(500)
    if (posted.status >= 400) {
      refusedCleanly(posted, text, [400, 422])
      return expect(await fingerprint(h, scope)).toBe(before)
    }
    expect(posted.status).toBe(201)
    const read = await call(h.app, 'GET', `/api/wishes/${posted.body.id}`, { token: owner.token })
    // What arrives: UTF-8 on the wire (a lone surrogate becomes U+FFFD), trimmed by the schema.
    const faithful = (sent: string) => Buffer.from(sent, 'utf8').toString('utf8').trim()
    expect(read.body.title).toBe(faithful(body.title))
    expect(read.body.description).toBe(faithful(body.description))
  })

  it.each(Object.entries(UNICODE_TRICKS))('in a nickname: %s is stored as sent or refused cleanly', async (_, text) => {
    const user = await makeUser(h, 'resident', cast.communityId)
    const scope = { communityIds: [cast.communityId] }
    const before = await fingerprint(h, scope)
    const patched = await call(h.app, 'PATCH', '/api/me', { token: user.token, body: { nickname: text } })
    expect(patched.status, JSON.stringify(patched.body)).toBeLessThan(500)
    if (patched.status >= 400) {
      refusedCleanly(patched, text, [400, 422])
      return expect(await fingerprint(h, scope)).toBe(before)
    }
    const me = await call(h.app, 'GET', '/api/me', { token: user.token })
    expect(me.body.nickname).toBe(patched.body.nickname)
  })

  it.each(SQL_LOOKING)('stores %s verbatim in a wish, a comment and a topic', async (text) => {
    const owner = await makeUser(h, 'resident', cast.communityId)
    const posted = await call(h.app, 'POST', '/api/wishes', {
      token: owner.token,
      body: { title: text.slice(0, 40), description: text, category: 'other', address: text },
    })
    expect(posted.status, JSON.stringify(posted.body)).toBe(201)
    const read = await call(h.app, 'GET', `/api/wishes/${posted.body.id}`, { token: owner.token })
    expect([read.body.title, read.body.description, read.body.address]).toEqual([text.slice(0, 40), text, text])

    const topic = await MATRIX['POST /api/topics/:id/comments']!.request(cast)
    const comment = await call(h.app, 'POST', topic.path, { token: owner.token, body: { body: text } })
    expect(comment.status, JSON.stringify(comment.body)).toBe(201)
    const comments = await call(h.app, 'GET', topic.path, { token: owner.token })
    expect(comments.body.items.map((c: { body: string }) => c.body)).toContain(text)
  })

  it('refuses SQL-looking filters and ids with 400 or 404, and reads nothing extra', async () => {
    for (const path of [
      `/api/wishes?communityId=${encodeURIComponent("' OR 1=1 --")}`,
      `/api/wishes?status=${encodeURIComponent("open' OR '1'='1")}`,
      `/api/wishes?category=${encodeURIComponent('other; DROP TABLE wishes')}`,
      `/api/wishes?cursor=${encodeURIComponent("' UNION SELECT * FROM users --")}`,
      `/api/wishes/${encodeURIComponent("1' OR '1'='1")}`,
      `/api/topics?communityId=${cast.communityId}&status=${encodeURIComponent("open') --")}`,
      `/api/services/${encodeURIComponent('x; SELECT 1')}/slots?date=${encodeURIComponent("2026-01-01' --")}`,
      `/api/audit?communityId=${cast.communityId}&action=${encodeURIComponent("%' OR '1'='1")}`,
    ]) {
      const reply = await call(h.app, 'GET', path, { token: cast.staff.token })
      expect(reply.status, `${path}: ${JSON.stringify(reply.body)}`).toBeLessThan(500)
      if (reply.status >= 400) expectErrorEnvelope(reply.status, reply.body, path)
      else expect(reply.body.items ?? []).toEqual(expect.any(Array))
    }
  })
})

describe('tokens that must not open the door', () => {
  const expectUnauthenticated = async (token: string, what: string) => {
    for (const [method, path, body] of [
      ['GET', '/api/me', undefined],
      ['POST', '/api/wishes', { title: '帮忙取快递', category: 'other' }],
    ] as const) {
      const reply = await call(h.app, method, path, { token, body })
      refusedCleanly(reply, `${what} ${method} ${path}`, [401])
      expect(reply.body.error.code).toBe('UNAUTHENTICATED')
    }
  }

  it('refuses a token signed with another secret', async () => {
    const forger = createTokenService('not-the-secret-of-this-server-0123456789', 3600, h.clock)
    await expectUnauthenticated(forger.sign(cast.resident.id), 'another secret')
  })

  it('refuses an expired token', async () => {
    const user = await makeUser(h, 'resident', cast.communityId)
    const started = h.clock.now()
    h.clock.set(new Date(started.getTime() + (h.config.tokenTtlSeconds + 60) * 1000))
    try {
      await expectUnauthenticated(user.token, 'expired')
    } finally {
      h.clock.set(started)
    }
  })

  it('refuses a token of a deleted user', async () => {
    const user = await makeUser(h, 'resident', cast.communityId)
    await h.db.query(sql`UPDATE users SET deleted_at = now() WHERE id = ${user.id}`)
    await expectUnauthenticated(user.token, 'deleted user')
  })

  it('refuses a validly signed token naming no user, or a name that is not an id', async () => {
    await expectUnauthenticated(h.tokens.sign('00000000-0000-4000-8000-000000000000'), 'unknown user')
    await expectUnauthenticated(h.tokens.sign("1' OR '1'='1"), 'not an id')
  })

  it('refuses tampered and malformed tokens', async () => {
    const [version, payload, signature] = cast.resident.token.split('.') as [string, string, string]
    const elevated = Buffer.from(JSON.stringify({ sub: cast.admin.id, iat: 0, exp: 9_999_999_999 })).toString(
      'base64url',
    )
    for (const token of [
      `${version}.${elevated}.${signature}`,
      `${version}.${payload}.${signature.slice(0, -2)}`,
      `v2.${payload}.${signature}`,
      `${version}.${payload}`,
      'null',
      '...',
      'v1.%%%.%%%',
    ]) {
      await expectUnauthenticated(token, `tampered ${token.slice(0, 20)}`)
    }
  })
})
