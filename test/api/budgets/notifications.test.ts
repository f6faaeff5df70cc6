import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { call, startHarness, type Harness } from '../support/harness'
import { HOUR_MS } from '../support/time'
import {
  budgetScene,
  expectError,
  ok,
  openBudget,
  proposal,
  VOTING_CLOSES,
  VOTING_OPENS,
  type BudgetScene,
} from './helpers'

const CRON_SECRET = 'b'.repeat(20)
let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: { CRON_SECRET, TOKEN_TTL_SECONDS: String(10 * 365 * 24 * 3600) } })
})
afterAll(() => h.close())

const cron = () => call(h.app, 'POST', '/api/cron/expire', { headers: { authorization: `Bearer ${CRON_SECRET}` } })

interface Message {
  user_id: string
  kind: string
  body: string
  entity_type: string
  entity_id: string
}

/** The 微实事 messages about the budget or its proposals, by kind then person. */
async function messagesOf(budgetId: string): Promise<Message[]> {
  return h.db.query<Message>(
    sql`SELECT n.user_id, n.kind, n.body, n.entity_type, n.entity_id FROM notifications n
     WHERE n.kind LIKE 'budget.%'
       AND (n.entity_id = ${budgetId}
            OR n.entity_id IN (SELECT id::text FROM budget_proposals WHERE budget_id = ${budgetId}))
     ORDER BY n.kind, n.user_id`,
  )
}
const whoGot = (messages: Message[], kind: string) =>
  messages
    .filter((m) => m.kind === kind)
    .map((m) => m.user_id)
    .sort()

/** A budget with alice's feasible 路灯 (30000), bob's rejected proposal, and carol's ballot for 路灯. */
async function votedBudget(s: BudgetScene) {
  const budget = await openBudget(h, s)
  const lamps = await proposal(h, s, budget.id, s.alice, '小广场加装路灯', 30_000)
  const rejected = await proposal(h, s, budget.id, s.bob, '给每户发购物卡', null)
  h.clock.set(VOTING_OPENS)
  await ok(h, 'PUT', `/api/budgets/${budget.id}/ballot`, s.carol, { proposalIds: [lamps] })
  return { budgetId: budget.id as string, lamps, rejected }
}

