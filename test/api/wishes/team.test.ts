import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeResidents } from '../support/contention'
import { makeCommunity, makeUser } from '../support/fixtures'
import { checkInvariants, describeViolations } from '../support/invariants'
import { call, startHarness, type Harness } from '../support/harness'
import { act, expectError, openWish, postWish, wishRow } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

async function teamScene(teamSize = 3) {
  const communityId = await makeCommunity(h)
  const [owner, staff] = await Promise.all([makeUser(h, 'resident', communityId), makeUser(h, 'staff', communityId)])
  const vols = await makeResidents(h, communityId, 4, { volunteers: true })
  const id = await openWish(h, owner, staff, { teamSize })
  return { communityId, owner, staff, vols, id }
}

const liveClaims = async (wishId: string) =>
  (
    await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM wish_claims WHERE wish_id = ${wishId} AND ended_at IS NULL`,
    )
  )[0]!.n

describe('帮帮团', () => {
  it('volunteers join by the same claim until full; later claims get 409 WISH_NOT_OPEN', async () => {
    const s = await teamScene(3)
    const first = await act(h, s.vols[0]!, s.id, 'claim')
    expect(first).toMatchObject({ status: 'claimed', teamSize: 3, teamCount: 1, viewer: { isClaimer: true } })
    expect(first.team).toHaveLength(1)
    expect(first.actions).toEqual(expect.arrayContaining(['release', 'fulfil']))
    const seen = await call(h.app, 'GET', `/api/wishes/${s.id}`, { token: s.vols[1]!.token })
    expect(seen.body.actions).toContain('claim')
    const second = await act(h, s.vols[1]!, s.id, 'claim')
    expect(second).toMatchObject({ teamCount: 2, viewer: { isClaimer: true } })
    expect(second.team.map((m: { isMe: boolean }) => m.isMe)).toEqual([false, true])
    // A member cannot join twice.
    expectError(
      await call(h.app, 'POST', `/api/wishes/${s.id}/claim`, { token: s.vols[1]!.token }),
      409,
      'WISH_NOT_OPEN',
    )
    await act(h, s.vols[2]!, s.id, 'claim')
    expectError(
      await call(h.app, 'POST', `/api/wishes/${s.id}/claim`, { token: s.vols[3]!.token }),
      409,
      'WISH_NOT_OPEN',
    )
    expect(await wishRow(h, s.id)).toMatchObject({ status: 'claimed', claimer_id: s.vols[0]!.id })
    expect(await liveClaims(s.id)).toBe(3)
    // The owner sees each member's contact; a member sees the owner and the others.
    const owner = await call(h.app, 'GET', `/api/wishes/${s.id}`, { token: s.owner.token })
    expect(owner.body.contacts.filter((c: { kind: string }) => c.kind === 'volunteer')).toHaveLength(3)
    expect(owner.body.team).toHaveLength(3)
    const member = await call(h.app, 'GET', `/api/wishes/${s.id}`, { token: s.vols[2]!.token })
    expect(member.body.contacts.map((c: { kind: string }) => c.kind).sort()).toEqual(
      ['resident', 'volunteer', 'volunteer'].sort(),
    )
    expect(member.body.address).not.toBeNull()
    // The owner's timeline names every member in full, as the single claimer's.
    const events = await call(h.app, 'GET', `/api/wishes/${s.id}/events`, { token: s.owner.token })
    const joins = events.body.items.filter((e: { type: string }) => e.type === 'claimed')
    expect(joins).toHaveLength(3)
    expect(joins.every((e: { actorName: string }) => !e.actorName.endsWith('**'))).toBe(true)
    // Outsiders see neither the team's names in full nor any contact.
    const outsider = await call(h.app, 'GET', `/api/wishes/${s.id}`, { token: s.vols[3]!.token })
    expect(outsider.body).toMatchObject({ contacts: [], team: [], address: null })
  })

  it('a member leaving leaves the wish claimed while anyone is left; the last one puts it back on the wall', async () => {
    const s = await teamScene(2)
    await act(h, s.vols[0]!, s.id, 'claim')
    await act(h, s.vols[1]!, s.id, 'claim')
    const left = await act(h, s.vols[0]!, s.id, 'release', { reason: '临时有事' })
    expect(left).toMatchObject({ status: 'claimed', teamCount: 1, viewer: { isClaimer: false } })
    expect(await wishRow(h, s.id)).toMatchObject({ status: 'claimed', claimer_id: s.vols[1]!.id })
    // The place is free again.
    await act(h, s.vols[2]!, s.id, 'claim')
    await act(h, s.vols[1]!, s.id, 'release', { reason: '临时有事' })
    const last = await act(h, s.vols[2]!, s.id, 'release', { reason: '临时有事' })
    expect(last).toMatchObject({ status: 'open', teamCount: 0 })
    expect(await liveClaims(s.id)).toBe(0)
  })

  it("confirmation credits every member's hours, once each", async () => {
    const s = await teamScene(3)
    await act(h, s.vols[0]!, s.id, 'claim')
    await act(h, s.vols[1]!, s.id, 'claim')
    // Any member reports it done; the team goes with two.
    await act(h, s.vols[1]!, s.id, 'fulfil', { note: '两人一起搬完了', hours: 3 })
    expectError(
      await call(h.app, 'POST', `/api/wishes/${s.id}/claim`, { token: s.vols[2]!.token }),
      409,
      'WISH_NOT_OPEN',
    )
    await act(h, s.owner, s.id, 'confirm', { rating: 5 })
    const hours = await h.db.query<{ volunteer_id: string; hours: string }>(
      sql`SELECT volunteer_id, hours::text FROM volunteer_hours WHERE wish_id = ${s.id} ORDER BY volunteer_id`,
    )
    expect(hours).toEqual([s.vols[0]!.id, s.vols[1]!.id].sort().map((volunteer_id) => ({ volunteer_id, hours: '3.0' })))
    const mine = await call(h.app, 'GET', '/api/me/volunteer-hours', { token: s.vols[0]!.token })
    expect(mine.body.totalHours).toBe(3)
    const claims = await call(h.app, 'GET', '/api/wishes?mine=claimer', { token: s.vols[1]!.token })
    expect(claims.body.items.map((w: { id: string }) => w.id)).toEqual([s.id])
  })

  it('refuses a team size outside 2–5 (400); an ordinary wish keeps one claimer', async () => {
    const communityId = await makeCommunity(h)
    const [owner, staff] = await Promise.all([makeUser(h, 'resident', communityId), makeUser(h, 'staff', communityId)])
    for (const teamSize of [1, 6, 2.5]) {
      const reply = await call(h.app, 'POST', '/api/wishes', {
        token: owner.token,
        body: { title: '帮忙搬家具', category: 'other', teamSize },
      })
      expectError(reply, 400, 'VALIDATION_FAILED')
    }
    const plain = await postWish(h, owner)
    expect(plain).toMatchObject({ teamSize: 1, teamCount: 0, team: [] })
    await act(h, staff, plain.id, 'review', { approve: true })
    const vols = await makeResidents(h, communityId, 2, { volunteers: true })
    await act(h, vols[0]!, plain.id, 'claim')
    expectError(
      await call(h.app, 'POST', `/api/wishes/${plain.id}/claim`, { token: vols[1]!.token }),
      409,
      'WISH_NOT_OPEN',
    )
    expect(await liveClaims(plain.id)).toBe(1)
  })
})

describe('invariants', () => {
  it('leaves no invariant of the database broken', async () => {
    const violations = await checkInvariants(h.db)
    expect(violations, describeViolations(violations)).toEqual([])
  })
})
