import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeResidents, race, tally } from '../support/contention'
import { makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { at, bookSlot, expectError, MONDAY, ok, slotAt, stationScene } from '../stations/helpers'
import { HOUR_MS, openTopic, topicScene } from '../topics/helpers'
import { act, fulfilledWish } from '../wishes/helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const post = (path: string, token: string | undefined, body?: unknown) => call(h.app, 'POST', path, { token, body })

/** A station scene with the resident's booking of Monday 10:00, checked in by staff at 10:05. */
async function checkedInBooking() {
  const s = await stationScene(h)
  const slotId = await slotAt(h, s.service.id, MONDAY, '10:00')
  const booking = await bookSlot(h, s.resident, slotId)
  const other = await bookSlot(h, s.resident2, slotId)
  h.clock.set(at(MONDAY, '10:05'))
  await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: booking.code })
  return { s, booking, other }
}

describe('POST /api/bookings/:id/rating', () => {
  it('the booker rates after check-in, once; my bookings show the rating', async () => {
    const { s, booking } = await checkedInBooking()
    const path = `/api/bookings/${booking.id}/rating`
    const rated = await ok(h, 'POST', path, s.resident, { score: 4, comment: '工作人员很耐心' }, 201)
    expect(rated).toMatchObject({ score: 4, comment: '工作人员很耐心' })
    expectError(await post(path, s.resident.token, { score: 5 }), 409, 'ALREADY_RATED')
    const mine = await ok(h, 'GET', '/api/me/bookings?scope=past', s.resident)
    const upcoming = await ok(h, 'GET', '/api/me/bookings', s.resident)
    const row = [...mine.items, ...upcoming.items].find((b: { id: string }) => b.id === booking.id)
    expect(row).toMatchObject({ status: 'checked_in', rating: 4 })
    const [stored] = await h.db.query(
      sql`SELECT score, community_id FROM booking_ratings WHERE booking_id = ${booking.id}`,
    )
    expect(stored).toEqual({ score: 4, community_id: s.communityId })
  })

  it('refuses: not checked in (409), not the booker (404), staff (404), anonymous, bad scores, unknown booking', async () => {
    const { s, booking, other } = await checkedInBooking()
    expectError(
      await post(`/api/bookings/${other.id}/rating`, s.resident2.token, { score: 5 }),
      409,
      'BOOKING_NOT_CHECKED_IN',
    )
    const path = `/api/bookings/${booking.id}/rating`
    expectError(await post(path, s.resident2.token, { score: 5 }), 404, 'NOT_FOUND')
    expectError(await post(path, s.staff.token, { score: 5 }), 404, 'NOT_FOUND')
    expectError(await post(path, s.foreignStaff.token, { score: 5 }), 404, 'NOT_FOUND')
    expectError(await post(path, undefined, { score: 5 }), 401, 'UNAUTHENTICATED')
    for (const body of [
      { score: 0 },
      { score: 6 },
      { score: 3.5 },
      {},
      { score: '5' },
      { score: 5, extra: 1 },
      { score: 5, comment: 'x'.repeat(201) },
    ]) {
      expectError(await post(path, s.resident.token, body), 400, 'VALIDATION_FAILED')
    }
    expectError(
      await post(`/api/bookings/${crypto.randomUUID()}/rating`, s.resident.token, { score: 5 }),
      404,
      'NOT_FOUND',
    )
    expectError(await post('/api/bookings/not-a-uuid/rating', s.resident.token, { score: 5 }), 400, 'VALIDATION_FAILED')
    const [n] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM booking_ratings WHERE booking_id IN (${booking.id}, ${other.id})`,
    )
    expect(n!.n).toBe(0)
  })

  it('the booker rating 30 times at once: one rating', async () => {
    const { s, booking } = await checkedInBooking()
    const replies = await race(
      h,
      'one booker rates a booking 30 times at once',
      Array.from(
        { length: 30 },
        (_, i) => () => post(`/api/bookings/${booking.id}/rating`, s.resident.token, { score: (i % 5) + 1 }),
      ),
    )
    expect(tally(replies)).toEqual({ '201': 1, '409 ALREADY_RATED': 29 })
    const [n] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM booking_ratings WHERE booking_id = ${booking.id}`,
    )
    expect(n!.n).toBe(1)
  })
})