describe('社区微实事 messages', () => {
  it('the proposer hears of the review: the cost staff set, or the reason it was rejected', async () => {
    const s = await budgetScene(h)
    const { budgetId, lamps, rejected } = await votedBudget(s)
    const messages = await messagesOf(budgetId)
    expect(messages.filter((m) => m.kind.startsWith('budget.proposal_'))).toEqual([
      expect.objectContaining({
        user_id: s.alice.id,
        kind: 'budget.proposal_feasible',
        entity_type: 'budget_proposal',
        entity_id: lamps,
        body: expect.stringContaining('核定费用30000元'),
      }),
      expect.objectContaining({
        user_id: s.bob.id,
        kind: 'budget.proposal_rejected',
        entity_type: 'budget_proposal',
        entity_id: rejected,
        body: '「给每户发购物卡」未通过可行性审核：不属于社区公共事务。',
      }),
    ])
  })

  it('results reach proposers and voters once, by the hourly run after voting closes; never staff', async () => {
    const s = await budgetScene(h)
    const { budgetId } = await votedBudget(s)
    expect((await cron()).status).toBe(200)
    expect(whoGot(await messagesOf(budgetId), 'budget.results')).toEqual([])

    h.clock.set(new Date(Date.parse(VOTING_CLOSES) + HOUR_MS / 2).toISOString())
    await cron()
    await cron()
    const messages = await messagesOf(budgetId)
    expect(whoGot(messages, 'budget.results')).toEqual([s.alice.id, s.bob.id, s.carol.id].sort())
    const mine = messages.find((m) => m.kind === 'budget.results' && m.user_id === s.carol.id)
    expect(mine).toMatchObject({ entity_type: 'budget', entity_id: budgetId })
    expect(mine?.body).toContain('选出1个项目，共30000元')
    const [row] = await h.db.query<{ created_at: Date }>(
      sql`SELECT created_at FROM notifications WHERE kind = 'budget.results' AND entity_id = ${budgetId} LIMIT 1`,
    )
    expect(row?.created_at.toISOString()).toBe(VOTING_CLOSES)

    // The inbox opens it: the voter reads it with their messages.
    const inbox = await ok(h, 'GET', '/api/me/notifications', s.carol)
    expect(inbox.items).toContainEqual(expect.objectContaining({ kind: 'budget.results', entityId: budgetId }))
  })

  it('a round closed more than a week before the run is not announced late', async () => {
    const s = await budgetScene(h)
    const { budgetId } = await votedBudget(s)
    h.clock.set(new Date(Date.parse(VOTING_CLOSES) + 8 * 24 * HOUR_MS).toISOString())
    await cron()
    expect(whoGot(await messagesOf(budgetId), 'budget.results')).toEqual([])
  })

  it("a selected project's progress reaches the round's proposers and voters, not the staff who wrote it", async () => {
    const s = await budgetScene(h)
    const { budgetId, lamps } = await votedBudget(s)
    h.clock.set(VOTING_CLOSES)
    await ok(h, 'POST', `/api/proposals/${lamps}/updates`, s.staff, { progress: 40, note: '灯杆已经立好' }, 201)
    const messages = await messagesOf(budgetId)
    expect(whoGot(messages, 'budget.progress')).toEqual([s.alice.id, s.bob.id, s.carol.id].sort())
    expect(messages.find((m) => m.kind === 'budget.progress')).toMatchObject({
      entity_type: 'budget_proposal',
      entity_id: lamps,
      body: '「小广场加装路灯」进度40%：灯杆已经立好',
    })
    // An expense tells nobody: the progress update is what residents follow.
    await ok(
      h,
      'POST',
      `/api/proposals/${lamps}/expenses`,
      s.staff,
      { amount: 100, payee: '五金店', note: '螺丝' },
      201,
    )
    expect((await messagesOf(budgetId)).length).toBe(messages.length)
  })
})

describe('GET /api/proposals/:id', () => {
  it('the proposer reads why theirs was rejected; others are told it was not found; feasible ones are public', async () => {
    const s = await budgetScene(h)
    const { budgetId, lamps, rejected } = await votedBudget(s)
    const mine = await ok(h, 'GET', `/api/proposals/${rejected}`, s.bob)
    expect(mine).toMatchObject({
      id: rejected,
      status: 'rejected',
      rejectReason: '不属于社区公共事务',
      mine: true,
      budget: { id: budgetId, phase: 'voting' },
    })
    expectError(await call(h.app, 'GET', `/api/proposals/${rejected}`, { token: s.carol.token }), 404, 'NOT_FOUND')
    expect(await ok(h, 'GET', `/api/proposals/${rejected}`, s.staff)).toMatchObject({ status: 'rejected' })
    expect(await ok(h, 'GET', `/api/proposals/${lamps}`, s.outsider)).toMatchObject({
      status: 'feasible',
      cost: 30_000,
      mine: false,
      selected: null,
    })
  })

  it('after close: selected with spending and receipts as links; bad ids, unknown ids and no token refused', async () => {
    const s = await budgetScene(h)
    const { lamps } = await votedBudget(s)
    h.clock.set(VOTING_CLOSES)
    await ok(h, 'POST', `/api/proposals/${lamps}/expenses`, s.staff, { amount: 500, payee: '五金店', note: '灯' }, 201)
    expect(await ok(h, 'GET', `/api/proposals/${lamps}`, s.carol)).toMatchObject({
      selected: true,
      spent: 500,
      expenses: [expect.objectContaining({ amount: 500, receipts: [] })],
      budget: { phase: 'decided' },
    })
    expectError(
      await call(h.app, 'GET', '/api/proposals/not-an-id', { token: s.carol.token }),
      400,
      'VALIDATION_FAILED',
    )
    expectError(
      await call(h.app, 'GET', `/api/proposals/${crypto.randomUUID()}`, { token: s.carol.token }),
      404,
      'NOT_FOUND',
    )
    expectError(await call(h.app, 'GET', `/api/proposals/${lamps}`), 401, 'UNAUTHENTICATED')
  })
})
