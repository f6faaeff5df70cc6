import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeHousehold, makeUser } from '../support/fixtures'
import { startHarness, type Harness } from '../support/harness'
import { HOUR_MS } from '../support/time'
import {
  acceptedProblem,
  act,
  assignedProblem,
  expectError,
  PROBLEM,
  problemRow,
  problemScene,
  reportProblem,
  resolvedProblem,
  send,
  type ProblemScene,
} from './helpers'

let h: Harness
let s: ProblemScene
beforeAll(async () => {
  h = await startHarness()
  s = await problemScene(h)
})
afterAll(() => h.close())

const post = (body: object) => ({ communityId: s.communityId, ...PROBLEM, ...body })

describe('POST /api/problems', () => {
  it('refuses bad inputs with 400', async () => {
    const bad: object[] = [
      { description: '太短' },
      { description: '长'.repeat(501) },
      { category: 'noise' },
      { category: undefined },
      { location: '位'.repeat(101) },
      { buildingId: 'nope' },
      { communityId: 'nope' },
      { extra: 1 },
      { photoIds: [randomUUID()] },
    ]
    for (const body of bad) {
      expectError(await send(h, s.reporter, 'POST', '/api/problems', post(body)), 400, 'VALIDATION_FAILED')
    }
    expectError(await send(h, s.reporter, 'POST', '/api/problems', 'not json'), 400, 'VALIDATION_FAILED')
  })

  it('takes a building of the community only', async () => {
    const { id: householdId } = await makeHousehold(h, s.communityId, { building: '7号楼' })
    const [b] = await h.db.query<{ building_id: string }>(
      sql`SELECT building_id FROM households WHERE id = ${householdId}`,
    )
    const made = await act(h, s.reporter, 'POST', '/api/problems', post({ buildingId: b!.building_id }), 201)
    expect(made.buildingName).toBe('7号楼')
    const { id: foreignHousehold } = await makeHousehold(h, s.otherCommunityId, { building: '9号楼' })
    const [fb] = await h.db.query<{ building_id: string }>(
      sql`SELECT building_id FROM households WHERE id = ${foreignHousehold}`,
    )
    expectError(
      await send(h, s.reporter, 'POST', '/api/problems', post({ buildingId: fb!.building_id })),
      400,
      'VALIDATION_FAILED',
    )
  })

  it('is for verified members of that community only', async () => {
    expectError(await send(h, null, 'POST', '/api/problems', post({})), 401, 'UNAUTHENTICATED')
    const pending = await makeUser(h, 'resident', s.communityId, undefined, { member: false })
    for (const user of [pending, s.outsider, s.staff, s.handler, s.foreignStaff]) {
      expectError(await send(h, user, 'POST', '/api/problems', post({})), 403, 'MEMBERSHIP_REQUIRED')
    }
    // A member of the other community cannot report into this one.
    expectError(
      await send(h, s.outsider, 'POST', '/api/problems', post({ communityId: s.communityId })),
      403,
      'MEMBERSHIP_REQUIRED',
    )
  })

  it('refuses text with a sensitive word (422)', async () => {
    expectError(
      await send(h, s.reporter, 'POST', '/api/problems', post({ description: '楼下有人聚众赌博，很吵闹' })),
      422,
      'CONTENT_REJECTED',
    )
  })
})

describe('GET /api/problems and /api/problems/:id', () => {
  it('needs a community unless mine or escalated; refuses bad queries', async () => {
    expectError(await send(h, s.reporter, 'GET', '/api/problems'), 400, 'VALIDATION_FAILED')
    expectError(await send(h, s.reporter, 'GET', '/api/problems?communityId=x'), 400, 'VALIDATION_FAILED')
    expectError(
      await send(h, s.reporter, 'GET', `/api/problems?communityId=${s.communityId}&status=done`),
      400,
      'VALIDATION_FAILED',
    )
    expectError(await send(h, s.reporter, 'GET', '/api/problems?mine=maybe'), 400, 'VALIDATION_FAILED')
    expectError(await send(h, s.reporter, 'GET', '/api/problems?mine=true&cursor=zzz'), 400, 'VALIDATION_FAILED')
    expectError(await send(h, s.reporter, 'GET', '/api/problems/not-an-id'), 400, 'VALIDATION_FAILED')
    expectError(await send(h, s.reporter, 'GET', `/api/problems/${randomUUID()}`), 404, 'NOT_FOUND')
    expectError(await send(h, s.reporter, 'GET', `/api/problems/${randomUUID()}/events`), 404, 'NOT_FOUND')
  })

  it('staff of another community see nothing of this one', async () => {
    const id = await reportProblem(h, s)
    expectError(await send(h, s.foreignStaff, 'GET', `/api/problems/${id}`), 404, 'NOT_FOUND')
    expectError(await send(h, s.foreignStaff, 'GET', `/api/problems?communityId=${s.communityId}`), 403, 'FORBIDDEN')
    const mine = await act(h, s.foreignStaff, 'GET', '/api/problems?mine=true')
    expect(mine.items).toEqual([])
  })
})

