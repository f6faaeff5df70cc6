import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeCommunity, makeHousehold, makeMember, makeUser, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { approval, expectError, ok, openTopic, START, topicBody, topicScene } from './helpers'

// Topics decided by the right people: eligible buildings, one ballot per household, and 民法典 art. 278 by owners and
// by floor area (DESIGN, end of "Membership and onboarding"; docs/decisions.md "Topic rules").

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

async function buildingId(communityId: string, name: string): Promise<string> {
  const [row] = await h.db.query<{ id: string }>(
    sql`INSERT INTO buildings (community_id, name) VALUES (${communityId}, ${name})
     ON CONFLICT (community_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
  )
  return row!.id
}

/** A verified member of a household of `building` (a new one unless given); an owner unless said. */
async function resident(
  communityId: string,
  place: { building?: string; areaM2?: number; householdId?: string; relation?: 'owner' | 'tenant' | 'family' },
): Promise<TestUser & { householdId: string }> {
  const user = await makeUser(h, 'resident', communityId, undefined, { member: false })
  const householdId = await makeMember(h, user.id, communityId, { building: '3号楼', ...place })
  return { ...user, householdId }
}

const vote = (topic: { id: string; options: { id: string }[] }, who: TestUser, index: number) =>
  call(h.app, 'PUT', `/api/topics/${topic.id}/ballot`, {
    token: who.token,
    body: { optionIds: [topic.options[index]!.id] },
  })

const MAJOR = { ballotRule: 'per_household', passRule: 'civil_code_major', approveOptionIndex: 0 }
const ORDINARY = { ballotRule: 'per_household', passRule: 'civil_code_ordinary', approveOptionIndex: 0 }

describe('review: the rules are checked', () => {
  it('refuses rules that do not fit together, and buildings of another community; nothing is written', async () => {
    const s = await topicScene(h)
    const proposed = await ok(h, 'POST', '/api/topics', s.author, topicBody(s.communityId), 201)
    const review = (over: Record<string, unknown>) =>
      call(h.app, 'POST', `/api/topics/${proposed.id}/review`, {
        token: s.staff.token,
        body: approval(h.clock.now(), over),
      })
    const foreignBuilding = await buildingId(s.otherCommunityId, '9号楼')
    const cases: [Record<string, unknown>, string][] = [
      [{ passRule: 'civil_code_major', approveOptionIndex: 0 }, 'ballotRule'],
      [{ ballotRule: 'per_household', passRule: 'civil_code_major' }, 'approveOptionIndex'],
      [{ ballotRule: 'per_household', approveOptionIndex: 0 }, 'approveOptionIndex'],
      [{ ...MAJOR, approveOptionIndex: 3 }, 'approveOptionIndex'],
      [{ ...MAJOR, maxChoices: 2 }, 'maxChoices'],
      [{ ballotRule: 'per_flat' }, 'ballotRule'],
      [{ eligibility: { buildingIds: [] } }, 'eligibility'],
      [{ eligibility: { buildingIds: [foreignBuilding] } }, 'eligibility'],
      [{ eligibility: { buildingIds: [crypto.randomUUID()] } }, 'eligibility'],
    ]
    for (const [over, field] of cases) {
      const reply = await review(over)
      expectError(reply, 400, 'VALIDATION_FAILED')
      expect(JSON.stringify(reply.body.error), JSON.stringify(over)).toContain(field)
    }
    const [row] = await h.db.query<{ status: string; n: number }>(
      sql`SELECT status, (SELECT count(*)::int FROM topic_buildings WHERE topic_id = ${proposed.id}) AS n
       FROM topics WHERE id = ${proposed.id}`,
    )
    expect(row).toEqual({ status: 'pending_review', n: 0 })
    // Only staff of the community review, as before.
    expectError(
      await call(h.app, 'POST', `/api/topics/${proposed.id}/review`, {
        token: s.foreignStaff.token,
        body: approval(h.clock.now(), MAJOR),
      }),
      404,
      'NOT_FOUND',
    )
  })

  it('approved with rules: the detail shows them, and the audit log records them', async () => {
    const s = await topicScene(h)
    const b3 = await buildingId(s.communityId, '3号楼')
    const topic = await openTopic(h, s, { ...MAJOR, eligibility: { buildingIds: [b3] } })
    expect(topic).toMatchObject({
      ballotRule: 'per_household',
      passRule: 'civil_code_major',
      approveOptionIndex: 0,
      eligibleBuildings: [{ id: b3, name: '3号楼' }],
    })
    const [audit] = await h.db.query<{ after: Record<string, unknown> }>(
      sql`SELECT after FROM audit_log WHERE entity_id = ${topic.id} AND action = 'topic.approved'`,
    )
    expect(audit!.after).toMatchObject({ ballotRule: 'per_household', passRule: 'civil_code_major', buildingIds: [b3] })
    const plain = await openTopic(h, s)
    expect(plain).toMatchObject({
      ballotRule: 'per_resident',
      passRule: 'none',
      approveOptionIndex: null,
      eligibleBuildings: null,
      // The staff who approved it are no members here: topic_voter says so on every topic (migration 0026).
      voteRefusal: 'membership',
    })
    expect((await ok(h, 'GET', `/api/topics/${plain.id}`, s.neighbour)).voteRefusal).toBeNull()
  })
})

describe('membership is asked in one place: topic_voter, on every topic (migration 0026)', () => {
  it("answers 'membership' to anyone not a verified member, also on a topic of the whole community with no rules", async () => {
    const s = await topicScene(h)
    const plain = await openTopic(h, s)
    const nonMember = await makeUser(h, 'resident', s.communityId, undefined, { member: false })
    const refusalOf = async (userId: string) => {
      const [row] = await h.db.query<{ refusal: string | null }>(
        sql`SELECT v.refusal FROM topics t,
           topic_voter(t.community_id, t.ballot_rule, t.pass_rule, topic_building_ids(t.id), ${userId}::uuid) v
         WHERE t.id = ${plain.id}`,
      )
      return row!.refusal
    }
    expect(await refusalOf(nonMember.id)).toBe('membership')
    expect(await refusalOf(s.outsider.id)).toBe('membership')
    expect(await refusalOf(s.staff.id)).toBe('membership')
    expect(await refusalOf(s.neighbour.id)).toBeNull()

    // The ballots trigger asks it too: not even a statement that skips the API writes a non-member's ballot.
    await expect(
      h.db.query(
        sql`INSERT INTO ballots (topic_id, user_id, option_ids) VALUES (${plain.id}, ${nonMember.id}, ${[plain.options[0]!.id]}::uuid[])`,
      ),
    ).rejects.toThrow(/may not vote/)
    // Through the API: still 403 MEMBERSHIP_REQUIRED, with no check of membership left in the service.
    for (const who of [nonMember, s.outsider, s.staff, s.admin]) {
      const refused = await vote(plain, who, 0)
      expect(refused.status, who.id).toBe(who === s.outsider ? 404 : 403)
      if (who !== s.outsider) expectError(refused, 403, 'MEMBERSHIP_REQUIRED')
    }
    expect((await vote(plain, s.neighbour, 0)).status).toBe(200)
    const [count] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM ballots WHERE topic_id = ${plain.id}`,
    )
    expect(count!.n).toBe(1)
  })
})

