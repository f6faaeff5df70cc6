import { expect } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import type { App } from '../../../src/server/app'
import { addDays, isoWeekday, shanghaiDate, shanghaiTime } from '../../../src/shared/stations'
import { makeHousehold, makeUser, pendingApplicant, type TestUser, type World } from './fixtures'
import { call, uniqueName, type Harness } from './harness'
import { jpeg, photoForm } from './images'

/**
 * Every route of the app with a way to build a valid request for it, and the status each kind of caller gets:
 * the authorization matrix reads it, and so do the reliability tests (fuzzing from a valid request, replays).
 */
export const ACTORS = ['anonymous', 'resident', 'volunteer', 'foreignStaff', 'staff', 'admin'] as const
export type ActorName = (typeof ACTORS)[number]

/**
 * Fresh callers for one cell: a resident, an active volunteer and staff of `communityId`, staff of
 * `otherCommunityId`, and an admin. Fresh per cell, so one cell's writes (an application, a claim) never decide
 * another's answer.
 */
export type Cast = World

export interface RouteRequest {
  path: string
  body?: unknown
  /** What the request would change; a refused request must leave it as it was. */
  state?: () => Promise<unknown>
}

export interface MatrixEntry {
  /** Makes the cell's target and the request about it. */
  request: (cast: Cast) => Promise<RouteRequest>
  expect: Record<ActorName, number | readonly number[]>
  /** It ends the token it is sent with: a retry is refused (401), as every later request with that token is. */
  endsSession?: true
}

const ok = (status: number) => ({
  anonymous: status,
  resident: status,
  volunteer: status,
  foreignStaff: status,
  staff: status,
  admin: status,
})
const signedIn = (status: number) => ({ ...ok(status), anonymous: 401 })
const staffHere = (status: number) => ({
  anonymous: 401,
  resident: 403,
  volunteer: 403,
  foreignStaff: 403,
  staff: status,
  admin: status,
})
const adminOnly = (status: number) => ({ ...staffHere(403), admin: status })

/**
 * The matrix on a harness: its targets are made through the app and read back from its database. The harness is
 * asked for when a target is built, so a file can list the routes at collection time, before its harness starts.
 */