describe('POST /api/problems/:id/assign', () => {
  it('bad inputs: org, due time', async () => {
    const id = await reportProblem(h, s)
    const now = h.clock.now().getTime()
    const bad: object[] = [
      {},
      { orgId: 'x' },
      { orgId: s.propertyId, dueAt: 'tomorrow' },
      { orgId: s.propertyId, dueAt: new Date(now - HOUR_MS).toISOString() },
      { orgId: s.propertyId, dueAt: new Date(now + 61 * 24 * HOUR_MS).toISOString() },
      { orgId: s.propertyId, extra: true },
    ]
    for (const body of bad) {
      expectError(await send(h, s.staff, 'POST', `/api/problems/${id}/assign`, body), 400, 'VALIDATION_FAILED')
    }
    // An organisation of another community, or none at all.
    for (const orgId of [s.foreignOrgId, randomUUID()]) {
      expectError(await send(h, s.staff, 'POST', `/api/problems/${id}/assign`, { orgId }), 400, 'VALIDATION_FAILED')
    }
    expect((await problemRow(h, id)).status).toBe('submitted')
  })

  it('community staff only; foreign staff are not told it exists; not twice', async () => {
    const id = await reportProblem(h, s)
    const body = { orgId: s.propertyId }
    expectError(await send(h, null, 'POST', `/api/problems/${id}/assign`, body), 401, 'UNAUTHENTICATED')
    for (const user of [s.reporter, s.neighbour, s.handler]) {
      expectError(await send(h, user, 'POST', `/api/problems/${id}/assign`, body), 403, 'FORBIDDEN')
    }
    expectError(await send(h, s.foreignStaff, 'POST', `/api/problems/${id}/assign`, body), 404, 'NOT_FOUND')
    expectError(await send(h, s.staff, 'POST', `/api/problems/${randomUUID()}/assign`, body), 404, 'NOT_FOUND')
    // Street staff act as staff of every community of their street.
    await act(h, s.streetStaff, 'POST', `/api/problems/${id}/assign`, body)
    expectError(await send(h, s.staff, 'POST', `/api/problems/${id}/assign`, body), 409, 'PROBLEM_NOT_ASSIGNABLE')
  })
})

describe('POST /api/problems/:id/accept and /return', () => {
  it('a handler of the assigned organisation only', async () => {
    const id = await assignedProblem(h, s)
    for (const user of [s.reporter, s.staff, s.committeeHandler]) {
      expectError(await send(h, user, 'POST', `/api/problems/${id}/accept`, {}), 403, 'FORBIDDEN')
      expectError(await send(h, user, 'POST', `/api/problems/${id}/return`, { reason: '不归我们管' }), 403, 'FORBIDDEN')
    }
    for (const user of [s.foreignHandler, s.foreignStaff, s.outsider]) {
      expectError(await send(h, user, 'POST', `/api/problems/${id}/accept`, {}), 404, 'NOT_FOUND')
    }
    expectError(await send(h, s.handler, 'POST', `/api/problems/${id}/accept`, { note: 1 }), 400, 'VALIDATION_FAILED')
    expectError(
      await send(h, s.handler, 'POST', `/api/problems/${id}/return`, { reason: '不' }),
      400,
      'VALIDATION_FAILED',
    )
    await act(h, s.handler, 'POST', `/api/problems/${id}/accept`, {})
    expectError(
      await send(h, s.handler, 'POST', `/api/problems/${id}/return`, { reason: '不归我们管' }),
      409,
      'PROBLEM_NOT_ASSIGNED',
    )
  })

  it('not before it is assigned', async () => {
    const id = await reportProblem(h, s)
    expectError(await send(h, s.handler, 'POST', `/api/problems/${id}/accept`, {}), 403, 'FORBIDDEN')
  })
})

describe('POST /api/problems/:id/resolve', () => {
  it('the handler who accepted it or staff; bad result; not twice', async () => {
    const id = await acceptedProblem(h, s)
    for (const body of [{}, { result: '好' }, { result: '长'.repeat(501) }]) {
      expectError(await send(h, s.handler, 'POST', `/api/problems/${id}/resolve`, body), 400, 'VALIDATION_FAILED')
    }
    for (const user of [s.reporter, s.handler2, s.committeeHandler]) {
      expectError(await send(h, user, 'POST', `/api/problems/${id}/resolve`, { result: '已处理' }), 403, 'FORBIDDEN')
    }
    expectError(
      await send(h, s.foreignStaff, 'POST', `/api/problems/${id}/resolve`, { result: '已处理' }),
      404,
      'NOT_FOUND',
    )
    await act(h, s.handler, 'POST', `/api/problems/${id}/resolve`, { result: '已处理' })
    expectError(
      await send(h, s.handler, 'POST', `/api/problems/${id}/resolve`, { result: '已处理' }),
      409,
      'PROBLEM_NOT_IN_PROGRESS',
    )
  })
})

