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

describe('the demo seed', () => {
  it('has upcoming and past activities with posts, sign-ups and hours, a team wish, and breaks no invariant', async () => {
    const resident = h.tokens.sign(DEMO.users.resident)
    const upcoming = await call(h.app, 'GET', '/api/activities', { token: resident })
    expect(upcoming.body.items.map((a: { id: string }) => a.id)).toEqual([
      DEMO.activities.clinic,
      DEMO.activities.sorting,
    ])
    const past = await call(h.app, 'GET', '/api/activities?when=past', { token: resident })
    expect(past.body.items.map((a: { id: string }) => a.id)).toEqual([DEMO.activities.elders])
    const clinic = await call(h.app, 'GET', `/api/activities/${DEMO.activities.clinic}`, { token: resident })
    expect(clinic.body).toMatchObject({ seatsTaken: 3, mySignup: { partySize: 2, code: '31415926' } })
    const party = h.tokens.sign(DEMO.users.volunteerParty)
    const record = await call(h.app, 'GET', '/api/me/party-service', { token: party })
    expect(record.body).toMatchObject({ isPartyMember: true })
    // Hours of the past activity's post and of the team wish, besides the ordinary wish's (not bound to the year).
    const hours = await call(h.app, 'GET', '/api/me/volunteer-hours', { token: party })
    expect(hours.body.totalHours).toBe(2 + 3 + 1.5)
    const team = await call(h.app, 'GET', `/api/wishes/${DEMO.teamWish}`, {
      token: h.tokens.sign(DEMO.users.volunteer),
    })
    expect(team.body).toMatchObject({ status: 'completed', teamSize: 2, teamCount: 2 })
    expect(team.body.team).toHaveLength(2)
    const violations = await checkInvariants(h.db)
    expect(violations, describeViolations(violations)).toEqual([])
  })
})