export function routeMatrix(harness: () => Harness): Record<string, MatrixEntry> {
  const h = new Proxy({} as Harness, { get: (_, key) => harness()[key as keyof Harness] })

  // Targets, made through the API as users would make them.

  const volunteerStatus = async (userId: string) =>
    (await h.db.query<{ status: string }>(sql`SELECT status FROM volunteers WHERE user_id = ${userId}`))[0]?.status ??
    null
  const staffAssignments = (userId: string) =>
    h.db.query(sql`SELECT community_id FROM staff_assignments WHERE user_id = ${userId} ORDER BY community_id`)
  const wishState = async (id: string) =>
    (
      await h.db.query<{ status: string; claimer_id: string | null; n: number }>(
        sql`SELECT status, claimer_id, (SELECT count(*)::int FROM wish_events WHERE wish_id = ${id}) AS n
         FROM wishes WHERE id = ${id}`,
      )
    )[0]

  /** A pending 住户认证 application by a fresh account of the community, through the API. */
  const pendingMembership = async (communityId: string) => {
    const user = await makeUser(h, 'resident', communityId, undefined, { member: false })
    const reply = await call(h.app, 'POST', '/api/me/membership', {
      token: user.token,
      body: { communityId, building: '2号楼', room: '202', relation: 'tenant', realName: '王申请' },
    })
    expect(reply.status).toBe(201)
    return reply.body.membership.id as string
  }
  const membershipState = async (id: string) =>
    (await h.db.query(sql`SELECT status, household_id, reason FROM memberships WHERE id = ${id}`))[0]

  const WISH = { title: '帮忙取快递', description: '腿脚不便，想请人帮忙从驿站取个快递', category: 'daily_goods' }

  /** A wish posted by a fresh resident of the community (not one of the cast), waiting for review. */
  async function pendingWish(cast: Cast): Promise<string> {
    const owner = await makeUser(h, 'resident', cast.communityId)
    const reply = await call(h.app, 'POST', '/api/wishes', { token: owner.token, body: WISH })
    expect(reply.status).toBe(201)
    return reply.body.id
  }

  async function openWish(cast: Cast): Promise<string> {
    const id = await pendingWish(cast)
    const reviewer = await makeUser(h, 'staff', cast.communityId)
    const reply = await call(h.app, 'POST', `/api/wishes/${id}/review`, {
      token: reviewer.token,
      body: { approve: true },
    })
    expect(reply.status).toBe(200)
    return id
  }

  /** An open wish claimed by the cast's volunteer. */
  async function claimedWish(cast: Cast): Promise<string> {
    const id = await openWish(cast)
    const reply = await call(h.app, 'POST', `/api/wishes/${id}/claim`, { token: cast.volunteer.token })
    expect(reply.status).toBe(200)
    return id
  }

  /** A wish the cast's volunteer has fulfilled, waiting for the owner's confirmation. */
  async function fulfilledWish(cast: Cast): Promise<string> {
    const id = await claimedWish(cast)
    const reply = await call(h.app, 'POST', `/api/wishes/${id}/fulfil`, {
      token: cast.volunteer.token,
      body: { note: '已送到家门口', hours: 1 },
    })
    expect(reply.status).toBe(200)
    return id
  }

  /** A photo uploaded by a fresh resident of the community and attached to their wish, waiting for review. */
  async function photoOfPendingWish(cast: Cast): Promise<{ id: string; url: string }> {
    const owner = await makeUser(h, 'resident', cast.communityId)
    const photo = await call(h.app, 'POST', '/api/uploads', { token: owner.token, body: photoForm(jpeg()) })
    expect(photo.status).toBe(201)
    const wish = await call(h.app, 'POST', '/api/wishes', {
      token: owner.token,
      body: { ...WISH, photoIds: [photo.body.id] },
    })
    expect(wish.status).toBe(201)
    return photo.body
  }
  const uploadCount = async () => (await h.db.query(sql`SELECT count(*)::int AS n FROM uploads`))[0]

  const wishRequest = (id: string, action: string, body?: unknown): RouteRequest => ({
    path: `/api/wishes/${id}/${action}`,
    body,
    state: () => wishState(id),
  })

  // 问题反馈 targets: a problem reported by a fresh member (not one of the cast), an organisation with a handler.

  const PROBLEM = { category: 'facilities', description: '楼道灯坏了，晚上很黑' }
  const problemState = async (id: string) =>
    (
      await h.db.query(
        sql`SELECT status, org_id, handler_id, satisfaction, escalated_at,
                (SELECT count(*)::int FROM problem_events WHERE problem_id = ${id}) AS n
         FROM problems WHERE id = ${id}`,
      )
    )[0]

  async function problemOrg(cast: Cast): Promise<{ orgId: string; handler: TestUser }> {
    const [org] = await h.db.query<{ id: string }>(
      sql`INSERT INTO orgs (community_id, kind, name) VALUES (${cast.communityId}, 'property', ${uniqueName('物业')})
       RETURNING id`,
    )
    const handler = await makeUser(h, 'resident', null, uniqueName('处理人'), { member: false })
    await h.db.query(sql`INSERT INTO org_handlers (user_id, org_id) VALUES (${handler.id}, ${org!.id})`)
    return { orgId: org!.id, handler }
  }

  async function reportedProblem(cast: Cast): Promise<{ id: string; reporter: TestUser }> {
    const reporter = await makeUser(h, 'resident', cast.communityId)
    const reply = await call(h.app, 'POST', '/api/problems', {
      token: reporter.token,
      body: { communityId: cast.communityId, ...PROBLEM },
    })
    expect(reply.status).toBe(201)
    return { id: reply.body.id, reporter }
  }

  /** A problem at `stage` of its loop, with its reporter and the handler of its organisation. */
  async function problemAt(cast: Cast, stage: 'submitted' | 'assigned' | 'in_progress' | 'resolved') {
    const { id, reporter } = await reportedProblem(cast)
    const { orgId, handler } = await problemOrg(cast)
    const staff = await makeUser(h, 'staff', cast.communityId)
    const step = async (user: TestUser, action: string, body: unknown) => {
      const reply = await call(h.app, 'POST', `/api/problems/${id}/${action}`, { token: user.token, body })
      expect(reply.status).toBe(200)
    }
    if (stage !== 'submitted') await step(staff, 'assign', { orgId })
    if (stage === 'in_progress' || stage === 'resolved') await step(handler, 'accept', {})
    if (stage === 'resolved') await step(handler, 'resolve', { result: '已处理' })
    return { id, reporter, orgId, handler }
  }

  const problemRequest = (id: string, action: string, body?: unknown): RouteRequest => ({
    path: `/api/problems/${id}/${action}`,
    body,
    state: () => problemState(id),
  })
  /** Anyone who may see a community's problems: its members, staff and the admin; foreign staff are not told. */
  const problemReaders = (status: number) => ({ ...signedIn(status), foreignStaff: 404 })
  /** Only a handler of the assigned organisation, or the reporter, who are not in the cast. */
  const nobodyInCast = { ...staffHere(403), foreignStaff: 404 }

  // 驿站预约 targets.

  const STATION = { name: '矩阵驿站', address: '矩阵路1号', lat: 30.27, lng: 120.15 }
  const EVERY_MORNING = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '11:30' }))
  const SERVICE = { name: '健康咨询', slotMinutes: 30, capacity: 4, schedule: EVERY_MORNING }

  /** Tomorrow in Shanghai by the harness clock: its slots are all to come, inside the booking window. */
  const tomorrow = () => addDays(shanghaiDate(h.clock.now()), 1)

  /** A station of the community with one service, made through the API by staff of it (not one of the cast). */
  async function stationOf(cast: Cast, service: Record<string, unknown> = {}) {
    const manager = await makeUser(h, 'staff', cast.communityId)
    const station = await call(h.app, 'POST', '/api/stations', {
      token: manager.token,
      body: { communityId: cast.communityId, ...STATION },
    })
    expect(station.status).toBe(201)
    const created = await call(h.app, 'POST', `/api/stations/${station.body.id}/services`, {
      token: manager.token,
      body: { ...SERVICE, ...service },
    })
    expect(created.status).toBe(201)
    return { stationId: station.body.id as string, serviceId: created.body.id as string }
  }

  /** The id of a slot of the service on a date starting at an instant, or its first slot. */
  async function slotOf(serviceId: string, date: string, startsAt?: string): Promise<string> {
    const day = await call(h.app, 'GET', `/api/services/${serviceId}/slots?date=${date}`)
    expect(day.status).toBe(200)
    const slot = startsAt
      ? day.body.items.find((s: { startsAt: string }) => s.startsAt === startsAt)
      : day.body.items[0]
    expect(slot, JSON.stringify(day.body)).toBeDefined()
    return slot.id
  }

  /** A slot of tomorrow in a new station of the community. */
  async function openSlot(cast: Cast, service: Record<string, unknown> = {}) {
    return slotOf((await stationOf(cast, service)).serviceId, tomorrow())
  }

  async function bookingBy(user: TestUser, slotId: string) {
    const reply = await call(h.app, 'POST', '/api/bookings', { token: user.token, body: { slotId, partySize: 1 } })
    expect(reply.status).toBe(201)
    return reply.body as { id: string; code: string }
  }

  /** A slot of one seat, taken by a resident who is not one of the cast. */
  async function fullSlot(cast: Cast) {
    const slotId = await openSlot(cast, { capacity: 1 })
    await bookingBy(await makeUser(h, 'resident', cast.communityId), slotId)
    return slotId
  }

  /**
   * A booking by a resident (not one of the cast) of a slot starting 5–25 minutes from now, inside the check-in window,
   * whatever the time of day the suite runs: a service with one 10-minute slot then.
   */
  async function bookingToCheckIn(cast: Cast, booker?: TestUser) {
    const step = 10 * 60_000
    let start = Math.ceil((h.clock.now().getTime() + 5 * 60_000) / step) * step
    // A range cannot end at 24:00: past 23:50 take the first slot of the next day.
    if (shanghaiTime(new Date(start)) === '23:50') start += step
    const date = shanghaiDate(new Date(start))
    const schedule = [
      { weekday: isoWeekday(date), start: shanghaiTime(new Date(start)), end: shanghaiTime(new Date(start + step)) },
    ]
    const { serviceId } = await stationOf(cast, { slotMinutes: 10, schedule })
    const slotId = await slotOf(serviceId, date, new Date(start).toISOString())
    return bookingBy(booker ?? (await makeUser(h, 'resident', cast.communityId)), slotId)
  }

  /** The cast resident's booking, checked in by staff of the community: theirs to rate. */
  async function checkedInBooking(cast: Cast) {
    const booking = await bookingToCheckIn(cast, cast.resident)
    const desk = await makeUser(h, 'staff', cast.communityId)
    const reply = await call(h.app, 'POST', '/api/bookings/check-in', {
      token: desk.token,
      body: { code: booking.code },
    })
    expect(reply.status).toBe(200)
    return booking
  }
  const bookingRatingOf = (id: string) => h.db.query(sql`SELECT score FROM booking_ratings WHERE booking_id = ${id}`)

  const seatsOf = async (slotId: string) =>
    (
      await h.db.query(
        sql`SELECT booked, (SELECT count(*)::int FROM waitlist_entries WHERE slot_id = ${slotId} AND status = 'waiting') AS waiting
         FROM slots WHERE id = ${slotId}`,
      )
    )[0]
  const bookingState = async (id: string) =>
    (await h.db.query(sql`SELECT status, checked_in_at FROM bookings WHERE id = ${id}`))[0]
  const waitlistState = async (id: string) =>
    (await h.db.query(sql`SELECT status FROM waitlist_entries WHERE id = ${id}`))[0]
  const stationState = async (id: string) =>
    (await h.db.query(sql`SELECT name, updated_at FROM stations WHERE id = ${id}`))[0]
  const serviceState = async (id: string) =>
    (await h.db.query(sql`SELECT capacity, updated_at FROM station_services WHERE id = ${id}`))[0]
  const stationsIn = (communityId: string) =>
    h.db.query(sql`SELECT id FROM stations WHERE community_id = ${communityId} ORDER BY id`)
  const servicesOf = (stationId: string) =>
    h.db.query(sql`SELECT id FROM station_services WHERE station_id = ${stationId} ORDER BY id`)
  const closuresOf = (stationId: string) =>
    h.db.query(sql`SELECT to_char(day, 'YYYY-MM-DD') AS day FROM station_closures WHERE station_id = ${stationId}`)

  // 议事协商 targets.

  const TOPIC = { title: '东门空地怎么用', body: '东门旁边的空地闲置很久了，大家看看改成什么好。' }

  /** A topic proposed by a fresh resident of the community (not one of the cast), waiting for review. */
  async function pendingTopic(cast: Cast): Promise<string> {
    const author = await makeUser(h, 'resident', cast.communityId)
    const reply = await call(h.app, 'POST', '/api/topics', {
      token: author.token,
      body: { communityId: cast.communityId, ...TOPIC },
    })
    expect(reply.status).toBe(201)
    return reply.body.id
  }

  /** A topic of the community approved by staff of it (not one of the cast): voting open from now for a week. */
  async function openTopic(cast: Cast): Promise<{ id: string; optionIds: string[] }> {
    const id = await pendingTopic(cast)
    const reviewer = await makeUser(h, 'staff', cast.communityId)
    const now = h.clock.now().getTime()
    const reply = await call(h.app, 'POST', `/api/topics/${id}/review`, {
      token: reviewer.token,
      body: {
        approve: true,
        options: ['赞成', '反对'],
        maxChoices: 1,
        votingOpensAt: new Date(now).toISOString(),
        votingClosesAt: new Date(now + 7 * 24 * 3600_000).toISOString(),
        resultsVisibility: 'always',
      },
    })
    expect(reply.status).toBe(200)
    return { id, optionIds: reply.body.options.map((o: { id: string }) => o.id) }
  }

  /** A topic staff of the community closed, then published the outcome of when `outcome` is set. */
  async function closedTopic(cast: Cast, outcome = false): Promise<string> {
    const { id } = await openTopic(cast)
    const closer = await makeUser(h, 'staff', cast.communityId)
    expect((await call(h.app, 'POST', `/api/topics/${id}/close`, { token: closer.token })).status).toBe(200)
    if (outcome) {
      const reply = await call(h.app, 'POST', `/api/topics/${id}/outcome`, {
        token: closer.token,
        body: { summary: '改建为充电区' },
      })
      expect(reply.status).toBe(200)
    }
    return id
  }

  /** A topic the cast resident voted on, closed with its outcome published: theirs to rate. */
  async function ratableTopic(cast: Cast): Promise<string> {
    const { id, optionIds } = await openTopic(cast)
    const vote = await call(h.app, 'PUT', `/api/topics/${id}/ballot`, {
      token: cast.resident.token,
      body: { optionIds: [optionIds[0]] },
    })
    expect(vote.status).toBe(200)
    const closer = await makeUser(h, 'staff', cast.communityId)
    expect((await call(h.app, 'POST', `/api/topics/${id}/close`, { token: closer.token })).status).toBe(200)
    const outcome = await call(h.app, 'POST', `/api/topics/${id}/outcome`, {
      token: closer.token,
      body: { summary: '改建为充电区' },
    })
    expect(outcome.status).toBe(200)
    return id
  }
  const topicRatingsOf = (id: string) =>
    h.db.query(sql`SELECT user_id, score FROM topic_ratings WHERE topic_id = ${id} ORDER BY user_id`)

  // 群众满意度测评 targets: a survey opened by staff of the community (not one of the cast), open now for a day.
  const SURVEY = { title: '矩阵满意度测评', items: [{ text: '环境卫生' }, { text: '服务态度' }] }
  const surveyWindow = () => ({
    opensAt: h.clock.now().toISOString(),
    closesAt: new Date(h.clock.now().getTime() + 24 * 3600_000).toISOString(),
  })
  async function openSurvey(cast: Cast): Promise<string> {
    const staff = await makeUser(h, 'staff', cast.communityId)
    const reply = await call(h.app, 'POST', `/api/communities/${cast.communityId}/surveys`, {
      token: staff.token,
      body: { ...SURVEY, ...surveyWindow() },
    })
    expect(reply.status).toBe(201)
    return reply.body.id
  }
  const surveysIn = (communityId: string) =>
    h.db.query(sql`SELECT id FROM surveys WHERE community_id = ${communityId} ORDER BY id`)
  const responsesTo = (surveyId: string) =>
    h.db.query(sql`SELECT user_id, scores FROM survey_responses WHERE survey_id = ${surveyId} ORDER BY user_id`)

  /** A comment by a fresh resident on an open topic; hidden by three residents' reports when `reported`. */
  async function commentOf(cast: Cast, reported = false): Promise<string> {
    const { id: topicId } = await openTopic(cast)
    const author = await makeUser(h, 'resident', cast.communityId)
    const reply = await call(h.app, 'POST', `/api/topics/${topicId}/comments`, {
      token: author.token,
      body: { body: '我觉得改成充电区好' },
    })
    expect(reply.status).toBe(201)
    for (let i = 0; reported && i < 3; i++) {
      const reporter = await makeUser(h, 'resident', cast.communityId)
      const report = await call(h.app, 'POST', `/api/comments/${reply.body.id}/reports`, {
        token: reporter.token,
        body: { reason: '人身攻击' },
      })
      expect(report.status).toBe(201)
    }
    return reply.body.id
  }

  const topicState = async (id: string) =>
    (
      await h.db.query(
        sql`SELECT status, outcome_summary, progress, (SELECT count(*)::int FROM topic_events WHERE topic_id = ${id}) AS events
         FROM topics WHERE id = ${id}`,
      )
    )[0]
  const topicsIn = (communityId: string) =>
    h.db.query(sql`SELECT id FROM topics WHERE community_id = ${communityId} ORDER BY id`)
  const ballotsOf = (topicId: string) =>
    h.db.query(sql`SELECT user_id, option_ids FROM ballots WHERE topic_id = ${topicId} ORDER BY user_id`)
  const commentsOf = (topicId: string) =>
    h.db.query(sql`SELECT id FROM topic_comments WHERE topic_id = ${topicId} ORDER BY id`)
  const commentState = async (id: string) =>
    (
      await h.db.query(
        sql`SELECT hidden, staff_decided, report_count, (SELECT count(*)::int FROM comment_reports WHERE comment_id = ${id}) AS n
         FROM topic_comments WHERE id = ${id}`,
      )
    )[0]

  const topicRequest = (id: string, action: string, body?: unknown): RouteRequest => ({
    path: `/api/topics/${id}/${action}`,
    body,
    state: () => topicState(id),
  })

  /** A topic is its community's: staff elsewhere are told it does not exist. */
  const topicStaff = (status: number) => ({ ...staffHere(status), foreignStaff: 404 })
  /** Its community reads it, staff of it and the admin too; staff elsewhere are told it does not exist. */
  const topicReaders = (status: number) => ({ ...signedIn(status), foreignStaff: 404 })

  // 社区微实事 targets. A budget is made through the API; a target in a later phase then has its windows moved into
  // the past in the database (the matrix shares one clock, which its cells must not move).

  const HOUR = 3600_000
  const budgetWindows = (from: number) => ({
    proposalsOpenAt: new Date(from).toISOString(),
    proposalsCloseAt: new Date(from + 24 * HOUR).toISOString(),
    votingOpensAt: new Date(from + 48 * HOUR).toISOString(),
    votingClosesAt: new Date(from + 72 * HOUR).toISOString(),
  })
  const BUDGET = { title: '矩阵微实事', amount: 100_000 }

  /** A budget of the community opened by staff of it (not one of the cast), taking proposals now. */
  async function openBudget(cast: Cast): Promise<string> {
    const staff = await makeUser(h, 'staff', cast.communityId)
    const reply = await call(h.app, 'POST', `/api/communities/${cast.communityId}/budgets`, {
      token: staff.token,
      body: { ...BUDGET, ...budgetWindows(h.clock.now().getTime()) },
    })
    expect(reply.status).toBe(201)
    return reply.body.id
  }

  /** A proposal by a fresh member of the community, waiting for review. */
  async function pendingProposal(cast: Cast, budgetId?: string): Promise<{ budgetId: string; id: string }> {
    const id = budgetId ?? (await openBudget(cast))
    const proposer = await makeUser(h, 'resident', cast.communityId)
    const reply = await call(h.app, 'POST', `/api/budgets/${id}/proposals`, {
      token: proposer.token,
      body: { title: '楼道加装扶手', description: '老人上下楼不方便', estimatedCost: 8000 },
    })
    expect(reply.status).toBe(201)
    return { budgetId: id, id: reply.body.id }
  }

  /** Moves a budget's windows so that `phase` is now: voting open, or decided (voting closed). */
  const shiftBudget = (budgetId: string, phase: 'voting' | 'decided') => {
    const now = h.clock.now().getTime()
    const w = budgetWindows(now - (phase === 'voting' ? 60 : 96) * HOUR)
    return h.db.query(
      sql`UPDATE budgets SET proposals_open_at = ${w.proposalsOpenAt}, proposals_close_at = ${w.proposalsCloseAt},
            voting_opens_at = ${w.votingOpensAt}, voting_closes_at = ${w.votingClosesAt} WHERE id = ${budgetId}`,
    )
  }

  /** A budget with one feasible proposal, voting open now; with `decided`, voted for and voting closed. */
  async function votingBudget(cast: Cast, decided = false): Promise<{ budgetId: string; proposalId: string }> {
    const { budgetId, id } = await pendingProposal(cast)
    const reviewer = await makeUser(h, 'staff', cast.communityId)
    const review = await call(h.app, 'POST', `/api/proposals/${id}/review`, {
      token: reviewer.token,
      body: { feasible: true, cost: 9000 },
    })
    expect(review.status).toBe(200)
    await shiftBudget(budgetId, 'voting')
    if (decided) {
      const voter = await makeUser(h, 'resident', cast.communityId)
      const ballot = await call(h.app, 'PUT', `/api/budgets/${budgetId}/ballot`, {
        token: voter.token,
        body: { proposalIds: [id] },
      })
      expect(ballot.status).toBe(200)
      await shiftBudget(budgetId, 'decided')
    }
    return { budgetId, proposalId: id }
  }

  const budgetsIn = (communityId: string) =>
    h.db.query(sql`SELECT id FROM budgets WHERE community_id = ${communityId} ORDER BY id`)
  const proposalState = async (id: string) =>
    (
      await h.db.query(
        sql`SELECT status, cost, reject_reason, spent,
            (SELECT count(*)::int FROM budget_expenses WHERE proposal_id = ${id}) AS expenses,
            (SELECT count(*)::int FROM budget_updates WHERE proposal_id = ${id}) AS updates
         FROM budget_proposals WHERE id = ${id}`,
      )
    )[0]
  const proposalsOf = (budgetId: string) =>
    h.db.query(sql`SELECT id FROM budget_proposals WHERE budget_id = ${budgetId} ORDER BY id`)
  const budgetBallotsOf = (budgetId: string) =>
    h.db.query(sql`SELECT user_id, proposal_ids FROM budget_ballots WHERE budget_id = ${budgetId} ORDER BY user_id`)
  /** Verified members of the community propose and vote: its staff (not members) and the admin do not. */
  const membersOnly = (status: number) => ({
    anonymous: 401,
    resident: status,
    volunteer: status,
    foreignStaff: 403,
    staff: 403,
    admin: 403,
  })

  // 公开栏 targets: a notice published through the API by staff of the community (not one of the cast), with a
  // 公示期 of a day; an objection to it by a fresh member of the community.
  const NOTICE = { kind: 'finance', title: '矩阵财务公开', body: '本月收支明细见附件' }
  async function publishedNotice(cast: Cast): Promise<string> {
    const staff = await makeUser(h, 'staff', cast.communityId)
    const reply = await call(h.app, 'POST', `/api/communities/${cast.communityId}/notices`, {
      token: staff.token,
      body: { ...NOTICE, objectionsUntil: new Date(h.clock.now().getTime() + 24 * HOUR).toISOString() },
    })
    expect(reply.status).toBe(201)
    return reply.body.id
  }
  async function objectionOf(cast: Cast): Promise<string> {
    const noticeId = await publishedNotice(cast)
    const member = await makeUser(h, 'resident', cast.communityId)
    const reply = await call(h.app, 'POST', `/api/notices/${noticeId}/objections`, {
      token: member.token,
      body: { body: '请公布明细' },
    })
    expect(reply.status).toBe(201)
    return reply.body.id
  }
  const noticesIn = (communityId: string) =>
    h.db.query(sql`SELECT id FROM notices WHERE community_id = ${communityId} ORDER BY id`)
  const objectionsOf = (noticeId: string) =>
    h.db.query(sql`SELECT id, author_id FROM notice_objections WHERE notice_id = ${noticeId} ORDER BY id`)
  const replyOf = (objectionId: string) =>
    h.db.query(sql`SELECT body FROM notice_objection_replies WHERE objection_id = ${objectionId}`)

  /** The figures and exports of the cast's community for today and tomorrow (Shanghai). */
  const statsPeriod = (cast: Cast) =>
    `communityId=${cast.communityId}&from=${shanghaiDate(h.clock.now())}&to=${tomorrow()}`

  /** Only the one who made a booking or a place in line may end it: everyone else is told it does not exist. */
  const residentOnly = (status: number) => ({
    anonymous: 401,
    resident: status,
    volunteer: 404,
    foreignStaff: 404,
    staff: 404,
    admin: 404,
  })

  // 社区活动 targets.

  const DAY = 24 * 3600 * 1000
  /** An activity of the community three days ahead with two posts, published by staff of it (not one of the cast). */
  async function activityOf(cast: Cast) {
    const manager = await makeUser(h, 'staff', cast.communityId)
    const starts = h.clock.now().getTime() + 3 * DAY
    const reply = await call(h.app, 'POST', '/api/activities', {
      token: manager.token,
      body: {
        communityId: cast.communityId,
        title: '矩阵活动',
        location: '社区活动中心',
        startsAt: new Date(starts).toISOString(),
        endsAt: new Date(starts + 2 * 3600 * 1000).toISOString(),
        signupClosesAt: new Date(starts - DAY).toISOString(),
        capacity: 20,
        posts: [{ name: '引导员', count: 4, hours: 2 }],
      },
    })
    expect(reply.status).toBe(201)
    return { id: reply.body.id as string, postId: reply.body.posts[0].id as string }
  }
  const activityState = async (id: string) =>
    (
      await h.db.query(
        sql`SELECT a.status, a.seats_taken, (SELECT sum(taken)::int FROM activity_posts p WHERE p.activity_id = a.id) AS taken,
                (SELECT count(*)::int FROM activity_signups s WHERE s.activity_id = a.id AND s.status = 'checked_in') AS checked_in,
                (SELECT count(*)::int FROM volunteer_hours v JOIN activity_posts p ON p.id = v.activity_post_id
                 WHERE p.activity_id = a.id) AS hours
         FROM activities a WHERE a.id = ${id}`,
      )
    )[0]
  const signUp = async (user: TestUser, id: string) => {
    const reply = await call(h.app, 'POST', `/api/activities/${id}/signup`, {
      token: user.token,
      body: { partySize: 1 },
    })
    expect(reply.status).toBe(201)
    return reply.body.mySignup.code as string
  }

  const matrix: Record<string, MatrixEntry> = {
    'GET /api/health': { request: async () => ({ path: '/api/health' }), expect: ok(200) },

    // Logging in is for everyone, with or without a token already.
    'POST /api/auth/wechat': {
      request: async () => ({ path: '/api/auth/wechat', body: { code: `ok:${uniqueName('mx-wx')}` } }),
      expect: ok(200),
    },
    'GET /api/auth/dev/users': { request: async () => ({ path: '/api/auth/dev/users' }), expect: ok(200) },
    'POST /api/auth/dev': {
      request: async () => ({ path: '/api/auth/dev', body: { openid: uniqueName('mx-dev') } }),
      expect: ok(200),
    },

    'POST /api/auth/logout': {
      request: async (cast) => ({
        path: '/api/auth/logout',
        state: () =>
          h.db.query(
            sql`SELECT user_id FROM revoked_tokens
             WHERE user_id = ANY(${[cast.resident, cast.volunteer, cast.staff, cast.foreignStaff, cast.admin].map((u) => u.id)}::uuid[])`,
          ),
      }),
      expect: signedIn(204),
      endsSession: true,
    },

    'GET /api/me': { request: async () => ({ path: '/api/me' }), expect: signedIn(200) },
    'PATCH /api/me': { request: async () => ({ path: '/api/me', body: { elderMode: true } }), expect: signedIn(200) },
    'GET /api/communities': { request: async () => ({ path: '/api/communities?limit=5' }), expect: ok(200) },

    'POST /api/me/volunteer': {
      request: async () => ({ path: '/api/me/volunteer', body: { realName: '李志愿', phone: '13712345678' } }),
      // Anyone living in a community may apply, staff too; the volunteer already is one; the admin lives nowhere.
      expect: { anonymous: 401, resident: 201, volunteer: 409, foreignStaff: 201, staff: 201, admin: 409 },
    },
    'POST /api/communities/:id/residents': {
      request: async (cast) => ({
        path: `/api/communities/${cast.communityId}/residents`,
        body: { realName: '孙大爷', phone: '13612345678', building: '3号楼', room: uniqueName('r').slice(-8) },
        state: () => h.db.query(sql`SELECT user_id FROM proxy_residents WHERE community_id = ${cast.communityId}`),
      }),
      expect: staffHere(201),
    },
    'GET /api/communities/:id/residents': {
      request: async (cast) => ({ path: `/api/communities/${cast.communityId}/residents` }),
      expect: staffHere(200),
    },
    'GET /api/me/contacts': {
      request: async () => ({ path: '/api/me/contacts' }),
      // Verified members alone: staff and the admin live in no household.
      expect: { anonymous: 401, resident: 200, volunteer: 200, foreignStaff: 403, staff: 403, admin: 403 },
    },
    'POST /api/me/party': {
      request: async () => ({ path: '/api/me/party', body: { organization: '幸福社区党支部' } }),
      expect: { anonymous: 401, resident: 201, volunteer: 201, foreignStaff: 403, staff: 403, admin: 403 },
    },
    'GET /api/me/party': { request: async () => ({ path: '/api/me/party' }), expect: signedIn(200) },
    'PATCH /api/me/party': {
      request: async (cast) => {
        for (const member of [cast.resident, cast.volunteer]) {
          const reply = await call(h.app, 'POST', '/api/me/party', {
            token: member.token,
            body: { organization: '幸福社区党支部', phone: '13612345678' },
          })
          expect(reply.status).toBe(201)
        }
        return { path: '/api/me/party', body: { listed: true } }
      },
      // Only those who registered have a registration to change.
      expect: { anonymous: 401, resident: 200, volunteer: 200, foreignStaff: 404, staff: 404, admin: 404 },
    },
    'GET /api/communities/:id/party-members': {
      request: async (cast) => ({ path: `/api/communities/${cast.communityId}/party-members` }),
      expect: staffHere(200),
    },
    'POST /api/party-members/:userId/confirm': {
      request: async (cast) => {
        const member = await makeUser(h, 'resident', cast.communityId)
        const reply = await call(h.app, 'POST', '/api/me/party', {
          token: member.token,
          body: { organization: '幸福社区党支部' },
        })
        expect(reply.status).toBe(201)
        return {
          path: `/api/party-members/${member.id}/confirm`,
          state: () => h.db.query(sql`SELECT status FROM party_members WHERE user_id = ${member.id}`),
        }
      },
      // Another community's registration is not one its staff can see.
      expect: { ...staffHere(200), foreignStaff: 404 },
    },
    'GET /api/volunteers/applications': {
      request: async (cast) => {
        await pendingApplicant(h, cast.communityId)
        return { path: `/api/volunteers/applications?communityId=${cast.communityId}` }
      },
      expect: staffHere(200),
    },
    'POST /api/volunteers/:userId/approve': {
      request: async (cast) => {
        const applicant = await pendingApplicant(h, cast.communityId)
        return { path: `/api/volunteers/${applicant.id}/approve`, state: () => volunteerStatus(applicant.id) }
      },
      expect: staffHere(200),
    },
    'POST /api/volunteers/:userId/reject': {
      request: async (cast) => {
        const applicant = await pendingApplicant(h, cast.communityId)
        return {
          path: `/api/volunteers/${applicant.id}/reject`,
          body: { reason: '信息不完整' },
          state: () => volunteerStatus(applicant.id),
        }
      },
      expect: staffHere(200),
    },
    'POST /api/volunteers/:userId/suspend': {
      request: async (cast) => {
        const volunteer = await makeUser(h, 'volunteer', cast.communityId)
        return {
          path: `/api/volunteers/${volunteer.id}/suspend`,
          body: { reason: '多次爽约' },
          state: () => volunteerStatus(volunteer.id),
        }
      },
      expect: staffHere(200),
    },

    // 住户认证 (issue #19): the cast's resident and volunteer are verified members; staff and the admin are not.
    'POST /api/me/membership': {
      request: async (cast) => ({
        path: '/api/me/membership',
        body: { communityId: cast.communityId, building: '1号楼', room: '101', relation: 'owner', realName: '李认证' },
      }),
      expect: { anonymous: 401, resident: 409, volunteer: 409, foreignStaff: 201, staff: 201, admin: 201 },
    },
    'GET /api/me/membership': { request: async () => ({ path: '/api/me/membership' }), expect: signedIn(200) },
    'DELETE /api/me/membership': {
      request: async () => ({ path: '/api/me/membership' }),
      expect: { anonymous: 401, resident: 200, volunteer: 200, foreignStaff: 404, staff: 404, admin: 404 },
    },
    'GET /api/communities/:id/memberships': {
      request: async (cast) => {
        await pendingMembership(cast.communityId)
        return { path: `/api/communities/${cast.communityId}/memberships?status=pending` }
      },
      expect: staffHere(200),
    },
    'POST /api/memberships/:id/approve': {
      request: async (cast) => {
        const id = await pendingMembership(cast.communityId)
        return { path: `/api/memberships/${id}/approve`, state: () => membershipState(id) }
      },
      expect: staffHere(200),
    },
    'POST /api/memberships/:id/reject': {
      request: async (cast) => {
        const id = await pendingMembership(cast.communityId)
        return {
          path: `/api/memberships/${id}/reject`,
          body: { reason: '房号与登记不符' },
          state: () => membershipState(id),
        }
      },
      expect: staffHere(200),
    },
    'POST /api/memberships/:id/revoke': {
      request: async (cast) => {
        const member = await makeUser(h, 'resident', cast.communityId)
        const [row] = await h.db.query<{ id: string }>(sql`SELECT id FROM memberships WHERE user_id = ${member.id}`)
        return {
          path: `/api/memberships/${row!.id}/revoke`,
          body: { reason: '已搬离本社区' },
          state: () => membershipState(row!.id),
        }
      },
      expect: staffHere(200),
    },

    'POST /api/admin/staff': {
      request: async (cast) => {
        const user = await makeUser(h, 'resident', cast.communityId)
        return {
          path: '/api/admin/staff',
          body: { userId: user.id, communityId: cast.communityId },
          state: () => staffAssignments(user.id),
        }
      },
      expect: adminOnly(201),
    },
    'DELETE /api/admin/staff/:userId/:communityId': {
      request: async (cast) => {
        const member = await makeUser(h, 'staff', cast.communityId)
        return { path: `/api/admin/staff/${member.id}/${cast.communityId}`, state: () => staffAssignments(member.id) }
      },
      expect: adminOnly(204),
    },

    // Scheduled jobs answer only to the cron secret, never to a user's token, whoever the user.
    'GET /api/cron/expire': { request: async () => ({ path: '/api/cron/expire' }), expect: ok(401) },
    'POST /api/cron/expire': { request: async () => ({ path: '/api/cron/expire' }), expect: ok(401) },
    'GET /api/cron/notify': { request: async () => ({ path: '/api/cron/notify' }), expect: ok(401) },
    'POST /api/cron/notify': { request: async () => ({ path: '/api/cron/notify' }), expect: ok(401) },
    'GET /api/admin/words': { request: async () => ({ path: '/api/admin/words' }), expect: adminOnly(200) },
    // The list is one for the whole database: a real save here would race other files on a shared one, so the
    // admin's request is one that passes the guard and fails validation.
    'PUT /api/admin/words': {
      request: async () => ({ path: '/api/admin/words', body: { words: [''] } }),
      expect: adminOnly(400),
    },

    // A community's own words: its staff and the admin; the list is the cast's community's alone.
    'GET /api/communities/:id/words': {
      request: async (cast) => ({ path: `/api/communities/${cast.communityId}/words` }),
      expect: staffHere(200),
    },
    'PUT /api/communities/:id/words': {
      request: async (cast) => ({
        path: `/api/communities/${cast.communityId}/words`,
        body: { words: [uniqueName('矩阵测试词')] },
        state: async () =>
          h.db.query(sql`SELECT word FROM community_words WHERE community_id = ${cast.communityId} ORDER BY position`),
      }),
      expect: staffHere(200),
    },

    'POST /api/wishes': {
      request: async () => ({ path: '/api/wishes', body: WISH }),
      // Verified members post (issue #19); staff, who are none here, are refused; the admin lives in no community.
      expect: { anonymous: 401, resident: 201, volunteer: 201, foreignStaff: 403, staff: 403, admin: 409 },
    },
    'POST /api/uploads': {
      request: async () => ({ path: '/api/uploads', body: photoForm(jpeg()), state: uploadCount }),
      expect: signedIn(201),
    },
    // Attached to a wish waiting for review: seen as the wish is, by its owner and staff of its community only.
    'GET /api/uploads/:id': {
      request: async (cast) => ({ path: `/api/uploads/${(await photoOfPendingWish(cast)).id}` }),
      expect: { ...staffHere(200), resident: 404, volunteer: 404, foreignStaff: 404 },
    },
    // The signed link is the permission: whoever holds it, for an hour or two.
    'GET /api/uploads/:id/image': {
      request: async (cast) => ({ path: (await photoOfPendingWish(cast)).url }),
      expect: ok(200),
    },
    'GET /api/wishes': {
      request: async (cast) => {
        await openWish(cast)
        return { path: `/api/wishes?communityId=${cast.communityId}` }
      },
      expect: signedIn(200),
    },
    'GET /api/wishes/:id': {
      request: async (cast) => ({ path: `/api/wishes/${await openWish(cast)}` }),
      expect: signedIn(200),
    },
    'GET /api/wishes/:id/events': {
      request: async (cast) => ({ path: `/api/wishes/${await openWish(cast)}/events` }),
      expect: staffHere(200),
    },
    'POST /api/wishes/:id/review': {
      request: async (cast) => wishRequest(await pendingWish(cast), 'review', { approve: true }),
      // A wish waiting for review is private: staff elsewhere are not told it exists.
      expect: { ...staffHere(200), foreignStaff: 404 },
    },
    'POST /api/wishes/:id/claim': {
      request: async (cast) => wishRequest(await openWish(cast), 'claim'),
      expect: { anonymous: 401, resident: 403, volunteer: 200, foreignStaff: 403, staff: 403, admin: 403 },
    },
    'POST /api/wishes/:id/release': {
      request: async (cast) => wishRequest(await claimedWish(cast), 'release', { reason: '临时有事去不了' }),
      expect: { anonymous: 401, resident: 403, volunteer: 200, foreignStaff: 403, staff: 403, admin: 403 },
    },
    'POST /api/wishes/:id/fulfil': {
      request: async (cast) => wishRequest(await claimedWish(cast), 'fulfil', { note: '已经送到了', hours: 1.5 }),
      expect: { anonymous: 401, resident: 403, volunteer: 200, foreignStaff: 403, staff: 403, admin: 403 },
    },
    'POST /api/wishes/:id/confirm': {
      // The owner is not in the cast: staff confirm on the owner's behalf; the claimer may not confirm their own work.
      request: async (cast) => wishRequest(await fulfilledWish(cast), 'confirm', { rating: 5 }),
      expect: staffHere(200),
    },
    'POST /api/wishes/:id/dispute': {
      request: async (cast) => wishRequest(await fulfilledWish(cast), 'dispute', { reason: '东西还没收到' }),
      expect: staffHere(200),
    },
    'POST /api/wishes/:id/cancel': {
      request: async (cast) => wishRequest(await openWish(cast), 'cancel', {}),
      expect: staffHere(200),
    },
    'GET /api/me/volunteer-hours': {
      request: async () => ({ path: '/api/me/volunteer-hours' }),
      expect: signedIn(200),
    },
    // 消息: each user's own inbox.
    'GET /api/me/notifications': { request: async () => ({ path: '/api/me/notifications' }), expect: signedIn(200) },
    'POST /api/me/notifications/read': {
      request: async () => ({ path: '/api/me/notifications/read', body: { all: true } }),
      expect: signedIn(200),
    },

    // 驿站预约: anyone may look and book any station; staff manage their own community's.
    'GET /api/stations': {
      request: async (cast) => {
        await stationOf(cast)
        return { path: `/api/stations?communityId=${cast.communityId}` }
      },
      expect: ok(200),
    },
    'GET /api/stations/:id': {
      request: async (cast) => ({ path: `/api/stations/${(await stationOf(cast)).stationId}` }),
      expect: ok(200),
    },
    'GET /api/services/:id/slots': {
      request: async (cast) => ({
        path: `/api/services/${(await stationOf(cast)).serviceId}/slots?date=${tomorrow()}`,
      }),
      expect: ok(200),
    },
    'POST /api/bookings': {
      request: async (cast) => {
        const slotId = await openSlot(cast)
        return { path: '/api/bookings', body: { slotId, partySize: 1 }, state: () => seatsOf(slotId) }
      },
      expect: signedIn(201),
    },
    'GET /api/me/bookings': { request: async () => ({ path: '/api/me/bookings' }), expect: signedIn(200) },
    'POST /api/bookings/:id/cancel': {
      request: async (cast) => {
        const booking = await bookingBy(cast.resident, await openSlot(cast))
        return { path: `/api/bookings/${booking.id}/cancel`, state: () => bookingState(booking.id) }
      },
      expect: residentOnly(200),
    },
    'POST /api/slots/:id/waitlist': {
      request: async (cast) => {
        const slotId = await fullSlot(cast)
        return { path: `/api/slots/${slotId}/waitlist`, body: { partySize: 1 }, state: () => seatsOf(slotId) }
      },
      expect: signedIn(201),
    },
    'GET /api/me/waitlist': { request: async () => ({ path: '/api/me/waitlist' }), expect: signedIn(200) },
    'POST /api/waitlist/:id/cancel': {
      request: async (cast) => {
        const slotId = await fullSlot(cast)
        const entry = await call(h.app, 'POST', `/api/slots/${slotId}/waitlist`, {
          token: cast.resident.token,
          body: { partySize: 1 },
        })
        expect(entry.status).toBe(201)
        return { path: `/api/waitlist/${entry.body.id}/cancel`, state: () => waitlistState(entry.body.id) }
      },
      expect: residentOnly(200),
    },
    'POST /api/bookings/check-in': {
      request: async (cast) => {
        const booking = await bookingToCheckIn(cast)
        return { path: '/api/bookings/check-in', body: { code: booking.code }, state: () => bookingState(booking.id) }
      },
      // A code of another community's station is answered as unknown, so codes cannot be probed.
      expect: { ...staffHere(200), foreignStaff: 404 },
    },
    'GET /api/services/:id/bookings': {
      request: async (cast) => {
        const { serviceId } = await stationOf(cast)
        await bookingBy(await makeUser(h, 'resident', cast.communityId), await slotOf(serviceId, tomorrow()))
        return { path: `/api/services/${serviceId}/bookings?date=${tomorrow()}` }
      },
      expect: staffHere(200),
    },
    'POST /api/stations': {
      request: async (cast) => ({
        path: '/api/stations',
        body: { communityId: cast.communityId, ...STATION },
        state: () => stationsIn(cast.communityId),
      }),
      expect: staffHere(201),
    },
    'PATCH /api/stations/:id': {
      request: async (cast) => {
        const { stationId } = await stationOf(cast)
        return {
          path: `/api/stations/${stationId}`,
          body: { name: '矩阵驿站新址' },
          state: () => stationState(stationId),
        }
      },
      expect: staffHere(200),
    },
    'POST /api/stations/:id/services': {
      request: async (cast) => {
        const { stationId } = await stationOf(cast)
        return { path: `/api/stations/${stationId}/services`, body: SERVICE, state: () => servicesOf(stationId) }
      },
      expect: staffHere(201),
    },
    'PATCH /api/services/:id': {
      request: async (cast) => {
        const { serviceId } = await stationOf(cast)
        return { path: `/api/services/${serviceId}`, body: { capacity: 6 }, state: () => serviceState(serviceId) }
      },
      expect: staffHere(200),
    },
    'POST /api/stations/:id/closures': {
      request: async (cast) => {
        const { stationId } = await stationOf(cast)
        return {
          path: `/api/stations/${stationId}/closures`,
          body: { date: tomorrow(), reason: '设备检修' },
          state: () => closuresOf(stationId),
        }
      },
      expect: staffHere(201),
    },
    // 议事协商: a topic is its community's. Its residents (volunteers and staff living there are residents too) take
    // part; its staff and the admin moderate.
    'POST /api/topics': {
      request: async (cast) => ({
        path: '/api/topics',
        body: { communityId: cast.communityId, ...TOPIC },
        state: () => topicsIn(cast.communityId),
      }),
      // Staff of another community live there, not here.
      expect: { ...signedIn(201), foreignStaff: 403 },
    },
    'GET /api/topics': {
      request: async (cast) => {
        await openTopic(cast)
        return { path: `/api/topics?communityId=${cast.communityId}` }
      },
      expect: { ...signedIn(200), foreignStaff: 403 },
    },
    'GET /api/topics/:id': {
      request: async (cast) => ({ path: `/api/topics/${(await openTopic(cast)).id}` }),
      expect: topicReaders(200),
    },
    'POST /api/topics/:id/review': {
      request: async (cast) =>
        topicRequest(await pendingTopic(cast), 'review', { approve: false, reason: '与社区事务无关' }),
      expect: topicStaff(200),
    },
    'PUT /api/topics/:id/ballot': {
      request: async (cast) => {
        const topic = await openTopic(cast)
        return {
          path: `/api/topics/${topic.id}/ballot`,
          body: { optionIds: [topic.optionIds[0]] },
          state: () => ballotsOf(topic.id),
        }
      },
      // Verified members vote (issue #19): staff who are not members do not, nor the admin.
      expect: { ...topicReaders(200), staff: 403, admin: 403 },
    },
    'GET /api/topics/:id/buildings': {
      request: async (cast) => ({ path: `/api/topics/${await pendingTopic(cast)}/buildings` }),
      expect: topicStaff(200),
    },
    'GET /api/topics/:id/results': {
      request: async (cast) => ({ path: `/api/topics/${(await openTopic(cast)).id}/results` }),
      expect: topicReaders(200),
    },
    'POST /api/topics/:id/comments': {
      request: async (cast) => {
        const { id } = await openTopic(cast)
        return { path: `/api/topics/${id}/comments`, body: { body: '支持' }, state: () => commentsOf(id) }
      },
      expect: topicReaders(201),
    },
    'GET /api/topics/:id/comments': {
      request: async (cast) => ({ path: `/api/topics/${(await openTopic(cast)).id}/comments` }),
      expect: topicReaders(200),
    },
    'POST /api/comments/:id/reports': {
      request: async (cast) => {
        const id = await commentOf(cast)
        return { path: `/api/comments/${id}/reports`, body: { reason: '人身攻击' }, state: () => commentState(id) }
      },
      // Verified members report (issue #19); staff and the admin hide instead.
      expect: { ...topicReaders(201), staff: 403, admin: 403 },
    },
    // 社区微实事: anyone signed in reads a budget; verified members propose and vote; its staff decide and spend.
    'POST /api/communities/:id/budgets': {
      request: async (cast) => ({
        path: `/api/communities/${cast.communityId}/budgets`,
        body: { ...BUDGET, ...budgetWindows(h.clock.now().getTime()) },
        state: () => budgetsIn(cast.communityId),
      }),
      expect: staffHere(201),
    },
    'GET /api/communities/:id/budgets': {
      request: async (cast) => {
        await openBudget(cast)
        return { path: `/api/communities/${cast.communityId}/budgets` }
      },
      expect: signedIn(200),
    },
    'GET /api/budgets/:id': {
      request: async (cast) => ({ path: `/api/budgets/${(await votingBudget(cast, true)).budgetId}` }),
      expect: signedIn(200),
    },
    'POST /api/budgets/:id/proposals': {
      request: async (cast) => {
        const id = await openBudget(cast)
        return {
          path: `/api/budgets/${id}/proposals`,
          body: { title: '小广场加装路灯', description: '晚上太黑', estimatedCost: 5000 },
          state: () => proposalsOf(id),
        }
      },
      expect: membersOnly(201),
    },
    'GET /api/proposals/:id': {
      request: async (cast) => ({ path: `/api/proposals/${(await votingBudget(cast, true)).proposalId}` }),
      expect: signedIn(200),
    },
    'POST /api/proposals/:id/review': {
      request: async (cast) => {
        const { id } = await pendingProposal(cast)
        return {
          path: `/api/proposals/${id}/review`,
          body: { feasible: false, reason: '由物业负责' },
          state: () => proposalState(id),
        }
      },
      expect: { ...staffHere(200), foreignStaff: 404 },
    },
    'PUT /api/budgets/:id/ballot': {
      request: async (cast) => {
        const { budgetId, proposalId } = await votingBudget(cast)
        return {
          path: `/api/budgets/${budgetId}/ballot`,
          body: { proposalIds: [proposalId] },
          state: () => budgetBallotsOf(budgetId),
        }
      },
      expect: membersOnly(200),
    },
    'GET /api/budgets/:id/results': {
      // Before voting closes: its staff and the admin only.
      request: async (cast) => ({ path: `/api/budgets/${(await votingBudget(cast)).budgetId}/results` }),
      expect: staffHere(200),
    },
    'POST /api/proposals/:id/expenses': {
      request: async (cast) => {
        const { proposalId } = await votingBudget(cast, true)
        return {
          path: `/api/proposals/${proposalId}/expenses`,
          body: { amount: 3000, payee: '幸福五金店', note: '路灯和线材' },
          state: () => proposalState(proposalId),
        }
      },
      expect: { ...staffHere(201), foreignStaff: 404 },
    },
    'POST /api/proposals/:id/updates': {
      request: async (cast) => {
        const { proposalId } = await votingBudget(cast, true)
        return {
          path: `/api/proposals/${proposalId}/updates`,
          body: { progress: 50, note: '已完成一半' },
          state: () => proposalState(proposalId),
        }
      },
      expect: { ...staffHere(201), foreignStaff: 404 },
    },
    // 公开栏: staff of the community publish and reply; anyone signed in reads; verified members object.
    'POST /api/communities/:id/notices': {
      request: async (cast) => ({
        path: `/api/communities/${cast.communityId}/notices`,
        body: NOTICE,
        state: () => noticesIn(cast.communityId),
      }),
      expect: staffHere(201),
    },
    'GET /api/communities/:id/notices': {
      request: async (cast) => {
        await publishedNotice(cast)
        return { path: `/api/communities/${cast.communityId}/notices` }
      },
      expect: signedIn(200),
    },
    'GET /api/notices/:id': {
      request: async (cast) => ({ path: `/api/notices/${await publishedNotice(cast)}` }),
      expect: signedIn(200),
    },
    'POST /api/notices/:id/objections': {
      request: async (cast) => {
        const id = await publishedNotice(cast)
        return {
          path: `/api/notices/${id}/objections`,
          body: { body: '茶水费请列明细' },
          state: () => objectionsOf(id),
        }
      },
      expect: membersOnly(201),
    },
    'POST /api/objections/:id/reply': {
      request: async (cast) => {
        const id = await objectionOf(cast)
        return { path: `/api/objections/${id}/reply`, body: { body: '明细已张贴' }, state: () => replyOf(id) }
      },
      expect: staffHere(201),
    },
    // 满意度: the booker after check-in, who voted after the outcome; the means for staff of the community.
    'POST /api/bookings/:id/rating': {
      request: async (cast) => {
        const booking = await checkedInBooking(cast)
        return {
          path: `/api/bookings/${booking.id}/rating`,
          body: { score: 5, comment: '很满意' },
          state: () => bookingRatingOf(booking.id),
        }
      },
      expect: residentOnly(201),
    },
    'POST /api/topics/:id/rating': {
      request: async (cast) => {
        const id = await ratableTopic(cast)
        return { path: `/api/topics/${id}/rating`, body: { score: 4 }, state: () => topicRatingsOf(id) }
      },
      expect: { ...membersOnly(201), volunteer: 403 },
    },
    'GET /api/communities/:id/ratings': {
      request: async (cast) => ({
        path: `/api/communities/${cast.communityId}/ratings?from=${shanghaiDate(h.clock.now())}&to=${shanghaiDate(h.clock.now())}`,
      }),
      expect: staffHere(200),
    },
    // 群众满意度测评: its staff open one; anyone signed in reads it; verified members answer; results to staff before close.
    'POST /api/communities/:id/surveys': {
      request: async (cast) => ({
        path: `/api/communities/${cast.communityId}/surveys`,
        body: { ...SURVEY, ...surveyWindow() },
        state: () => surveysIn(cast.communityId),
      }),
      expect: staffHere(201),
    },
    'GET /api/communities/:id/surveys': {
      request: async (cast) => {
        await openSurvey(cast)
        return { path: `/api/communities/${cast.communityId}/surveys` }
      },
      expect: signedIn(200),
    },
    'GET /api/surveys/:id': {
      request: async (cast) => ({ path: `/api/surveys/${await openSurvey(cast)}` }),
      expect: signedIn(200),
    },
    'PUT /api/surveys/:id/response': {
      request: async (cast) => {
        const id = await openSurvey(cast)
        return { path: `/api/surveys/${id}/response`, body: { scores: [5, 4] }, state: () => responsesTo(id) }
      },
      expect: membersOnly(200),
    },
    'GET /api/surveys/:id/results': {
      // Before close: its staff and the admin only.
      request: async (cast) => ({ path: `/api/surveys/${await openSurvey(cast)}/results` }),
      expect: staffHere(200),
    },
    'GET /api/comments/reported': {
      request: async (cast) => {
        await commentOf(cast, true)
        return { path: `/api/comments/reported?communityId=${cast.communityId}` }
      },
      expect: staffHere(200),
    },
    'GET /api/staff/queue': {
      request: async (cast) => {
        await pendingWish(cast)
        return { path: `/api/staff/queue?communityId=${cast.communityId}` }
      },
      expect: staffHere(200),
    },
    'GET /api/audit': {
      request: async (cast) => {
        await openWish(cast)
        return { path: `/api/audit?communityId=${cast.communityId}&action=wish.` }
      },
      expect: staffHere(200),
    },
    'POST /api/comments/:id/hide': {
      request: async (cast) => {
        const id = await commentOf(cast)
        return { path: `/api/comments/${id}/hide`, body: { reason: '含人身攻击' }, state: () => commentState(id) }
      },
      expect: topicStaff(200),
    },
    'POST /api/comments/:id/restore': {
      request: async (cast) => {
        const id = await commentOf(cast, true)
        return { path: `/api/comments/${id}/restore`, body: { reason: '经核实无不当' }, state: () => commentState(id) }
      },
      expect: topicStaff(200),
    },
    'POST /api/topics/:id/close': {
      request: async (cast) => topicRequest((await openTopic(cast)).id, 'close'),
      expect: topicStaff(200),
    },
    'POST /api/topics/:id/outcome': {
      request: async (cast) => topicRequest(await closedTopic(cast), 'outcome', { summary: '改建为充电区' }),
      expect: topicStaff(200),
    },
    'POST /api/topics/:id/updates': {
      request: async (cast) => topicRequest(await closedTopic(cast, true), 'updates', { note: '已开工', progress: 30 }),
      expect: topicStaff(200),
    },
    'GET /api/topics/:id/timeline': {
      request: async (cast) => ({ path: `/api/topics/${(await openTopic(cast)).id}/timeline` }),
      expect: topicReaders(200),
    },
    // 工作台 figures and exports: staff of the community and the admin.
    'GET /api/staff/stats': {
      request: async (cast) => {
        await pendingWish(cast)
        return { path: `/api/staff/stats?${statsPeriod(cast)}` }
      },
      expect: staffHere(200),
    },
    'GET /api/staff/export/wishes.csv': {
      request: async (cast) => {
        await pendingWish(cast)
        return { path: `/api/staff/export/wishes.csv?${statsPeriod(cast)}` }
      },
      expect: staffHere(200),
    },
    'GET /api/staff/export/volunteer-hours.csv': {
      request: async (cast) => ({ path: `/api/staff/export/volunteer-hours.csv?${statsPeriod(cast)}` }),
      expect: staffHere(200),
    },
    'GET /api/staff/export/bookings.csv': {
      request: async (cast) => ({ path: `/api/staff/export/bookings.csv?${statsPeriod(cast)}` }),
      expect: staffHere(200),
    },
    'GET /api/staff/export/ballots.csv': {
      request: async (cast) => ({ path: `/api/staff/export/ballots.csv?${statsPeriod(cast)}` }),
      expect: staffHere(200),
    },
    'POST /api/activities': {
      request: async (cast) => {
        const starts = h.clock.now().getTime() + 3 * DAY
        return {
          path: '/api/activities',
          body: {
            communityId: cast.communityId,
            title: '矩阵活动',
            location: '社区活动中心',
            startsAt: new Date(starts).toISOString(),
            endsAt: new Date(starts + 3600 * 1000).toISOString(),
            signupClosesAt: new Date(starts - DAY).toISOString(),
          },
          state: async () =>
            (
              await h.db.query(sql`SELECT count(*)::int AS n FROM activities WHERE community_id = ${cast.communityId}`)
            )[0],
        }
      },
      expect: { ...staffHere(201), foreignStaff: 403 },
    },
    'GET /api/activities': {
      request: async (cast) => {
        await activityOf(cast)
        return { path: `/api/activities?communityId=${cast.communityId}` }
      },
      expect: signedIn(200),
    },
    'GET /api/activities/:id': {
      request: async (cast) => ({ path: `/api/activities/${(await activityOf(cast)).id}` }),
      expect: signedIn(200),
    },
    'POST /api/activities/:id/signup': {
      request: async (cast) => {
        const { id } = await activityOf(cast)
        return { path: `/api/activities/${id}/signup`, body: { partySize: 2 }, state: () => activityState(id) }
      },
      // Residents of the community (staff live there too); the admin and staff of another community do not.
      expect: { anonymous: 401, resident: 201, volunteer: 201, foreignStaff: 403, staff: 201, admin: 403 },
    },
    'POST /api/activities/:id/signup/cancel': {
      request: async (cast) => {
        const { id } = await activityOf(cast)
        for (const user of [cast.resident, cast.volunteer, cast.staff]) await signUp(user, id)
        return { path: `/api/activities/${id}/signup/cancel`, state: () => activityState(id) }
      },
      // Only one's own sign-up: someone without one is told there is none.
      expect: { anonymous: 401, resident: 200, volunteer: 200, foreignStaff: 409, staff: 200, admin: 409 },
    },
    'POST /api/activity-signups/check-in': {
      request: async (cast) => {
        const { id } = await activityOf(cast)
        const code = await signUp(await makeUser(h, 'resident', cast.communityId), id)
        return { path: '/api/activity-signups/check-in', body: { code }, state: () => activityState(id) }
      },
      // A code of another community's activity is answered as unknown, so codes cannot be probed.
      expect: { ...staffHere(200), foreignStaff: 404 },
    },
    'POST /api/activities/:id/posts/:postId/claim': {
      request: async (cast) => {
        const { id, postId } = await activityOf(cast)
        return { path: `/api/activities/${id}/posts/${postId}/claim`, state: () => activityState(id) }
      },
      expect: { anonymous: 401, resident: 403, volunteer: 200, foreignStaff: 403, staff: 403, admin: 403 },
    },
    'POST /api/activities/:id/posts/:postId/release': {
      request: async (cast) => {
        const { id, postId } = await activityOf(cast)
        const claimed = await call(h.app, 'POST', `/api/activities/${id}/posts/${postId}/claim`, {
          token: cast.volunteer.token,
        })
        expect(claimed.status).toBe(200)
        return { path: `/api/activities/${id}/posts/${postId}/release`, state: () => activityState(id) }
      },
      // Only the holder: anyone else holds nothing to give back.
      expect: { anonymous: 401, resident: 409, volunteer: 200, foreignStaff: 409, staff: 409, admin: 409 },
    },
    'POST /api/activities/:id/complete': {
      request: async (cast) => {
        const { id, postId } = await activityOf(cast)
        const claimed = await call(h.app, 'POST', `/api/activities/${id}/posts/${postId}/claim`, {
          token: cast.volunteer.token,
        })
        expect(claimed.status).toBe(200)
        // Started an hour ago: a precondition, written straight to the table.
        await h.db.query(
          sql`UPDATE activities SET signup_closes_at = ${new Date(h.clock.now().getTime() - 2 * DAY)},
                starts_at = ${new Date(h.clock.now().getTime() - 3600 * 1000)}, ends_at = ${new Date(h.clock.now().getTime() + 3600 * 1000)}
           WHERE id = ${id}`,
        )
        return { path: `/api/activities/${id}/complete`, body: {}, state: () => activityState(id) }
      },
      expect: { ...staffHere(200), foreignStaff: 403 },
    },
    'GET /api/me/party-service': {
      request: async () => ({ path: '/api/me/party-service' }),
      expect: signedIn(200),
    },
    'GET /api/staff/party-service': {
      request: async (cast) => ({ path: `/api/staff/party-service?communityId=${cast.communityId}` }),
      expect: { ...staffHere(200), foreignStaff: 403 },
    },
    ...placesMatrix(h),
    ...reportsMatrix(h),

    // 问题反馈: verified members report; staff assign and escalate; the handlers of the organisation accept, return
    // and resolve; the reporter rates. Members, staff and handlers of the community read.
    'POST /api/problems': {
      request: async (cast) => ({ path: '/api/problems', body: { communityId: cast.communityId, ...PROBLEM } }),
      expect: { anonymous: 401, resident: 201, volunteer: 201, foreignStaff: 403, staff: 403, admin: 403 },
    },
    'GET /api/problems': {
      request: async (cast) => {
        await reportedProblem(cast)
        return { path: `/api/problems?communityId=${cast.communityId}` }
      },
      expect: { ...signedIn(200), foreignStaff: 403 },
    },
    'GET /api/problems/:id': {
      request: async (cast) => ({ path: `/api/problems/${(await reportedProblem(cast)).id}` }),
      expect: problemReaders(200),
    },
    'GET /api/problems/:id/events': {
      request: async (cast) => ({ path: `/api/problems/${(await reportedProblem(cast)).id}/events` }),
      expect: problemReaders(200),
    },
    'POST /api/problems/:id/assign': {
      request: async (cast) => {
        const { id } = await reportedProblem(cast)
        const { orgId } = await problemOrg(cast)
        return problemRequest(id, 'assign', { orgId })
      },
      expect: { ...staffHere(200), foreignStaff: 404 },
    },
    'POST /api/problems/:id/accept': {
      request: async (cast) => problemRequest((await problemAt(cast, 'assigned')).id, 'accept', {}),
      expect: nobodyInCast,
    },
    'POST /api/problems/:id/return': {
      request: async (cast) =>
        problemRequest((await problemAt(cast, 'assigned')).id, 'return', { reason: '不归我们管' }),
      expect: nobodyInCast,
    },
    'POST /api/problems/:id/resolve': {
      request: async (cast) =>
        problemRequest((await problemAt(cast, 'in_progress')).id, 'resolve', { result: '已修好' }),
      expect: { ...staffHere(200), foreignStaff: 404 },
    },
    'POST /api/problems/:id/rate': {
      request: async (cast) =>
        problemRequest((await problemAt(cast, 'resolved')).id, 'rate', { satisfaction: 'satisfied' }),
      expect: nobodyInCast,
    },
    'POST /api/problems/:id/escalate': {
      request: async (cast) =>
        problemRequest((await problemAt(cast, 'assigned')).id, 'escalate', { reason: '需要街道协调' }),
      expect: { ...staffHere(200), foreignStaff: 404 },
    },
    'GET /api/handler/queue': {
      // Only handlers of an organisation have a queue: the cell's resident is made one of the community's property
      // company; everyone else handles for none and is refused.
      request: async (cast) => {
        const { orgId } = await problemOrg(cast)
        await h.db.query(sql`INSERT INTO org_handlers (user_id, org_id) VALUES (${cast.resident.id}, ${orgId})`)
        return { path: '/api/handler/queue' }
      },
      expect: { ...signedIn(403), resident: 200 },
    },
    'GET /api/communities/:id/problem-orgs': {
      request: async (cast) => {
        await problemOrg(cast)
        return { path: `/api/communities/${cast.communityId}/problem-orgs` }
      },
      expect: staffHere(200),
    },
    'GET /api/communities/:id/problem-stats': {
      request: async (cast) => {
        await problemAt(cast, 'resolved')
        return {
          path: `/api/communities/${cast.communityId}/problem-stats?from=${shanghaiDate(h.clock.now())}&to=${tomorrow()}`,
        }
      },
      expect: { ...signedIn(200), foreignStaff: 403 },
    },
    'GET /api/communities/:id/problems.csv': {
      request: async (cast) => {
        await reportedProblem(cast)
        return {
          path: `/api/communities/${cast.communityId}/problems.csv?from=${shanghaiDate(h.clock.now())}&to=${tomorrow()}`,
        }
      },
      expect: staffHere(200),
    },
  }
  return matrix
}

