import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp, type App } from '../../src/server/app'
import { accountGuard, CallerChangedError } from '../../src/server/auth/account-guard'
import { runGuarded } from '../../src/server/db/guarded-db'
import { sql, type Sql } from '../../src/server/db/sql'
import { auditRowsOf, makeCast, makeCommunity, makeMember, makeUser, pendingApplicant } from './support/fixtures'
import { anotherInstance, call, startHarness, type Harness } from './support/harness'

/**
 * An instance answers a read by a caller it knows on the roles it knew, confirmed by the read's own statement
 * (auth/account-guard.ts, db/guarded-db.ts). Here two instances share one database, as serverless instances do: what one changes, the
 * other must honour on its very next read.
 */
let h: Harness
/** The other instance. */
let other: App

beforeAll(async () => {
  h = await startHarness()
  other = anotherInstance(h)
})
afterAll(() => h.close())

/** An applicant this instance knows as a resident, then approved as a volunteer on the other. */
async function approvedElsewhere(cast: Awaited<ReturnType<typeof makeCast>>) {
  const applicant = await pendingApplicant(h, cast.communityId)
  expect((await call(h.app, 'GET', '/api/me', { token: applicant.token })).body.role).toBe('resident')
  const approved = await call(other, 'POST', `/api/volunteers/${applicant.id}/approve`, {
    token: cast.staff.token,
    body: {},
  })
  expect(approved.status).toBe(200)
  return applicant
}

describe('a caller changed on another instance', () => {
  it('loses staff reads when their assignment ends', async () => {
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const queue = `/api/staff/queue?communityId=${cast.communityId}`
    expect((await call(h.app, 'GET', queue, { token: cast.staff.token })).status).toBe(200)

    const ended = await call(other, 'DELETE', `/api/admin/staff/${cast.staff.id}/${cast.communityId}`, {
      token: cast.admin.token,
    })
    expect(ended.status).toBe(204)

    const after = await call(h.app, 'GET', queue, { token: cast.staff.token })
    expect(after.status).toBe(403)
    expect((await call(h.app, 'GET', '/api/me', { token: cast.staff.token })).body.role).toBe('resident')
  })

  it("leaves no trace of a read answered again: the address read isn't audited twice", async () => {
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const posted = await call(h.app, 'POST', '/api/wishes', {
      token: cast.resident.token,
      body: { title: '帮忙换灯泡', category: 'other', address: '3栋2单元501' },
    })
    expect(posted.status).toBe(201)
    const wish = `/api/wishes/${posted.body.id}`
    const addressReads = async () =>
      (await auditRowsOf(h, posted.body.id, 'wish.read_private')).filter((row) => row.actor_id === cast.staff.id)

    const first = await call(h.app, 'GET', wish, { token: cast.staff.token })
    expect(first.status).toBe(200)
    expect(first.body.address).toBe('3栋2单元501')
    expect(await addressReads()).toHaveLength(1)

    const ended = await call(other, 'DELETE', `/api/admin/staff/${cast.staff.id}/${cast.communityId}`, {
      token: cast.admin.token,
    })
    expect(ended.status).toBe(204)
    const second = await call(h.app, 'GET', wish, { token: cast.staff.token })
    expect(second.body.address ?? null).toBeNull()
    // The statement that ran on the old roles wrote its audit row and was undone with it.
    expect(await addressReads()).toHaveLength(1)
  })

  it('is refused once their account is deleted, even where only roles decide the answer', async () => {
    const communityId = await makeCommunity(h)
    const resident = await makeUser(h, 'resident', communityId)
    expect((await call(h.app, 'GET', '/api/wishes', { token: resident.token })).status).toBe(200)
    // A resident asking for the staff queue is refused before any statement: the confirmation runs on its own.
    expect(
      (await call(h.app, 'GET', `/api/staff/queue?communityId=${communityId}`, { token: resident.token })).status,
    ).toBe(403)

    await h.db.query(sql`UPDATE users SET deleted_at = now() WHERE id = ${resident.id}`)

    const wall = await call(h.app, 'GET', '/api/wishes', { token: resident.token })
    expect(wall.status).toBe(401)
    expect(wall.body.error.code).toBe('UNAUTHENTICATED')
    const staffRead = await call(h.app, 'GET', `/api/staff/queue?communityId=${communityId}`, { token: resident.token })
    expect(staffRead.status).toBe(401)
  })

  it('reads as a volunteer as soon as staff approve them', async () => {
    const applicant = await approvedElsewhere(await makeCast(h, await makeCommunity(h), await makeCommunity(h)))

    const me = await call(h.app, 'GET', '/api/me', { token: applicant.token })
    expect(me.status).toBe(200)
    expect(me.body.role).toBe('volunteer')
    expect(me.body.volunteer.status).toBe('active')
  })

  it('sees the community they moved to', async () => {
    const [home, moved] = [await makeCommunity(h), await makeCommunity(h)]
    const resident = await makeUser(h, 'resident', home)
    expect((await call(h.app, 'GET', '/api/me', { token: resident.token })).body.communityId).toBe(home)

    const patched = await call(other, 'PATCH', '/api/me', { token: resident.token, body: { communityId: moved } })
    expect(patched.status).toBe(200)

    expect((await call(h.app, 'GET', '/api/me', { token: resident.token })).body.communityId).toBe(moved)
  })
})

