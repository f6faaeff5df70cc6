import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { auditRowsOf, makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { jpeg, photoForm } from '../support/images'
import {
  budgetBody,
  budgetScene,
  expectError,
  ok,
  openBudget,
  proposal,
  START,
  VOTING_CLOSES,
  VOTING_OPENS,
  PROPOSALS_CLOSE,
  type BudgetScene,
} from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const post = (path: string, token: string, body?: unknown) => call(h.app, 'POST', path, { token, body })

describe('POST /api/communities/:id/budgets', () => {
  it('staff of the community open a budget; audited; listed newest first, paged', async () => {
    const s = await budgetScene(h)
    const b = await openBudget(h, s)
    expect(b).toMatchObject({
      title: '2031年社区微实事',
      amount: 100_000,
      ballotRule: 'per_resident',
      phase: 'proposing',
    })
    expect(await auditRowsOf(h, b.id, 'budget.')).toEqual([
      expect.objectContaining({ action: 'budget.created', actor_id: s.staff.id, community_id: s.communityId }),
    ])
    h.clock.advance(1000)
    const second = await openBudget(h, s, { title: '第二期微实事', ballotRule: 'per_household' })
    expect(second.ballotRule).toBe('per_household')
    const page1 = await ok(h, 'GET', `/api/communities/${s.communityId}/budgets?limit=1`, s.outsider)
    expect(page1.items.map((x: { id: string }) => x.id)).toEqual([second.id])
    const page2 = await ok(
      h,
      'GET',
      `/api/communities/${s.communityId}/budgets?limit=1&cursor=${page1.nextCursor}`,
      s.alice,
    )
    expect(page2).toEqual({ items: [expect.objectContaining({ id: b.id })], nextCursor: null })
  })

  it('refuses residents, staff of another community, windows out of order, a start in the past, bad amounts', async () => {
    const s = await budgetScene(h)
    const path = `/api/communities/${s.communityId}/budgets`
    expectError(await post(path, s.alice.token, budgetBody()), 403, 'FORBIDDEN')
    expectError(await post(path, s.foreignStaff.token, budgetBody()), 403, 'FORBIDDEN')
    expectError(await call(h.app, 'POST', path, { body: budgetBody() }), 401, 'UNAUTHENTICATED')
    for (const bad of [
      { proposalsCloseAt: START },
      { votingOpensAt: '2031-03-04T01:00:00.000Z' },
      { votingClosesAt: VOTING_OPENS },
      { proposalsOpenAt: '2031-03-03T00:58:00.000Z' },
      { amount: 0 },
      { amount: 10.5 },
      { amount: '100' },
      { title: '' },
      { ballotRule: 'per_building' },
      { extra: 1 },
    ]) {
      expectError(await post(path, s.staff.token, budgetBody(bad)), 400, 'VALIDATION_FAILED')
    }
    // Less than a minute in the past: a form sent a moment late still goes through.
    await ok(h, 'POST', path, s.staff, budgetBody({ proposalsOpenAt: '2031-03-03T00:59:30.000Z' }), 201)
    // Proposals may close right when voting opens.
    await ok(h, 'POST', path, s.staff, budgetBody({ votingOpensAt: PROPOSALS_CLOSE }), 201)
    expectError(
      await post('/api/communities/00000000-0000-4000-8000-000000000000/budgets', s.admin.token, budgetBody()),
      404,
      'NOT_FOUND',
    )
  })
})

describe('proposals and review', () => {
  it('verified members propose in the window; pending and rejected ones only to their proposer and staff', async () => {
    const s = await budgetScene(h)
    const b = await openBudget(h, s)
    const path = `/api/budgets/${b.id}/proposals`
    const body = { title: '楼道加装扶手', description: '3号楼楼道没有扶手，老人上下楼不方便', estimatedCost: 8000 }
    const p = await ok(h, 'POST', path, s.alice, body, 201)
    expect(p).toMatchObject({ status: 'pending_review', estimatedCost: 8000, cost: null, mine: true, selected: null })
    expectError(await post(path, s.nonMember.token, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await post(path, s.outsider.token, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await post(path, s.staff.token, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await post(path, s.alice.token, { ...body, estimatedCost: -1 }), 400, 'VALIDATION_FAILED')
    expectError(await post(path, s.alice.token, { ...body, title: 'x' }), 400, 'VALIDATION_FAILED')
    expectError(await post('/api/budgets/not-a-uuid/proposals', s.alice.token, body), 400, 'VALIDATION_FAILED')
    expectError(
      await post('/api/budgets/00000000-0000-4000-8000-000000000000/proposals', s.alice.token, body),
      404,
      'NOT_FOUND',
    )

    const seenBy = async (who: typeof s.alice) =>
      (await ok(h, 'GET', `/api/budgets/${b.id}`, who)).proposals.map((x: { id: string }) => x.id)
    expect(await seenBy(s.alice)).toEqual([p.id])
    expect(await seenBy(s.staff)).toEqual([p.id])
    expect(await seenBy(s.bob)).toEqual([])
    expect(await seenBy(s.foreignStaff)).toEqual([])

    // Review: a rejection needs a reason the proposer reads; staff elsewhere are told it does not exist.
    const review = `/api/proposals/${p.id}/review`
    expectError(await post(review, s.alice.token, { feasible: true, cost: 9000 }), 403, 'FORBIDDEN')
    expectError(await post(review, s.foreignStaff.token, { feasible: true, cost: 9000 }), 404, 'NOT_FOUND')
    expectError(await post(review, s.staff.token, { feasible: false }), 400, 'VALIDATION_FAILED')
    expectError(await post(review, s.staff.token, { feasible: true }), 400, 'VALIDATION_FAILED')
    expectError(
      await post(review, s.staff.token, { feasible: false, reason: '超出', cost: 1 }),
      400,
      'VALIDATION_FAILED',
    )
    const rejected = await ok(h, 'POST', review, s.staff, { feasible: false, reason: '扶手由物业负责安装' })
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '扶手由物业负责安装', cost: null })
    expectError(await post(review, s.staff.token, { feasible: true, cost: 1 }), 409, 'PROPOSAL_NOT_PENDING')
    expect((await ok(h, 'GET', `/api/budgets/${b.id}`, s.alice)).proposals[0].rejectReason).toBe('扶手由物业负责安装')
    expect(await seenBy(s.bob)).toEqual([])
    expect(await auditRowsOf(h, p.id, 'budget.')).toEqual([
      expect.objectContaining({ action: 'budget.proposal_rejected', actor_id: s.staff.id }),
    ])

    const q = await ok(h, 'POST', path, s.bob, { ...body, title: '小广场加装路灯' }, 201)
    const feasible = await ok(h, 'POST', `/api/proposals/${q.id}/review`, s.staff, { feasible: true, cost: 12000 })
    expect(feasible).toMatchObject({ status: 'feasible', cost: 12000, estimatedCost: 8000 })
    expect(await seenBy(s.alice)).toEqual([p.id, q.id])
    expect(await seenBy(s.carol)).toEqual([q.id])

    // The window: closed after proposalsCloseAt; review closes when voting opens.
    h.clock.set(PROPOSALS_CLOSE)
    expectError(await post(path, s.alice.token, body), 409, 'PROPOSALS_CLOSED')
    h.clock.set(START)
    const late = await ok(h, 'POST', path, s.carol, { ...body, title: '垃圾房改造' }, 201)
    h.clock.set(VOTING_OPENS)
    expectError(
      await post(`/api/proposals/${late.id}/review`, s.staff.token, { feasible: true, cost: 100 }),
      409,
      'REVIEW_CLOSED',
    )
  })

  it('refuses proposals before the window opens', async () => {
    const s = await budgetScene(h)
    const b = await openBudget(h, s, { proposalsOpenAt: '2031-03-04T01:00:00.000Z' })
    expect(b.phase).toBe('upcoming')
    const reply = await post(`/api/budgets/${b.id}/proposals`, s.alice.token, {
      title: '楼道加装扶手',
      description: '说明',
      estimatedCost: 1,
    })
    expectError(reply, 409, 'PROPOSALS_CLOSED')
  })
})

describe('ballots', () => {
  async function withProposals(s: BudgetScene, over: Record<string, unknown> = {}) {
    const b = await openBudget(h, s, { amount: 100_000, ...over })
    const big = await proposal(h, s, b.id, s.alice, '小广场改造', 70_000)
    const small = await proposal(h, s, b.id, s.bob, '楼道扶手', 30_000)
    const other = await proposal(h, s, b.id, s.carol, '再加一项', 1_000)
    const rejected = await proposal(h, s, b.id, s.alice, '被退回的项目', null)
    const pending = (
      await ok(
        h,
        'POST',
        `/api/budgets/${b.id}/proposals`,
        s.bob,
        { title: '待审核项目', description: '说明', estimatedCost: 5 },
        201,
      )
    ).id as string
    return { b, big, small, other, rejected, pending }
  }

  it('in the voting window only; feasible proposals of this budget within the amount; changeable until close', async () => {
    const s = await budgetScene(h)
    const { b, big, small, other, rejected, pending } = await withProposals(s)
    const foreign = await openBudget(h, s)
    const foreignProposal = await proposal(h, s, foreign.id, s.alice, '别的微实事项目', 100)
    const path = `/api/budgets/${b.id}/ballot`
    const put = (who: typeof s.alice, proposalIds: string[]) =>
      call(h.app, 'PUT', path, { token: who.token, body: { proposalIds } })

    expectError(await put(s.alice, [small]), 409, 'VOTING_NOT_OPEN')
    h.clock.set(VOTING_OPENS)
    const ballot = await put(s.alice, [big, small])
    expect(ballot.status).toBe(200)
    expect(ballot.body.proposalIds).toEqual([big, small])
    expectError(await put(s.alice, [big, small, other]), 400, 'OVER_BUDGET')
    expect((await put(s.alice, [big, small, other])).body.error.message).toContain('101000元')
    expectError(await put(s.alice, [small, rejected]), 400, 'VALIDATION_FAILED')
    expectError(await put(s.alice, [small, pending]), 400, 'VALIDATION_FAILED')
    expectError(await put(s.alice, [small, foreignProposal]), 400, 'VALIDATION_FAILED')
    expectError(await put(s.alice, [small, small]), 400, 'VALIDATION_FAILED')
    expectError(await put(s.alice, []), 400, 'VALIDATION_FAILED')
    expectError(await put(s.nonMember, [small]), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await put(s.outsider, [small]), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await put(s.staff, [small]), 403, 'MEMBERSHIP_REQUIRED')
    // Changing the ballot replaces it: the refused ones changed nothing.
    expect((await ok(h, 'GET', `/api/budgets/${b.id}`, s.alice)).myBallot).toEqual([big, small])
    await ok(h, 'PUT', path, s.alice, { proposalIds: [other] })
    expect((await ok(h, 'GET', `/api/budgets/${b.id}`, s.alice)).myBallot).toEqual([other])
    const rows = await h.db.query(sql`SELECT user_id FROM budget_ballots WHERE budget_id = ${b.id}`)
    expect(rows).toEqual([{ user_id: s.alice.id }])

    h.clock.set(VOTING_CLOSES)
    expectError(await put(s.alice, [small]), 409, 'VOTING_CLOSED')
  })

  it('per household: the household casts one ballot, its latest by any member', async () => {
    const s = await budgetScene(h)
    const { b, big, small } = await withProposals(s, { ballotRule: 'per_household' })
    // Bob joins Alice's household.
    const [alice] = await h.db.query<{ household_id: string }>(
      sql`SELECT household_id FROM memberships WHERE user_id = ${s.alice.id} AND status = 'verified'`,
    )
    await h.db.query(
      sql`UPDATE memberships SET household_id = ${alice!.household_id} WHERE user_id = ${s.bob.id} AND status = 'verified'`,
    )
    h.clock.set(VOTING_OPENS)
    await ok(h, 'PUT', `/api/budgets/${b.id}/ballot`, s.alice, { proposalIds: [big] })
    await ok(h, 'PUT', `/api/budgets/${b.id}/ballot`, s.bob, { proposalIds: [small] })
    await ok(h, 'PUT', `/api/budgets/${b.id}/ballot`, s.carol, { proposalIds: [small] })
    const rows = await h.db.query(
      sql`SELECT user_id, household_id, proposal_ids FROM budget_ballots WHERE budget_id = ${b.id} ORDER BY updated_at, user_id`,
    )
    expect(rows).toHaveLength(2)
    expect(rows).toContainEqual({ user_id: s.bob.id, household_id: alice!.household_id, proposal_ids: [small] })
    expect((await ok(h, 'GET', `/api/budgets/${b.id}`, s.alice)).myBallot).toEqual([small])
  })
})

describe('results, spending and progress', () => {
  /**
   * Amount 100000. A 60000 (3 votes), B 50000 (2), C 30000 (2), D 10000 (1), E rejected, F feasible with no vote.
   * By votes: A; the B–C tie goes to the cheaper C; then B, D. A takes 60000 (40000 left), C 30000 (10000 left),
   * B needs 50000 and is skipped, D fits exactly.
   */
  async function decided(s: BudgetScene) {
    const b = await openBudget(h, s)
    const A = await proposal(h, s, b.id, s.alice, '项目A', 60_000)
    const B = await proposal(h, s, b.id, s.bob, '项目B', 50_000)
    const C = await proposal(h, s, b.id, s.carol, '项目C', 30_000)
    const D = await proposal(h, s, b.id, s.alice, '项目D', 10_000)
    const E = await proposal(h, s, b.id, s.alice, '项目E', null)
    const F = await proposal(h, s, b.id, s.carol, '项目F', 5_000)
    const [v4, v5] = await Promise.all([makeUser(h, 'resident', s.communityId), makeUser(h, 'resident', s.communityId)])
    h.clock.set(VOTING_OPENS)
    const votes: [typeof s.alice, string[]][] = [
      [s.alice, [A, C]],
      [s.bob, [A, D]],
      [s.carol, [A]],
      [v4, [B, C]],
      [v5, [B]],
    ]
    for (const [who, ids] of votes) await ok(h, 'PUT', `/api/budgets/${b.id}/ballot`, who, { proposalIds: ids })
    return { b, A, B, C, D, E, F }
  }

  it('selects by votes, ties by lower cost, skipping a large project for a smaller one that fits', async () => {
    const s = await budgetScene(h)
    const { b, A, B, C, D, E, F } = await decided(s)
    expectError(await call(h.app, 'GET', `/api/budgets/${b.id}/results`, { token: s.alice.token }), 403, 'FORBIDDEN')
    const early = await ok(h, 'GET', `/api/budgets/${b.id}/results`, s.staff)
    expect(early.final).toBe(false)
    h.clock.set(VOTING_CLOSES)
    const r = await ok(h, 'GET', `/api/budgets/${b.id}/results`, s.alice)
    expect(r).toMatchObject({ budgetId: b.id, amount: 100_000, final: true, allocated: 100_000, ballots: 5 })
    expect(r.proposals).toEqual([
      expect.objectContaining({
        proposalId: A,
        votes: 3,
        cost: 60_000,
        selected: true,
        reason: '票数第1，剩余资金足够',
      }),
      expect.objectContaining({
        proposalId: C,
        votes: 2,
        cost: 30_000,
        selected: true,
        reason: '票数第2，剩余资金足够',
      }),
      expect.objectContaining({
        proposalId: B,
        votes: 2,
        cost: 50_000,
        selected: false,
        reason: '票数第3，剩余资金不足（需50000元，剩10000元）',
      }),
      expect.objectContaining({
        proposalId: D,
        votes: 1,
        cost: 10_000,
        selected: true,
        reason: '票数第4，剩余资金足够',
      }),
      // Alice proposed E: she sees it was rejected; nobody voted for F.
      expect.objectContaining({ proposalId: E, votes: 0, cost: null, selected: false, reason: '未通过可行性审核' }),
      expect.objectContaining({ proposalId: F, votes: 0, selected: false, reason: '没有获得投票' }),
    ])
    // Anyone signed in reads the results after close; unknown budgets are 404.
    expect((await ok(h, 'GET', `/api/budgets/${b.id}/results`, s.outsider)).proposals).toHaveLength(5)
    expectError(
      await call(h.app, 'GET', '/api/budgets/00000000-0000-4000-8000-000000000000/results', { token: s.staff.token }),
      404,
      'NOT_FOUND',
    )
  })

  it('ties of votes and cost go to the earlier proposal', async () => {
    const s = await budgetScene(h)
    const b = await openBudget(h, s, { amount: 10_000 })
    const first = await proposal(h, s, b.id, s.alice, '先提的项目', 6_000)
    const second = await proposal(h, s, b.id, s.bob, '后提的项目', 6_000)
    h.clock.set(VOTING_OPENS)
    await ok(h, 'PUT', `/api/budgets/${b.id}/ballot`, s.alice, { proposalIds: [second] })
    await ok(h, 'PUT', `/api/budgets/${b.id}/ballot`, s.bob, { proposalIds: [first] })
    const r = await ok(h, 'GET', `/api/budgets/${b.id}/results`, s.staff)
    expect(
      r.proposals.map((p: { proposalId: string; selected: boolean; reason: string }) => [
        p.proposalId,
        p.selected,
        p.reason,
      ]),
    ).toEqual([
      [first, true, '票数第1，剩余资金足够'],
      [second, false, '票数第2，剩余资金不足（需6000元，剩4000元）'],
    ])
  })

  it('staff record spending and progress of selected projects after close; corrections never below zero', async () => {
    const s = await budgetScene(h)
    const { b, A, B } = await decided(s)
    const expense = { amount: 20_000, payee: '幸福装修队', note: '首付款' }
    expectError(await post(`/api/proposals/${A}/expenses`, s.staff.token, expense), 409, 'BUDGET_NOT_DECIDED')
    expectError(
      await post(`/api/proposals/${A}/updates`, s.staff.token, { progress: 10, note: '开工' }),
      409,
      'BUDGET_NOT_DECIDED',
    )
    h.clock.set(VOTING_CLOSES)
    expectError(await post(`/api/proposals/${B}/expenses`, s.staff.token, expense), 409, 'PROPOSAL_NOT_SELECTED')
    expectError(
      await post(`/api/proposals/${B}/updates`, s.staff.token, { progress: 10, note: '开工' }),
      409,
      'PROPOSAL_NOT_SELECTED',
    )
    expectError(await post(`/api/proposals/${A}/expenses`, s.alice.token, expense), 403, 'FORBIDDEN')
    expectError(await post(`/api/proposals/${A}/expenses`, s.foreignStaff.token, expense), 404, 'NOT_FOUND')
    expectError(
      await post(`/api/proposals/${A}/updates`, s.foreignStaff.token, { progress: 1, note: '开工' }),
      404,
      'NOT_FOUND',
    )
    expectError(
      await post(`/api/proposals/${A}/expenses`, s.staff.token, { ...expense, amount: 0 }),
      400,
      'VALIDATION_FAILED',
    )
    expectError(
      await post(`/api/proposals/${A}/updates`, s.staff.token, { progress: 101, note: '开工' }),
      400,
      'VALIDATION_FAILED',
    )
    expectError(
      await post(`/api/proposals/${A}/expenses`, s.staff.token, { ...expense, amount: -1 }),
      409,
      'SPENT_BELOW_ZERO',
    )

    const photo = await call(h.app, 'POST', '/api/uploads', { token: s.staff.token, body: photoForm(jpeg()) })
    expect(photo.status).toBe(201)
    const first = await ok(
      h,
      'POST',
      `/api/proposals/${A}/expenses`,
      s.staff,
      { ...expense, receiptIds: [photo.body.id] },
      201,
    )
    expect(first).toMatchObject({
      amount: 20_000,
      spentAfter: 20_000,
      receipts: [expect.objectContaining({ id: photo.body.id })],
    })
    // Its receipt as a signed link that opens for a resident, who sends no token with an <Image>.
    const link = first.receipts[0].url as string
    expect(link).toMatch(new RegExp(`^/api/uploads/${photo.body.id}/image\\?exp=\\d+&sig=`))
    expect((await call(h.app, 'GET', link)).status).toBe(200)
    // The same receipt cannot be attached twice.
    expect(
      (await post(`/api/proposals/${A}/expenses`, s.staff.token, { ...expense, receiptIds: [photo.body.id] })).status,
    ).toBe(400)
    const fix = await ok(
      h,
      'POST',
      `/api/proposals/${A}/expenses`,
      s.staff,
      { ...expense, amount: -5_000, note: '多记了，更正' },
      201,
    )
    expect(fix.spentAfter).toBe(15_000)
    expectError(
      await post(`/api/proposals/${A}/expenses`, s.staff.token, { ...expense, amount: -15_001 }),
      409,
      'SPENT_BELOW_ZERO',
    )
    await ok(h, 'POST', `/api/proposals/${A}/updates`, s.staff, { progress: 40, note: '材料已进场' }, 201)

    const detail = await ok(h, 'GET', `/api/budgets/${b.id}`, s.outsider)
    expect(detail.phase).toBe('decided')
    const a = detail.proposals.find((p: { id: string }) => p.id === A)
    expect(a).toMatchObject({ selected: true, spent: 15_000, progress: 40 })
    expect(a.expenses.map((e: { amount: number }) => e.amount)).toEqual([20_000, -5_000])
    expect(a.updates).toEqual([expect.objectContaining({ progress: 40, note: '材料已进场' })])
    expect(detail.proposals.find((p: { id: string }) => p.id === B)).toMatchObject({ selected: false, spent: null })
    // The receipt is visible to anyone signed in.
    expect((await call(h.app, 'GET', `/api/uploads/${photo.body.id}`, { token: s.outsider.token })).status).toBe(200)
    expect((await auditRowsOf(h, first.id, 'budget.')).map((r) => r.action)).toEqual(['budget.expense'])
    expect((await auditRowsOf(h, A, 'budget.update')).length).toBe(1)
  })
})
