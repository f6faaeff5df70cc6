import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../src/server/db/sql'
import { makeCommunity, makeHousehold, makeMember, makeStreet, makeUser, type TestUser } from './support/fixtures'
import { anotherInstance, call, startHarness, type Harness } from './support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const me = async (user: TestUser, app = h.app) => (await call(app, 'GET', '/api/me', { token: user.token })).body
const eligibleVoters = async (communityId: string) =>
  (await h.db.query<{ n: number }>(sql`SELECT eligible_voters(${communityId}) AS n`))[0]!.n

describe('street staff (migration 0015)', () => {
  it("act as staff of every community of their street and of no other, and are 'staff' while they are", async () => {
    const street = await makeStreet(h)
    const [first, second, elsewhere] = [
      await makeCommunity(h, street),
      await makeCommunity(h, street),
      await makeCommunity(h),
    ]
    const user = await makeUser(h, 'resident', elsewhere, undefined, { member: false })
    await h.db.query(sql`INSERT INTO street_staff (user_id, street_id) VALUES (${user.id}, ${street})`)
    const profile = await me(user)
    expect(profile).toMatchObject({ role: 'staff', streetIds: [street] })
    expect([...profile.staffCommunityIds].sort()).toEqual([first, second].sort())

    await h.db.query(sql`DELETE FROM street_staff WHERE user_id = ${user.id}`)
    expect(await me(user)).toMatchObject({ role: 'resident', streetIds: [], staffCommunityIds: [] })
  })

  it('list a community once when they are also its own staff, the assigned one first', async () => {
    const street = await makeStreet(h)
    const [first, second] = [await makeCommunity(h, street), await makeCommunity(h, street)]
    const user = await makeUser(h, 'staff', second)
    await h.db.query(sql`INSERT INTO street_staff (user_id, street_id) VALUES (${user.id}, ${street})`)
    expect((await me(user)).staffCommunityIds).toEqual([second, first])

    // Ending the street assignment leaves the community assignment, and the role with it.
    await h.db.query(sql`DELETE FROM street_staff WHERE user_id = ${user.id}`)
    expect(await me(user)).toMatchObject({ role: 'staff', staffCommunityIds: [second] })
  })
})

describe('membership (migration 0015)', () => {
  it('is shown in the profile, and a change made on another instance is seen on the next request', async () => {
    const communityId = await makeCommunity(h)
    const user = await makeUser(h, 'resident', communityId, undefined, { member: false })
    const other = anotherInstance(h)
    expect((await me(user, other)).membership).toBeNull()

    const householdId = await makeMember(h, user.id, communityId)
    expect((await me(user, other)).membership).toEqual({
      id: expect.any(String),
      communityId,
      householdId,
      status: 'verified',
    })
    await h.db.query(sql`UPDATE memberships SET status = 'left', ended_at = now() WHERE user_id = ${user.id}`)
    expect((await me(user, other)).membership).toBeNull()
  })

  it('is one current membership a person: a second pending or verified one is refused by the database', async () => {
    const communityId = await makeCommunity(h)
    const user = await makeUser(h, 'resident', communityId)
    await expect(makeMember(h, user.id, await makeCommunity(h))).rejects.toThrow(/memberships_current_idx/)
  })

  it('verified needs a household of the same community', async () => {
    const [communityId, otherId] = [await makeCommunity(h), await makeCommunity(h)]
    const user = await makeUser(h, 'resident', communityId, undefined, { member: false })
    const foreign = await makeHousehold(h, otherId)
    await expect(
      h.db.query(
        sql`INSERT INTO memberships (user_id, community_id, household_id, building, room, relation, real_name, status)
         VALUES (${user.id}, ${communityId}, ${foreign.id}, '1号楼', '101', 'owner', '测试住户', 'verified')`,
      ),
    ).rejects.toThrow(/foreign key/)
    await expect(
      h.db.query(
        sql`INSERT INTO memberships (user_id, community_id, building, room, relation, real_name, status)
         VALUES (${user.id}, ${communityId}, '1号楼', '101', 'owner', '测试住户', 'verified')`,
      ),
    ).rejects.toThrow(/check constraint/)
  })

  it('makes eligible voters: verified members only, not everyone who chose the community', async () => {
    const communityId = await makeCommunity(h)
    await makeUser(h, 'resident', communityId)
    await makeUser(h, 'volunteer', communityId)
    await makeUser(h, 'resident', communityId, undefined, { member: false })
    const pending = await makeUser(h, 'resident', communityId, undefined, { member: false })
    await h.db.query(
      sql`INSERT INTO memberships (user_id, community_id, building, room, relation, real_name, status)
       VALUES (${pending.id}, ${communityId}, '1号楼', '101', 'tenant', '申请人', 'pending')`,
    )
    expect(await eligibleVoters(communityId)).toBe(2)
  })
})

describe('households (migration 0015)', () => {
  it('are one per building, unit and room, with an eight-digit door code', async () => {
    const communityId = await makeCommunity(h)
    const household = await makeHousehold(h, communityId, { building: '2号楼', areaM2: 89.5 })
    const [row] = await h.db.query<{ door_code: string; area_m2: string }>(
      sql`SELECT door_code, area_m2 FROM households WHERE id = ${household.id}`,
    )
    expect(row!.door_code).toMatch(/^\d{8}$/)
    expect(Number(row!.area_m2)).toBe(89.5)
    await expect(
      h.db.query(
        sql`INSERT INTO households (community_id, building_id, room)
         SELECT community_id, building_id, room FROM households WHERE id = ${household.id}`,
      ),
    ).rejects.toThrow(/households_building_id_unit_room_key/)
  })
})
