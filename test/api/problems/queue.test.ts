import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { QueueItemDto, QueuePageDto } from '../../../src/shared/workbench'
import type { TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { MINUTE_MS } from '../support/time'
import { act, assignedProblem, problemScene, reportProblem, resolvedProblem, type ProblemScene } from './helpers'

/** 问题反馈 in the staff's 待办 (issue #20): waiting to be assigned, and escalated to the street. */

let h: Harness
let s: ProblemScene
beforeAll(async () => {
  h = await startHarness()
  s = await problemScene(h)
})
afterAll(() => h.close())

const queue = async (user: TestUser, query = '') => {
  const reply = await call<QueuePageDto>(h.app, 'GET', `/api/staff/queue?limit=50${query}`, { token: user.token })
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return reply.body
}
const problemItems = (page: QueuePageDto) =>
  page.items
    .filter((i) => i.kind.startsWith('problem_'))
    .map((i) => ({ kind: i.kind, id: i.id, since: i.since }) satisfies Partial<QueueItemDto>)
const tick = () => h.clock.advance(MINUTE_MS)
const now = () => h.clock.now().toISOString()

describe('problems in the staff queue', () => {
  it('waiting for assignment since reported, returned or reopened; escalated ones for the street; counted', async () => {
    const reported = await reportProblem(h, s, { description: '小区东门的路灯不亮了，晚上很黑' })
    const reportedAt = now()
    tick()
    const returned = await assignedProblem(h, s)
    tick()
    await act(h, s.handler, 'POST', `/api/problems/${returned}/return`, { reason: '不归物业管理' })
    const returnedAt = now()
    tick()
    const reopened = await resolvedProblem(h, s)
    tick()
    await act(h, s.reporter, 'POST', `/api/problems/${reopened}/rate`, {
      satisfaction: 'unsatisfied',
      comment: '灯还是不亮',
    })
    const reopenedAt = now()
    tick()
    const escalated = await assignedProblem(h, s)
    await act(h, s.staff, 'POST', `/api/problems/${escalated}/escalate`, { reason: '需要街道协调' })
    const escalatedAt = now()

    const unassigned = [
      { kind: 'problem_unassigned', id: reported, since: reportedAt },
      { kind: 'problem_unassigned', id: returned, since: returnedAt },
      { kind: 'problem_unassigned', id: reopened, since: reopenedAt },
    ]
    const mine = await queue(s.staff)
    expect(problemItems(mine)).toEqual(unassigned)
    expect(mine.counts).toMatchObject({ problem_unassigned: 3, problem_escalated: 0 })
    expect(mine.items[0]!.title).toBe('小区东门的路灯不亮了，晚上很黑')
    // The street's staff see the community's queue and what was escalated to them.
    const street = await queue(s.streetStaff)
    expect(problemItems(street)).toEqual([
      ...unassigned,
      { kind: 'problem_escalated', id: escalated, since: escalatedAt },
    ])
    expect(street.counts).toMatchObject({ problem_unassigned: 3, problem_escalated: 1 })
    expect(street.total).toBe(4)
    expect(problemItems(await queue(s.streetStaff, '&kind=problem_escalated'))).toEqual([
      { kind: 'problem_escalated', id: escalated, since: escalatedAt },
    ])
    // Another community's staff see none of it.
    expect((await queue(s.foreignStaff)).counts).toMatchObject({ problem_unassigned: 0, problem_escalated: 0 })

    // Assigned again, it waits no longer; resolved, the escalation is done with.
    await act(h, s.staff, 'POST', `/api/problems/${reported}/assign`, { orgId: s.propertyId })
    await act(h, s.handler, 'POST', `/api/problems/${escalated}/accept`, {})
    await act(h, s.handler, 'POST', `/api/problems/${escalated}/resolve`, { result: '已协调修好' })
    expect((await queue(s.streetStaff)).counts).toMatchObject({ problem_unassigned: 2, problem_escalated: 0 })
  })
})
