import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { shiftMonth } from '../../../src/shared/reports'
import { expectError, ok } from '../support/assert'
import { makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { buildScene, EXPECTED, expectedBudgets, MONTH, sh, type Scene } from './scene'

/**
 * GET /api/communities/:id/report?month: June 2033 of scene.ts, every figure against the hand count, with the events
 * just outside the month's edges in Shanghai left out; who may read it; what it refuses.
 */

let h: Harness
let s: Scene

beforeAll(async () => {
  h = await startHarness({ env: { TOKEN_TTL_SECONDS: String(20 * 365 * 24 * 3600) } })
  s = await buildScene(h)
})
afterAll(() => h.close())

const report = (month = MONTH, community = s.communityId) => `/api/communities/${community}/report?month=${month}`

describe('the month in figures', () => {
  it('counts June 2033 as counted by hand, edges in Shanghai time included', async () => {
    const body = await ok(h, 'GET', report(), s.resident)
    expect(body).toMatchObject({
      communityId: s.communityId,
      month: MONTH,
      from: '2033-06-01',
      to: '2033-06-30',
      wishes: EXPECTED.wishes,
      volunteerHours: EXPECTED.volunteerHours,
      bookings: EXPECTED.bookings,
      problems: EXPECTED.problems,
      activities: EXPECTED.activities,
      satisfaction: EXPECTED.satisfaction,
    })
    expect(body.communityName).toMatch(/^社区-/)
  })

  it('lists the notices published in June, a correction beside what it corrects', async () => {
    const { notices } = await ok(h, 'GET', report(), s.resident)
    expect(notices).toEqual({
      published: 2,
      list: [
        {
          noticeId: s.ids.notice,
          title: '五月收支公示',
          kind: 'finance',
          correctsId: null,
          publishedAt: sh('2033-06-01 00:00'),
        },
        {
          noticeId: s.ids.correction,
          title: '五月收支公示（更正）',
          kind: 'finance',
          correctsId: s.ids.notice,
          publishedAt: sh('2033-06-30 23:59'),
        },
      ],
    })
  })

  it('lists the decisions: topics voted in June with turnout, outcomes published in June', async () => {
    const { topics } = await ok(h, 'GET', report(), s.resident)
    // 加装电梯 voted 06-05…06-12 (3 of 10); 停车收费 from 06-25 (0 of 8); 垃圾分类 closed 05-31 23:00, not voted in June.
    expect(topics.voted).toEqual([
      { topicId: s.ids.decidedTopic, title: '加装电梯', ballots: 3, eligible: 10, turnout: 0.3 },
      { topicId: s.ids.votedOnlyTopic, title: '停车收费', ballots: 0, eligible: 8, turnout: 0 },
    ])
    // 垃圾分类's outcome at 06-01 00:00 and 加装电梯's at 06-20; not 停车收费 (07-01 00:00) nor 广场舞时间 (05-31 23:59).
    expect(topics.decided).toEqual([
      {
        topicId: s.ids.outcomeOnlyTopic,
        title: '垃圾分类',
        outcome: '垃圾分类：按多数意见办理',
        outcomeAt: sh('2033-06-01 00:00'),
      },
      {
        topicId: s.ids.decidedTopic,
        title: '加装电梯',
        outcome: '加装电梯：按多数意见办理',
        outcomeAt: sh('2033-06-20 10:00'),
      },
    ])
  })

  it('lists the activities held and the community fund: spent in June, to date, and the projects selected', async () => {
    const body = await ok(h, 'GET', report(), s.resident)
    expect(body.activities.list).toEqual([
      {
        activityId: expect.any(String),
        title: '端午包粽子',
        startsAt: sh('2033-06-01 00:00'),
        signedUp: 3,
        checkedIn: 2,
      },
      {
        activityId: expect.any(String),
        title: '夏夜电影',
        startsAt: sh('2033-06-30 23:00'),
        signedUp: 1,
        checkedIn: 1,
      },
    ])
    expect(body.budgets).toMatchObject(expectedBudgets(s))
    expect(body.budgets).toHaveLength(2)
  })

  it('names no one: no phone, address, nickname or real name anywhere in the answer', async () => {
    const text = JSON.stringify(await ok(h, 'GET', report(), s.resident))
    expect(text).not.toMatch(/1[3-9]\d{9}|测试住户|测试志愿者|resident-|幸福路/)
  })

  it('the months around are counted on their own: May holds the edge events of its end, July of its start', async () => {
    const may = await ok(h, 'GET', report(shiftMonth(MONTH, -1)), s.resident)
    // w2 (05-31 23:59) posted; p7 (05-31 23:59) received; the 05-31 23:30 slot's check-in.
    expect(may.wishes.posted).toBe(1)
    expect(may.problems.received).toBe(1)
    expect(may.bookings).toEqual({ booked: 1, checkedIn: 1, noShows: 0 })
    const july = await ok(h, 'GET', report(shiftMonth(MONTH, 1)), s.resident)
    // w4 posted 07-01 00:00, w5 completed then with its hour; the 07-01 00:00 slot's booking, not checked in.
    expect(july.wishes).toEqual({ posted: 1, completed: 1 })
    expect(july.volunteerHours.total).toBe(1)
    expect(july.bookings).toEqual({ booked: 1, checkedIn: 0, noShows: 1 })
    expect(july.activities.held).toBe(1)
  })

  it('a month with nothing in it answers zeros and empty lists', async () => {
    const body = await ok(h, 'GET', report('2020-02'), s.resident)
    expect(body).toMatchObject({
      from: '2020-02-01',
      to: '2020-02-29',
      wishes: { posted: 0, completed: 0 },
      volunteerHours: { total: 0, fromWishes: 0, fromActivities: 0, volunteers: 0 },
      bookings: { booked: 0, checkedIn: 0, noShows: 0 },
      topics: { voted: [], decided: [] },
      problems: { received: 0, resolved: 0, resolvedOnTime: 0, onTimeRate: null, satisfactionRate: null },
      activities: { held: 0, signedUp: 0, checkedIn: 0, list: [] },
      budgets: [],
    })
  })
})

describe('who may read it', () => {
  it('anyone signed in: a member, staff, street staff, the admin, a member of another community, someone of none', async () => {
    const stranger = await makeUser(h, 'resident', null, undefined, { member: false })
    for (const user of [s.resident, s.staff, s.streetStaff, s.admin, s.foreignResident, stranger]) {
      const reply = await call(h.app, 'GET', report(), { token: user.token })
      expect(reply.status).toBe(200)
      expect(reply.body.wishes).toEqual(EXPECTED.wishes)
    }
  })

  it('nobody signed out', async () => {
    expectError(await call(h.app, 'GET', report()), 401, 'UNAUTHENTICATED')
  })

  it('404 for a community that does not exist', async () => {
    expectError(
      await call(h.app, 'GET', report(MONTH, crypto.randomUUID()), { token: s.resident.token }),
      404,
      'NOT_FOUND',
    )
  })
})

describe('bad inputs', () => {
  it.each([
    ['no month', ''],
    ['a day', 'month=2033-06-01'],
    ['month 13', 'month=2033-13'],
    ['month 00', 'month=2033-00'],
    ['one digit', 'month=2033-6'],
    ['year 0', 'month=0000-06'],
    ['before 1900', 'month=1899-12'],
    ['after 2999', 'month=3000-01'],
    ['words', `month=${encodeURIComponent('六月')}`],
    ['an unknown parameter', `month=${MONTH}&from=2033-06-01`],
  ])('%s: 400', async (_, query) => {
    const path = `/api/communities/${s.communityId}/report${query ? `?${query}` : ''}`
    expectError(await call(h.app, 'GET', path, { token: s.resident.token }), 400, 'VALIDATION_FAILED')
  })

  it('a community id that is not a UUID: 400', async () => {
    expectError(
      await call(h.app, 'GET', `/api/communities/abc/report?month=${MONTH}`, { token: s.resident.token }),
      400,
      'VALIDATION_FAILED',
    )
  })
})
