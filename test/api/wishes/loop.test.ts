import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeCommunity, makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import {
  act,
  auditRows,
  claimedWish,
  claimRows,
  DAY_MS,
  eventRows,
  expectError,
  fulfilledWish,
  liveCounts,
  MINUTE_MS,
  openWish,
  postWish,
  setNickname,
  TEN_YEARS_TTL,
  wishRow,
} from './helpers'

const CRON_SECRET = 'x'.repeat(20)

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: { CRON_SECRET, ...TEN_YEARS_TTL } })
})
afterAll(() => h.close())

/** A community with its owner (a resident), its staff and two active volunteers. */
async function cast(harness: Harness = h) {
  const communityId = await makeCommunity(harness)
  const [owner, staff, volunteer, volunteer2] = await Promise.all([
    makeUser(harness, 'resident', communityId),
    makeUser(harness, 'staff', communityId),
    makeUser(harness, 'volunteer', communityId),
    makeUser(harness, 'volunteer', communityId),
  ])
  return { communityId, owner, staff, volunteer, volunteer2 }
}

const getWish = (id: string, token: string) => call(h.app, 'GET', `/api/wishes/${id}`, { token })

describe('the whole loop', () => {
  it('post → approve → claim → fulfil 1.5 h → confirm; hours credited and every step on the timeline', async () => {
    const { communityId, owner, staff, volunteer } = await cast()
    await setNickname(h, volunteer.id, '李志愿')

    const posted = await call(h.app, 'POST', '/api/wishes', {
      token: owner.token,
      body: {
        title: '帮忙换个灯泡',
        description: '厨房灯坏了',
        category: 'elderly_care',
        address: '1号楼101',
        contactPhone: '13800001111',
      },
    })
    expect(posted.status).toBe(201)
    expect(posted.body).toMatchObject({
      status: 'pending_review',
      communityId,
      title: '帮忙换个灯泡',
      category: 'elderly_care',
    })
    const id = posted.body.id as string
    expect((await wishRow(h, id)).status).toBe('pending_review')
    expect((await liveCounts(h, owner.id)).live_wishes).toBe(1)

    const approved = await act(h, staff, id, 'review', { approve: true })
    expect(approved.status).toBe('open')
    expect((await wishRow(h, id)).status).toBe('open')
    expect(await auditRows(h, id, 'wish.approved')).toMatchObject([
      {
        actor_id: staff.id,
        community_id: communityId,
        before: { status: 'pending_review' },
        after: { status: 'open' },
      },
    ])

    const claimed = await act(h, volunteer, id, 'claim')
    expect(claimed).toMatchObject({ status: 'claimed', claimerName: '李志愿', viewer: { isClaimer: true } })
    expect(claimed.actions).toEqual(['release', 'fulfil'])
    expect(await claimRows(h, id)).toMatchObject([{ volunteer_id: volunteer.id, ended_at: null, end_reason: null }])
    expect((await wishRow(h, id)).claimer_id).toBe(volunteer.id)
    expect((await liveCounts(h, volunteer.id)).live_claims).toBe(1)

    const fulfilled = await act(h, volunteer, id, 'fulfil', { note: '灯泡换好了', hours: 1.5 })
    expect(fulfilled).toMatchObject({ status: 'fulfilled', hours: 1.5, fulfilNote: '灯泡换好了' })
    expect(await wishRow(h, id)).toMatchObject({ status: 'fulfilled', hours: '1.5', fulfil_note: '灯泡换好了' })

    const confirmed = await act(h, owner, id, 'confirm', { rating: 5, thanks: '谢谢小李' })
    expect(confirmed).toMatchObject({ status: 'completed', rating: 5, thanks: '谢谢小李', hours: 1.5, actions: [] })
    expect(confirmed.completedAt).toBe(h.clock.now().toISOString())
    expect(await wishRow(h, id)).toMatchObject({ status: 'completed', rating: 5, thanks: '谢谢小李', hours: '1.5' })
    expect(await claimRows(h, id)).toMatchObject([{ volunteer_id: volunteer.id, end_reason: 'completed' }])
    const credited = await h.db.query<any>(
      sql`SELECT volunteer_id, community_id, hours::text, confirmed_by FROM volunteer_hours WHERE wish_id = ${id}`,
    )
    expect(credited).toEqual([
      { volunteer_id: volunteer.id, community_id: communityId, hours: '1.5', confirmed_by: owner.id },
    ])
    expect(await liveCounts(h, owner.id)).toEqual({ live_wishes: 0, live_claims: 0 })
    expect(await liveCounts(h, volunteer.id)).toEqual({ live_wishes: 0, live_claims: 0 })
    // The owner's own confirmation is not a staff action.
    expect(await auditRows(h, id, 'wish.confirmed')).toEqual([])

    const hours = await call(h.app, 'GET', '/api/me/volunteer-hours', { token: volunteer.token })
    expect(hours.status).toBe(200)
    expect(hours.body).toEqual({
      totalHours: 1.5,
      items: [
        {
          id: expect.any(String),
          wishId: id,
          activityId: null,
          title: '帮忙换个灯泡',
          communityId,
          hours: 1.5,
          confirmedAt: h.clock.now().toISOString(),
          confirmedByStaff: false,
        },
      ],
      nextCursor: null,
    })

    const events = await call(h.app, 'GET', `/api/wishes/${id}/events`, { token: owner.token })
    expect(events.status).toBe(200)
    expect(events.body.items.map((e: any) => e.type)).toEqual([
      'created',
      'approved',
      'claimed',
      'fulfilled',
      'confirmed',
    ])
    // The owner reads the volunteer who helped by name (issue #18).
    expect(events.body.items[2]).toMatchObject({ actorRole: 'volunteer', actorName: '李志愿' })
    expect(events.body.items[4]).toMatchObject({ type: 'confirmed', note: '谢谢小李' })
    expect((await eventRows(h, id)).map((e) => [e.type, e.actor_id])).toEqual([
      ['created', owner.id],
      ['approved', staff.id],
      ['claimed', volunteer.id],
      ['fulfilled', volunteer.id],
      ['confirmed', owner.id],
    ])
  })
})

