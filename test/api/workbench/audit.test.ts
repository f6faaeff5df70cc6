import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import type { Page } from '../../../src/shared/api'
import type { AuditEntryDto } from '../../../src/shared/workbench'
import { makeCommunity, makeUser, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness, type Reply } from '../support/harness'
import { approval, ok, topicBody } from '../topics/helpers'
import { expectError, MINUTE_MS, TEN_YEARS_TTL, wishBody } from '../wishes/helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

const A_UUID = '00000000-0000-4000-8000-000000000000'
const get = (user: TestUser | null, path: string) =>
  call<Page<AuditEntryDto>>(h.app, 'GET', path, { token: user?.token })

/** Every page of an audit URL (with `?`). */
async function allPages(user: TestUser, path: string, limit: number) {
  const items: AuditEntryDto[] = []
  let cursor: string | null = null
  for (let pages = 0; pages < 1000; pages++) {
    const reply: Reply<Page<AuditEntryDto>> = await get(
      user,
      `${path}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    )
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    items.push(...reply.body.items)
    cursor = reply.body.nextCursor
    if (!cursor) return items
    expect(reply.body.items).toHaveLength(limit)
  }
  throw new Error('too many pages')
}

// Shanghai is UTC+8: these are 09:00 on 3 March, 10:00 on 4 March, the last millisecond of 5 March and the first
// of 6 March, Shanghai time.
const T1 = '2031-03-03T01:00:00.000Z'
const T2 = '2031-03-03T02:00:00.000Z'
const T3 = '2031-03-04T02:00:00.000Z'
const T4 = '2031-03-05T15:59:59.999Z'
const T5 = '2031-03-05T16:00:00.000Z'
const at = (t: string, minutes = 0) => new Date(Date.parse(t) + minutes * MINUTE_MS).toISOString()
const NO_PRIVATE = { address: undefined, contactPhone: undefined }

/**
 * Staff of A and of B act in their communities over four Shanghai days; a volunteer reads a wish's address
 * (recorded, masked); reports hide a comment (the system); the admin acts with no community (a row made directly).
 */
async function auditScene() {
  h.clock.set(T1)
  const a = await makeCommunity(h)
  const b = await makeCommunity(h)
  const [staff, foreignStaff, admin, volunteer, owner, proposer, commenter, applicant, residentB, ...reporters] =
    await Promise.all([
      makeUser(h, 'staff', a, '陈主任'),
      makeUser(h, 'staff', b, '林主任'),
      makeUser(h, 'admin', null, '平台管理员'),
      makeUser(h, 'volunteer', a, '张志强'),
      makeUser(h, 'resident', a, '李奶奶'),
      makeUser(h, 'resident', a, '周阿姨'),
      makeUser(h, 'resident', a, '赵大爷'),
      makeUser(h, 'resident', a, '钱申请'),
      makeUser(h, 'resident', b, '孙居民'),
      makeUser(h, 'resident', a),
      makeUser(h, 'resident', a),
      makeUser(h, 'resident', a),
    ])

  // A volunteer decision first: its row is dated by the database's clock (now), long before the harness's 2031.
  await ok(h, 'POST', '/api/me/volunteer', applicant, { realName: '钱多多', phone: '13512345678' }, 201)
  await ok(h, 'POST', `/api/volunteers/${applicant.id}/approve`, staff)

  const wish = await ok(h, 'POST', '/api/wishes', owner, wishBody(), 201)
  await ok(h, 'POST', `/api/wishes/${wish.id}/review`, staff, { approve: true })
  h.clock.set(T2)
  await ok(h, 'POST', `/api/wishes/${wish.id}/claim`, volunteer)

  h.clock.set(T3)
  const rejected = await ok(h, 'POST', '/api/topics', proposer, topicBody(a, { title: '楼下能否加装路灯' }), 201)
  await ok(h, 'POST', `/api/topics/${rejected.id}/review`, staff, { approve: false, reason: '已列入街道计划' })
  h.clock.set(at(T3, 1))
  const topic = await ok(h, 'POST', '/api/topics', proposer, topicBody(a), 201)
  await ok(h, 'POST', `/api/topics/${topic.id}/review`, staff, approval(h.clock.now()))
  h.clock.set(at(T3, 2))
  const comment = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, commenter, { body: '都是骗人的' }, 201)
  for (const [i, reporter] of reporters.entries()) {
    h.clock.set(at(T3, 3 + i))
    await ok(h, 'POST', `/api/comments/${comment.id}/reports`, reporter, { reason: '内容不实' }, 201)
  }

  h.clock.set(T4)
  await ok(h, 'POST', `/api/comments/${comment.id}/hide`, staff, { reason: '经核实内容不实' })

  h.clock.set(T5)
  const wishB = await ok(h, 'POST', '/api/wishes', residentB, wishBody(NO_PRIVATE), 201)
  await ok(h, 'POST', `/api/wishes/${wishB.id}/review`, foreignStaff, { approve: true })
  const wish2 = await ok(h, 'POST', '/api/wishes', owner, wishBody({ ...NO_PRIVATE, title: '帮忙买烟' }), 201)
  await ok(h, 'POST', `/api/wishes/${wish2.id}/review`, staff, { approve: false, reason: '不符合心愿要求' })
  // What an admin does outside any community (the word list, say) has no community.
  await h.db.query(
    sql`INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, after, created_at)
     VALUES (${admin.id}, 'admin', 'words.update', 'words', NULL, NULL, '{"count": 3}', ${T5})`,
  )

  return {
    a,
    b,
    staff,
    foreignStaff,
    admin,
    volunteer,
    owner,
    applicant,
    residentB,
    ids: {
      wish: wish.id,
      wish2: wish2.id,
      wishB: wishB.id,
      rejected: rejected.id,
      topic: topic.id,
      comment: comment.id,
    },
  }
}

type Scene = Awaited<ReturnType<typeof auditScene>>

/** The entries of a list as (when, action, entity, who) lines, to compare with what the scene did. */
const linesOf = (items: AuditEntryDto[]) =>
  items.map((e) => `${e.createdAt.startsWith('2031') ? e.createdAt : 'now'} ${e.action} ${e.entityId} ${e.actorName}`)

describe('GET /api/audit', () => {
  let s: Scene
  let expectedA: string[]
  beforeAll(async () => {
    s = await auditScene()
    const { wish, wish2, rejected, topic, comment } = s.ids
    expectedA = [
      `${T5} wish.rejected ${wish2} 陈主任`,
      `${T4} comment.hidden ${comment} 陈主任`,
      `${at(T3, 5)} comment.hidden_by_reports ${comment} null`,
      `${at(T3, 1)} topic.approved ${topic} 陈主任`,
      `${T3} topic.rejected ${rejected} 陈主任`,
      `${T2} wish.read_private ${wish} 张志强`,
      // The approval and the staff member's reading of the address it showed: one statement, one moment.
      ...[`${T1} wish.approved ${wish} 陈主任`, `${T1} wish.read_private ${wish} 陈主任`],
      `now volunteer.approve ${s.applicant.id} 陈主任`,
    ]
  })

  const sortTies = (lines: string[]) => [...lines.slice(0, 6), ...lines.slice(6, 8).sort(), ...lines.slice(8)]

  it("gives staff their community's log, newest first, staff by name, residents by name to staff of the community, the system unnamed", async () => {
    const reply = await get(s.staff, '/api/audit')
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    expect(reply.body.nextCursor).toBeNull()
    expect(sortTies(linesOf(reply.body.items))).toEqual(expectedA)
    expect(reply.body.items.every((e) => e.communityId === s.a)).toBe(true)

    const byId = (action: string) => reply.body.items.find((e) => e.action === action)!
    expect(byId('comment.hidden')).toEqual({
      id: expect.stringMatching(/^\d+$/),
      actorId: s.staff.id,
      actorName: '陈主任',
      actorRole: 'staff',
      action: 'comment.hidden',
      entityType: 'comment',
      entityId: s.ids.comment,
      communityId: s.a,
      before: { hidden: true },
      after: { hidden: true, reason: '经核实内容不实' },
      createdAt: T4,
    })
    expect(byId('comment.hidden_by_reports')).toMatchObject({
      actorId: null,
      actorName: null,
      actorRole: 'system',
      before: { hidden: false },
      after: { hidden: true, reports: 3 },
    })
    expect(reply.body.items.find((e) => e.actorRole === 'volunteer')).toMatchObject({
      actorId: s.volunteer.id,
      actorName: '张志强',
      action: 'wish.read_private',
      before: null,
      after: null,
    })
    expect(byId('wish.rejected')).toMatchObject({
      before: { status: 'pending_review' },
      after: { status: 'rejected', note: '不符合心愿要求' },
    })
  })

  it('pages newest first without repeats or gaps, whatever the page size', async () => {
    const whole = (await get(s.staff, '/api/audit')).body.items
    for (const limit of [1, 2, 3, 8, 9, 50]) {
      expect(await allPages(s.staff, '/api/audit?', limit), `limit ${limit}`).toEqual(whole)
    }
    const first = await get(s.staff, '/api/audit?limit=3')
    expect(first.body.items).toEqual(whole.slice(0, 3))
    const second = await get(s.staff, `/api/audit?limit=3&cursor=${first.body.nextCursor}`)
    expect(second.body.items).toEqual(whole.slice(3, 6))
  })

  it('never shows staff the rows of another community or of none', async () => {
    const b = await get(s.foreignStaff, '/api/audit')
    expect(b.body.items.map((e) => [e.action, e.entityId, e.communityId, e.actorName]).sort()).toEqual([
      ['wish.approved', s.ids.wishB, s.b, '林主任'],
    ])
    // Filters do not reach past the scope either.
    for (const query of [
      `entityId=${s.ids.comment}`,
      `actorId=${s.staff.id}`,
      'action=comment.',
      `actorId=${s.admin.id}`,
      'entityType=words',
    ]) {
      expect((await get(s.foreignStaff, `/api/audit?${query}`)).body.items, query).toEqual([])
    }
    expect((await get(s.staff, `/api/audit?actorId=${s.admin.id}`)).body.items).toEqual([])
    expect((await get(s.staff, `/api/audit?actorId=${s.foreignStaff.id}`)).body.items).toEqual([])
  })

  it('gives the admin every row, those of no community too, or one community when asked', async () => {
    const a = await get(s.admin, `/api/audit?communityId=${s.a}`)
    expect(a.body).toEqual((await get(s.staff, '/api/audit')).body)
    const mine = await get(s.admin, `/api/audit?actorId=${s.admin.id}`)
    expect(mine.body.items).toEqual([
      {
        id: expect.any(String),
        actorId: s.admin.id,
        actorName: '平台管理员',
        actorRole: 'admin',
        action: 'words.update',
        entityType: 'words',
        entityId: null,
        communityId: null,
        before: null,
        after: { count: 3 },
        createdAt: T5,
      },
    ])
    // Unfiltered: everyone's, other files' too on a shared database; newest first.
    const all = await get(s.admin, '/api/audit?limit=50')
    expect(all.status).toBe(200)
    const times = all.body.items.map((e) => e.createdAt)
    expect(times).toEqual([...times].sort().reverse())
    expect((await get(s.admin, `/api/audit?communityId=${A_UUID}`)).body).toEqual({ items: [], nextCursor: null })
  })

  it('filters by action prefix, actor, entity type and entity id', async () => {
    const { wish, wish2, comment, topic, rejected } = s.ids
    const lines = async (query: string) => sortTies(linesOf((await get(s.staff, `/api/audit?${query}`)).body.items))
    const pick = (...actions: string[]) => expectedA.filter((l) => actions.some((x) => l.split(' ')[1]!.startsWith(x)))

    expect(await lines('action=wish.')).toEqual(pick('wish.'))
    expect(await lines('action=wish.')).toHaveLength(4)
    expect(await lines('action=wish.read_')).toEqual(pick('wish.read_private'))
    expect(await lines('action=wish.approved')).toEqual([`${T1} wish.approved ${wish} 陈主任`])
    expect(await lines('action=comment.hidden')).toEqual(pick('comment.hidden'))
    expect(await lines('action=comment.hidden')).toHaveLength(2)
    // A prefix, not a pattern: LIKE's wildcards are plain characters.
    expect(await lines('action=wish.%25')).toEqual([])
    expect(await lines('action=w_sh.')).toEqual([])
    expect(await lines('action=wish')).toEqual(pick('wish.'))
    expect(await lines('action=%20topic.%20')).toEqual(pick('topic.'))

    expect(await lines(`actorId=${s.volunteer.id}`)).toEqual([`${T2} wish.read_private ${wish} 张志强`])
    expect(await lines('entityType=topic')).toEqual([
      `${at(T3, 1)} topic.approved ${topic} 陈主任`,
      `${T3} topic.rejected ${rejected} 陈主任`,
    ])
    expect(await lines('entityType=volunteer')).toEqual([`now volunteer.approve ${s.applicant.id} 陈主任`])
    expect(await lines(`entityId=${comment}`)).toEqual(pick('comment.'))
    expect(await lines(`entityId=${wish}`)).toEqual(expectedA.filter((l) => l.includes(` ${wish} `)))
    expect(await lines(`entityId=${wish}`)).toHaveLength(3)
    expect(await lines(`entityType=wish&action=wish.rejected&actorId=${s.staff.id}&entityId=${wish2}`)).toEqual([
      `${T5} wish.rejected ${wish2} 陈主任`,
    ])
    expect(await lines(`entityType=wish&entityId=${comment}`)).toEqual([])
  })

  it('filters by Shanghai dates, both ends included', async () => {
    const lines = async (query: string) => sortTies(linesOf((await get(s.staff, `/api/audit?${query}`)).body.items))
    const on = (...days: string[]) =>
      expectedA.filter((l) => {
        const t = l.split(' ')[0]!
        if (t === 'now') return false
        // The Shanghai date of the line's time.
        return days.includes(new Date(Date.parse(t) + 8 * 3600_000).toISOString().slice(0, 10))
      })
    expect(await lines('from=2031-03-06&to=2031-03-06')).toEqual([`${T5} wish.rejected ${s.ids.wish2} 陈主任`])
    expect(await lines('from=2031-03-05&to=2031-03-05')).toEqual([`${T4} comment.hidden ${s.ids.comment} 陈主任`])
    expect(await lines('from=2031-03-03&to=2031-03-04')).toEqual(on('2031-03-03', '2031-03-04'))
    expect(await lines('from=2031-03-03&to=2031-03-04')).toHaveLength(6)
    expect(await lines('from=2031-03-04')).toEqual(on('2031-03-04', '2031-03-05', '2031-03-06'))
    expect(await lines('to=2031-03-03')).toEqual([...on('2031-03-03'), expectedA[8]!])
    expect(await lines('from=2031-03-07')).toEqual([])
    expect(await lines('from=2031-03-06&action=wish.')).toEqual([`${T5} wish.rejected ${s.ids.wish2} 陈主任`])
    // Paging inside a period.
    expect(linesOf(await allPages(s.staff, '/api/audit?from=2031-03-03&to=2031-03-04', 1)).length).toBe(6)
  })

  it('answers 403 for a community not served and to residents and volunteers, 401 without login', async () => {
    expectError(await get(s.staff, `/api/audit?communityId=${s.b}`), 403, 'FORBIDDEN')
    expectError(await get(s.foreignStaff, `/api/audit?communityId=${s.a}`), 403, 'FORBIDDEN')
    expectError(await get(s.staff, `/api/audit?communityId=${A_UUID}`), 403, 'FORBIDDEN')
    expectError(await get(s.owner, '/api/audit'), 403, 'FORBIDDEN')
    expectError(await get(s.owner, `/api/audit?communityId=${s.a}`), 403, 'FORBIDDEN')
    expectError(await get(s.volunteer, '/api/audit'), 403, 'FORBIDDEN')
    expectError(await get(null, '/api/audit'), 401, 'UNAUTHENTICATED')
  })

  it('answers 400 to bad dates, cursors, limits and ids', async () => {
    const queueCursor = Buffer.from(JSON.stringify(['2031-03-03T01:00:00.000Z', A_UUID])).toString('base64url')
    const badTime = Buffer.from(JSON.stringify(['yesterday', '12'])).toString('base64url')
    for (const query of [
      'from=2031-02-30',
      'to=2031-13-01',
      'from=2031-3-1',
      'from=20310301',
      'from=2031-03-05&to=2031-03-04',
      'cursor=not-a-cursor',
      `cursor=${queueCursor}`,
      `cursor=${badTime}`,
      'limit=0',
      'limit=51',
      'actorId=someone',
      'communityId=not-a-uuid',
      'action=',
      `action=${'x'.repeat(61)}`,
      `entityId=${'x'.repeat(81)}`,
    ]) {
      expectError(await get(s.staff, `/api/audit?${query}`), 400, 'VALIDATION_FAILED')
    }
  })
})
