import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { race, tally } from '../support/contention'
import { startHarness, type Harness } from '../support/harness'
import { assignedProblem, eventTypes, makeHandler, problemRow, problemScene, resolvedProblem, send } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('contention (also on real PostgreSQL: TEST_DATABASE_URL)', () => {
  it('handlers of the organisation accept at once: exactly one takes it on, the others get 409', async () => {
    const s = await problemScene(h)
    const id = await assignedProblem(h, s)
    const more = await Promise.all(Array.from({ length: 18 }, () => makeHandler(h, s.propertyId)))
    const handlers = [s.handler, s.handler2, ...more]
    const replies = await race(
      h,
      '20 handlers accept one problem',
      handlers.map((u) => () => send(h, u, 'POST', `/api/problems/${id}/accept`, {})),
    )
    expect(tally(replies)).toEqual({ '200': 1, '409 PROBLEM_NOT_ASSIGNED': 19 })
    const winner = handlers[replies.findIndex((r) => r.status === 200)]!
    expect(await problemRow(h, id)).toMatchObject({ status: 'in_progress', handler_id: winner.id })
    expect((await eventTypes(h, id)).filter((t) => t === 'accepted')).toHaveLength(1)
  })

  it('accept and return at once: one of them, never both', async () => {
    const s = await problemScene(h)
    const id = await assignedProblem(h, s)
    const replies = await race(h, 'accept against return', [
      () => send(h, s.handler, 'POST', `/api/problems/${id}/accept`, {}),
      () => send(h, s.handler2, 'POST', `/api/problems/${id}/return`, { reason: '不归物业管' }),
    ])
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1)
    const events = await eventTypes(h, id)
    expect(events.filter((t) => t === 'accepted' || t === 'returned')).toHaveLength(1)
  })

  it('the reporter rates twice at once (satisfied and unsatisfied): one rating counts', async () => {
    const s = await problemScene(h)
    const id = await resolvedProblem(h, s)
    const ratings = [
      { satisfaction: 'satisfied' },
      { satisfaction: 'unsatisfied', comment: '还是不亮' },
      { satisfaction: 'basically_satisfied' },
      { satisfaction: 'satisfied', comment: '谢谢' },
    ]
    const replies = await race(
      h,
      'four ratings of one problem',
      ratings.map((body) => () => send(h, s.reporter, 'POST', `/api/problems/${id}/rate`, body)),
    )
    expect(tally(replies)).toEqual({ '200': 1, '409 PROBLEM_NOT_RESOLVED': 3 })
    const [n] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM problem_events WHERE problem_id = ${id} AND type IN ('rated', 'reopened')`,
    )
    expect(n!.n).toBe(1)
    const won = ratings[replies.findIndex((r) => r.status === 200)]!
    expect((await problemRow(h, id)).satisfaction).toBe(won.satisfaction)
  })
})