describe('review', () => {
  it('rejects with a reason, which is required', async () => {
    const { owner, staff } = await cast()
    const { id } = await postWish(h, owner)

    for (const body of [{ approve: false }, { approve: false, reason: ' ' }, { approve: false, reason: '否' }]) {
      const reply = await call(h.app, 'POST', `/api/wishes/${id}/review`, { token: staff.token, body })
      expectError(reply, 400, 'VALIDATION_FAILED')
      expect(reply.body.error.details.map((d: any) => d.path)).toContainEqual(['reason'])
    }
    expect((await wishRow(h, id)).status).toBe('pending_review')

    const rejected = await act(h, staff, id, 'review', { approve: false, reason: '请写清楚需要什么' })
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '请写清楚需要什么' })
    expect(await wishRow(h, id)).toMatchObject({ status: 'rejected', reject_reason: '请写清楚需要什么' })
    expect((await eventRows(h, id)).at(-1)).toMatchObject({
      type: 'rejected',
      actor_id: staff.id,
      note: '请写清楚需要什么',
    })
    expect(await auditRows(h, id, 'wish.rejected')).toMatchObject([
      {
        actor_id: staff.id,
        before: { status: 'pending_review' },
        after: { status: 'rejected', note: '请写清楚需要什么' },
      },
    ])
    expect((await liveCounts(h, owner.id)).live_wishes).toBe(0)
    // The owner still sees it, with the reason.
    const seen = await getWish(id, owner.token)
    expect(seen.body).toMatchObject({ status: 'rejected', rejectReason: '请写清楚需要什么' })
  })
})

