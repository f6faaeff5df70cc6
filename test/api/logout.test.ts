import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { App } from '../../src/server/app'
import { sql } from '../../src/server/db/sql'
import { expectError } from './support/assert'
import { makeCommunity, makeUser } from './support/fixtures'
import { anotherInstance, call, startHarness, uniqueName, type Harness } from './support/harness'

/**
 * Logging out ends a token on the server, at once and on every instance: two instances share one database here, as
 * serverless instances do, and both know the caller from earlier requests (auth/session.ts), so a token ended on one
 * must be refused by the other on its very next request.
 */
let h: Harness
/** The other instance. */
let other: App

beforeAll(async () => {
  h = await startHarness()
  other = anotherInstance(h)
})
afterAll(() => h.close())

/** One person signed in on two devices: two logins, two tokens. */
async function twoDevices() {
  const openid = uniqueName('logout')
  const phone = await call(h.app, 'POST', '/api/auth/dev', { body: { openid } })
  const tablet = await call(other, 'POST', '/api/auth/dev', { body: { openid } })
  expect([phone.status, tablet.status]).toEqual([200, 200])
  expect(tablet.body.user.id).toBe(phone.body.user.id)
  expect(tablet.body.token).not.toBe(phone.body.token)
  const tokens = {
    id: phone.body.user.id as string,
    openid,
    phone: phone.body.token as string,
    tablet: tablet.body.token as string,
  }
  // Both instances know the caller, by both tokens: their next requests run on what they know.
  for (const app of [h.app, other]) {
    for (const token of [tokens.phone, tokens.tablet]) {
      expect((await call(app, 'GET', '/api/me', { token })).status).toBe(200)
    }
  }
  return tokens
}

const statusOf = async (app: App, token: string) => (await call(app, 'GET', '/api/me', { token })).status

