import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, seed } from '../../../src/server/db/seed'
import { call, startHarness, type Harness } from '../support/harness'
import { checkInvariants, describeViolations } from '../support/invariants'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
  await seed(h.db)
  await seed(h.db)
})
afterAll(() => h.close())

describe('the demo seed: 满意度', () => {
  it('阳光社区 has a closed survey with published results, an open one, and a rated booking', async () => {
    const resident = h.tokens.sign(DEMO.users.resident)
    const list = await call(h.app, 'GET', `/api/communities/${DEMO.communities.sunshine}/surveys`, { token: resident })
    expect(
      list.body.items.map((s: { id: string; status: string; answered: boolean }) => [s.id, s.status, s.answered]),
    ).toEqual([
      [DEMO.surveys.open, 'open', false],
      [DEMO.surveys.closed, 'closed', true],
    ])
    const results = await call(h.app, 'GET', `/api/surveys/${DEMO.surveys.closed}/results`, { token: resident })
    expect(results.status).toBe(200)
    // By hand: (5+4+5+3)/4, (4+5+5+4)/4, (4+3+4+2)/4, (5+4+4+4)/4.
    expect(results.body.items.map((i: { mean: number }) => i.mean)).toEqual([4.25, 4.5, 3.25, 4.25])
    expect(results.body.respondents).toBe(4)
    const hidden = await call(h.app, 'GET', `/api/surveys/${DEMO.surveys.open}/results`, { token: resident })
    expect(hidden.status).toBe(403)
    const elder = h.tokens.sign(DEMO.users.elder)
    const past = await call(h.app, 'GET', '/api/me/bookings?scope=past', { token: elder })
    expect(past.body.items).toContainEqual(
      expect.objectContaining({ id: DEMO.ratedBooking.booking, status: 'checked_in', rating: 5 }),
    )
    const violations = await checkInvariants(h.db)
    expect(violations, describeViolations(violations)).toEqual([])
  })
})