describe('release', () => {
  it('gives the wish back to open, ends the claim as released, and another volunteer can claim it', async () => {
    const { owner, staff, volunteer, volunteer2 } = await cast()
    const id = await claimedWish(h, owner, staff, volunteer)

    const noReason = await call(h.app, 'POST', `/api/wishes/${id}/release`, { token: volunteer.token, body: {} })
    expectError(noReason, 400, 'VALIDATION_FAILED')
    expect((await wishRow(h, id)).status).toBe('claimed')

    const released = await act(h, volunteer, id, 'release', { reason: '临时要出差' })
    expect(released).toMatchObject({ status: 'open', claimerName: null, claimedAt: null })
    expect(await wishRow(h, id)).toMatchObject({ status: 'open', claimer_id: null, claimed_at: null })
    expect(await claimRows(h, id)).toMatchObject([{ volunteer_id: volunteer.id, end_reason: 'released' }])
    expect((await claimRows(h, id))[0]!.ended_at).not.toBeNull()
    expect((await liveCounts(h, volunteer.id)).live_claims).toBe(0)
    expect((await eventRows(h, id)).at(-1)).toMatchObject({
      type: 'released',
      actor_id: volunteer.id,
      note: '临时要出差',
    })

    const reclaimed = await act(h, volunteer2, id, 'claim')
    expect(reclaimed.status).toBe('claimed')
    expect((await wishRow(h, id)).claimer_id).toBe(volunteer2.id)
    expect((await claimRows(h, id)).map((c) => [c.volunteer_id, c.end_reason])).toEqual([
      [volunteer.id, 'released'],
      [volunteer2.id, null],
    ])
    expect((await liveCounts(h, volunteer2.id)).live_claims).toBe(1)
  })
})

describe('cancel', () => {
  it('by the owner before a claim, from pending review or open', async () => {
    const { owner, staff } = await cast()
    const pending = (await postWish(h, owner)).id as string
    const open = await openWish(h, owner, staff)
    expect((await liveCounts(h, owner.id)).live_wishes).toBe(2)

    expect((await act(h, owner, pending, 'cancel', {})).status).toBe('cancelled')
    expect((await act(h, owner, open, 'cancel', { reason: '邻居已经帮我买了' })).status).toBe('cancelled')
    expect((await wishRow(h, pending)).status).toBe('cancelled')
    expect((await wishRow(h, open)).status).toBe('cancelled')
    expect((await eventRows(h, open)).at(-1)).toMatchObject({
      type: 'cancelled',
      actor_id: owner.id,
      note: '邻居已经帮我买了',
    })
    expect((await liveCounts(h, owner.id)).live_wishes).toBe(0)
    // The owner's own cancellation is not a staff action.
    expect(await auditRows(h, open, 'wish.cancelled')).toEqual([])
  })

  it('is refused to the owner once a volunteer has claimed: 409 WISH_NOT_CANCELLABLE', async () => {
    const { owner, staff, volunteer } = await cast()
    const id = await claimedWish(h, owner, staff, volunteer)
    const reply = await call(h.app, 'POST', `/api/wishes/${id}/cancel`, { token: owner.token, body: {} })
    expectError(reply, 409, 'WISH_NOT_CANCELLABLE')
    expect(await wishRow(h, id)).toMatchObject({ status: 'claimed', claimer_id: volunteer.id })
    expect((await eventRows(h, id)).map((e) => e.type)).not.toContain('cancelled')
  })

  it('by staff of a claimed wish: ends the claim, frees the counters, writes the audit', async () => {
    const { communityId, owner, staff, volunteer } = await cast()
    const id = await claimedWish(h, owner, staff, volunteer)
    const cancelled = await act(h, staff, id, 'cancel', { reason: '居民已搬走' })
    expect(cancelled.status).toBe('cancelled')
    expect(await wishRow(h, id)).toMatchObject({ status: 'cancelled', claimer_id: null })
    expect(await claimRows(h, id)).toMatchObject([{ volunteer_id: volunteer.id, end_reason: 'cancelled' }])
    expect(await liveCounts(h, volunteer.id)).toMatchObject({ live_claims: 0 })
    expect(await liveCounts(h, owner.id)).toMatchObject({ live_wishes: 0 })
    expect(await auditRows(h, id, 'wish.cancelled')).toMatchObject([
      {
        actor_id: staff.id,
        actor_role: 'staff',
        community_id: communityId,
        before: { status: 'claimed' },
        after: { status: 'cancelled', note: '居民已搬走' },
      },
    ])
  })
})