describe('a write by a caller changed on another instance', () => {
  /** An open wish of the cast's community, posted by its resident and approved by its staff. */
  const openWish = async (cast: Awaited<ReturnType<typeof makeCast>>) => {
    const posted = await call(h.app, 'POST', '/api/wishes', {
      token: cast.resident.token,
      body: { title: '帮忙买菜', category: 'other' },
    })
    expect(posted.status).toBe(201)
    const reviewed = await call(h.app, 'POST', `/api/wishes/${posted.body.id}/review`, {
      token: cast.staff.token,
      body: { approve: true },
    })
    expect(reviewed.status).toBe(200)
    return posted.body.id as string
  }

  it('is refused, and writes nothing, once the volunteer is suspended', async () => {
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const wishId = await openWish(cast)
    expect((await call(h.app, 'GET', '/api/me', { token: cast.volunteer.token })).body.role).toBe('volunteer')

    const suspended = await call(other, 'POST', `/api/volunteers/${cast.volunteer.id}/suspend`, {
      token: cast.staff.token,
      body: { reason: '多次爽约' },
    })
    expect(suspended.status).toBe(200)

    const claim = await call(h.app, 'POST', `/api/wishes/${wishId}/claim`, { token: cast.volunteer.token })
    expect(claim.status).toBe(403)
    const [wish] = await h.db.query<{ status: string; claimer_id: string | null }>(
      sql`SELECT status, claimer_id FROM wishes WHERE id = ${wishId}`,
    )
    expect(wish).toEqual({ status: 'open', claimer_id: null })
  })

  it('succeeds at once when the volunteer was approved meanwhile', async () => {
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const wishId = await openWish(cast)
    const applicant = await approvedElsewhere(cast)

    const claim = await call(h.app, 'POST', `/api/wishes/${wishId}/claim`, { token: applicant.token })
    expect(claim.status).toBe(200)
    expect(claim.body.status).toBe('claimed')
  })

  it('is answered again, body and all, in the community they moved to', async () => {
    const [home, moved] = [await makeCommunity(h), await makeCommunity(h)]
    const resident = await makeUser(h, 'resident', home)
    expect((await call(h.app, 'GET', '/api/me', { token: resident.token })).status).toBe(200)
    // They move: leave the home community's membership and choose the new one on another instance, and are
    // verified there (as an approved application leaves them).
    expect((await call(other, 'DELETE', '/api/me/membership', { token: resident.token })).status).toBe(200)
    expect(
      (await call(other, 'PATCH', '/api/me', { token: resident.token, body: { communityId: moved } })).status,
    ).toBe(200)
    await makeMember(h, resident.id, moved)

    const posted = await call(h.app, 'POST', '/api/wishes', {
      token: resident.token,
      body: { title: '帮忙搬花盆', category: 'other', description: '阳台上的两盆花' },
    })
    expect(posted.status).toBe(201)
    expect(posted.body.communityId).toBe(moved)
    expect(posted.body.description).toBe('阳台上的两盆花')
    const kept = await h.db.query<{ community_id: string }>(
      sql`SELECT community_id FROM wishes WHERE owner_id = ${resident.id}`,
    )
    expect(kept).toEqual([{ community_id: moved }])
  })
})

