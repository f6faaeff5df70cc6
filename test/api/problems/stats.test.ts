import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeUser } from '../support/fixtures'
import { startHarness, type Harness } from '../support/harness'
import { HOUR_MS } from '../support/time'
import { act, expectError, problemScene, send, type ProblemScene } from './helpers'

let h: Harness
let s: ProblemScene
/** 2031-03-03 09:00 in Shanghai, a Monday: every problem of the set is received that day or the next. */
const T0 = new Date('2031-03-03T01:00:00Z')

beforeAll(async () => {
  // Tokens are signed on the harness clock: the scene is made at the start of the set, and lives for years.
  h = await startHarness({ env: { TOKEN_TTL_SECONDS: String(10 * 365 * 24 * 3600) } })
  h.clock.set(new Date(T0.getTime() - HOUR_MS))
  s = await problemScene(h)
})
afterAll(() => h.close())

interface Plan {
  org: 'property' | 'committee'
  /** Hours after assignment it was resolved; null: never. */
  resolvedAfter: number | null
  rating?: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | 'none'
  category?: string
}

/**
 * A problem received at `T0 + offsetHours`, assigned at once (due in 72 hours, 24 for safety), resolved and rated as
 * planned, all through the API with the clock moved.
 */
async function play(offsetHours: number, plan: Plan): Promise<string> {
  h.clock.set(new Date(T0.getTime() + offsetHours * HOUR_MS))
  const created = await act(
    h,
    s.reporter,
    'POST',
    '/api/problems',
    {
      communityId: s.communityId,
      category: plan.category ?? 'environment',
      description: `统计用的问题 ${offsetHours}`,
    },
    201,
  )
  const id = created.id
  await act(h, s.staff, 'POST', `/api/problems/${id}/assign`, {
    orgId: plan.org === 'property' ? s.propertyId : s.committeeId,
  })
  if (plan.resolvedAfter === null) return id
  const handler = plan.org === 'property' ? s.handler : s.committeeHandler
  await act(h, handler, 'POST', `/api/problems/${id}/accept`, {})
  h.clock.advance(plan.resolvedAfter * HOUR_MS)
  await act(h, handler, 'POST', `/api/problems/${id}/resolve`, { result: '已处理完毕' })
  if (plan.rating && plan.rating !== 'none') {
    await act(h, s.reporter, 'POST', `/api/problems/${id}/rate`, {
      satisfaction: plan.rating,
      comment: plan.rating === 'unsatisfied' ? '没有解决' : undefined,
    })
  }
  return id
}