describe('dispute', () => {
  it('sends a fulfilled wish back to the claimer, who can fulfil it again', async () => {
    const { owner, staff, volunteer } = await cast()
    const id = await fulfilledWish(h, owner, staff, volunteer)

    const disputed = await act(h, owner, id, 'dispute', { reason: '还没有送到' })
    expect(disputed).toMatchObject({ status: 'claimed', hours: null })
    expect(await wishRow(h, id)).toMatchObject({ status: 'claimed', claimer_id: volunteer.id, hours: null })
    // The same claim goes on.
    expect(await claimRows(h, id)).toMatchObject([{ volunteer_id: volunteer.id, ended_at: null }])
    expect((await liveCounts(h, volunteer.id)).live_claims).toBe(1)
    expect((await eventRows(h, id)).at(-1)).toMatchObject({ type: 'disputed', actor_id: owner.id, note: '还没有送到' })
    expect(await auditRows(h, id, 'wish.disputed')).toEqual([])

    const again = await act(h, volunteer, id, 'fulfil', { note: '这次真的送到了', hours: 1 })
    expect(again).toMatchObject({ status: 'fulfilled', hours: 1 })
    await act(h, owner, id, 'confirm', { rating: 4 })
    expect((await wishRow(h, id)).status).toBe('completed')
    expect((await eventRows(h, id)).map((e) => e.type)).toEqual([
      'created',
      'approved',
      'claimed',
      'fulfilled',
      'disputed',
      'fulfilled',
      'confirmed',
    ])
  })
})

describe('confirm by staff on the owner’s behalf', () => {
  it('credits the hours, records who confirmed, and audits it', async () => {
    const { communityId, owner, staff, volunteer } = await cast()
    const id = await fulfilledWish(h, owner, staff, volunteer)

    const confirmed = await act(h, staff, id, 'confirm', { rating: 4, thanks: '代老人致谢' })
    expect(confirmed.status).toBe('completed')
    expect(
      await h.db.query(sql`SELECT volunteer_id, hours::text, confirmed_by FROM volunteer_hours WHERE wish_id = ${id}`),
    ).toEqual([{ volunteer_id: volunteer.id, hours: '2.0', confirmed_by: staff.id }])
    expect(await auditRows(h, id, 'wish.confirmed')).toMatchObject([
      {
        actor_id: staff.id,
        community_id: communityId,
        before: { status: 'fulfilled' },
        after: { status: 'completed' },
      },
    ])
    expect((await liveCounts(h, owner.id)).live_wishes).toBe(0)

    const hours = await call(h.app, 'GET', '/api/me/volunteer-hours', { token: volunteer.token })
    expect(hours.body.totalHours).toBe(2)
    expect(hours.body.items).toMatchObject([{ wishId: id, hours: 2, confirmedByStaff: true }])
  })
})