describe('GET /api/topics/:id/buildings', () => {
  it('lists the community’s buildings with households and recorded area, for its staff only', async () => {
    const s = await topicScene(h)
    await makeHousehold(h, s.communityId, { building: '3号楼', areaM2: 88.5 })
    await makeHousehold(h, s.communityId, { building: '3号楼' })
    const proposed = await ok(h, 'POST', '/api/topics', s.author, topicBody(s.communityId), 201)
    const list = await ok(h, 'GET', `/api/topics/${proposed.id}/buildings`, s.staff)
    expect(list.items).toEqual([
      // The scene's four residents live in 1号楼, no area recorded.
      { id: expect.any(String), name: '1号楼', households: 4, areaM2: 0, missingArea: 4 },
      { id: expect.any(String), name: '3号楼', households: 2, areaM2: 88.5, missingArea: 1 },
    ])
    expectError(
      await call(h.app, 'GET', `/api/topics/${proposed.id}/buildings`, { token: s.neighbour.token }),
      403,
      'FORBIDDEN',
    )
    expectError(
      await call(h.app, 'GET', `/api/topics/${proposed.id}/buildings`, { token: s.foreignStaff.token }),
      404,
      'NOT_FOUND',
    )
    expectError(
      await call(h.app, 'GET', `/api/topics/not-a-uuid/buildings`, { token: s.staff.token }),
      400,
      'VALIDATION_FAILED',
    )
  })
})

