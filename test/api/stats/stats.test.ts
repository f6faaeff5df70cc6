import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, startHarness, type Harness } from '../support/harness'
import { AFTER_ALL, buildScene, expectError, FROM, period, sh, TEN_YEARS_TTL, TO, type Scene } from './scene'

/**
 * GET /api/staff/stats on the week scripted in scene.ts. Every expected figure below is counted by hand from that
 * script; the comments say how. Times are Shanghai wall times.
 */

let h: Harness
let s: Scene

beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
  s = await buildScene(h)
})
afterAll(async () => {
  await h.close()
})

const stats = async (query: string, token = s.staff.token) => {
  const reply = await call(h.app, 'GET', `/api/staff/stats?${query}`, { token })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body
}

/** A station's figures by id: the order of names depends on the database's collation. */
const stationOf = (body: any, id: string) => body.stations.find((x: { stationId: string }) => x.stationId === id)

describe('the figures of the week 2032-03-01 … 2032-03-07', () => {
  it('counts wishes posted and completed, and the median times to claim and to complete', async () => {
    h.clock.set(AFTER_ALL)
    const body = await stats(period(s.communityId))
    expect(body).toMatchObject({ communityId: s.communityId, from: FROM, to: TO })
    expect(body.wishes).toEqual({
      // Posted 03-01 00:00 (w1, the first instant), 03-02 (w2), 03-03 (w3), 03-04 (w7, rejected: still posted),
      // 03-05 (w6) and 03-07 23:59 (w4, the last minute) = 6. Not: 02-29 22:00 (wBefore), 03-08 00:00 (wAfter),
      // and B's wish.
      posted: 6,
      // Confirmed 03-01 09:00 (w1), 03-02 23:30 (wBefore, posted before the period), 03-03 13:00 (w2, by staff) = 3.
      // Not w6, confirmed 03-08 00:00.
      completed: 3,
      // Claims made in the period, from when the wish was last opened to volunteers:
      //   w1 approved 01:00, claimed 03:00 → 2 h; w2 approved 09:00, claimed 13:00 → 4 h;
      //   w3 approved 10:30, claimed 11:30 → 1 h; released 12:00, claimed again 18:00 → 6 h;
      //   w6 approved 10:00, claimed 12:00 → 2 h. (wBefore's claim, 02-29 23:30, is before the period.)
      // 1, 2, 2, 4, 6 → median 2.
      medianHoursToClaim: 2,
      // Completed in the period, from the claim that ended in the confirmation:
      //   w1 03-01 03:00 → 09:00 = 6 h; wBefore 02-29 23:30 → 03-02 23:30 = 48 h;
      //   w2 03-02 13:00 → 03-03 13:00 = 24 h (the dispute on 03-03 11:00 does not restart the claim).
      // 6, 24, 48 → median 24.
      medianHoursToComplete: 24,
    })
  })

  it('sums the volunteer hours confirmed in the period and counts the volunteers', async () => {
    h.clock.set(AFTER_ALL)
    const body = await stats(period(s.communityId))
    // w1 2 h (张志强), wBefore 1 h (张志强), w2 1.5 h (刘芳) = 4.5 h by 2 volunteers. Not w6's 3 h (03-08) nor B's 8 h.
    expect(body.volunteerHours).toEqual({ total: 4.5, volunteers: 2 })
  })

  it('counts seats, bookings, check-ins and no-shows per station', async () => {
    h.clock.set(AFTER_ALL)
    const body = await stats(period(s.communityId))
    // A's three stations, none of B's.
    expect(body.stations.map((x: { stationId: string }) => x.stationId).sort()).toEqual(
      [s.stations.st1, s.stations.st2, s.stations.st3].sort(),
    )
    // 幸福里驿站: slots exist for 03-01, 03-04 and 03-07 in the period, 5 a day of 4 seats; 03-04 was closed, so
    // 2 × 5 × 4 = 40 seats. Not cancelled: 03-01 09:00 赵一 2 (checked in) + 钱二 1 (no-show, written when 钱二
    // booked again); 10:00 李四 3 (checked in) + 陈八 1 (still `booked` after the slot: a no-show); 03-07 10:30 钱二 1
    // (ended, not checked in: a no-show) = 8 seats. 孙三 cancelled, 吴五 was cancelled by the closure.
    // Utilisation 8 / 40 = 0.2; no-shows 3 of 5 bookings that came or did not = 0.6.
    expect(stationOf(body, s.stations.st1)).toEqual({
      stationId: s.stations.st1,
      name: '幸福里驿站',
      seats: 40,
      booked: 8,
      checkedIn: 2,
      noShows: 3,
      utilisation: 0.2,
      noShowRate: 0.6,
    })
    // 东门驿站: one slot of 2 seats seen in the period (03-01 09:00), 冯七 2 seats checked in.
    expect(stationOf(body, s.stations.st2)).toEqual({
      stationId: s.stations.st2,
      name: '东门驿站',
      seats: 2,
      booked: 2,
      checkedIn: 1,
      noShows: 0,
      utilisation: 1,
      noShowRate: 0,
    })
    // 西门驿站 offers nothing: all zero, no division by zero.
    expect(stationOf(body, s.stations.st3)).toEqual({
      stationId: s.stations.st3,
      name: '西门驿站',
      seats: 0,
      booked: 0,
      checkedIn: 0,
      noShows: 0,
      utilisation: 0,
      noShowRate: 0,
    })
  })

  it('reads a booking whose slot has not ended yet as neither come nor missed', async () => {
    // 03-07 10:00: 钱二's 10:30 slot is still to come. It holds its seat, but is no no-show yet: 2 of 4.
    h.clock.set(sh('2032-03-07 10:00'))
    const body = await stats(period(s.communityId))
    expect(stationOf(body, s.stations.st1)).toMatchObject({ booked: 8, checkedIn: 2, noShows: 2, noShowRate: 0.5 })
  })

  it('gives the turnout of topics whose voting window overlaps the period, frozen at close', async () => {
    h.clock.set(AFTER_ALL)
    const body = await stats(period(s.communityId))
    // T1 (03-02 09:00 → 03-05 09:00): 3 ballots; closed 03-05 10:00 when A had 15 people → 3 / 15 = 0.2. The
    // newcomer of 03-05 11:00 does not change it.
    // T3 (03-07 20:00 → 03-10 20:00, still open): 2 ballots of the 16 who live in A now → 0.125.
    // Not T2 (ended 02-29 23:00), T4 (opens 03-08 00:00), nor the topic still waiting for review.
    expect(body.topics).toEqual([
      { topicId: s.topics.t1, title: '加装电梯方案征求意见', ballots: 3, eligible: 15, turnout: 0.2 },
      { topicId: s.topics.t3, title: '小区停车收费调整', ballots: 2, eligible: 16, turnout: 0.125 },
    ])
  })

  it('answers the admin the same figures as the community’s staff', async () => {
    h.clock.set(AFTER_ALL)
    expect(await stats(period(s.communityId), s.admin.token)).toEqual(await stats(period(s.communityId)))
  })
})

