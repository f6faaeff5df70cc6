import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../src/server/db/sql'
import { makeCast, makeCommunity, makeUser } from './support/fixtures'
import { call, startHarness, type Harness } from './support/harness'
import { routeMatrix } from './support/route-matrix'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const MATRIX = routeMatrix(() => h)

/** Has the instance read the user, so that their next request is checked in its first statement. */
const makeKnown = async (token: string) => expect((await call(h.app, 'GET', '/api/me', { token })).status).toBe(200)

const applications = async (userId: string) =>
  (await h.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM volunteers WHERE user_id = ${userId}`))[0]!.n

describe('Idempotency-Key', () => {
  it('replays the first answer to a retry and writes nothing twice', async () => {
    const resident = await makeUser(h, 'resident', await makeCommunity(h))
    const request = {
      token: resident.token,
      body: { realName: '王大爷', phone: '13912345678' },
      headers: { 'Idempotency-Key': 'apply-volunteer-0001' },
    }
    const first = await call(h.app, 'POST', '/api/me/volunteer', request)
    const retry = await call(h.app, 'POST', '/api/me/volunteer', request)
    expect(first.status).toBe(201)
    expect(retry.status).toBe(201)
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    // The replay is an answer of its own: its request id, and the security headers every answer has.
    expect(retry.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(retry.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'))
    expect(retry.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await applications(resident.id)).toBe(1)
    // Without the key, the same request is a second attempt and meets the rule.
    const again = await call(h.app, 'POST', '/api/me/volunteer', { ...request, headers: {} })
    expect(again.status).toBe(409)
  })

  it('refuses the same key with a different body: 409 IDEMPOTENCY_KEY_REUSED', async () => {
    const resident = await makeUser(h, 'resident', await makeCommunity(h))
    const headers = { 'Idempotency-Key': 'patch-me-000000001' }
    expect(
      (await call(h.app, 'PATCH', '/api/me', { token: resident.token, body: { building: '1号楼' }, headers })).status,
    ).toBe(200)
    const reused = await call(h.app, 'PATCH', '/api/me', {
      token: resident.token,
      body: { building: '2号楼' },
      headers,
    })
    expect(reused.status).toBe(409)
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
    const me = await call(h.app, 'GET', '/api/me', { token: resident.token })
    expect(me.body.building).toBe('1号楼')
  })

  it('keeps keys apart per user', async () => {
    const communityId = await makeCommunity(h)
    const [a, b] = [await makeUser(h, 'resident', communityId), await makeUser(h, 'resident', communityId)]
    const headers = { 'Idempotency-Key': 'shared-key-0000001' }
    const body = { realName: '李四', phone: '13700000000' }
    expect((await call(h.app, 'POST', '/api/me/volunteer', { token: a.token, body, headers })).status).toBe(201)
    const forB = await call(h.app, 'POST', '/api/me/volunteer', { token: b.token, body, headers })
    expect(forB.status).toBe(201)
    expect(forB.body.userId).toBe(b.id)
  })

  it('replays a refusal too, and lets a retry through after a server error', async () => {
    const homeless = await makeUser(h, 'resident', null)
    const request = {
      token: homeless.token,
      body: { realName: '赵六', phone: '13600000000' },
      headers: { 'Idempotency-Key': 'refused-000000001' },
    }
    const refused = await call(h.app, 'POST', '/api/me/volunteer', request)
    expect(refused.status).toBe(409)
    const replayed = await call(h.app, 'POST', '/api/me/volunteer', request)
    expect(replayed.body).toEqual(refused.body)
    expect(replayed.headers.get('idempotent-replayed')).toBe('true')
  })

  it.each([
    ['a caller new to the instance', false],
    ['a caller the instance knows (the key goes with the write)', true],
  ])('answers 200 concurrent requests with one key by %s with one write and one answer', async (_, known) => {
    const resident = await makeUser(h, 'resident', await makeCommunity(h))
    if (known) await makeKnown(resident.token)
    const request = {
      token: resident.token,
      body: { realName: '钱七', phone: '13500000000' },
      headers: { 'Idempotency-Key': 'concurrent-00000001' },
    }
    const replies = await Promise.all(
      Array.from({ length: 200 }, () => call(h.app, 'POST', '/api/me/volunteer', request)),
    )
    expect(replies.map((r) => r.status)).toEqual(Array(200).fill(201))
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1)
    expect(replies.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1)
    expect(await applications(resident.id)).toBe(1)
  })

  it.each(['short', 'x'.repeat(129), 'has space in it'])('rejects the malformed key %j', async (key) => {
    const resident = await makeUser(h, 'resident', null)
    const reply = await call(h.app, 'PATCH', '/api/me', {
      token: resident.token,
      body: { elderMode: true },
      headers: { 'Idempotency-Key': key },
    })
    expect(reply.status).toBe(400)
    expect(reply.body.error.code).toBe('VALIDATION_FAILED')
  })
})

describe("Idempotency-Key of a caller the instance knows: taken by the write's own first statement", () => {
  it('keeps a refusal given without a statement: replayed, and the key refused for another request', async () => {
    const homeless = await makeUser(h, 'resident', null)
    await makeKnown(homeless.token)
    const headers = { 'Idempotency-Key': 'refused-known-0001' }
    const request = { token: homeless.token, body: { realName: '赵六', phone: '13600000000' }, headers }
    const refused = await call(h.app, 'POST', '/api/me/volunteer', request)
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('COMMUNITY_REQUIRED')
    const replayed = await call(h.app, 'POST', '/api/me/volunteer', request)
    expect(replayed.body).toEqual(refused.body)
    expect(replayed.headers.get('idempotent-replayed')).toBe('true')
    const reused = await call(h.app, 'POST', '/api/me/volunteer', {
      ...request,
      body: { realName: '赵七', phone: '13600000000' },
    })
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('keeps a refusal by a statement that failed, which gave the key back with all it wrote', async () => {
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const booking = await MATRIX['POST /api/bookings']!.request(cast)
    const token = cast.resident.token
    expect((await call(h.app, 'POST', booking.path, { token, body: booking.body })).status).toBe(201)
    await makeKnown(token)
    const headers = { 'Idempotency-Key': 'booked-twice-0001' }
    // The booking's own statement ends with "already booked" (a trigger), undoing the key it took.
    const refused = await call(h.app, 'POST', booking.path, { token, body: booking.body, headers })
    expect(refused.status).toBe(409)
    expect(refused.body.error.code).toBe('ALREADY_BOOKED')
    const replayed = await call(h.app, 'POST', booking.path, { token, body: booking.body, headers })
    expect(replayed.body).toEqual(refused.body)
    expect(replayed.headers.get('idempotent-replayed')).toBe('true')
    const reused = await call(h.app, 'POST', booking.path, {
      token,
      body: { ...(booking.body as { slotId: string }), partySize: 2 },
      headers,
    })
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
  })

  it('answers afresh, and keeps once, the write of a caller whose account changed since it was read', async () => {
    const resident = await makeUser(h, 'resident', await makeCommunity(h))
    await makeKnown(resident.token)
    await h.db.query(sql`UPDATE users SET nickname = '改过的名字' WHERE id = ${resident.id}`)
    const request = {
      token: resident.token,
      body: { realName: '周九', phone: '13300000000' },
      headers: { 'Idempotency-Key': 'changed-known-0001' },
    }
    const first = await call(h.app, 'POST', '/api/me/volunteer', request)
    expect(first.status).toBe(201)
    const retry = await call(h.app, 'POST', '/api/me/volunteer', request)
    expect(retry.body).toEqual(first.body)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(await applications(resident.id)).toBe(1)
  })
})

describe('write rate limit', () => {
  it('allows 60 writes a minute per user, then 429 with Retry-After; reads are not counted', async () => {
    const limited = await startHarness({
      db: h.db,
      config: { rateLimits: { loginPerMinute: 10, writesPerMinute: 60 } },
    })
    const [busy, other] = [await makeUser(limited, 'resident', null), await makeUser(limited, 'resident', null)]
    for (let i = 0; i < 60; i++) {
      const reply = await call(limited.app, 'PATCH', '/api/me', { token: busy.token, body: { elderMode: i % 2 === 0 } })
      expect(reply.status).toBe(200)
    }
    const over = await call(limited.app, 'PATCH', '/api/me', { token: busy.token, body: { elderMode: true } })
    expect(over.status).toBe(429)
    expect(over.body.error.code).toBe('RATE_LIMITED')
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await call(limited.app, 'GET', '/api/me', { token: busy.token })).status).toBe(200)
    expect(
      (await call(limited.app, 'PATCH', '/api/me', { token: other.token, body: { elderMode: true } })).status,
    ).toBe(200)
  })

  it('does not keep a 429: the same Idempotency-Key goes through once the minute has passed', async () => {
    const limited = await startHarness({ db: h.db, config: { rateLimits: { loginPerMinute: 10, writesPerMinute: 1 } } })
    const busy = await makeUser(limited, 'resident', await makeCommunity(limited))
    expect((await call(limited.app, 'GET', '/api/me', { token: busy.token })).status).toBe(200)
    // The minute's one write, by a known caller, as the next is: its 429 comes from the statement that takes the key.
    const read = await call(limited.app, 'POST', '/api/me/notifications/read', {
      token: busy.token,
      body: { all: true },
    })
    expect(read.status).toBe(200)
    const request = {
      token: busy.token,
      body: { realName: '吴十', phone: '13200000000' },
      headers: { 'Idempotency-Key': 'limited-key-00001' },
    }
    const limitedReply = await call(limited.app, 'POST', '/api/me/volunteer', request)
    expect(limitedReply.status).toBe(429)
    limited.clock.advance(61_000)
    const later = await call(limited.app, 'POST', '/api/me/volunteer', request)
    expect(later.status).toBe(201)
    expect(later.headers.get('idempotent-replayed')).toBeNull()
    expect(await applications(busy.id)).toBe(1)
  })

  it('counts writes sent at once exactly: 100 against a limit of 60 make 60 answers and 40 × 429', async () => {
    const limited = await startHarness({
      db: h.db,
      config: { rateLimits: { loginPerMinute: 10, writesPerMinute: 60 } },
    })
    const busy = await makeUser(limited, 'resident', null)
    // Known to the instance, so each write counts its hit inside its own statement.
    expect((await call(limited.app, 'GET', '/api/me', { token: busy.token })).status).toBe(200)
    const replies = await Promise.all(
      Array.from({ length: 100 }, () =>
        call(limited.app, 'POST', '/api/me/notifications/read', { token: busy.token, body: { all: true } }),
      ),
    )
    const statuses = replies.map((reply) => reply.status)
    expect(statuses.filter((status) => status === 429)).toHaveLength(40)
    expect(statuses.filter((status) => status !== 429)).toEqual(Array(60).fill(200))
  })
})
