import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeResidents, race, tally } from '../support/contention'
import { call, startHarness, type Harness } from '../support/harness'
import { budgetScene, ok, openBudget, proposal, VOTING_CLOSES, VOTING_OPENS } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('contention: 社区微实事', () => {
  it(
    '300 members vote at once, each within the amount: 300 ballots, every vote counted exactly',
    { timeout: 300_000 },
    async () => {
      const s = await budgetScene(h)
      const b = await openBudget(h, s, { amount: 100_000 })
      const ids = [
        await proposal(h, s, b.id, s.alice, '项目一', 60_000),
        await proposal(h, s, b.id, s.bob, '项目二', 40_000),
        await proposal(h, s, b.id, s.carol, '项目三', 30_000),
      ]
      const voters = await makeResidents(h, s.communityId, 300)
      h.clock.set(VOTING_OPENS)
      // Voter i: 0 → [一, 二] (100000), 1 → [二, 三], 2 → [一, 三] (90000); every third also tries an over-budget ballot.
      const choice = (i: number) =>
        [
          [ids[0]!, ids[1]!],
          [ids[1]!, ids[2]!],
          [ids[0]!, ids[2]!],
        ][i % 3]!
      const replies = await race(
        h,
        '300 members vote on a budget at once',
        voters.map(
          (v, i) => () =>
            call(h.app, 'PUT', `/api/budgets/${b.id}/ballot`, { token: v.token, body: { proposalIds: choice(i) } }),
        ),
      )
      expect(tally(replies)).toEqual({ '200': 300 })
      const over = await race(
        h,
        '100 over-budget ballots at once',
        voters
          .filter((_, i) => i % 3 === 0)
          .map(
            (v) => () =>
              call(h.app, 'PUT', `/api/budgets/${b.id}/ballot`, { token: v.token, body: { proposalIds: ids } }),
          ),
      )
      expect(tally(over)).toEqual({ '400 OVER_BUDGET': 100 })
      const [count] = await h.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM budget_ballots WHERE budget_id = ${b.id}`,
      )
      expect(count!.n).toBe(300)
      h.clock.set(VOTING_CLOSES)
      const r = await ok(h, 'GET', `/api/budgets/${b.id}/results`, s.staff)
      expect(r.ballots).toBe(300)
      const votes = Object.fromEntries(
        r.proposals.map((p: { proposalId: string; votes: number }) => [p.proposalId, p.votes]),
      )
      expect(votes).toEqual({ [ids[0]!]: 200, [ids[1]!]: 200, [ids[2]!]: 200 })
      // Ties of 200: the cheapest first (三 30000, then 二 40000), then 一 60000 no longer fits in 30000.
      expect(r.proposals.map((p: { proposalId: string; selected: boolean }) => [p.proposalId, p.selected])).toEqual([
        [ids[2], true],
        [ids[1], true],
        [ids[0], false],
      ])
    },
  )

  it('300 members of 100 households vote at once: 100 household ballots', { timeout: 300_000 }, async () => {
    const s = await budgetScene(h)
    const b = await openBudget(h, s, { ballotRule: 'per_household' })
    const id = await proposal(h, s, b.id, s.alice, '项目一', 60_000)
    const voters = await makeResidents(h, s.communityId, 300)
    // Three members to a household: the last two of every three move into the first one's household.
    await h.db.query(
      sql`WITH v AS (
         SELECT user_id, household_id, (row_number() OVER (ORDER BY user_id) - 1) AS k FROM memberships
         WHERE user_id = ANY (${voters.map((v) => v.id)}::uuid[]) AND status = 'verified'
       )
       UPDATE memberships m SET household_id = head.household_id
       FROM v JOIN v head ON head.k = v.k - v.k % 3
       WHERE m.user_id = v.user_id AND m.status = 'verified'`,
    )
    h.clock.set(VOTING_OPENS)
    const replies = await race(
      h,
      '300 members of 100 households vote at once',
      voters.map(
        (v) => () => call(h.app, 'PUT', `/api/budgets/${b.id}/ballot`, { token: v.token, body: { proposalIds: [id] } }),
      ),
    )
    expect(tally(replies)).toEqual({ '200': 300 })
    const [count] = await h.db.query<{ n: number; households: number }>(
      sql`SELECT count(*)::int AS n, count(DISTINCT household_id)::int AS households FROM budget_ballots WHERE budget_id = ${b.id}`,
    )
    expect(count).toEqual({ n: 100, households: 100 })
  })

  it(
    '40 corrections of −1000 at once against 10000 spent: exactly 10 go through, the total ends at 0',
    { timeout: 300_000 },
    async () => {
      const s = await budgetScene(h)
      const b = await openBudget(h, s)
      const id = await proposal(h, s, b.id, s.alice, '项目一', 60_000)
      h.clock.set(VOTING_OPENS)
      await ok(h, 'PUT', `/api/budgets/${b.id}/ballot`, s.bob, { proposalIds: [id] })
      h.clock.set(VOTING_CLOSES)
      await ok(
        h,
        'POST',
        `/api/proposals/${id}/expenses`,
        s.staff,
        { amount: 10_000, payee: '施工队', note: '首付' },
        201,
      )
      const replies = await race(
        h,
        '40 corrections of -1000 at once',
        Array.from(
          { length: 40 },
          () => () =>
            call(h.app, 'POST', `/api/proposals/${id}/expenses`, {
              token: s.staff.token,
              body: { amount: -1000, payee: '施工队', note: '更正' },
            }),
        ),
      )
      expect(tally(replies)).toEqual({ '201': 10, '409 SPENT_BELOW_ZERO': 30 })
      const [row] = await h.db.query<{ spent: string; sum: string }>(
        sql`SELECT p.spent::text, (SELECT sum(amount)::text FROM budget_expenses WHERE proposal_id = p.id) AS sum
       FROM budget_proposals p WHERE p.id = ${id}`,
      )
      expect(row).toEqual({ spent: '0', sum: '0' })
    },
  )
})