describe('the edges of the period (Shanghai days, both ends included)', () => {
  it('the first day alone: from its 00:00 in Shanghai', async () => {
    h.clock.set(AFTER_ALL)
    const body = await stats(period(s.communityId, FROM, FROM))
    // w1 posted at 03-01 00:00 Shanghai (02-29 16:00 UTC); claimed 2 h after approval; completed 6 h after the claim.
    expect(body.wishes).toEqual({ posted: 1, completed: 1, medianHoursToClaim: 2, medianHoursToComplete: 6 })
    expect(body.volunteerHours).toEqual({ total: 2, volunteers: 1 })
    // 03-01 at 幸福里驿站: 5 × 4 = 20 seats; 2 + 1 + 3 + 1 = 7 seats taken; 赵一 and 李四 came, 钱二 and 陈八 did not.
    expect(stationOf(body, s.stations.st1)).toMatchObject({
      seats: 20,
      booked: 7,
      checkedIn: 2,
      noShows: 2,
      utilisation: 0.35,
      noShowRate: 0.5,
    })
    expect(body.topics).toEqual([])
  })

  it('the day before: 02-29 until 23:59:59 in Shanghai', async () => {
    h.clock.set(AFTER_ALL)
    const body = await stats(period(s.communityId, '2032-02-29', '2032-02-29'))
    // wBefore posted 22:00, approved 23:00, claimed 23:30 → 0.5 h; nothing completed.
    expect(body.wishes).toEqual({ posted: 1, completed: 0, medianHoursToClaim: 0.5, medianHoursToComplete: null })
    expect(body.volunteerHours).toEqual({ total: 0, volunteers: 0 })
    // 02-29's 5 slots of 4 seats; 郑六's 1 seat, checked in.
    expect(stationOf(body, s.stations.st1)).toMatchObject({ seats: 20, booked: 1, checkedIn: 1, noShows: 0 })
    expect(stationOf(body, s.stations.st2)).toMatchObject({ seats: 0, booked: 0, utilisation: 0 })
    // T2 voted until 02-29 23:00; never closed, so its denominator is today's 16.
    expect(body.topics).toEqual([
      { topicId: s.topics.t2, title: '旧自行车清理', ballots: 1, eligible: 16, turnout: 1 / 16 },
    ])
  })

  it('the day after: 03-08 from 00:00 in Shanghai', async () => {
    h.clock.set(AFTER_ALL)
    const body = await stats(period(s.communityId, '2032-03-08', '2032-03-08'))
    // wAfter posted 03-08 00:00 (03-07 16:00 UTC); w6 confirmed 03-08 00:00, 60 h after its claim (03-05 12:00).
    expect(body.wishes).toEqual({ posted: 1, completed: 1, medianHoursToClaim: null, medianHoursToComplete: 60 })
    expect(body.volunteerHours).toEqual({ total: 3, volunteers: 1 })
    // 褚九's 2 seats at 09:00, not checked in by the end of the slot.
    expect(stationOf(body, s.stations.st1)).toMatchObject({
      seats: 20,
      booked: 2,
      checkedIn: 0,
      noShows: 1,
      utilisation: 0.1,
      noShowRate: 1,
    })
    // T3 (still voting) and T4, whose window opens at 03-08 00:00.
    expect(body.topics.map((t: { topicId: string }) => t.topicId)).toEqual([s.topics.t3, s.topics.t4])
  })

  it('the last day alone ends at 23:59:59: w4 at 23:59 is in, wAfter at 00:00 is not', async () => {
    h.clock.set(AFTER_ALL)
    const body = await stats(period(s.communityId, TO, TO))
    expect(body.wishes.posted).toBe(1)
    // 03-07 at 幸福里驿站: 20 seats, 钱二's 1, missed.
    expect(stationOf(body, s.stations.st1)).toMatchObject({ seats: 20, booked: 1, noShows: 1 })
    // T3 opened 03-07 20:00.
    expect(body.topics.map((t: { topicId: string }) => t.topicId)).toEqual([s.topics.t3])
  })

  it('a period with nothing in it answers zeros and nulls', async () => {
    h.clock.set(AFTER_ALL)
    const body = await stats(period(s.communityId, '2032-06-01', '2032-06-30'))
    expect(body.wishes).toEqual({ posted: 0, completed: 0, medianHoursToClaim: null, medianHoursToComplete: null })
    expect(body.volunteerHours).toEqual({ total: 0, volunteers: 0 })
    expect(body.stations).toHaveLength(3)
    for (const x of body.stations) expect(x).toMatchObject({ seats: 0, booked: 0, utilisation: 0, noShowRate: 0 })
    expect(body.topics).toEqual([])
  })

  it('B’s own figures hold only B’s week', async () => {
    h.clock.set(AFTER_ALL)
    const body = await stats(period(s.otherCommunityId), s.foreignStaff.token)
    expect(body.wishes).toEqual({ posted: 1, completed: 1, medianHoursToClaim: 0, medianHoursToComplete: 0 })
    expect(body.volunteerHours).toEqual({ total: 8, volunteers: 1 })
    expect(body.stations).toEqual([
      expect.objectContaining({ stationId: s.stations.stB, seats: 2, booked: 1, checkedIn: 0, noShows: 1 }),
    ])
  })
})

