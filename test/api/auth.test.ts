import { createHmac, randomInt } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/server/app'
import { loadConfig, type AppConfig } from '../../src/server/config'
import { sql } from '../../src/server/db/sql'
import { silentLogger } from '../../src/server/lib/logger'
import { createWechatClient } from '../../src/server/auth/wechat'
import { makeCommunity, makeUser } from './support/fixtures'
import { startFakeWechat } from './support/fake-wechat'
import { call, startHarness, uniqueName, type CallOptions, type Harness } from './support/harness'
import { DEMO, seed } from '../../src/server/db/seed'

const WECHAT = { appId: 'wx-test-app', secret: 'wx-test-secret' }
let fake: Awaited<ReturnType<typeof startFakeWechat>>
let h: Harness

beforeAll(async () => {
  // A timeout with room for a loaded machine's first request, and a "slow" WeChat far beyond it.
  fake = await startFakeWechat({ ...WECHAT, slowMs: 6_000 })
  h = await startHarness({
    wechat: createWechatClient({ ...WECHAT, apiBase: fake.baseUrl, timeoutMs: 1_500 }),
  })
  await seed(h.db)
})
afterAll(async () => {
  await h.close()
  await fake.close()
})

describe('POST /api/auth/wechat', () => {
  it('creates a resident on the first login and finds the same user on the next', async () => {
    const openid = uniqueName('openid')
    const first = await call(h.app, 'POST', '/api/auth/wechat', { body: { code: `ok:${openid}` } })
    expect(first.status).toBe(200)
    expect(first.body.user).toMatchObject({ role: 'resident', communityId: null, elderMode: false, volunteer: null })
    expect(first.body.user.nickname).toMatch(/^邻居\d{4}$/)
    const second = await call(h.app, 'POST', '/api/auth/wechat', { body: { code: `ok:${openid}` } })
    expect(second.body.user.id).toBe(first.body.user.id)
    const me = await call(h.app, 'GET', '/api/me', { token: second.body.token })
    expect(me.status).toBe(200)
    expect(me.body.id).toBe(first.body.user.id)
    const rows = await h.db.query(sql`SELECT 1 FROM users WHERE openid = ${openid}`)
    expect(rows).toHaveLength(1)
    // The app id and secret go to WeChat; the session key never comes back to the client.
    expect(fake.calls.at(-1)?.searchParams.get('grant_type')).toBe('authorization_code')
    expect(JSON.stringify(second.body)).not.toContain('fake-session-key')
  })

  it.each([
    ['invalid', 401, 'WECHAT_CODE_INVALID'],
    ['used', 401, 'WECHAT_CODE_INVALID'],
    ['busy', 429, 'RATE_LIMITED'],
    ['system', 503, 'WECHAT_UNAVAILABLE'],
    ['http500', 503, 'WECHAT_UNAVAILABLE'],
    ['slow', 503, 'WECHAT_UNAVAILABLE'],
  ])('maps WeChat answering "%s" to %i %s', async (code, status, errorCode) => {
    const reply = await call(h.app, 'POST', '/api/auth/wechat', { body: { code } })
    expect(reply.status).toBe(status)
    expect(reply.body.error.code).toBe(errorCode)
    expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
  })

  it('gives up on a WeChat that does not answer within the timeout', async () => {
    const started = Date.now()
    await call(h.app, 'POST', '/api/auth/wechat', { body: { code: 'slow' } })
    expect(Date.now() - started).toBeLessThan(4_000)
  })

  it('says WeChat login is not configured when the app id or secret is missing', async () => {
    const bare = await startHarness({ db: h.db })
    const reply = await call(bare.app, 'POST', '/api/auth/wechat', { body: { code: 'ok:x' } })
    expect(reply.status).toBe(503)
    expect(reply.body.error.code).toBe('WECHAT_NOT_CONFIGURED')
  })

  it.each([[{}], [{ code: '' }], [{ code: 'x'.repeat(200) }], [{ code: 'ok:a', extra: 1 }]])(
    'rejects the body %j',
    async (body) => {
      const reply = await call(h.app, 'POST', '/api/auth/wechat', { body })
      expect(reply.status).toBe(400)
      expect(reply.body.error.code).toBe('VALIDATION_FAILED')
    },
  )
})