describe('POST /api/problems/:id/rate', () => {
  it('the reporter only, once, after resolution', async () => {
    const submitted = await reportProblem(h, s)
    expectError(
      await send(h, s.reporter, 'POST', `/api/problems/${submitted}/rate`, { satisfaction: 'satisfied' }),
      409,
      'PROBLEM_NOT_RESOLVED',
    )
    const id = await resolvedProblem(h, s)
    for (const body of [{}, { satisfaction: 'great' }, { satisfaction: 'satisfied', comment: '长'.repeat(201) }]) {
      expectError(await send(h, s.reporter, 'POST', `/api/problems/${id}/rate`, body), 400, 'VALIDATION_FAILED')
    }
    for (const user of [s.neighbour, s.staff, s.handler]) {
      expectError(
        await send(h, user, 'POST', `/api/problems/${id}/rate`, { satisfaction: 'satisfied' }),
        403,
        'FORBIDDEN',
      )
    }
    expectError(
      await send(h, s.foreignStaff, 'POST', `/api/problems/${id}/rate`, { satisfaction: 'satisfied' }),
      404,
      'NOT_FOUND',
    )
    await act(h, s.reporter, 'POST', `/api/problems/${id}/rate`, { satisfaction: 'satisfied' })
    expectError(
      await send(h, s.reporter, 'POST', `/api/problems/${id}/rate`, { satisfaction: 'unsatisfied', comment: '没修好' }),
      409,
      'PROBLEM_NOT_RESOLVED',
    )
  })
})

describe('POST /api/problems/:id/escalate', () => {
  it('community staff; a reason; not a resolved problem', async () => {
    const id = await resolvedProblem(h, s)
    expectError(await send(h, s.staff, 'POST', `/api/problems/${id}/escalate`, {}), 400, 'VALIDATION_FAILED')
    expectError(
      await send(h, s.staff, 'POST', `/api/problems/${id}/escalate`, { reason: '需要协调' }),
      409,
      'PROBLEM_NOT_OPEN',
    )
    const open = await reportProblem(h, s)
    expectError(
      await send(h, s.reporter, 'POST', `/api/problems/${open}/escalate`, { reason: '需要协调' }),
      403,
      'FORBIDDEN',
    )
    expectError(
      await send(h, s.foreignStaff, 'POST', `/api/problems/${open}/escalate`, { reason: '需要协调' }),
      404,
      'NOT_FOUND',
    )
  })
})

describe('GET /api/handler/queue', () => {
  it("their own organisation's open problems only, oldest due first", async () => {
    // Whoever handles for no organisation has no queue: told so, not shown an empty list.
    for (const who of [s.reporter, s.staff, s.streetStaff, s.outsider]) {
      expectError(await send(h, who, 'GET', '/api/handler/queue'), 403, 'FORBIDDEN')
    }
    expectError(await send(h, null, 'GET', '/api/handler/queue'), 401, 'UNAUTHENTICATED')
    expectError(await send(h, s.handler, 'GET', '/api/handler/queue?limit=0'), 400, 'VALIDATION_FAILED')
    const later = await assignedProblem(h, s)
    const sooner = await assignedProblem(h, s, { category: 'safety', description: '井盖松动，有人踩空' })
    const queue = await act(h, s.handler2, 'GET', '/api/handler/queue?limit=50')
    const ids = queue.items.map((p: { id: string }) => p.id)
    expect(ids.indexOf(sooner)).toBeLessThan(ids.indexOf(later))
    expect(queue.items.every((p: { orgId: string }) => p.orgId === s.propertyId)).toBe(true)
    const dues = queue.items.map((p: { dueAt: string }) => Date.parse(p.dueAt))
    expect(dues).toEqual([...dues].sort((a, b) => a - b))
    expect(
      (await act(h, s.committeeHandler, 'GET', '/api/handler/queue')).items.map((p: { id: string }) => p.id),
    ).not.toContain(later)
    expect((await act(h, s.foreignHandler, 'GET', '/api/handler/queue')).items).toEqual([])
  })

  it('pages by due time', async () => {
    const scene = await problemScene(h)
    for (let i = 0; i < 3; i++) await assignedProblem(h, scene)
    const first = await act(h, scene.handler, 'GET', '/api/handler/queue?limit=2')
    expect(first.items).toHaveLength(2)
    const second = await act(h, scene.handler, 'GET', `/api/handler/queue?limit=2&cursor=${first.nextCursor}`)
    expect(second.items).toHaveLength(1)
    expect(second.nextCursor).toBeNull()
  })
})

describe('GET /api/communities/:id/problem-orgs', () => {
  it('staff of the community see its organisations', async () => {
    const orgs = await act(h, s.staff, 'GET', `/api/communities/${s.communityId}/problem-orgs`)
    expect(orgs.items.map((o: { id: string }) => o.id).sort()).toEqual([s.propertyId, s.committeeId].sort())
    expectError(
      await send(h, s.foreignStaff, 'GET', `/api/communities/${s.communityId}/problem-orgs`),
      403,
      'FORBIDDEN',
    )
    expectError(await send(h, s.reporter, 'GET', `/api/communities/${s.communityId}/problem-orgs`), 403, 'FORBIDDEN')
    expectError(await send(h, s.staff, 'GET', '/api/communities/x/problem-orgs'), 400, 'VALIDATION_FAILED')
  })
})