/** Every route the app serves, as "METHOD /path", without the documentation and the catch-all middleware. */
export function servedRoutes(app: App): string[] {
  const routes = app.routes
    .filter((r) => r.method !== 'ALL' && !['/api/openapi.json', '/api/docs'].includes(r.path))
    .map((r) => `${r.method} ${r.path}`)
  return [...new Set(routes)].sort()
}

const CALLERS: Exclude<ActorName, 'anonymous'>[] = ['resident', 'volunteer', 'staff', 'admin', 'foreignStaff']
const statusesOf = (expected: number | readonly number[]) => (typeof expected === 'number' ? [expected] : expected)

/**
 * The least privileged caller a route answers with a success, else the admin (whose request may be refused), and
 * the statuses the matrix expects for that caller.
 */
export function successfulCaller(entry: MatrixEntry) {
  const caller = CALLERS.find((actor) => statusesOf(entry.expect[actor]).some((status) => status < 300)) ?? 'admin'
  return { caller, statuses: statusesOf(entry.expect[caller]) }
}

/**
 * 居务公开 and the street's view: the month report answers anyone signed in (it names no one); the street's table and
 * its CSV answer street staff of that street and the admin only (the cast's staff are community staff, not the
 * street's: 403 like everyone else).
 */
function reportsMatrix(h: Harness): Record<string, MatrixEntry> {
  const streetOf = async (communityId: string) =>
    (await h.db.query<{ street_id: string }>(sql`SELECT street_id FROM communities WHERE id = ${communityId}`))[0]!
      .street_id
  const period = () => {
    const today = shanghaiDate(h.clock.now())
    return `from=${addDays(today, -30)}&to=${today}`
  }
  return {
    'GET /api/communities/:id/report': {
      request: async (cast) => ({
        path: `/api/communities/${cast.communityId}/report?month=${shanghaiDate(h.clock.now()).slice(0, 7)}`,
      }),
      expect: signedIn(200),
    },
    'GET /api/streets/:id/stats': {
      request: async (cast) => ({ path: `/api/streets/${await streetOf(cast.communityId)}/stats?${period()}` }),
      expect: adminOnly(200),
    },
    'GET /api/streets/:id/export.csv': {
      request: async (cast) => ({ path: `/api/streets/${await streetOf(cast.communityId)}/export.csv?${period()}` }),
      expect: adminOnly(200),
    },
  }
}