describe('claim timeout (7 days)', () => {
  it('a claim fulfilled just inside the 7 days still counts', async () => {
    const { owner, staff, volunteer } = await cast()
    const id = await claimedWish(h, owner, staff, volunteer)
    h.clock.advance(7 * DAY_MS - MINUTE_MS)
    expect((await getWish(id, owner.token)).body.status).toBe('claimed')
    await act(h, volunteer, id, 'fulfil', { note: '赶在最后一天完成', hours: 3 })
    expect((await wishRow(h, id)).status).toBe('fulfilled')
  })

  it('after 7 days and a minute the wish reads as open again, with the reason on the timeline', async () => {
    const { owner, staff, volunteer } = await cast()
    const id = await claimedWish(h, owner, staff, volunteer)
    h.clock.advance(7 * DAY_MS + MINUTE_MS)

    const seen = await getWish(id, owner.token)
    expect(seen.status).toBe(200)
    expect(seen.body).toMatchObject({ status: 'open', claimerName: null, claimedAt: null })
    expect(await wishRow(h, id)).toMatchObject({ status: 'open', claimer_id: null })
    expect(await claimRows(h, id)).toMatchObject([{ volunteer_id: volunteer.id, end_reason: 'timed_out' }])
    expect((await liveCounts(h, volunteer.id)).live_claims).toBe(0)
    expect((await liveCounts(h, owner.id)).live_wishes).toBe(1)

    const events = await call(h.app, 'GET', `/api/wishes/${id}/events`, { token: owner.token })
    const timedOut = events.body.items.filter((e: any) => e.type === 'timed_out')
    expect(timedOut).toHaveLength(1)
    expect(timedOut[0]).toMatchObject({ actorRole: 'system', actorName: null })
    expect(timedOut[0].note).toMatch(/7天/)

    const late = await call(h.app, 'POST', `/api/wishes/${id}/fulfil`, {
      token: volunteer.token,
      body: { note: '我其实做完了', hours: 1 },
    })
    expectError(late, 409, 'WISH_NOT_CLAIMED')
    expect(await wishRow(h, id)).toMatchObject({ status: 'open', hours: null, fulfil_note: null })
    expect(await h.db.query(sql`SELECT 1 FROM volunteer_hours WHERE wish_id = ${id}`)).toEqual([])
  })

  it('a late fulfilment nobody read before is refused too: the timeout is applied first', async () => {
    const { owner, staff, volunteer } = await cast()
    const id = await claimedWish(h, owner, staff, volunteer)
    h.clock.advance(7 * DAY_MS + MINUTE_MS)
    const late = await call(h.app, 'POST', `/api/wishes/${id}/fulfil`, {
      token: volunteer.token,
      body: { note: '我其实做完了', hours: 1 },
    })
    expectError(late, 409, 'WISH_NOT_CLAIMED')
    expect(await wishRow(h, id)).toMatchObject({ status: 'open', claimer_id: null })
    expect((await eventRows(h, id)).map((e) => e.type)).toEqual(['created', 'approved', 'claimed', 'timed_out'])
    expect(await claimRows(h, id)).toMatchObject([{ end_reason: 'timed_out' }])
  })
})

describe('open wishes expire after 30 days', () => {
  it('an open wish unclaimed for 30 days is expired and stops counting against the owner', async () => {
    const { owner, staff } = await cast()
    const id = await openWish(h, owner, staff)
    h.clock.advance(29 * DAY_MS)
    expect((await getWish(id, owner.token)).body.status).toBe('open')
    h.clock.advance(DAY_MS + MINUTE_MS)

    const seen = await getWish(id, owner.token)
    expect(seen.body.status).toBe('expired')
    expect(seen.body.actions).toEqual([])
    expect((await wishRow(h, id)).status).toBe('expired')
    expect((await liveCounts(h, owner.id)).live_wishes).toBe(0)
    const last = (await eventRows(h, id)).at(-1)!
    expect(last.actor_role).toBe('system')
    expect(last.note).toMatch(/30天/)
  })

  it('the timeline says the wish expired, not that it was cancelled', async () => {
    const { owner, staff } = await cast()
    const id = await openWish(h, owner, staff)
    h.clock.advance(30 * DAY_MS + MINUTE_MS)
    expect((await getWish(id, owner.token)).body.status).toBe('expired')
    const events = await call(h.app, 'GET', `/api/wishes/${id}/events`, { token: owner.token })
    const last = events.body.items.at(-1)
    expect(last.note).toMatch(/过期/)
    // Labelled 取消了心愿 in the mini-program, as if someone had cancelled it.
    expect(last.type).not.toBe('cancelled')
  })

  it('counts the 30 days from when the wish opened, not from when it was posted', async () => {
    // Staff took 31 days to review it: it has been open for no time at all.
    const { owner, staff } = await cast()
    const { id } = await postWish(h, owner)
    h.clock.advance(31 * DAY_MS)
    await act(h, staff, id, 'review', { approve: true })
    h.clock.advance(MINUTE_MS)
    expect((await getWish(id, owner.token)).body.status).toBe('open')
    expect((await wishRow(h, id)).status).toBe('open')
  })
})

