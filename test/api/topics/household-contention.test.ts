import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { race, tally } from '../support/contention'
import { call, startHarness, type Harness } from '../support/harness'
import { ok, openTopic, topicScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('contention: one ballot per household', () => {
  it(
    '200 members of 50 households vote at once: exactly 50 household ballots, each its household’s latest',
    { timeout: 300_000 },
    async () => {
      const s = await topicScene(h)
      const topic = await openTopic(h, s, { ballotRule: 'per_household' })
      const optionIds = (topic.options as { id: string }[]).map((o) => o.id)
      // 50 households of 8号楼, four verified members each, written in one statement: the precondition, not the test.
      const members = await h.db.query<{ id: string; household_id: string; n: number }>(
        sql`WITH b AS (
           INSERT INTO buildings (community_id, name) VALUES (${s.communityId}, '8号楼') RETURNING id
         ), hh AS (
           INSERT INTO households (community_id, building_id, room, area_m2)
           SELECT ${s.communityId}::uuid, b.id, i::text, 90 FROM b, generate_series(1, 50) AS i
           RETURNING id
         ), u AS (
           INSERT INTO users (openid, nickname, role, community_id)
           SELECT 'test:' || gen_random_uuid(), '住户' || i, 'resident', ${s.communityId}::uuid
           FROM generate_series(1, 200) AS i
           RETURNING id
         ), pairs AS (
           SELECT u.id AS user_id, x.id AS household_id, row_number() OVER (ORDER BY u.id) AS n
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS k FROM u) u
           JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k FROM hh) x ON x.k = (u.k - 1) % 50 + 1
         ), m AS (
           INSERT INTO memberships (user_id, community_id, household_id, building, room, relation, real_name, status,
                                    decided_at)
           SELECT p.user_id, ${s.communityId}::uuid, p.household_id, '8号楼', '1', 'owner', '测试住户', 'verified', now()
           FROM pairs p
         )
         SELECT user_id AS id, household_id, n::int FROM pairs ORDER BY n`,
      )
      expect(members).toHaveLength(200)
      const replies = await race(
        h,
        '200 members of 50 households vote at once',
        members.map(
          (m) => () =>
            call(h.app, 'PUT', `/api/topics/${topic.id}/ballot`, {
              token: h.tokens.sign(m.id),
              body: { optionIds: [optionIds[m.n % 3]!] },
            }),
        ),
      )
      expect(tally(replies)).toEqual({ '200': 200 })

      const [counts] = await h.db.query<{ ballots: number; households: number }>(
        sql`SELECT count(*)::int AS ballots, count(DISTINCT household_id)::int AS households
         FROM ballots WHERE topic_id = ${topic.id}`,
      )
      expect(counts).toEqual({ ballots: 50, households: 50 })
      // Each household's ballot is the choice of whichever of its members cast it (the last to write).
      const mismatched = await h.db.query(
        sql`SELECT b.voter_key FROM ballots b
         JOIN unnest(${members.map((m) => m.id)}::uuid[], ${members.map((m) => optionIds[m.n % 3]!)}::uuid[])
           AS x (user_id, option_id) ON x.user_id = b.user_id
         WHERE b.topic_id = ${topic.id} AND (b.option_ids <> ARRAY[x.option_id] OR b.voter_key <> b.household_id)`,
      )
      expect(mismatched).toEqual([])
      const results = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.staff)
      expect(results.voted).toBe(50)
      expect(results.households.voted).toBe(50)
      expect(results.area.voted).toBe(50 * 90)
      expect(results.options.reduce((sum: number, o: { households: number }) => sum + o.households, 0)).toBe(50)
    },
  )
})