describe('POST /api/auth/logout', () => {
  it('ends the token it is called with at once, on every instance, and no other', async () => {
    const user = await twoDevices()
    const bystander = await makeUser(h, 'resident', await makeCommunity(h))
    expect(await statusOf(h.app, bystander.token)).toBe(200)

    const out = await call(other, 'POST', '/api/auth/logout', { token: user.phone })
    expect(out.status).toBe(204)

    for (const app of [h.app, other]) {
      const refused = await call(app, 'GET', '/api/me', { token: user.phone })
      expectError(refused, 401, 'UNAUTHENTICATED')
      expect(await statusOf(app, user.tablet)).toBe(200)
      expect(await statusOf(app, bystander.token)).toBe(200)
    }
  })

  it('refuses a write with the ended token, and writes nothing', async () => {
    const communityId = await makeCommunity(h)
    const user = await twoDevices()
    expect((await call(h.app, 'PATCH', '/api/me', { token: user.tablet, body: { communityId } })).status).toBe(200)
    expect((await call(h.app, 'POST', '/api/auth/logout', { token: user.phone })).status).toBe(204)

    for (const app of [h.app, other]) {
      const posted = await call(app, 'POST', '/api/wishes', {
        token: user.phone,
        body: { title: '帮忙取快递', category: 'other' },
      })
      expectError(posted, 401, 'UNAUTHENTICATED')
    }
    expect(await h.db.query(sql`SELECT 1 FROM wishes WHERE owner_id = ${user.id}`)).toEqual([])
  })

  it('with ?all=1 ends every token of the user at once, on every instance; a new login works', async () => {
    const user = await twoDevices()
    const bystander = await makeUser(h, 'resident', await makeCommunity(h))
    expect(await statusOf(other, bystander.token)).toBe(200)

    expect((await call(h.app, 'POST', '/api/auth/logout?all=1', { token: user.tablet })).status).toBe(204)

    for (const app of [h.app, other]) {
      expect(await statusOf(app, user.phone)).toBe(401)
      expect(await statusOf(app, user.tablet)).toBe(401)
      expect(await statusOf(app, bystander.token)).toBe(200)
    }
    const again = await call(other, 'POST', '/api/auth/dev', { body: { openid: user.openid } })
    expect(again.status).toBe(200)
    expect(again.body.user.id).toBe(user.id)
    for (const app of [h.app, other]) expect(await statusOf(app, again.body.token)).toBe(200)
  })

  it('is 401 without a token, and with a token already ended', async () => {
    expectError(await call(h.app, 'POST', '/api/auth/logout'), 401, 'UNAUTHENTICATED')
    const user = await twoDevices()
    expect((await call(h.app, 'POST', '/api/auth/logout', { token: user.phone })).status).toBe(204)
    expectError(await call(other, 'POST', '/api/auth/logout', { token: user.phone }), 401, 'UNAUTHENTICATED')
    expectError(await call(other, 'POST', '/api/auth/logout?all=1', { token: user.phone }), 401, 'UNAUTHENTICATED')
    // The other device is still signed in: an ended token cannot end the others.
    expect(await statusOf(h.app, user.tablet)).toBe(200)
  })

  it('refuses a retry of a logout whose answer was lost: the token is ended, as the first attempt left it', async () => {
    const user = await twoDevices()
    const options = { token: user.phone, headers: { 'Idempotency-Key': uniqueName('logout-key') } }
    expect((await call(h.app, 'POST', '/api/auth/logout', options)).status).toBe(204)
    expectError(await call(h.app, 'POST', '/api/auth/logout', options), 401, 'UNAUTHENTICATED')
    expect(await statusOf(other, user.tablet)).toBe(200)
  })

  it('keeps an ended token on record only until a day after it would have expired', async () => {
    const user = await twoDevices()
    expect((await call(h.app, 'POST', '/api/auth/logout', { token: user.phone })).status).toBe(204)
    expect(await revokedRowsOf(user.id)).toBe(1)
    const logOutAgain = async () => {
      const login = await call(h.app, 'POST', '/api/auth/dev', { body: { openid: user.openid } })
      expect(login.body.user.id).toBe(user.id)
      expect((await call(h.app, 'POST', '/api/auth/logout', { token: login.body.token })).status).toBe(204)
    }

    const started = h.clock.now()
    try {
      // Expired: refused by its own end, on an instance whose clock runs behind too, so its record may go.
      h.clock.advance((h.config.tokenTtlSeconds + 60) * 1000)
      expect(await statusOf(h.app, user.phone)).toBe(401)
      await logOutAgain()
      expect(await revokedRowsOf(user.id)).toBe(2)
      // A day later, it goes with the next logout.
      h.clock.advance(24 * 60 * 60 * 1000)
      await logOutAgain()
      expect(await revokedRowsOf(user.id)).toBe(2)
    } finally {
      h.clock.set(started)
    }
  })

  it('refuses a query other than all=1 or all=0, and a body other than {}, and ends nothing then', async () => {
    const user = await twoDevices()
    expectError(await call(h.app, 'POST', '/api/auth/logout?all=yes', { token: user.phone }), 400, 'VALIDATION_FAILED')
    for (const body of [{ all: 1 }, [], '[[[]]]', 'null']) {
      expectError(await call(h.app, 'POST', '/api/auth/logout', { token: user.phone, body }), 400, 'VALIDATION_FAILED')
    }
    expect(await statusOf(other, user.phone)).toBe(200)
    // What the app sends: {} with its JSON content type, or nothing at all.
    expect((await call(h.app, 'POST', '/api/auth/logout', { token: user.phone, body: {} })).status).toBe(204)
    expect((await call(h.app, 'POST', '/api/auth/logout?all=0', { token: user.tablet })).status).toBe(204)
    expect(await statusOf(other, user.phone)).toBe(401)
    expect(await statusOf(other, user.tablet)).toBe(401)
  })
})

describe('a token with more than its three parts', () => {
  it('is refused, on an instance that knows the token and on one that does not', async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    expect(await statusOf(h.app, user.token)).toBe(200)
    const fresh = anotherInstance(h)
    for (const token of [`${user.token}.x`, `${user.token}.`, `${user.token}..`, `${user.token}.${user.token}`]) {
      for (const app of [h.app, fresh])
        expectError(await call(app, 'GET', '/api/me', { token }), 401, 'UNAUTHENTICATED')
    }
  })
})

async function revokedRowsOf(userId: string) {
  const [row] = await h.db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM revoked_tokens WHERE user_id = ${userId}`,
  )
  return row!.n
}
