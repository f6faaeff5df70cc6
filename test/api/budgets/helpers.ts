import { expectError, ok } from '../support/assert'
import { communityCast, type TestUser } from '../support/fixtures'
import type { Harness } from '../support/harness'
import { DAY_MS } from '../support/time'

export { expectError, ok, DAY_MS }

/** Monday 2031-03-03 09:00 in Shanghai: the clock the budget tests start from. */
export const START = '2031-03-03T01:00:00.000Z'
const at = (days: number) => new Date(Date.parse(START) + days * DAY_MS).toISOString()

/** Proposals from START for 2 days, review on day 2, voting days 3 to 5. */
export const budgetBody = (over: Record<string, unknown> = {}) => ({
  title: '2031年社区微实事',
  amount: 100_000,
  proposalsOpenAt: at(0),
  proposalsCloseAt: at(2),
  votingOpensAt: at(3),
  votingClosesAt: at(5),
  ...over,
})

export const PROPOSALS_CLOSE = at(2)
export const VOTING_OPENS = at(3)
export const VOTING_CLOSES = at(5)

/** A community with its staff and residents, and staff and a resident of another; clock at START. */
export async function budgetScene(h: Harness) {
  h.clock.set(START)
  return communityCast(h)
}
export type BudgetScene = Awaited<ReturnType<typeof budgetScene>>

export async function openBudget(h: Harness, s: BudgetScene, over: Record<string, unknown> = {}) {
  return ok(h, 'POST', `/api/communities/${s.communityId}/budgets`, s.staff, budgetBody(over), 201)
}

/** A proposal by `by`, reviewed by staff: feasible at `cost`, or rejected when cost is null. */
export async function proposal(
  h: Harness,
  s: BudgetScene,
  budgetId: string,
  by: TestUser,
  title: string,
  cost: number | null,
): Promise<string> {
  const p = await ok(
    h,
    'POST',
    `/api/budgets/${budgetId}/proposals`,
    by,
    { title, description: `${title}的说明`, estimatedCost: cost ?? 1000 },
    201,
  )
  await ok(
    h,
    'POST',
    `/api/proposals/${p.id}/review`,
    s.staff,
    cost === null ? { feasible: false, reason: '不属于社区公共事务' } : { feasible: true, cost },
  )
  return p.id
}
