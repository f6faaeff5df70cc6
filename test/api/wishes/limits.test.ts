import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeCommunity, makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { act, claimRows, countWishes, expectError, liveCounts, openWish, postWish, wishBody, wishRow } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

/** users.live_wishes next to what it counts: the owner's wishes waiting for review, open, claimed or fulfilled. */
async function liveWishesInStep(userId: string) {
  const [row] = await h.db.query<{ counter: number; actual: number }>(
    sql`SELECT u.live_wishes AS counter,
            (SELECT count(*)::int FROM wishes w WHERE w.owner_id = u.id
               AND w.status IN ('pending_review', 'open', 'claimed', 'fulfilled')) AS actual
     FROM users u WHERE u.id = ${userId}`,
  )
  expect(row!.counter, 'users.live_wishes in step with the wishes').toBe(row!.actual)
  return row!.counter
}

/** users.live_claims next to the volunteer's claims not yet ended. */
async function liveClaimsInStep(userId: string) {
  const [row] = await h.db.query<{ counter: number; actual: number }>(
    sql`SELECT u.live_claims AS counter,
            (SELECT count(*)::int FROM wish_claims c WHERE c.volunteer_id = u.id AND c.ended_at IS NULL) AS actual
     FROM users u WHERE u.id = ${userId}`,
  )
  expect(row!.counter, 'users.live_claims in step with the claims').toBe(row!.actual)
  return row!.counter
}

describe('a resident has at most 3 live wishes', () => {
  it('refuses the 4th with 409 WISH_LIMIT_REACHED, and writes nothing', async () => {
    const communityId = await makeCommunity(h)
    const [owner, staff, volunteer] = await Promise.all([
      makeUser(h, 'resident', communityId),
      makeUser(h, 'staff', communityId),
      makeUser(h, 'volunteer', communityId),
    ])
    // Live in three different ways: waiting for review, claimed, open.
    await postWish(h, owner)
    const open = await openWish(h, owner, staff)
    await act(h, volunteer, open, 'claim')
    await openWish(h, owner, staff)
    expect(await liveWishesInStep(owner.id)).toBe(3)

    const fourth = await call(h.app, 'POST', '/api/wishes', {
      token: owner.token,
      body: wishBody({ title: '第四个心愿' }),
    })
    expectError(fourth, 409, 'WISH_LIMIT_REACHED')
    expect(await countWishes(h, owner.id)).toBe(3)
    expect(await h.db.query(sql`SELECT 1 FROM wishes WHERE owner_id = ${owner.id} AND title = '第四个心愿'`)).toEqual(
      [],
    )
    expect(await liveWishesInStep(owner.id)).toBe(3)

    await act(h, volunteer, open, 'fulfil', { note: '做好了', hours: 1 })
    // Fulfilled is still live: the owner has not confirmed.
    expectError(
      await call(h.app, 'POST', '/api/wishes', { token: owner.token, body: wishBody() }),
      409,
      'WISH_LIMIT_REACHED',
    )
    expect(await liveWishesInStep(owner.id)).toBe(3)
  })

  it('lets them post again once one is completed, cancelled or rejected, the counter in step throughout', async () => {
    const communityId = await makeCommunity(h)
    const [owner, staff, volunteer] = await Promise.all([
      makeUser(h, 'resident', communityId),
      makeUser(h, 'staff', communityId),
      makeUser(h, 'volunteer', communityId),
    ])
    const a = await openWish(h, owner, staff)
    const b = await openWish(h, owner, staff)
    const c = (await postWish(h, owner)).id as string
    const refusedNow = async () =>
      expectError(
        await call(h.app, 'POST', '/api/wishes', { token: owner.token, body: wishBody() }),
        409,
        'WISH_LIMIT_REACHED',
      )
    await refusedNow()

    // Completed.
    await act(h, volunteer, a, 'claim')
    await act(h, volunteer, a, 'fulfil', { note: '做好了', hours: 1 })
    await act(h, owner, a, 'confirm', { rating: 5 })
    expect(await liveWishesInStep(owner.id)).toBe(2)
    const d = (await postWish(h, owner)).id as string
    expect(await liveWishesInStep(owner.id)).toBe(3)
    await refusedNow()

    // Cancelled.
    await act(h, owner, b, 'cancel')
    expect(await liveWishesInStep(owner.id)).toBe(2)
    await postWish(h, owner)
    expect(await liveWishesInStep(owner.id)).toBe(3)
    await refusedNow()

    // Rejected.
    await act(h, staff, c, 'review', { approve: false, reason: '信息不完整' })
    expect(await liveWishesInStep(owner.id)).toBe(2)
    await postWish(h, owner)
    expect(await liveWishesInStep(owner.id)).toBe(3)
    await refusedNow()

    // Cancelled by staff after a claim.
    await act(h, staff, d, 'review', { approve: true })
    await act(h, volunteer, d, 'claim')
    await act(h, staff, d, 'cancel', { reason: '重复发布' })
    expect(await liveWishesInStep(owner.id)).toBe(2)
    expect(await countWishes(h, owner.id)).toBe(6)
  })
})

describe('a volunteer has at most 5 live claims', () => {
  it('refuses the 6th with 409 CLAIM_LIMIT_REACHED; a fulfilled claim still counts until confirmed', async () => {
    const communityId = await makeCommunity(h)
    const [owner1, owner2, staff, volunteer, other] = await Promise.all([
      makeUser(h, 'resident', communityId),
      makeUser(h, 'resident', communityId),
      makeUser(h, 'staff', communityId),
      makeUser(h, 'volunteer', communityId),
      makeUser(h, 'volunteer', communityId),
    ])
    const wishes: string[] = []
    for (let i = 0; i < 6; i++) wishes.push(await openWish(h, i < 3 ? owner1 : owner2, staff, { title: `心愿${i}` }))
    for (const id of wishes.slice(0, 5)) await act(h, volunteer, id, 'claim')
    expect(await liveClaimsInStep(volunteer.id)).toBe(5)

    const sixth = wishes[5]!
    const refused = await call(h.app, 'POST', `/api/wishes/${sixth}/claim`, { token: volunteer.token })
    expectError(refused, 409, 'CLAIM_LIMIT_REACHED')
    expect(await wishRow(h, sixth)).toMatchObject({ status: 'open', claimer_id: null })
    expect(await claimRows(h, sixth)).toEqual([])
    expect(await liveClaimsInStep(volunteer.id)).toBe(5)
    // The wish is still there for someone else.
    expect((await act(h, other, sixth, 'claim')).status).toBe('claimed')
    await act(h, other, sixth, 'release', { reason: '让给别人' })

    await act(h, volunteer, wishes[0]!, 'fulfil', { note: '做好了', hours: 1 })
    expectError(
      await call(h.app, 'POST', `/api/wishes/${sixth}/claim`, { token: volunteer.token }),
      409,
      'CLAIM_LIMIT_REACHED',
    )
    expect(await liveClaimsInStep(volunteer.id)).toBe(5)

    await act(h, owner1, wishes[0]!, 'confirm', { rating: 5 })
    expect(await liveClaimsInStep(volunteer.id)).toBe(4)
    expect((await act(h, volunteer, sixth, 'claim')).status).toBe('claimed')
    expect(await liveClaimsInStep(volunteer.id)).toBe(5)

    await act(h, volunteer, wishes[1]!, 'release', { reason: '忙不过来' })
    expect(await liveClaimsInStep(volunteer.id)).toBe(4)
    expect((await liveCounts(h, other.id)).live_claims).toBe(0)
  })
})