describe('a request answered again', () => {
  it('keeps its request id: in the answer, and in the log of both runs', async () => {
    const logged: { requestId: unknown; status: unknown }[] = []
    const logging = createApp({
      db: h.db,
      config: h.config,
      clock: h.clock,
      log: {
        info: (_event, fields) => logged.push({ requestId: fields?.requestId, status: fields?.status }),
        error: () => {},
      },
    })
    const [home, moved] = [await makeCommunity(h), await makeCommunity(h)]
    const resident = await makeUser(h, 'resident', home)
    expect((await call(logging, 'GET', '/api/me', { token: resident.token })).status).toBe(200)
    expect(
      (await call(other, 'PATCH', '/api/me', { token: resident.token, body: { communityId: moved } })).status,
    ).toBe(200)
    logged.length = 0

    const wall = await call(logging, 'GET', '/api/wishes', { token: resident.token })
    expect(wall.status).toBe(200)
    const requestId = wall.headers.get('x-request-id')
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(logged).toEqual([
      { requestId, status: 200 },
      { requestId, status: 200 },
    ])
  })
})

describe('a read confirmed inside its own statement', () => {
  it('answers exactly what an instance that reads the caller afresh answers: the rows, their order, none', async () => {
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const token = cast.staff.token
    for (const title of ['一', '二', '三']) {
      const posted = await call(h.app, 'POST', '/api/wishes', {
        token: cast.resident.token,
        body: { title: `帮忙修水龙头${title}`, description: '厨房的水龙头漏水，想请人帮忙看看', category: 'other' },
      })
      expect(posted.status).toBe(201)
    }
    const paths = [
      `/api/staff/queue?communityId=${cast.communityId}`,
      `/api/wishes?communityId=${cast.communityId}&status=pending_review`,
      `/api/wishes?communityId=${cast.communityId}&status=pending_review&limit=2`,
      `/api/topics?communityId=${cast.communityId}`,
    ]
    await call(h.app, 'GET', '/api/me', { token })
    for (const path of paths) {
      const known = await call(h.app, 'GET', path, { token })
      const fresh = await call(anotherInstance(h), 'GET', path, {
        token,
      })
      expect(known.status, path).toBe(200)
      expect(known.body, path).toEqual(fresh.body)
    }
    const [queue, wall, firstTwo, topics] = await Promise.all(paths.map((path) => call(h.app, 'GET', path, { token })))
    expect(queue!.body.items).toHaveLength(3)
    expect(wall!.body.items.map((w: { title: string }) => w.title).sort()).toEqual([
      '帮忙修水龙头一',
      '帮忙修水龙头三',
      '帮忙修水龙头二',
    ])
    expect(firstTwo!.body.items).toHaveLength(2)
    expect(topics!.body.items).toEqual([])
    for (const reply of [queue, wall, firstTwo, topics]) {
      expect(reply!.status).toBe(200)
    }
  })
})

describe('the confirmation inside a statement', () => {
  /** Runs `statement` as the first statement of a request by `userId` on the account version `version`. */
  async function firstStatement(userId: string, version: string, statement: Sql) {
    let rows: unknown[] = []
    await runGuarded(h.db, { list: [accountGuard(userId, version)] }, async (requestDb) => {
      rows = await requestDb.query(statement)
    })
    return rows
  }
  const versionOf = async (userId: string) =>
    (await h.db.query<{ v: string }>(sql`SELECT account_version::text AS v FROM users WHERE id = ${userId}`))[0]!.v

  it('runs when the statement has no rows, also when its conditions are false for the parameters given', async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    const stale = String(Number(await versionOf(user.id)) - 1)
    const noRows = sql`SELECT 1 AS one WHERE ${false}::boolean`
    await expect(firstStatement(user.id, stale, noRows)).rejects.toBeInstanceOf(CallerChangedError)
    expect(await firstStatement(user.id, await versionOf(user.id), noRows)).toEqual([])
  })

  it("answers the statement's rows in its own order", async () => {
    const user = await makeUser(h, 'resident', await makeCommunity(h))
    const rows = await firstStatement(
      user.id,
      await versionOf(user.id),
      sql`WITH n AS (SELECT generate_series(1, 50) AS i) SELECT i FROM n ORDER BY i % 7, i DESC`,
    )
    const expected = Array.from({ length: 50 }, (_, k) => k + 1).sort((a, b) => (a % 7) - (b % 7) || b - a)
    expect(rows).toEqual(expected.map((i) => ({ i })))
  })
})