describe('demo login', () => {
  it('lists the seeded demo users and logs in as one of them', async () => {
    const list = await call(h.app, 'GET', '/api/auth/dev/users')
    expect(list.status).toBe(200)
    const roles = new Set(list.body.items.map((u: { role: string }) => u.role))
    expect(roles).toEqual(new Set(['resident', 'volunteer', 'staff', 'admin']))
    expect(list.body.items[0]).toEqual({
      id: DEMO.users.resident,
      nickname: '王小明',
      role: 'resident',
      communityId: DEMO.communities.sunshine,
    })
    const login = await call(h.app, 'POST', '/api/auth/dev', { body: { userId: DEMO.users.staffSunshine } })
    expect(login.status).toBe(200)
    expect(login.body.user).toMatchObject({ role: 'staff', staffCommunityIds: [DEMO.communities.sunshine] })
  })

  it('refuses to log in as a user who is not a demo user', async () => {
    const real = await makeUser(h, 'admin', null)
    const reply = await call(h.app, 'POST', '/api/auth/dev', { body: { userId: real.id } })
    expect(reply.status).toBe(404)
  })

  it('logs in as an openid, creating a resident the first time as WeChat would', async () => {
    const openid = uniqueName('dev')
    const first = await call(h.app, 'POST', '/api/auth/dev', { body: { openid, nickname: '新邻居' } })
    expect(first.status).toBe(200)
    expect(first.body.user).toMatchObject({ nickname: '新邻居', role: 'resident' })
    const again = await call(h.app, 'POST', '/api/auth/dev', { body: { openid } })
    expect(again.body.user.id).toBe(first.body.user.id)
  })

  it('never signs in by openid as an account a real WeChat login made, staff included', async () => {
    const openid = uniqueName('real')
    const real = await call(h.app, 'POST', '/api/auth/wechat', { body: { code: `ok:${openid}` } })
    expect(real.status).toBe(200)
    const admin = await makeUser(h, 'admin', null)
    const assigned = await call(h.app, 'POST', '/api/admin/staff', {
      token: admin.token,
      body: { userId: real.body.user.id, communityId: await makeCommunity(h) },
    })
    expect(assigned.status).toBe(201)

    const demo = await call(h.app, 'POST', '/api/auth/dev', { body: { openid } })
    expect(demo.status).toBe(200)
    expect(demo.body.user.id).not.toBe(real.body.user.id)
    const me = await call(h.app, 'GET', '/api/me', { token: demo.body.token })
    expect(me.body).toMatchObject({ id: demo.body.user.id, role: 'resident', staffCommunityIds: [] })
    // The real account is still reached by WeChat, and only by it.
    const again = await call(h.app, 'POST', '/api/auth/wechat', { body: { code: `ok:${openid}` } })
    expect(again.body.user).toMatchObject({ id: real.body.user.id, role: 'staff' })
  })

  it('never hands a real WeChat login an account the demo login made first', async () => {
    const openid = uniqueName('early')
    const made = await call(h.app, 'POST', '/api/auth/dev', { body: { openid, nickname: '抢先注册' } })
    expect(made.status).toBe(200)
    const real = await call(h.app, 'POST', '/api/auth/wechat', { body: { code: `ok:${openid}` } })
    expect(real.status).toBe(200)
    expect(real.body.user.id).not.toBe(made.body.user.id)
    expect(real.body.user.nickname).not.toBe('抢先注册')
  })

  it('does not exist when AUTH_DEV_LOGIN is off', async () => {
    const off = await startHarness({ db: h.db, env: { AUTH_DEV_LOGIN: '0' } })
    expect((await call(off.app, 'GET', '/api/auth/dev/users')).status).toBe(404)
    const reply = await call(off.app, 'POST', '/api/auth/dev', { body: { userId: DEMO.users.admin } })
    expect(reply.status).toBe(404)
    expect(reply.body.error.code).toBe('NOT_FOUND')
  })
})

