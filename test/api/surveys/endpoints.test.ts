import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { notifySurveys } from '../../../src/server/features/surveys/service'
import { auditRowsOf, makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { at, CLOSES, expectError, notificationsOf, ok, openSurvey, START, surveyBody, surveyScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const send = (method: string, path: string, token: string | undefined, body?: unknown) =>
  call(h.app, method, path, { token, body })

describe('POST /api/communities/:id/surveys', () => {
  it('staff of the community open a survey; audited; members told at once when it opens now', async () => {
    const s = await surveyScene(h)
    const survey = await openSurvey(h, s)
    expect(survey).toMatchObject({
      title: '2031年第一季度群众满意度测评',
      items: [{ text: '社区环境卫生' }, { text: '工作人员服务态度' }, { text: '议事协商公开透明' }],
      status: 'open',
      answered: false,
      myResponse: null,
      opensAt: START,
      closesAt: CLOSES,
    })
    expect(await auditRowsOf(h, survey.id, 'survey.')).toEqual([
      expect.objectContaining({ action: 'survey.created', actor_id: s.staff.id, community_id: s.communityId }),
    ])
    for (const member of [s.alice, s.bob, s.carol]) {
      expect(await notificationsOf(h, member.id)).toEqual([
        expect.objectContaining({ kind: 'survey.opened', entity_id: survey.id, title: '满意度测评开始了' }),
      ])
    }
    // Not members: the applicant, another community's resident.
    expect(await notificationsOf(h, s.nonMember.id)).toEqual([])
    expect(await notificationsOf(h, s.outsider.id)).toEqual([])
    // The hourly run tells nobody again.
    expect(await notifySurveys(h.db, h.clock)).toBe(0)
    expect(await notificationsOf(h, s.alice.id)).toHaveLength(1)
  })

  it('a later survey is told of when it opens, and its results when it closes, each once', async () => {
    const s = await surveyScene(h)
    const later = await openSurvey(h, s, { opensAt: at(1), closesAt: at(2) })
    expect(later.status).toBe('upcoming')
    expect(await notificationsOf(h, s.alice.id)).toEqual([])
    await notifySurveys(h.db, h.clock)
    expect(await notificationsOf(h, s.alice.id)).toEqual([])
    h.clock.set(at(1))
    await notifySurveys(h.db, h.clock)
    await notifySurveys(h.db, h.clock)
    expect((await notificationsOf(h, s.alice.id)).map((n) => n.kind)).toEqual(['survey.opened'])
    h.clock.set(at(2))
    await notifySurveys(h.db, h.clock)
    await notifySurveys(h.db, h.clock)
    const kinds = (await notificationsOf(h, s.alice.id)).map((n) => n.kind)
    expect(kinds).toEqual(['survey.opened', 'survey.results'])
  })

  it('refuses residents, other staff, anonymous, bad items and windows', async () => {
    const s = await surveyScene(h)
    const path = `/api/communities/${s.communityId}/surveys`
    expectError(await send('POST', path, s.alice.token, surveyBody()), 403, 'FORBIDDEN')
    expectError(await send('POST', path, s.foreignStaff.token, surveyBody()), 403, 'FORBIDDEN')
    expectError(await send('POST', path, undefined, surveyBody()), 401, 'UNAUTHENTICATED')
    const eleven = Array.from({ length: 11 }, (_, i) => ({ text: `测评项${i}` }))
    const bad = [
      { items: [] },
      { items: eleven },
      { items: [{ text: '' }] },
      { items: [{ text: 'x'.repeat(61) }] },
      { items: ['社区环境'] },
      { title: '' },
      { closesAt: START },
      { closesAt: at(-1) },
      { opensAt: at(-1), closesAt: at(1) },
      { opensAt: '2031-03-03' },
      { extra: true },
    ]
    for (const over of bad) {
      expectError(await send('POST', path, s.staff.token, surveyBody(over)), 400, 'VALIDATION_FAILED')
    }
    expectError(
      await send('POST', `/api/communities/${crypto.randomUUID()}/surveys`, s.admin.token, surveyBody()),
      404,
      'NOT_FOUND',
    )
    // The admin may open one anywhere; ten items are fine.
    const ten = await ok(h, 'POST', path, s.admin, surveyBody({ items: eleven.slice(0, 10) }), 201)
    expect(ten.items).toHaveLength(10)
    const [n] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM surveys WHERE community_id = ${s.communityId}`,
    )
    expect(n!.n).toBe(1)
  })
})

describe('GET /api/communities/:id/surveys and GET /api/surveys/:id', () => {
  it('lists newest first with status and answered, paged; the detail carries the caller’s own response', async () => {
    const s = await surveyScene(h)
    const first = await openSurvey(h, s)
    h.clock.advance(1000)
    const second = await openSurvey(h, s, { title: '下季度测评', opensAt: at(1), closesAt: at(4) })
    await ok(h, 'PUT', `/api/surveys/${first.id}/response`, s.alice, { scores: [5, 4, 3], comment: '垃圾清运及时' })
    const page1 = await ok(h, 'GET', `/api/communities/${s.communityId}/surveys?limit=1`, s.alice)
    expect(page1.items).toEqual([expect.objectContaining({ id: second.id, status: 'upcoming', answered: false })])
    const page2 = await ok(
      h,
      'GET',
      `/api/communities/${s.communityId}/surveys?limit=1&cursor=${page1.nextCursor}`,
      s.alice,
    )
    expect(page2).toEqual({
      items: [expect.objectContaining({ id: first.id, status: 'open', answered: true })],
      nextCursor: null,
    })
    expect((await ok(h, 'GET', `/api/communities/${s.communityId}/surveys`, s.outsider)).items).toHaveLength(2)
    const mine = await ok(h, 'GET', `/api/surveys/${first.id}`, s.alice)
    expect(mine).toMatchObject({ answered: true, myResponse: { scores: [5, 4, 3], comment: '垃圾清运及时' } })
    expect(await ok(h, 'GET', `/api/surveys/${first.id}`, s.bob)).toMatchObject({ answered: false, myResponse: null })
    h.clock.set(CLOSES)
    expect((await ok(h, 'GET', `/api/surveys/${first.id}`, s.alice)).status).toBe('closed')
    expectError(await send('GET', `/api/surveys/${crypto.randomUUID()}`, s.alice.token), 404, 'NOT_FOUND')
    expectError(await send('GET', `/api/surveys/${first.id}`, undefined), 401, 'UNAUTHENTICATED')
    expectError(
      await send('GET', `/api/communities/${s.communityId}/surveys?limit=0`, s.alice.token),
      400,
      'VALIDATION_FAILED',
    )
    expectError(
      await send('GET', `/api/communities/${s.communityId}/surveys?cursor=junk`, s.alice.token),
      400,
      'VALIDATION_FAILED',
    )
  })
})

describe('PUT /api/surveys/:id/response', () => {
  it('a member answers; a second answer replaces the first (one row); closed, not yet open: 409', async () => {
    const s = await surveyScene(h)
    const survey = await openSurvey(h, s)
    const path = `/api/surveys/${survey.id}/response`
    const first = await ok(h, 'PUT', path, s.alice, { scores: [2, 2, 2] })
    expect(first).toMatchObject({ scores: [2, 2, 2], comment: null })
    h.clock.advance(60_000)
    const second = await ok(h, 'PUT', path, s.alice, { scores: [5, 4, 4], comment: '改进很大' })
    expect(second).toMatchObject({ scores: [5, 4, 4], comment: '改进很大' })
    const rows = await h.db.query(sql`SELECT user_id, scores FROM survey_responses WHERE survey_id = ${survey.id}`)
    expect(rows).toEqual([{ user_id: s.alice.id, scores: [5, 4, 4] }])
    h.clock.set(CLOSES)
    expectError(await send('PUT', path, s.alice.token, { scores: [1, 1, 1] }), 409, 'SURVEY_CLOSED')
    expectError(await send('PUT', path, s.bob.token, { scores: [1, 1, 1] }), 409, 'SURVEY_CLOSED')
    h.clock.set(START)
    const later = await openSurvey(h, s, { opensAt: at(1), closesAt: at(2) })
    expectError(
      await send('PUT', `/api/surveys/${later.id}/response`, s.bob.token, { scores: [3, 3, 3] }),
      409,
      'SURVEY_NOT_OPEN',
    )
    const [n] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM survey_responses WHERE survey_id IN (${survey.id}, ${later.id})`,
    )
    expect(n!.n).toBe(1)
  })

  it('refuses non-members, other communities, staff who are not members, wrong score counts and values', async () => {
    const s = await surveyScene(h)
    const survey = await openSurvey(h, s)
    const path = `/api/surveys/${survey.id}/response`
    const body = { scores: [3, 4, 5] }
    expectError(await send('PUT', path, s.nonMember.token, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await send('PUT', path, s.outsider.token, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await send('PUT', path, s.foreignStaff.token, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await send('PUT', path, s.staff.token, body), 403, 'MEMBERSHIP_REQUIRED')
    expectError(await send('PUT', path, undefined, body), 401, 'UNAUTHENTICATED')
    for (const bad of [
      { scores: [3, 4] },
      { scores: [3, 4, 5, 5] },
      { scores: [] },
      { scores: [0, 4, 5] },
      { scores: [3, 6, 5] },
      { scores: [3, 4.5, 5] },
      { scores: ['3', 4, 5] },
      {},
      { scores: [3, 4, 5], comment: 'x'.repeat(501) },
      { scores: [3, 4, 5], extra: 1 },
    ]) {
      expectError(await send('PUT', path, s.alice.token, bad), 400, 'VALIDATION_FAILED')
    }
    expectError(
      await send('PUT', `/api/surveys/${crypto.randomUUID()}/response`, s.alice.token, body),
      404,
      'NOT_FOUND',
    )
    const [n] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = ${survey.id}`,
    )
    expect(n!.n).toBe(0)
  })
})

describe('GET /api/surveys/:id/results', () => {
  it('staff any time; everyone else only after close (403 before); means equal hand-computed ones', async () => {
    const s = await surveyScene(h)
    const extra = await makeUser(h, 'resident', s.communityId, '赵大爷')
    const survey = await openSurvey(h, s)
    const path = `/api/surveys/${survey.id}/results`
    await ok(h, 'PUT', `/api/surveys/${survey.id}/response`, s.alice, { scores: [5, 4, 1] })
    await ok(h, 'PUT', `/api/surveys/${survey.id}/response`, s.bob, { scores: [4, 4, 2] })
    await ok(h, 'PUT', `/api/surveys/${survey.id}/response`, s.carol, { scores: [3, 5, 2] })
    // Alice changes her mind: only her latest counts.
    await ok(h, 'PUT', `/api/surveys/${survey.id}/response`, s.alice, { scores: [5, 3, 1] })
    for (const who of [s.alice, s.outsider, s.foreignStaff, s.nonMember]) {
      expectError(await send('GET', path, who.token), 403, 'FORBIDDEN')
    }
    expectError(await send('GET', path, undefined), 401, 'UNAUTHENTICATED')
    const live = await ok(h, 'GET', path, s.staff)
    // Members now: alice, bob, carol, extra (4); the applicant is not one.
    const expected = {
      surveyId: survey.id,
      title: survey.title,
      respondents: 3,
      eligible: 4,
      items: [
        // (5 + 4 + 3) / 3 = 4; (3 + 4 + 5) / 3 = 4; (1 + 2 + 2) / 3 = 1.67
        { text: '社区环境卫生', mean: 4, count: 3, distribution: [0, 0, 1, 1, 1] },
        { text: '工作人员服务态度', mean: 4, count: 3, distribution: [0, 0, 1, 1, 1] },
        { text: '议事协商公开透明', mean: 1.67, count: 3, distribution: [1, 2, 0, 0, 0] },
      ],
    }
    expect(live).toEqual({ ...expected, status: 'open', final: false })
    expect(await ok(h, 'GET', path, s.admin)).toEqual({ ...expected, status: 'open', final: false })
    h.clock.set(CLOSES)
    for (const who of [s.alice, extra, s.outsider, s.staff]) {
      expect(await ok(h, 'GET', path, who)).toEqual({ ...expected, status: 'closed', final: true })
    }
    expectError(await send('GET', `/api/surveys/${crypto.randomUUID()}/results`, s.staff.token), 404, 'NOT_FOUND')
    expectError(await send('GET', '/api/surveys/nope/results', s.staff.token), 400, 'VALIDATION_FAILED')
  })

  it('a survey nobody answered: null means, zero counts', async () => {
    const s = await surveyScene(h)
    const survey = await openSurvey(h, s, { items: [{ text: '物业服务' }] })
    const r = await ok(h, 'GET', `/api/surveys/${survey.id}/results`, s.staff)
    expect(r).toMatchObject({
      respondents: 0,
      eligible: 3,
      items: [{ text: '物业服务', mean: null, count: 0, distribution: [0, 0, 0, 0, 0] }],
    })
  })

  it('the survey mean of the community’s ratings counts every item score of surveys closed in the period', async () => {
    const s = await surveyScene(h)
    const survey = await openSurvey(h, s, { items: [{ text: '总体满意度' }, { text: '环境' }] })
    await ok(h, 'PUT', `/api/surveys/${survey.id}/response`, s.alice, { scores: [5, 4] })
    await ok(h, 'PUT', `/api/surveys/${survey.id}/response`, s.bob, { scores: [2, 4] })
    h.clock.set(CLOSES)
    const day = CLOSES.slice(0, 10)
    const f = await ok(h, 'GET', `/api/communities/${s.communityId}/ratings?from=${day}&to=${day}`, s.staff)
    expect(f.surveys).toEqual({ mean: 3.75, count: 4 })
  })
})
