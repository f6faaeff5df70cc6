import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, seed } from '../../../src/server/db/seed'
import { call, startHarness, type Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
  await seed(h.db)
  await seed(h.db)
})
afterAll(() => h.close())

const get = (path: string, user: string = DEMO.users.resident) =>
  call(h.app, 'GET', path, { token: h.tokens.sign(user) })

describe('the demo seed of 社区微实事', () => {
  it('a decided round whose results the selection computes, with spending and progress in public', async () => {
    const results = await get(`/api/budgets/${DEMO.budgets.finished}/results`)
    expect(results.status).toBe(200)
    expect(results.body).toMatchObject({ final: true, ballots: 4, allocated: 60_000, amount: 100_000 })
    const rows = Object.fromEntries(
      results.body.proposals.map((r: { proposalId: string }) => [r.proposalId, r] as const),
    )
    const P = DEMO.proposals
    expect(rows[P.lamps]).toMatchObject({ votes: 3, selected: true, reason: '票数第1，剩余资金足够' })
    expect(rows[P.fitness]).toMatchObject({ votes: 3, selected: true, reason: '票数第2，剩余资金足够' })
    expect(rows[P.playground]).toMatchObject({
      votes: 1,
      selected: false,
      reason: '票数第3，剩余资金不足（需75000元，剩40000元）',
    })
    // A rejected proposal is listed to its proposer (and staff), with why it was not selected.
    expect(rows[P.giftCards]).toBeUndefined()
    const theirs = await get(`/api/budgets/${DEMO.budgets.finished}/results`, DEMO.users.volunteerParty)
    expect(theirs.body.proposals).toContainEqual(
      expect.objectContaining({ proposalId: P.giftCards, selected: false, reason: '未通过可行性审核' }),
    )

    const budget = await get(`/api/budgets/${DEMO.budgets.finished}`)
    const lamps = budget.body.proposals.find((p: { id: string }) => p.id === P.lamps)
    expect(lamps).toMatchObject({ selected: true, spent: 17_200, progress: 100 })
    expect(lamps.expenses.map((e: { amount: number; spentAfter: number }) => [e.amount, e.spentAfter])).toEqual([
      [12_800, 12_800],
      [5_200, 18_000],
      [-800, 17_200],
    ])
  })

  it('an open round in its voting window: three feasible projects that do not all fit, one rejected', async () => {
    const open = await get(`/api/budgets/${DEMO.budgets.open}`)
    expect(open.body).toMatchObject({ phase: 'voting', amount: 80_000, myBallot: null })
    const feasible = open.body.proposals.filter((p: { status: string }) => p.status === 'feasible')
    expect(feasible.reduce((sum: number, p: { cost: number }) => sum + p.cost, 0)).toBeGreaterThan(80_000)
    // The rejected one is its proposer's to read, with the reason.
    const subsidy = await get(`/api/proposals/${DEMO.proposals.subsidy}`)
    expect(subsidy.body).toMatchObject({
      status: 'rejected',
      mine: true,
      rejectReason: expect.stringContaining('物业费'),
    })
    const list = await get(`/api/communities/${DEMO.communities.sunshine}/budgets`)
    expect(list.body.items.map((b: { id: string }) => b.id)).toEqual([DEMO.budgets.open, DEMO.budgets.finished])
  })
})
