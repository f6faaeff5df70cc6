import { describe, expect, it } from 'vitest'
import { ROUTES } from '@/routes'
import { ballotTotal, formatYuan } from '@/shared/budgets'
import { targetOf } from '@/utils/notification'

const proposals = [
  { id: 'a', cost: 12_000 },
  { id: 'b', cost: 30_000 },
  { id: 'c', cost: 60_000 },
  { id: 'pending', cost: null },
]

describe('ballotTotal', () => {
  it('sums the chosen costs and says what is left of the fund', () => {
    expect(ballotTotal(80_000, proposals, [])).toEqual({ total: 0, left: 80_000, over: false })
    expect(ballotTotal(80_000, proposals, ['a', 'b'])).toEqual({ total: 42_000, left: 38_000, over: false })
  })

  it('is over when the chosen costs sum to more than the amount, not when they equal it (OVER_BUDGET)', () => {
    expect(ballotTotal(80_000, proposals, ['a', 'b', 'c'])).toEqual({ total: 102_000, left: -22_000, over: true })
    expect(ballotTotal(42_000, proposals, ['a', 'b'])).toMatchObject({ left: 0, over: false })
  })

  it('counts nothing for an id not among the proposals or one without a cost', () => {
    expect(ballotTotal(80_000, proposals, ['pending', 'gone'])).toMatchObject({ total: 0, over: false })
  })
})

describe('formatYuan', () => {
  it.each([
    [800, '800元'],
    [9_999, '9999元'],
    [10_000, '1万元'],
    [12_800, '1.28万元'],
    [-800, '-800元'],
  ])('%d → %s', (yuan, text) => expect(formatYuan(yuan)).toBe(text))
})

describe('messages of 社区微实事', () => {
  it('open the round (results) or the proposal (review, progress)', () => {
    expect(targetOf({ entityType: 'budget', entityId: 'b1' })).toBe(`${ROUTES.budgetRound}?id=b1`)
    expect(targetOf({ entityType: 'budget_proposal', entityId: 'p1' })).toBe(`${ROUTES.budgetProposal}?id=p1`)
  })
})