describe('GET /api/communities/:id/problem-stats', () => {
  it('equals the hand count: on-time rate, satisfaction rate without the unrated, median hours', async () => {
    // Property: 4 received; resolved after 10 h (on time, satisfied), 80 h (late, basically), 30 h (on time,
    // unrated), and one still open. Committee: 2 received; resolved after 5 h (on time, unsatisfied → reopened),
    // and a safety one after 30 h (late: due in 24 h, satisfied).
    await play(0, { org: 'property', resolvedAfter: 10, rating: 'satisfied' })
    await play(1, { org: 'property', resolvedAfter: 80, rating: 'basically_satisfied' })
    await play(2, { org: 'property', resolvedAfter: 30, rating: 'none' })
    await play(3, { org: 'property', resolvedAfter: null })
    await play(4, { org: 'committee', resolvedAfter: 5, rating: 'unsatisfied' })
    await play(5, { org: 'committee', resolvedAfter: 30, rating: 'satisfied', category: 'safety' })
    // Received the day after the period: left out.
    await play(36, { org: 'property', resolvedAfter: 1, rating: 'unsatisfied' })

    const stats = await act(
      h,
      s.neighbour,
      'GET',
      `/api/communities/${s.communityId}/problem-stats?from=2031-03-03&to=2031-03-03`,
    )
    // Resolved (now): 10, 80, 30 (property) and 30 (committee) — the unsatisfied one is reopened, not resolved.
    // On time: 10 and 30 of property → 2 of 4. Rated: satisfied, basically, unsatisfied, satisfied → 3 of 4.
    // Hours to resolve (from report; assignment is at once): 10, 30, 30, 80 → median 30.
    expect(stats).toEqual({
      communityId: s.communityId,
      from: '2031-03-03',
      to: '2031-03-03',
      received: 6,
      resolved: 4,
      onTimeRate: 0.5,
      satisfactionRate: 0.75,
      medianHoursToResolve: 30,
      byOrg: expect.any(Array),
    })
    const byOrg = Object.fromEntries(stats.byOrg.map((o: { orgId: string }) => [o.orgId, o]))
    expect(byOrg[s.propertyId]).toMatchObject({
      kind: 'property',
      assigned: 4,
      resolved: 3,
      onTimeRate: 0.6667,
      satisfactionRate: 1,
    })
    expect(byOrg[s.committeeId]).toMatchObject({
      kind: 'committee',
      assigned: 2,
      resolved: 1,
      onTimeRate: 0,
      satisfactionRate: 0.5,
    })

    // Closed unrated after a week: still not counted as satisfied.
    h.clock.set(new Date(T0.getTime() + 30 * 24 * HOUR_MS))
    const [{ closed }] = (await h.db.query<{ closed: number }>(
      sql`SELECT count(*)::int AS closed FROM problems WHERE community_id = ${s.communityId} AND status = 'resolved'`,
    )) as [{ closed: number }]
    expect(closed).toBe(1)
    const { sweepProblems } = await import('../../../src/server/features/problems/service')
    await sweepProblems(h.db, h.clock)
    const after = await act(
      h,
      s.staff,
      'GET',
      `/api/communities/${s.communityId}/problem-stats?from=2031-03-03&to=2031-03-04`,
    )
    // The next day's problem joins: 7 received, 5 resolved, ratings 3 of 5 satisfied (its unsatisfied one added).
    expect(after).toMatchObject({ received: 7, resolved: 4, satisfactionRate: 0.6 })
  })

  it('an empty period has no rates, and a community with no orgs no byOrg rows', async () => {
    const stats = await act(
      h,
      s.staff,
      'GET',
      `/api/communities/${s.communityId}/problem-stats?from=2030-01-01&to=2030-01-31`,
    )
    expect(stats).toMatchObject({
      received: 0,
      resolved: 0,
      onTimeRate: null,
      satisfactionRate: null,
      medianHoursToResolve: null,
    })
  })

  it('members, staff and handlers of the community; bad periods are refused', async () => {
    const path = `/api/communities/${s.communityId}/problem-stats?from=2031-03-01&to=2031-03-31`
    await act(h, s.handler, 'GET', path)
    await act(h, s.streetStaff, 'GET', path)
    for (const user of [s.outsider, s.foreignStaff, s.foreignHandler]) {
      expectError(await send(h, user, 'GET', path), 403, 'FORBIDDEN')
    }
    expectError(await send(h, null, 'GET', path), 401, 'UNAUTHENTICATED')
    for (const q of [
      'from=2031-03-31&to=2031-03-01',
      'from=2031-03-01',
      'from=x&to=y',
      'from=2030-01-01&to=2031-03-01',
    ]) {
      expectError(
        await send(h, s.staff, 'GET', `/api/communities/${s.communityId}/problem-stats?${q}`),
        400,
        'VALIDATION_FAILED',
      )
    }
    const admin = await makeUser(h, 'admin', null)
    expectError(
      await send(
        h,
        admin,
        'GET',
        `/api/communities/00000000-0000-4000-8000-000000000000/problem-stats?from=2031-03-01&to=2031-03-02`,
      ),
      404,
      'NOT_FOUND',
    )
  })
})

describe('GET /api/communities/:id/problems.csv', () => {
  it('staff download the period as CSV (BOM, Chinese labels), recorded in the audit log', async () => {
    const response = await h.app.request(
      `/api/communities/${s.communityId}/problems.csv?from=2031-03-03&to=2031-03-03`,
      { headers: { authorization: `Bearer ${s.staff.token}` } },
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/csv')
    expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''%E9%97%AE%E9%A2%98")
    // Decoded keeping the BOM (TextDecoder drops it by default).
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer())
    expect(text.startsWith('\uFEFF编号,提交时间,类别')).toBe(true)
    const lines = text.trim().split('\r\n')
    expect(lines).toHaveLength(7)
    expect(lines[1]).toContain('2031-03-03 09:00')
    expect(lines[1]).toContain('环境卫生')
    expect(lines[1]).toContain('满意')
    const [audit] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE actor_id = ${s.staff.id} AND entity_id = 'problems'`,
    )
    expect(audit!.n).toBe(1)
  })

  it('for staff of the community only', async () => {
    const path = `/api/communities/${s.communityId}/problems.csv?from=2031-03-03&to=2031-03-03`
    expectError(await send(h, s.reporter, 'GET', path), 403, 'FORBIDDEN')
    expectError(await send(h, s.handler, 'GET', path), 403, 'FORBIDDEN')
    expectError(await send(h, s.foreignStaff, 'GET', path), 403, 'FORBIDDEN')
    expectError(
      await send(h, s.staff, 'GET', `/api/communities/${s.communityId}/problems.csv?from=2031-03-03`),
      400,
      'VALIDATION_FAILED',
    )
  })
})