/** The app as `npm start` builds it without AUTH_SECRET: each build is a process of its own. */
const appWithoutSecret = (env: Record<string, string>) =>
  createApp({ db: h.db, config: { ...loadConfig(env), rateLimits: h.config.rateLimits }, log: silentLogger })

describe('tokens', () => {
  it('refuses a missing, malformed, forged or foreign-signed token with 401', async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    const [version, payload] = user.token.split('.')
    const forgedPayload = Buffer.from(JSON.stringify({ sub: user.id, iat: 0, exp: 9_999_999_999 })).toString(
      'base64url',
    )
    const other = await startHarness({ db: h.db, env: { AUTH_SECRET: 'another-secret-of-at-least-thirty-two-chars' } })
    for (const authorization of [
      'Bearer',
      'Basic abc',
      `Bearer ${version}.${payload}`,
      `Bearer ${version}.${forgedPayload}.${user.token.split('.')[2]}`,
      `Bearer ${other.tokens.sign(user.id)}`,
    ]) {
      const reply = await call(h.app, 'GET', '/api/me', { headers: { authorization } })
      expect(reply.status, authorization).toBe(401)
      expect(reply.body.error.code).toBe('UNAUTHENTICATED')
    }
    expect((await call(h.app, 'GET', '/api/me')).status).toBe(401)
  })

  it('refuses a token forged with the secret once written in the code, also without AUTH_SECRET', async () => {
    // The demo login off, so the secret is the only way in.
    const bare = appWithoutSecret({ AUTH_DEV_LOGIN: '0' })
    const now = Math.floor(Date.now() / 1000)
    const payload = Buffer.from(JSON.stringify({ sub: DEMO.users.admin, iat: now, exp: now + 3600 })).toString(
      'base64url',
    )
    const signature = createHmac('sha256', 'development-only-secret-do-not-use-in-production')
      .update(`v1.${payload}`)
      .digest('base64url')
    const forged = `v1.${payload}.${signature}`
    for (const path of ['/api/me', '/api/audit']) {
      const reply = await call(bare, 'GET', path, { token: forged })
      expect(reply.status, path).toBe(401)
      expect(reply.body.error.code).toBe('UNAUTHENTICATED')
    }
  })

  it('after a restart without AUTH_SECRET, an old token is a clean 401 and logging in again works', async () => {
    const before = appWithoutSecret({ AUTH_DEV_LOGIN: '1' })
    const login = await call(before, 'POST', '/api/auth/dev', { body: { userId: DEMO.users.resident } })
    expect((await call(before, 'GET', '/api/me', { token: login.body.token })).status).toBe(200)

    const after = appWithoutSecret({ AUTH_DEV_LOGIN: '1' })
    const stale = await call(after, 'GET', '/api/me', { token: login.body.token })
    expect(stale.status).toBe(401)
    expect(stale.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' })
    const again = await call(after, 'POST', '/api/auth/dev', { body: { userId: DEMO.users.resident } })
    expect(again.status).toBe(200)
    const me = await call(after, 'GET', '/api/me', { token: again.body.token })
    expect(me.status).toBe(200)
    expect(me.body.id).toBe(DEMO.users.resident)
  })

  it('expires a token after its lifetime', async () => {
    const user = await makeUser(h, 'resident', null)
    expect((await call(h.app, 'GET', '/api/me', { token: user.token })).status).toBe(200)
    h.clock.advance((h.config.tokenTtlSeconds + 1) * 1000)
    try {
      expect((await call(h.app, 'GET', '/api/me', { token: user.token })).status).toBe(401)
    } finally {
      h.clock.advance(-(h.config.tokenTtlSeconds + 1) * 1000)
    }
  })

  it("refuses a deleted user's token, and their next login", async () => {
    const openid = uniqueName('gone')
    const login = await call(h.app, 'POST', '/api/auth/dev', { body: { openid } })
    await h.db.query(sql`UPDATE users SET deleted_at = now() WHERE id = ${login.body.user.id}`)
    expect((await call(h.app, 'GET', '/api/me', { token: login.body.token })).status).toBe(401)
    const again = await call(h.app, 'POST', '/api/auth/dev', { body: { openid } })
    expect(again.status).toBe(403)
  })
})