/** A topic with a voter, a commenter and a bystander; closed, outcome not yet published. */
async function closedTopic() {
  const s = await topicScene(h)
  const topic = await openTopic(h, s, { votingClosesAt: new Date(h.clock.now().getTime() + HOUR_MS).toISOString() })
  await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, s.neighbour, { optionIds: [topic.options[0].id] })
  await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour2, { body: '建议改成充电区' }, 201)
  h.clock.advance(2 * HOUR_MS)
  await ok(h, 'POST', `/api/topics/${topic.id}/close`, s.staff)
  return { s, topic }
}

describe('POST /api/topics/:id/rating', () => {
  it('who voted or commented rates once after the outcome; the detail shows mayRate and myRating', async () => {
    const { s, topic } = await closedTopic()
    const path = `/api/topics/${topic.id}/rating`
    expectError(await post(path, s.neighbour.token, { score: 4 }), 409, 'TOPIC_OUTCOME_PENDING')
    expect(await ok(h, 'GET', `/api/topics/${topic.id}`, s.neighbour)).toMatchObject({ mayRate: false, myRating: null })
    await ok(h, 'POST', `/api/topics/${topic.id}/outcome`, s.staff, { summary: '改建为电动车充电区' })
    expect(await ok(h, 'GET', `/api/topics/${topic.id}`, s.neighbour)).toMatchObject({ mayRate: true, myRating: null })
    expect(await ok(h, 'GET', `/api/topics/${topic.id}`, s.neighbour3)).toMatchObject({ mayRate: false })
    expect(await ok(h, 'POST', path, s.neighbour, { score: 4 }, 201)).toMatchObject({ score: 4, comment: null })
    expect(await ok(h, 'POST', path, s.neighbour2, { score: 2 }, 201)).toMatchObject({ score: 2 })
    expectError(await post(path, s.neighbour.token, { score: 5 }), 409, 'ALREADY_RATED')
    expect(await ok(h, 'GET', `/api/topics/${topic.id}`, s.neighbour)).toMatchObject({ mayRate: false, myRating: 4 })
    // Who took no part, staff, another community's people: refused; bad input and unknown topics too.
    expectError(await post(path, s.neighbour3.token, { score: 5 }), 403, 'FORBIDDEN')
    expectError(await post(path, s.staff.token, { score: 5 }), 403, 'FORBIDDEN')
    expectError(await post(path, s.outsider.token, { score: 5 }), 403, 'FORBIDDEN')
    expectError(await post(path, s.foreignStaff.token, { score: 5 }), 403, 'FORBIDDEN')
    expectError(await post(path, undefined, { score: 5 }), 401, 'UNAUTHENTICATED')
    for (const body of [{ score: 0 }, { score: 6 }, {}, { score: 4, comment: '不支持评论' }]) {
      expectError(await post(path, s.neighbour3.token, body), 400, 'VALIDATION_FAILED')
    }
    expectError(
      await post(`/api/topics/${crypto.randomUUID()}/rating`, s.neighbour.token, { score: 5 }),
      404,
      'NOT_FOUND',
    )
    const rows = await h.db.query(
      sql`SELECT user_id, score FROM topic_ratings WHERE topic_id = ${topic.id} ORDER BY score`,
    )
    expect(rows).toEqual([
      { user_id: s.neighbour2.id, score: 2 },
      { user_id: s.neighbour.id, score: 4 },
    ])
  })

  it('one voter rating 30 times at once: one rating', async () => {
    const { s, topic } = await closedTopic()
    await ok(h, 'POST', `/api/topics/${topic.id}/outcome`, s.staff, { summary: '改建为电动车充电区' })
    const replies = await race(
      h,
      'one voter rates a topic 30 times at once',
      Array.from({ length: 30 }, () => () => post(`/api/topics/${topic.id}/rating`, s.neighbour.token, { score: 5 })),
    )
    expect(tally(replies)).toEqual({ '201': 1, '409 ALREADY_RATED': 29 })
  })
})

