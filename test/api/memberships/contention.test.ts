import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { tally } from '../support/contention'
import { makeCommunity, makeHousehold } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('200 applications at once to one household code', () => {
  it('verify each applicant exactly once: a second application of the same person is refused, none is doubled', async () => {
    const communityId = await makeCommunity(h)
    const home = await makeHousehold(h, communityId, { building: '7号楼' })
    const [{ door_code: code } = { door_code: '' }] = await h.db.query<{ door_code: string }>(
      sql`SELECT door_code FROM households WHERE id = ${home.id}`,
    )
    // A hundred newcomers (a family, tenants, relatives), none a member yet, each sending the application twice.
    const people = await h.db.query<{ id: string }>(
      sql`INSERT INTO users (openid, nickname, community_id)
       SELECT 'test:' || gen_random_uuid(), '新邻居' || i, ${communityId}::uuid FROM generate_series(1, 100) AS i
       RETURNING id`,
    )
    const body = {
      communityId,
      building: home.building,
      room: home.room,
      relation: 'family',
      realName: '新邻居',
      householdCode: code,
    }
    const replies = await Promise.all(
      [...people, ...people].map((p) =>
        call(h.app, 'POST', '/api/me/membership', { token: h.tokens.sign(p.id), body }),
      ),
    )
    expect(tally(replies)).toEqual({ '201': 100, '409 MEMBERSHIP_EXISTS': 100 })
    for (const reply of replies.filter((r) => r.status === 201)) expect(reply.body.status).toBe('verified')

    const rows = await h.db.query<{ user_id: string; n: number }>(
      sql`SELECT user_id, count(*)::int AS n FROM memberships WHERE household_id = ${home.id} AND status = 'verified'
       GROUP BY user_id`,
    )
    expect(rows).toHaveLength(100)
    expect(rows.every((r) => r.n === 1)).toBe(true)
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set(people.map((p) => p.id)))
    const [{ n: others } = { n: -1 }] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM memberships m JOIN users u ON u.id = m.user_id
       WHERE u.nickname LIKE '新邻居%' AND u.community_id = ${communityId} AND m.household_id IS DISTINCT FROM ${home.id}`,
    )
    expect(others).toBe(0)
  })
})