describe('GET /api/cron/expire', () => {
  // The cron job expires every overdue wish in the database, which other test files share on PostgreSQL: this
  // harness lives in a past of its own, so what it makes overdue is only what it made.
  let past: Harness
  let noSecret: Harness
  beforeAll(async () => {
    past = await startHarness({ db: h.db, env: { CRON_SECRET, ...TEN_YEARS_TTL } })
    past.clock.set(new Date(Date.UTC(1990, 0, 1) + Math.floor(Math.random() * 3000) * DAY_MS))
    noSecret = await startHarness({ db: h.db, env: TEN_YEARS_TTL })
  })

  it('returns lapsed claims to open and then expires open wishes, with the secret', async () => {
    const { owner, staff, volunteer } = await cast(past)
    const claimed = await claimedWish(past, owner, staff, volunteer)
    const open = await openWish(past, owner, staff)
    past.clock.advance(7 * DAY_MS + MINUTE_MS)

    const auth = { authorization: `Bearer ${CRON_SECRET}` }
    const run = await call(past.app, 'GET', '/api/cron/expire', { headers: auth })
    expect(run.status).toBe(200)
    expect(run.body.expiredWishes).toBeGreaterThanOrEqual(1)
    // Nobody read the wish: the cron job did it.
    expect(await wishRow(h, claimed)).toMatchObject({ status: 'open', claimer_id: null })
    expect(await claimRows(h, claimed)).toMatchObject([{ end_reason: 'timed_out' }])
    expect((await eventRows(h, claimed)).at(-1)).toMatchObject({ type: 'timed_out', actor_role: 'system' })
    expect((await wishRow(h, open)).status).toBe('open')

    // 30 days after it opened, the open wish expires; the one that reopened a week later has 7 days to go.
    past.clock.advance(23 * DAY_MS)
    const later = await call(past.app, 'POST', '/api/cron/expire', { headers: auth })
    expect(later.status).toBe(200)
    expect(later.body.expiredWishes).toBeGreaterThanOrEqual(1)
    expect((await wishRow(h, open)).status).toBe('expired')
    expect((await wishRow(h, claimed)).status).toBe('open')
    expect((await eventRows(h, open)).at(-1)).toMatchObject({
      actor_role: 'system',
      note: expect.stringMatching(/过期/),
    })
    expect((await liveCounts(h, owner.id)).live_wishes).toBe(1)

    past.clock.advance(7 * DAY_MS + MINUTE_MS)
    const last = await call(past.app, 'GET', '/api/cron/expire', { headers: auth })
    expect(last.body.expiredWishes).toBeGreaterThanOrEqual(1)
    expect((await wishRow(h, claimed)).status).toBe('expired')
    expect((await liveCounts(h, owner.id)).live_wishes).toBe(0)

    const again = await call(past.app, 'GET', '/api/cron/expire', { headers: auth })
    expect(again.body).toEqual({ expiredWishes: 0, noShows: expect.any(Number) })
  })

  it('is 401 without the secret or with a wrong one, and changes nothing', async () => {
    const { owner, staff, volunteer } = await cast(past)
    const id = await claimedWish(past, owner, staff, volunteer)
    past.clock.advance(8 * DAY_MS)
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${'y'.repeat(20)}` },
      { authorization: CRON_SECRET },
      { authorization: `Bearer ${owner.token}` },
    ]
    for (const headers of attempts) {
      const reply = await call(past.app, 'GET', '/api/cron/expire', { headers })
      expectError(reply, 401, 'UNAUTHENTICATED')
    }
    expect(await wishRow(h, id)).toMatchObject({ status: 'claimed', claimer_id: volunteer.id })
  })

  it('does not exist without a configured CRON_SECRET: 404', async () => {
    for (const method of ['GET', 'POST']) {
      const reply = await call(noSecret.app, method, '/api/cron/expire', {
        headers: { authorization: `Bearer ${CRON_SECRET}` },
      })
      expectError(reply, 404, 'NOT_FOUND')
    }
  })
})