describe('eligibility by building', () => {
  it('a member of another building is refused 403 NOT_ELIGIBLE and told why; eligible counts only the buildings', async () => {
    const s = await topicScene(h) // its residents live in 1号楼
    const b3 = await buildingId(s.communityId, '3号楼')
    const [a, b, tenant] = await Promise.all([
      resident(s.communityId, { building: '3号楼' }),
      resident(s.communityId, { building: '3号楼' }),
      resident(s.communityId, { building: '3号楼', relation: 'tenant' }),
    ])
    const nonMember = await makeUser(h, 'resident', s.communityId, undefined, { member: false })
    const topic = await openTopic(h, s, { eligibility: { buildingIds: [b3] } })

    const refused = await vote(topic, s.neighbour, 0)
    expectError(refused, 403, 'NOT_ELIGIBLE')
    expect(refused.body.error.message).toContain('楼栋')
    expectError(await vote(topic, nonMember, 0), 403, 'MEMBERSHIP_REQUIRED')
    const seen = await ok(h, 'GET', `/api/topics/${topic.id}`, s.neighbour)
    expect(seen.voteRefusal).toBe('building')
    expect(seen.actions).not.toContain('vote')

    // Per resident, with no pass rule: tenants vote too.
    for (const who of [a, b, tenant])
      await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, who, { optionIds: [topic.options[1].id] })
    expect((await ok(h, 'GET', `/api/topics/${topic.id}`, a)).actions).toContain('vote')
    const results = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.neighbour)
    expect(results).toEqual({
      topicId: topic.id,
      options: topic.options.map((o: { id: string; label: string }, i: number) => ({ ...o, count: i === 1 ? 3 : 0 })),
      ballots: 3,
      eligible: 3,
      voted: 3,
      turnout: 1,
      final: false,
    })
    const [row] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM ballots WHERE topic_id = ${topic.id}`,
    )
    expect(row!.n).toBe(3)
  })

  it('under a pass rule only owners vote: a tenant is refused and not counted as eligible', async () => {
    const s = await topicScene(h)
    const owner = await resident(s.communityId, { areaM2: 80 })
    const tenant = await resident(s.communityId, { relation: 'tenant', householdId: owner.householdId })
    const topic = await openTopic(h, s, MAJOR)
    const refused = await vote(topic, tenant, 0)
    expectError(refused, 403, 'NOT_ELIGIBLE')
    expect(refused.body.error.message).toContain('业主')
    expect((await ok(h, 'GET', `/api/topics/${topic.id}`, tenant)).voteRefusal).toBe('owner')
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, owner, { optionIds: [topic.options[0].id] })
    const results = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.staff)
    // The scene's four residents own their households in 1号楼 too (no area recorded): five owners, five households.
    expect(results.eligible).toBe(5)
    expect(results.households).toEqual({ eligible: 5, voted: 1 })
    expect(results.area).toEqual({ eligible: 80, voted: 80, missing: 4 })
  })
})

describe('one ballot per household', () => {
  it('the latest ballot by any member is the household’s; a member who left leaves it counted', async () => {
    const s = await topicScene(h)
    const first = await resident(s.communityId, { areaM2: 95.5 })
    const second = await resident(s.communityId, { relation: 'family', householdId: first.householdId })
    const topic = await openTopic(h, s, { ballotRule: 'per_household' })

    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, first, { optionIds: [topic.options[0].id] })
    h.clock.advance(60_000)
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, second, { optionIds: [topic.options[2].id] })
    for (const who of [first, second]) {
      expect((await ok(h, 'GET', `/api/topics/${topic.id}`, who)).myChoices).toEqual([topic.options[2].id])
    }
    const results = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.neighbour)
    expect(results.ballots).toBe(1)
    expect(results.voted).toBe(1)
    expect(
      results.options.map((o: { count: number; households: number; areaM2: number }) => [o.households, o.areaM2]),
    ).toEqual([
      [0, 0],
      [0, 0],
      [1, 95.5],
    ])
    expect(results.passed).toBeUndefined()

    // The caster leaves: the household's ballot stays counted.
    await h.db.query(
      sql`UPDATE memberships SET status = 'left', ended_at = now() WHERE user_id = ${second.id} AND status = 'verified'`,
    )
    const after = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.staff)
    expect(after.households.voted).toBe(1)
    expect(after.options[2].households).toBe(1)
  })

  it('the database keys a household ballot by the household, whatever statement writes it', async () => {
    const s = await topicScene(h)
    const first = await resident(s.communityId, {})
    const second = await resident(s.communityId, { householdId: first.householdId })
    const topic = await openTopic(h, s, { ballotRule: 'per_household' })
    const insert = (who: TestUser) =>
      h.db.query(
        sql`INSERT INTO ballots (topic_id, user_id, option_ids, created_at, updated_at)
         VALUES (${topic.id}, ${who.id}, ARRAY[${topic.options[0].id}]::uuid[], now(), now())`,
      )
    await insert(first)
    await expect(insert(second)).rejects.toThrow(/ballots_pkey|duplicate/)
    const outsider = await makeUser(h, 'resident', s.communityId, undefined, { member: false })
    await expect(insert(outsider)).rejects.toThrow(/may not vote/)
  })
})

/**
 * A building of households with the given areas, each with one owner who votes 同意 (option 0), 反对 (option 1) or
 * not at all; a topic for that building under `rule`. Returns the results.
 */
async function decide(
  rule: Record<string, unknown>,
  households: { area: number | null; vote?: 'yes' | 'no' }[],
  close = false,
) {
  h.clock.set(START)
  const communityId = await makeCommunity(h)
  const staff = await makeUser(h, 'staff', communityId)
  const b = await buildingId(communityId, '7号楼')
  const owners = await Promise.all(
    households.map(async (x) => {
      const place = await makeHousehold(h, communityId, {
        building: '7号楼',
        ...(x.area === null ? {} : { areaM2: x.area }),
      })
      return resident(communityId, { building: '7号楼', householdId: place.id })
    }),
  )
  const proposed = await ok(h, 'POST', '/api/topics', owners[0]!, topicBody(communityId), 201)
  const topic = await ok(h, 'POST', `/api/topics/${proposed.id}/review`, staff, {
    ...approval(h.clock.now(), { ...rule, eligibility: { buildingIds: [b] } }),
    options: ['同意', '反对'],
  })
  for (const [i, x] of households.entries()) {
    if (x.vote)
      await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, owners[i]!, {
        optionIds: [topic.options[x.vote === 'yes' ? 0 : 1].id],
      })
  }
  if (close) await ok(h, 'POST', `/api/topics/${topic.id}/close`, staff)
  return { topic, staff, communityId, results: await ok(h, 'GET', `/api/topics/${topic.id}/results`, staff) }
}

const many = (n: number, x: { area: number | null; vote?: 'yes' | 'no' }) => Array.from({ length: n }, () => x)

describe('民法典 art. 278, hand-computed at the exact thresholds', () => {
  it('major: exactly 2/3 taking part and exactly 3/4 approving, by heads and by area, passes', async () => {
    // 6 households of 100 m²: 4 vote (4/6 = 2/3, 400/600 = 2/3), 3 approve (3/4, 300/400 = 3/4).
    const { results } = await decide(MAJOR, [
      ...many(3, { area: 100, vote: 'yes' }),
      { area: 100, vote: 'no' },
      ...many(2, { area: 100 }),
    ])
    expect(results).toMatchObject({
      households: { eligible: 6, voted: 4 },
      area: { eligible: 600, voted: 400, missing: 0 },
      voted: 4,
      eligible: 6,
      passed: true,
    })
    expect(results.options.map((o: { households: number; areaM2: number }) => [o.households, o.areaM2])).toEqual([
      [3, 300],
      [1, 100],
    ])
  })

  it('major: participation by area just under 2/3 fails', async () => {
    // As above, but a household that did not vote has 100.01 m²: 400 / 600.01 < 2/3.
    const { results } = await decide(MAJOR, [
      ...many(3, { area: 100, vote: 'yes' }),
      { area: 100, vote: 'no' },
      { area: 100 },
      { area: 100.01 },
    ])
    expect(results.area).toEqual({ eligible: 600.01, voted: 400, missing: 0 })
    expect(results.passed).toBe(false)
  })

  it('major: participation by heads just under 2/3 fails', async () => {
    // 7 households: 4 vote (4/7 < 2/3) though their area is 2/3 of all: 400 / 600.
    const { results } = await decide(MAJOR, [
      ...many(3, { area: 100, vote: 'yes' }),
      { area: 100, vote: 'no' },
      { area: 100 },
      { area: 50 },
      { area: 50 },
    ])
    expect(results.households).toEqual({ eligible: 7, voted: 4 })
    expect(results.area.eligible).toBe(600)
    expect(results.passed).toBe(false)
  })

  it('major: approval by area just under 3/4 fails though 3/4 of the heads approve', async () => {
    // 299.99 / 400 < 3/4.
    const { results } = await decide(MAJOR, [
      { area: 100, vote: 'yes' },
      { area: 100, vote: 'yes' },
      { area: 99.99, vote: 'yes' },
      { area: 100.01, vote: 'no' },
      ...many(2, { area: 100 }),
    ])
    expect(results.options[0]).toMatchObject({ households: 3, areaM2: 299.99 })
    expect(results.passed).toBe(false)
  })

  it('ordinary: exactly half approving fails ("more than half"), just over passes', async () => {
    // 6 households, 4 vote, 2 approve: 2/4 is not more than half.
    const half = await decide(ORDINARY, [
      ...many(2, { area: 100, vote: 'yes' }),
      ...many(2, { area: 100, vote: 'no' }),
      ...many(2, { area: 100 }),
    ])
    expect(half.results.passed).toBe(false)
    // 7 households, 5 vote, 3 approve: heads 3/5; area 300.01 of 600.01, just over half.
    const over = await decide(ORDINARY, [
      { area: 100, vote: 'yes' },
      { area: 100, vote: 'yes' },
      { area: 100.01, vote: 'yes' },
      ...many(2, { area: 150, vote: 'no' }),
      ...many(2, { area: 100 }),
    ])
    expect(over.results.passed).toBe(true)
    // The same heads with the area exactly half: 300 of 600.
    const areaHalf = await decide(ORDINARY, [
      ...many(3, { area: 100, vote: 'yes' }),
      ...many(2, { area: 150, vote: 'no' }),
      ...many(2, { area: 100 }),
    ])
    expect(areaHalf.results.passed).toBe(false)
  })

  it('ordinary: every owner approving still fails without 2/3 taking part (278 para. 2 asks it of every decision)', async () => {
    const { results } = await decide(ORDINARY, [...many(3, { area: 100, vote: 'yes' }), ...many(2, { area: 100 })])
    expect(results.households).toEqual({ eligible: 5, voted: 3 })
    expect(results.passed).toBe(false)
  })

  it('a household with no area recorded counts 0 m² and is reported missing', async () => {
    const { results } = await decide(MAJOR, [...many(2, { area: 100, vote: 'yes' }), { area: null, vote: 'yes' }])
    expect(results.area).toEqual({ eligible: 200, voted: 200, missing: 1 })
    expect(results.passed).toBe(true)
  })

  it('closing freezes the household and area tallies: later changes to the roster do not move them', async () => {
    const { topic, staff, communityId, results } = await decide(
      MAJOR,
      [...many(3, { area: 100, vote: 'yes' }), { area: 100, vote: 'no' }, ...many(2, { area: 100 })],
      true,
    )
    expect(results).toMatchObject({ final: true, passed: true, households: { eligible: 6, voted: 4 } })
    // A household is added to the building and the areas are corrected afterwards.
    await makeHousehold(h, communityId, { building: '7号楼', areaM2: 500 })
    await h.db.query(sql`UPDATE households SET area_m2 = 10 WHERE community_id = ${communityId}`)
    const later = await ok(h, 'GET', `/api/topics/${topic.id}/results`, staff)
    expect(later).toEqual(results)
  })
})

describe('demo seed', () => {
  it('3号楼加装电梯: per household under the major rule, six of twelve households voted, not passed yet', async () => {
    const { seed, DEMO } = await import('../../../src/server/db/seed')
    // The seed's voting window is the database's now, not the test clock's.
    h.clock.set(new Date())
    await seed(h.db)
    await seed(h.db) // safe to run again
    const staff = { id: DEMO.users.staffSunshine, token: h.tokens.sign(DEMO.users.staffSunshine) }
    const results = await ok(h, 'GET', `/api/topics/${DEMO.topics.elevator}/results`, staff)
    expect(results).toMatchObject({
      households: { eligible: 12, voted: 6 },
      area: { eligible: 6 * 89.5 + 6 * 112.3, missing: 0 },
      passed: false,
    })
    const elder = { id: DEMO.users.elder, token: h.tokens.sign(DEMO.users.elder) }
    expect((await ok(h, 'GET', `/api/topics/${DEMO.topics.elevator}`, elder)).voteRefusal).toBe('building')
    const owner = { id: DEMO.users.resident, token: h.tokens.sign(DEMO.users.resident) }
    expect((await ok(h, 'GET', `/api/topics/${DEMO.topics.elevator}`, owner)).actions).toContain('vote')
  })
})