describe('who may read the figures', () => {
  const path = () => `/api/staff/stats?${period(s.communityId)}`

  it('anonymous: 401', async () => {
    expectError(await call(h.app, 'GET', path()), 401, 'UNAUTHENTICATED')
  })

  it('a resident and a volunteer of the community: 403', async () => {
    for (const user of [s.owner1, s.volunteer1]) {
      expectError(await call(h.app, 'GET', path(), { token: user.token }), 403, 'FORBIDDEN')
    }
  })

  it('staff of another community: 403', async () => {
    expectError(await call(h.app, 'GET', path(), { token: s.foreignStaff.token }), 403, 'FORBIDDEN')
  })

  it('the admin: any community; one that does not exist is 404', async () => {
    expect((await call(h.app, 'GET', path(), { token: s.admin.token })).status).toBe(200)
    const unknown = `/api/staff/stats?${period('00000000-0000-4000-8000-000000000000')}`
    expectError(await call(h.app, 'GET', unknown, { token: s.admin.token }), 404, 'NOT_FOUND')
  })
})

describe('bad periods', () => {
  const bad = (query: string) => call(h.app, 'GET', `/api/staff/stats?${query}`, { token: s.staff.token })
  const c = () => s.communityId

  it.each([
    ['from after to', () => `communityId=${c()}&from=2032-03-08&to=2032-03-07`],
    ['a day that does not exist', () => `communityId=${c()}&from=2032-02-30&to=2032-03-07`],
    ['a day not in YYYY-MM-DD', () => `communityId=${c()}&from=2032/03/01&to=2032-03-07`],
    ['a month 13', () => `communityId=${c()}&from=2032-03-01&to=2032-13-01`],
    ['more than a year', () => `communityId=${c()}&from=2032-01-01&to=2033-01-02`],
    ['no communityId', () => 'from=2032-03-01&to=2032-03-07'],
    ['a communityId that is not a uuid', () => 'communityId=abc&from=2032-03-01&to=2032-03-07'],
    ['no from', () => `communityId=${c()}&to=2032-03-07`],
    ['no to', () => `communityId=${c()}&from=2032-03-01`],
    ['an unknown parameter', () => `${period(c())}&limit=5`],
  ])('%s: 400', async (_, query) => {
    expectError(await bad(query()), 400, 'VALIDATION_FAILED')
  })

  it('a whole leap year is allowed', async () => {
    expect((await bad(`communityId=${c()}&from=2032-01-01&to=2032-12-31`)).status).toBe(200)
  })

  it('says what is wrong in Chinese', async () => {
    const reply = await bad(`communityId=${c()}&from=2032-03-08&to=2032-03-07`)
    expect(reply.body.error.message).toBe('开始日期不能晚于结束日期')
    const year = await bad(`communityId=${c()}&from=2032-01-01&to=2033-06-01`)
    expect(year.body.error.message).toBe('一次最多统计一年')
  })
})
