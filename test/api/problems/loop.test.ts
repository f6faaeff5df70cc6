import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { DAY_MS, HOUR_MS } from '../support/time'
import {
  act,
  assignedProblem,
  eventTypes,
  expectError,
  notificationsOf,
  problemRow,
  problemScene,
  reportProblem,
  resolvedProblem,
  send,
  type ProblemScene,
} from './helpers'

const CRON_SECRET = 'y'.repeat(20)
let h: Harness
let s: ProblemScene
beforeAll(async () => {
  h = await startHarness({ env: { CRON_SECRET, TOKEN_TTL_SECONDS: String(10 * 365 * 24 * 3600) } })
  s = await problemScene(h)
})
afterAll(() => h.close())

const cron = () => call(h.app, 'POST', '/api/cron/expire', { headers: { authorization: `Bearer ${CRON_SECRET}` } })

describe('the whole loop', () => {
  it('submitted → assigned → in_progress → resolved → closed, with a timeline, notifications and audit', async () => {
    const created = await act(
      h,
      s.reporter,
      'POST',
      '/api/problems',
      {
        communityId: s.communityId,
        category: 'facilities',
        description: '  3号楼楼道灯坏了，晚上很黑  ',
      },
      201,
    )
    expect(created).toMatchObject({
      status: 'submitted',
      description: '3号楼楼道灯坏了，晚上很黑',
      reporterName: '张三丰',
      dueAt: null,
      overdue: false,
      escalated: false,
      viewer: { isReporter: true, isStaff: false },
      actions: [],
    })
    const id = created.id

    const seenByStaff = await act(h, s.staff, 'GET', `/api/problems/${id}`)
    expect(seenByStaff.actions).toEqual(['assign', 'escalate'])

    const assignedAt = h.clock.now().getTime()
    const assigned = await act(h, s.staff, 'POST', `/api/problems/${id}/assign`, { orgId: s.propertyId })
    expect(assigned).toMatchObject({ status: 'assigned', orgId: s.propertyId })
    expect(Date.parse(assigned.dueAt) - assignedAt).toBe(72 * HOUR_MS)

    const forHandler = await act(h, s.handler, 'GET', `/api/problems/${id}`)
    expect(forHandler).toMatchObject({ reporterName: '张三丰', actions: ['accept', 'return'] })
    const queue = await act(h, s.handler, 'GET', '/api/handler/queue')
    expect(queue.items.map((p: { id: string }) => p.id)).toContain(id)

    const accepted = await act(h, s.handler, 'POST', `/api/problems/${id}/accept`, {})
    expect(accepted).toMatchObject({ status: 'in_progress', handlerName: '物业小王', actions: ['resolve'] })
    // The other handler of the organisation may no longer accept, nor resolve what a colleague took on.
    expectError(await send(h, s.handler2, 'POST', `/api/problems/${id}/accept`, {}), 409, 'PROBLEM_NOT_ASSIGNED')
    expectError(
      await send(h, s.handler2, 'POST', `/api/problems/${id}/resolve`, { result: '修好了' }),
      403,
      'FORBIDDEN',
    )

    const resolved = await act(h, s.handler, 'POST', `/api/problems/${id}/resolve`, { result: '已更换灯泡' })
    expect(resolved).toMatchObject({ status: 'resolved', result: '已更换灯泡' })
    expect((await act(h, s.reporter, 'GET', `/api/problems/${id}`)).actions).toEqual(['rate'])

    const rated = await act(h, s.reporter, 'POST', `/api/problems/${id}/rate`, {
      satisfaction: 'satisfied',
      comment: '很及时',
    })
    expect(rated).toMatchObject({ status: 'closed', satisfaction: 'satisfied', ratingComment: '很及时' })

    const events = await act(h, s.neighbour, 'GET', `/api/problems/${id}/events`)
    expect(events.items.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'assigned',
      'accepted',
      'resolved',
      'rated',
    ])
    // A neighbour reads the reporter masked, the people acting in office by name.
    expect(events.items.map((e: { actorName: string }) => e.actorName)).toEqual([
      '张**',
      expect.stringMatching(/^staff-/),
      '物业小王',
      '物业小王',
      '张**',
    ])
    expect(events.items[1].note).toMatch(/办理时限/)

    const notified = await notificationsOf(h, id)
    expect(notified[s.staff.id]).toEqual(['problem.created', 'problem.resolved'])
    expect(notified[s.reporter.id]).toEqual(['problem.accepted', 'problem.assigned', 'problem.resolved'])
    expect(notified[s.handler.id]).toEqual(['problem.assigned', 'problem.rated'])
    expect(notified[s.handler2.id]).toEqual(['problem.assigned'])
    expect(notified[s.committeeHandler.id]).toBeUndefined()
    // Each became a subscribe message to deliver.
    const [outbox] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM notification_outbox o JOIN notifications n ON n.id = o.notification_id
       WHERE n.entity_id = ${id}`,
    )
    expect(outbox!.n).toBe(8)

    const audit = await h.db.query<{ action: string; actor_id: string }>(
      sql`SELECT action, actor_id FROM audit_log WHERE entity_id = ${id} ORDER BY id`,
    )
    expect(audit).toEqual([{ action: 'problem.assigned', actor_id: s.staff.id }])
  })

  it('a safety hazard is due in 24 hours; staff may set another due time', async () => {
    const safety = await assignedProblem(h, s, { category: 'safety', description: '小区东门围墙有裂缝，可能倒塌' })
    const row = await problemRow(h, safety)
    expect(row.due_at.getTime() - row.assigned_at.getTime()).toBe(24 * HOUR_MS)

    const id = await reportProblem(h, s)
    const dueAt = new Date(h.clock.now().getTime() + 5 * DAY_MS).toISOString()
    const assigned = await act(h, s.staff, 'POST', `/api/problems/${id}/assign`, { orgId: s.committeeId, dueAt })
    expect(assigned.dueAt).toBe(dueAt)
  })

  it('the handler returns it with a reason: back to submitted, staff told, reassigned to another organisation', async () => {
    const id = await assignedProblem(h, s)
    expectError(await send(h, s.handler, 'POST', `/api/problems/${id}/return`, {}), 400, 'VALIDATION_FAILED')
    const returned = await act(h, s.handler, 'POST', `/api/problems/${id}/return`, { reason: '属于居委会协调的事' })
    expect(returned).toMatchObject({ status: 'submitted', orgId: null })
    // No longer theirs: neither to accept nor in their queue.
    expectError(await send(h, s.handler, 'POST', `/api/problems/${id}/accept`, {}), 403, 'FORBIDDEN')
    const queue = await act(h, s.handler, 'GET', '/api/handler/queue')
    expect(queue.items.map((p: { id: string }) => p.id)).not.toContain(id)

    const notified = await notificationsOf(h, id)
    expect(notified[s.staff.id]).toEqual(['problem.created', 'problem.returned'])
    const [note] = await h.db.query<{ body: string }>(
      sql`SELECT body FROM notifications WHERE entity_id = ${id} AND kind = 'problem.returned'`,
    )
    expect(note!.body).toContain('属于居委会协调的事')

    await act(h, s.staff, 'POST', `/api/problems/${id}/assign`, { orgId: s.committeeId })
    await act(h, s.committeeHandler, 'POST', `/api/problems/${id}/accept`, {})
    expect(await eventTypes(h, id)).toEqual(['created', 'assigned', 'returned', 'assigned', 'accepted'])
  })

  it('an unsatisfied rating reopens it for staff with the comment; reassigned, resolved again and closed', async () => {
    const id = await resolvedProblem(h, s)
    expectError(
      await send(h, s.reporter, 'POST', `/api/problems/${id}/rate`, { satisfaction: 'unsatisfied' }),
      400,
      'VALIDATION_FAILED',
    )
    const reopened = await act(h, s.reporter, 'POST', `/api/problems/${id}/rate`, {
      satisfaction: 'unsatisfied',
      comment: '灯还是不亮',
    })
    expect(reopened).toMatchObject({ status: 'reopened', satisfaction: 'unsatisfied' })
    expect((await act(h, s.staff, 'GET', `/api/problems/${id}`)).actions).toEqual(['assign', 'escalate'])
    // Still in the organisation's queue, for them to see it came back.
    const queue = await act(h, s.handler, 'GET', '/api/handler/queue')
    expect(queue.items.find((p: { id: string }) => p.id === id)).toMatchObject({ status: 'reopened' })
    const notified = await notificationsOf(h, id)
    expect(notified[s.staff.id]).toContain('problem.reopened')
    expect(notified[s.handler.id]).toContain('problem.reopened')

    await act(h, s.staff, 'POST', `/api/problems/${id}/assign`, { orgId: s.propertyId })
    await act(h, s.handler2, 'POST', `/api/problems/${id}/accept`, {})
    // Staff may resolve in the handler's place (audited).
    await act(h, s.staff, 'POST', `/api/problems/${id}/resolve`, { result: '更换了线路' })
    await act(h, s.reporter, 'POST', `/api/problems/${id}/rate`, { satisfaction: 'basically_satisfied' })
    expect(await problemRow(h, id)).toMatchObject({ status: 'closed', satisfaction: 'basically_satisfied' })
    const audit = await h.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE entity_id = ${id} ORDER BY id`,
    )
    expect(audit.map((a) => a.action)).toEqual(['problem.assigned', 'problem.assigned', 'problem.resolved'])
  })

  it('staff escalate once to the street, whose staff see it in their queue and are told', async () => {
    const id = await assignedProblem(h, s)
    expectError(
      await send(h, s.handler, 'POST', `/api/problems/${id}/escalate`, { reason: '需要街道协调' }),
      403,
      'FORBIDDEN',
    )
    const escalated = await act(h, s.staff, 'POST', `/api/problems/${id}/escalate`, { reason: '涉及多个部门' })
    expect(escalated).toMatchObject({ status: 'assigned', escalated: true, escalationReason: '涉及多个部门' })
    expectError(
      await send(h, s.staff, 'POST', `/api/problems/${id}/escalate`, { reason: '再报一次' }),
      409,
      'ALREADY_ESCALATED',
    )
    const streetQueue = await act(h, s.streetStaff, 'GET', '/api/problems?escalated=true')
    expect(streetQueue.items.map((p: { id: string }) => p.id)).toContain(id)
    expect((await act(h, s.foreignStaff, 'GET', '/api/problems?escalated=true')).items).toEqual([])
    expect((await notificationsOf(h, id))[s.streetStaff.id]).toEqual(['problem.escalated'])
    expectError(await send(h, s.reporter, 'GET', '/api/problems?escalated=true'), 403, 'FORBIDDEN')
  })
})