describe('login rate limit', () => {
  /**
   * The app with the real login limit, in a minute of its own: the limit is counted in a table that the other test
   * files share on PostgreSQL, so this clock is moved to a window no other test is in.
   */
  async function limitedHarness(options: { config?: Partial<AppConfig>; env?: Record<string, string> } = {}) {
    const limited = await startHarness({
      db: h.db,
      env: options.env,
      config: { rateLimits: { loginPerMinute: 10, writesPerMinute: 60 }, ...options.config },
    })
    limited.clock.advance(randomInt(1, 1_000_000) * 60_000)
    return limited
  }

  /** `count` demo logins in a row, each sent as `from(i)` says; their statuses. */
  async function logins(limited: Harness, count: number, from: (i: number) => CallOptions) {
    const statuses = []
    for (let i = 0; i < count; i++) {
      const reply = await call(limited.app, 'POST', '/api/auth/dev', { body: { openid: uniqueName('rl') }, ...from(i) })
      statuses.push(reply.status)
    }
    return statuses
  }
  const TEN_THEN_LIMITED = [...Array<number>(10).fill(200), 429]

  it('allows 10 logins a minute from one address, then 429 with Retry-After', async () => {
    // Behind one proxy, which appends the address it saw to what the client sent.
    const limited = await limitedHarness({ env: { TRUST_PROXY: '1' } })
    const address = { 'x-forwarded-for': `10.0.0.${Math.floor(Math.random() * 250)}, 1.2.3.4` }
    const replies = []
    for (let i = 0; i < 11; i++) {
      replies.push(
        await call(limited.app, 'POST', '/api/auth/dev', { body: { openid: uniqueName('rl') }, headers: address }),
      )
    }
    expect(replies.slice(0, 10).map((r) => r.status)).toEqual(Array(10).fill(200))
    expect(replies[10]!.status).toBe(429)
    expect(replies[10]!.body.error.code).toBe('RATE_LIMITED')
    expect(Number(replies[10]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    // Another address is not affected; the next minute starts afresh.
    const elsewhere = await call(limited.app, 'POST', '/api/auth/dev', {
      body: { openid: uniqueName('rl') },
      headers: { 'x-forwarded-for': '192.0.2.77' },
    })
    expect(elsewhere.status).toBe(200)
    limited.clock.advance(60_000)
    const later = await call(limited.app, 'POST', '/api/auth/dev', {
      body: { openid: uniqueName('rl') },
      headers: address,
    })
    expect(later.status).toBe(200)
  })

  it('counts by the socket address, whatever X-Forwarded-For or X-Real-IP say', async () => {
    const limited = await limitedHarness()
    const statuses = await logins(limited, 11, (i) => ({
      address: '198.51.100.20',
      headers: { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `192.0.2.${i}` },
    }))
    expect(statuses).toEqual(TEN_THEN_LIMITED)
  })

  it('gives each client its own bucket when no header says who it is', async () => {
    const limited = await limitedHarness()
    expect(await logins(limited, 11, () => ({ address: '198.51.100.21' }))).toEqual(TEN_THEN_LIMITED)
    expect(await logins(limited, 1, () => ({ address: '198.51.100.22' }))).toEqual([200])
    expect(await logins(limited, 1, () => ({ address: '2001:db8:5::1' }))).toEqual([200])
  })

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', async () => {
    const limited = await limitedHarness()
    // Any host in a /64 is the same subscriber: rotating them does not get past the limit.
    const hosts = await logins(limited, 11, (i) => ({ address: `2001:db8:1:2:${i.toString(16)}::${i + 1}` }))
    expect(hosts).toEqual(TEN_THEN_LIMITED)
    expect(await logins(limited, 1, () => ({ address: '2001:0db8:0001:0002:ffff:ffff:ffff:ffff' }))).toEqual([429])
    expect(await logins(limited, 1, () => ({ address: '2001:db8:1:3::1' }))).toEqual([200])
    const mapped = await logins(limited, 11, (i) => ({
      address: i % 2 ? '::ffff:198.51.100.23' : '198.51.100.23',
    }))
    expect(mapped).toEqual(TEN_THEN_LIMITED)
  })

  it('reads the socket through @hono/node-server, as npm start serves the API', async () => {
    const limited = await limitedHarness()
    // The local server's wiring (src/server/local.ts): the API under a root app, given the Node request.
    const root = new Hono()
    root.all('/api/*', (c) => limited.app.fetch(c.req.raw, c.env))
    const server = await new Promise<ServerType>((resolve) => {
      const started: ServerType = serve({ fetch: root.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started))
    })
    const { port } = server.address() as AddressInfo
    /** A login over TCP from `localAddress` (any of 127.0.0.0/8 is this machine). */
    const login = (localAddress: string, forwardedFor: string) =>
      new Promise<number>((resolve, reject) => {
        const body = JSON.stringify({ openid: uniqueName('rl') })
        const request = httpRequest(
          {
            host: '127.0.0.1',
            port,
            localAddress,
            method: 'POST',
            path: '/api/auth/dev',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          },
          (response) => response.resume().on('end', () => resolve(response.statusCode!)),
        )
        request.on('error', reject).end(body)
      })
    try {
      const statuses = []
      for (let i = 0; i < 11; i++) statuses.push(await login('127.0.0.2', `203.0.113.${i}`))
      expect(statuses).toEqual(TEN_THEN_LIMITED)
      expect(await login('127.0.0.3', '203.0.113.0')).toBe(200)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('counts requests with no socket (in-process, as app.request sends them) in one bucket', async () => {
    const limited = await limitedHarness()
    const statuses = await logins(limited, 11, (i) => ({ headers: { 'x-forwarded-for': `203.0.113.${i}` } }))
    expect(statuses).toEqual(TEN_THEN_LIMITED)
  })

  it('behind TRUST_PROXY proxies, counts the address the outermost one saw, not what the client wrote', async () => {
    // client → proxy 10.0.0.1 (appends the client's address) → proxy 10.0.0.2 (appends 10.0.0.1) → the server
    const limited = await limitedHarness({ env: { TRUST_PROXY: '2' } })
    const spoofing = await logins(limited, 11, (i) => ({
      address: '10.0.0.2',
      headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.30, 10.0.0.1` },
    }))
    expect(spoofing).toEqual(TEN_THEN_LIMITED)
    const other = await logins(limited, 1, () => ({
      address: '10.0.0.2',
      headers: { 'x-forwarded-for': '198.51.100.31, 10.0.0.1' },
    }))
    expect(other).toEqual([200])
    // A request that did not come through both proxies is counted by its socket.
    const direct = await logins(limited, 11, (i) => ({
      address: '198.51.100.32',
      headers: { 'x-forwarded-for': `203.0.113.${i}` },
    }))
    expect(direct).toEqual(TEN_THEN_LIMITED)
  })

  it("on Vercel, counts the address Vercel's edge writes, not X-Forwarded-For", async () => {
    const limited = await limitedHarness({ config: { clientAddress: loadConfig({}, { vercel: true }).clientAddress } })
    const statuses = await logins(limited, 11, (i) => ({
      headers: { 'x-vercel-forwarded-for': '198.51.100.40', 'x-forwarded-for': `203.0.113.${i}` },
    }))
    expect(statuses).toEqual(TEN_THEN_LIMITED)
    expect(await logins(limited, 1, () => ({ headers: { 'x-vercel-forwarded-for': '198.51.100.41' } }))).toEqual([200])
  })
})