describe('wish ratings: staff confirming for the owner record none', () => {
  it('the owner’s stars are kept; staff’s confirmation leaves the rating empty; the means ignore it', async () => {
    const s = await topicScene(h)
    const volunteer = await makeUser(h, 'volunteer', s.communityId, '志愿者甲')
    const byOwner = await fulfilledWish(h, s.author, s.staff, volunteer)
    const byStaff = await fulfilledWish(h, s.neighbour, s.staff, volunteer)
    const ownerDone = await act(h, s.author, byOwner, 'confirm', { rating: 4, thanks: '谢谢' })
    expect(ownerDone).toMatchObject({ status: 'completed', rating: 4 })
    // Staff send stars as the old form did: they are not the owner's, so none is recorded.
    const staffDone = await act(h, s.staff, byStaff, 'confirm', { rating: 5 })
    expect(staffDone).toMatchObject({ status: 'completed', rating: null })
    const [row] = await h.db.query(sql`SELECT rating FROM wishes WHERE id = ${byStaff}`)
    expect(row).toEqual({ rating: null })
    // A third, confirmed by staff without stars at all.
    const third = await fulfilledWish(h, s.neighbour2, s.staff, volunteer)
    expect(await act(h, s.staff, third, 'confirm', {})).toMatchObject({ status: 'completed', rating: null })
    const day = h.clock.now().toISOString().slice(0, 10)
    const figures = await ok(h, 'GET', `/api/communities/${s.communityId}/ratings?from=${day}&to=${day}`, s.staff)
    expect(figures.wishes).toEqual({ mean: 4, count: 1 })
  })
})

describe('GET /api/communities/:id/ratings', () => {
  it('means of bookings, topics, wishes and surveys in the period; staff of the community only', async () => {
    const { s, booking } = await checkedInBooking()
    await ok(h, 'POST', `/api/bookings/${booking.id}/rating`, s.resident, { score: 3 }, 201)
    const [extra] = await makeResidents(h, s.communityId, 1)
    const slotId = await slotAt(h, s.service.id, MONDAY, '10:30')
    const second = await ok(h, 'POST', '/api/bookings', extra!, { slotId, partySize: 1 }, 201)
    await ok(h, 'POST', '/api/bookings/check-in', s.staff, { code: second.code })
    await ok(h, 'POST', `/api/bookings/${second.id}/rating`, extra!, { score: 4 }, 201)
    const path = `/api/communities/${s.communityId}/ratings?from=${MONDAY}&to=${MONDAY}`
    const f = await ok(h, 'GET', path, s.staff)
    expect(f).toEqual({
      communityId: s.communityId,
      from: MONDAY,
      to: MONDAY,
      bookings: { mean: 3.5, count: 2 },
      topics: { mean: null, count: 0 },
      wishes: { mean: null, count: 0 },
      surveys: { mean: null, count: 0 },
    })
    expect((await ok(h, 'GET', path, s.admin)).bookings).toEqual({ mean: 3.5, count: 2 })
    // The day before counts nothing.
    const before = await ok(
      h,
      'GET',
      `/api/communities/${s.communityId}/ratings?from=2030-01-06&to=2030-01-06`,
      s.staff,
    )
    expect(before.bookings).toEqual({ mean: null, count: 0 })
    expectError(await call(h.app, 'GET', path, { token: s.resident.token }), 403, 'FORBIDDEN')
    expectError(await call(h.app, 'GET', path, { token: s.foreignStaff.token }), 403, 'FORBIDDEN')
    expectError(await call(h.app, 'GET', path, {}), 401, 'UNAUTHENTICATED')
    const base = `/api/communities/${s.communityId}/ratings`
    for (const q of ['', '?from=2030-01-07', '?from=2030-13-01&to=2030-01-07', `?from=${MONDAY}&to=2030-01-06`]) {
      expectError(await call(h.app, 'GET', base + q, { token: s.staff.token }), 400, 'VALIDATION_FAILED')
    }
  })
})