describe('names and visibility', () => {
  it('the reporter is masked except to themselves, staff and the assigned organisation', async () => {
    const id = await assignedProblem(h, s)
    const nameFor = async (user: typeof s.reporter) => (await act(h, user, 'GET', `/api/problems/${id}`)).reporterName
    expect(await nameFor(s.reporter)).toBe('张三丰')
    expect(await nameFor(s.staff)).toBe('张三丰')
    expect(await nameFor(s.streetStaff)).toBe('张三丰')
    expect(await nameFor(s.handler)).toBe('张三丰')
    expect(await nameFor(s.neighbour)).toBe('张**')
    expect(await nameFor(s.committeeHandler)).toBe('张**')
    const list = await act(h, s.neighbour, 'GET', `/api/problems?communityId=${s.communityId}`)
    expect(list.items.find((p: { id: string }) => p.id === id).reporterName).toBe('张**')
  })

  it('outsiders neither list nor read the problems: non-members, foreign staff and handlers elsewhere', async () => {
    const id = await reportProblem(h, s)
    for (const user of [s.outsider, s.foreignStaff, s.foreignHandler]) {
      expectError(await send(h, user, 'GET', `/api/problems/${id}`), 404, 'NOT_FOUND')
      expectError(await send(h, user, 'GET', `/api/problems/${id}/events`), 404, 'NOT_FOUND')
      expectError(await send(h, user, 'GET', `/api/problems?communityId=${s.communityId}`), 403, 'FORBIDDEN')
    }
    const nonMember = await makeUser(h, 'resident', s.communityId, undefined, { member: false })
    expectError(await send(h, nonMember, 'GET', `/api/problems?communityId=${s.communityId}`), 403, 'FORBIDDEN')
    expectError(await send(h, null, 'GET', `/api/problems/${id}`), 401, 'UNAUTHENTICATED')
    // Handlers of any organisation of the community read its problems.
    await act(h, s.committeeHandler, 'GET', `/api/problems?communityId=${s.communityId}`)
  })

  it('mine lists my own across communities; status filters; pages follow the cursor', async () => {
    const reporter = await makeUser(h, 'resident', s.communityId)
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      h.clock.advance(1000)
      ids.push(
        (
          await act(
            h,
            reporter,
            'POST',
            '/api/problems',
            { communityId: s.communityId, category: 'other', description: `第${i}个问题描述` },
            201,
          )
        ).id,
      )
    }
    const first = await act(h, reporter, 'GET', '/api/problems?mine=true&limit=2')
    expect(first.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]])
    const second = await act(h, reporter, 'GET', `/api/problems?mine=true&limit=2&cursor=${first.nextCursor}`)
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null })
    const closed = await act(h, s.staff, 'GET', `/api/problems?communityId=${s.communityId}&status=closed`)
    expect(closed.items.every((p: { status: string }) => p.status === 'closed')).toBe(true)
  })
})