/**
 * Places and invites (DESIGN, "Membership and onboarding"): streets are the admin's; a community's grids, buildings,
 * households, organisations and invites are its staff's (the cast's staff are not staff of its street, so adding a
 * community is the admin's here); anyone signed in may accept an invite.
 */
function placesMatrix(h: Harness): Record<string, MatrixEntry> {
  const count = async (table: 'grids' | 'buildings' | 'households' | 'orgs' | 'invites', communityId: string) =>
    (
      await h.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM ${sql.raw(table)} WHERE community_id = ${communityId}`,
      )
    )[0]!.n
  const streetOf = async (communityId: string) =>
    (await h.db.query<{ street_id: string }>(sql`SELECT street_id FROM communities WHERE id = ${communityId}`))[0]!
      .street_id
  const communitiesOf = async (streetId: string) =>
    (await h.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM communities WHERE street_id = ${streetId}`))[0]!
      .n
  const place = (cast: Cast, what: string) => `/api/communities/${cast.communityId}/${what}`

  return {
    'POST /api/admin/streets': {
      request: async () => ({ path: '/api/admin/streets', body: { name: uniqueName('街道'), district: '矩阵区' } }),
      expect: adminOnly(201),
    },
    'GET /api/streets': { request: async () => ({ path: '/api/streets' }), expect: ok(200) },
    'POST /api/communities': {
      request: async (cast) => {
        const streetId = await streetOf(cast.communityId)
        return {
          path: '/api/communities',
          body: { streetId, name: uniqueName('社区') },
          state: () => communitiesOf(streetId),
        }
      },
      expect: adminOnly(201),
    },
    'POST /api/communities/:id/grids': {
      request: async (cast) => ({
        path: place(cast, 'grids'),
        body: { name: uniqueName('网格') },
        state: () => count('grids', cast.communityId),
      }),
      expect: staffHere(201),
    },
    'GET /api/communities/:id/grids': {
      request: async (cast) => ({ path: place(cast, 'grids') }),
      expect: signedIn(200),
    },
    'POST /api/communities/:id/buildings': {
      request: async (cast) => ({
        path: place(cast, 'buildings'),
        body: { name: uniqueName('楼') },
        state: () => count('buildings', cast.communityId),
      }),
      expect: staffHere(201),
    },
    'GET /api/communities/:id/buildings': {
      request: async (cast) => ({ path: place(cast, 'buildings') }),
      expect: signedIn(200),
    },
    'POST /api/communities/:id/households': {
      request: async (cast) => ({
        path: place(cast, 'households'),
        body: { building: '矩阵楼', unit: '1单元', room: uniqueName('r').slice(2), areaM2: 88.5 },
        state: () => count('households', cast.communityId),
      }),
      expect: staffHere(201),
    },
    'POST /api/communities/:id/households/import': {
      // The JSON form: the matrix, the fuzzer and the replays send JSON (the text/csv form: places/import.test.ts).
      request: async (cast) => {
        const building = uniqueName('楼')
        return {
          path: place(cast, 'households/import'),
          body: { csv: `楼栋,单元,房号,面积\r\n${building},1单元,101,80\r\n${building},1单元,102,abc` },
          state: () => count('households', cast.communityId),
        }
      },
      expect: staffHere(200),
    },
    'GET /api/communities/:id/households': {
      request: async (cast) => ({ path: place(cast, 'households') }),
      expect: staffHere(200),
    },
    'GET /api/households/:id/code': {
      request: async (cast) => ({ path: `/api/households/${(await makeHousehold(h, cast.communityId)).id}/code` }),
      expect: staffHere(200),
    },
    'POST /api/communities/:id/orgs': {
      request: async (cast) => ({
        path: place(cast, 'orgs'),
        body: { kind: 'property', name: uniqueName('物业'), phone: '010-12345678' },
        state: () => count('orgs', cast.communityId),
      }),
      expect: staffHere(201),
    },
    'GET /api/communities/:id/orgs': {
      request: async (cast) => ({ path: place(cast, 'orgs') }),
      expect: staffHere(200),
    },
    'POST /api/communities/:id/invites': {
      request: async (cast) => ({
        path: place(cast, 'invites'),
        body: { role: 'staff', expiresInHours: 24 },
        state: () => count('invites', cast.communityId),
      }),
      expect: staffHere(201),
    },
    'POST /api/streets/:id/invites': {
      request: async (cast) => {
        const streetId = await streetOf(cast.communityId)
        const invites = async () =>
          (
            await h.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM invites WHERE street_id = ${streetId}`)
          )[0]!.n
        return { path: `/api/streets/${streetId}/invites`, body: { role: 'street_staff' }, state: invites }
      },
      expect: adminOnly(201),
    },
    'POST /api/invites/accept': {
      request: async (cast) => {
        const made = await call(h.app, 'POST', place(cast, 'invites'), {
          token: cast.staff.token,
          body: { role: 'staff' },
        })
        expect(made.status).toBe(201)
        const code = made.body.code as string
        const usedBy = async () =>
          (await h.db.query<{ used_by: string | null }>(sql`SELECT used_by FROM invites WHERE code = ${code}`))[0]!
            .used_by
        // Typed as a person may: small letters, a space.
        return {
          path: '/api/invites/accept',
          body: { code: `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}` },
          state: usedBy,
        }
      },
      expect: signedIn(200),
    },
  }
}