describe('the hourly job', () => {
  it('flags an overdue problem once, escalating it to the street and telling them', async () => {
    const id = await assignedProblem(h, s, { category: 'safety', description: '电动车在楼道里充电，很危险' })
    expect((await act(h, s.staff, 'GET', `/api/problems/${id}`)).overdue).toBe(false)
    h.clock.advance(24 * HOUR_MS + 1000)
    expect((await act(h, s.staff, 'GET', `/api/problems/${id}`)).overdue).toBe(true)
    expect((await cron()).status).toBe(200)
    const row = await problemRow(h, id)
    expect(row.overdue_at).not.toBeNull()
    expect(row.escalated_at).not.toBeNull()
    expect(await eventTypes(h, id)).toEqual(['created', 'assigned', 'overdue'])
    const notified = await notificationsOf(h, id)
    expect(notified[s.streetStaff.id]).toEqual(['problem.overdue'])
    expect(notified[s.staff.id]).toContain('problem.overdue')
    expect(notified[s.handler.id]).toContain('problem.overdue')
    // Once per due time.
    await cron()
    expect(await eventTypes(h, id)).toEqual(['created', 'assigned', 'overdue'])
    expect(
      (await act(h, s.streetStaff, 'GET', '/api/problems?escalated=true')).items.map((p: { id: string }) => p.id),
    ).toContain(id)
  })

  it('closes a problem resolved and unrated for 7 days, with no rating', async () => {
    const id = await resolvedProblem(h, s)
    h.clock.advance(7 * DAY_MS - 1000)
    await cron()
    expect((await problemRow(h, id)).status).toBe('resolved')
    h.clock.advance(1000)
    await cron()
    expect(await problemRow(h, id)).toMatchObject({ status: 'closed', satisfaction: null })
    expect((await eventTypes(h, id)).at(-1)).toBe('auto_closed')
    expect((await notificationsOf(h, id))[s.reporter.id]).toContain('problem.auto_closed')
    expectError(
      await send(h, s.reporter, 'POST', `/api/problems/${id}/rate`, { satisfaction: 'satisfied' }),
      409,
      'PROBLEM_NOT_RESOLVED',
    )
  })
})
