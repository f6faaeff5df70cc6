import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { auditRowsOf, makeUser, makeMember, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness, type Reply } from '../support/harness'
import { TEN_YEARS_TTL } from '../wishes/helpers'
import { DAY_MS, expectError, notificationsOf, ok, openTopic, START, topicScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

const A_UUID = '00000000-0000-4000-8000-000000000000'
const post = (user: TestUser, path: string, body: unknown = {}) =>
  call(h.app, 'POST', path, { token: user.token, body })
const get = (user: TestUser, path: string) => call(h.app, 'GET', path, { token: user.token })
const pathsOf = (reply: Reply) => reply.body.error.details.map((d: { path: unknown }) => d.path)

type Scene = Awaited<ReturnType<typeof topicScene>>

async function commentRow(id: string) {
  const [row] = await h.db.query<{ hidden: boolean; staff_decided: boolean; report_count: number }>(
    sql`SELECT hidden, staff_decided, report_count FROM topic_comments WHERE id = ${id}`,
  )
  return row!
}
const reportsOf = (id: string) =>
  h.db.query<{ reporter_id: string; reason: string }>(
    sql`SELECT reporter_id, reason FROM comment_reports WHERE comment_id = ${id} ORDER BY created_at, reporter_id`,
  )
const eventsOf = (topicId: string) =>
  h.db.query<{ type: string; actor_id: string | null; actor_role: string; note: string | null }>(
    sql`SELECT type, actor_id, actor_role, note FROM topic_events WHERE topic_id = ${topicId} ORDER BY id`,
  )

/** An open topic and a top-level comment on it by `by` (the author by default). */
async function commented(s: Scene, by: TestUser = s.author, body = '我有不同意见') {
  const topic = await openTopic(h, s)
  const comment = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, by, { body }, 201)
  return { topic, comment }
}

const report = (who: TestUser, commentId: string, reason = '人身攻击') =>
  ok(h, 'POST', `/api/comments/${commentId}/reports`, who, { reason }, 201)

describe('POST /api/comments/:id/reports', () => {
  it('a resident reports a comment once: 201, recorded, still shown', async () => {
    const s = await topicScene(h)
    const { comment } = await commented(s)
    expect(await report(s.neighbour, comment.id, '  广告  ')).toEqual({ commentId: comment.id, reported: true })
    expect(await reportsOf(comment.id)).toEqual([{ reporter_id: s.neighbour.id, reason: '广告' }])
    expect(await commentRow(comment.id)).toEqual({ hidden: false, staff_decided: false, report_count: 1 })
    expectError(
      await post(s.neighbour, `/api/comments/${comment.id}/reports`, { reason: '再举报' }),
      409,
      'ALREADY_REPORTED',
    )
    expect((await commentRow(comment.id)).report_count).toBe(1)
  })

  it('not one’s own comment (403); not from the admin, who is no member (403); not from elsewhere (404)', async () => {
    const s = await topicScene(h)
    const { comment } = await commented(s)
    expectError(await post(s.author, `/api/comments/${comment.id}/reports`, { reason: '测试' }), 403, 'FORBIDDEN')
    expectError(
      await post(s.admin, `/api/comments/${comment.id}/reports`, { reason: '测试' }),
      403,
      'MEMBERSHIP_REQUIRED',
    )
    for (const who of [s.outsider, s.foreignStaff]) {
      expectError(await post(who, `/api/comments/${comment.id}/reports`, { reason: '测试' }), 404, 'NOT_FOUND')
    }
    expect(await reportsOf(comment.id)).toEqual([])
  })

  it.each([[{}], [{ reason: '坏' }], [{ reason: '坏'.repeat(201) }], [{ reason: 3 }]])(
    'refuses %j: 400 on reason',
    async (body) => {
      const s = await topicScene(h)
      const { comment } = await commented(s)
      const reply = await post(s.neighbour, `/api/comments/${comment.id}/reports`, body)
      expectError(reply, 400, 'VALIDATION_FAILED')
      expect(pathsOf(reply)).toContainEqual(['reason'])
      expect(await reportsOf(comment.id)).toEqual([])
    },
  )

  it('three reports from different residents hide it once, by the system, in the timeline and audit log', async () => {
    const s = await topicScene(h)
    const { topic, comment } = await commented(s)
    const fourth = await makeUser(h, 'resident', s.communityId)
    await report(s.neighbour, comment.id)
    await report(s.neighbour2, comment.id)
    expect((await commentRow(comment.id)).hidden).toBe(false)
    await report(s.neighbour3, comment.id)
    expect(await commentRow(comment.id)).toEqual({ hidden: true, staff_decided: false, report_count: 3 })
    await report(fourth, comment.id)
    expect(await commentRow(comment.id)).toEqual({ hidden: true, staff_decided: false, report_count: 4 })
    const hides = (await eventsOf(topic.id)).filter((e) => e.type === 'comment_hidden')
    expect(hides).toEqual([{ type: 'comment_hidden', actor_id: null, actor_role: 'system', note: expect.any(String) }])
    expect(await auditRowsOf(h, comment.id)).toMatchObject([
      {
        actor_role: 'system',
        action: 'comment.hidden_by_reports',
        entity_type: 'comment',
        community_id: s.communityId,
        after: { hidden: true, reports: 3 },
      },
    ])
    // Hidden: others read no text and the count leaves it out; its author and staff still read it.
    const neighbourView = await ok(h, 'GET', `/api/topics/${topic.id}/comments`, s.neighbour)
    expect(neighbourView.items).toMatchObject([{ id: comment.id, hidden: true, body: null }])
    for (const who of [s.author, s.staff, s.admin]) {
      const view = await ok(h, 'GET', `/api/topics/${topic.id}/comments`, who)
      expect(view.items).toMatchObject([{ id: comment.id, hidden: true, body: '我有不同意见' }])
    }
    expect((await ok(h, 'GET', `/api/topics/${topic.id}`, s.neighbour)).comments).toBe(0)
  })

  it('a reply may be reported and hidden too; its text then reads as null to others', async () => {
    const s = await topicScene(h)
    const { topic, comment } = await commented(s, s.neighbour)
    const reply = await ok(
      h,
      'POST',
      `/api/topics/${topic.id}/comments`,
      s.author,
      { body: '回复', parentId: comment.id },
      201,
    )
    for (const who of [s.neighbour, s.neighbour2, s.neighbour3]) await report(who, reply.id)
    const view = await ok(h, 'GET', `/api/topics/${topic.id}/comments`, s.neighbour2)
    expect(view.items).toMatchObject([
      { id: comment.id, hidden: false, replies: [{ id: reply.id, hidden: true, body: null }] },
    ])
  })

  it('once staff decided, reports no longer hide it', async () => {
    const s = await topicScene(h)
    const { comment } = await commented(s)
    await ok(h, 'POST', `/api/comments/${comment.id}/hide`, s.staff, { reason: '先隐藏核实' })
    await ok(h, 'POST', `/api/comments/${comment.id}/restore`, s.staff, { reason: '核实无问题' })
    for (const who of [s.neighbour, s.neighbour2, s.neighbour3]) await report(who, comment.id)
    expect(await commentRow(comment.id)).toEqual({ hidden: false, staff_decided: true, report_count: 3 })
  })

  it('reports on a comment of a closed topic are still taken', async () => {
    const s = await topicScene(h)
    const { topic, comment } = await commented(s)
    await ok(h, 'POST', `/api/topics/${topic.id}/close`, s.staff)
    await report(s.neighbour, comment.id)
    expect((await commentRow(comment.id)).report_count).toBe(1)
  })
})

describe('POST /api/comments/:id/hide and /restore', () => {
  it('staff hide with a reason: public timeline (named staff) and audit log; restore likewise', async () => {
    const s = await topicScene(h)
    const { topic, comment } = await commented(s)
    h.clock.advance(60_000)
    const hidden = await ok(h, 'POST', `/api/comments/${comment.id}/hide`, s.staff, { reason: '  含人身攻击  ' })
    expect(hidden).toMatchObject({ id: comment.id, hidden: true, body: '我有不同意见', authorName: '王小明' })
    expect(await commentRow(comment.id)).toMatchObject({ hidden: true, staff_decided: true })
    h.clock.advance(60_000)
    const restored = await ok(h, 'POST', `/api/comments/${comment.id}/restore`, s.admin, { reason: '复核后恢复' })
    expect(restored).toMatchObject({ hidden: false, body: '我有不同意见' })
    expect((await eventsOf(topic.id)).slice(-2)).toEqual([
      { type: 'comment_hidden', actor_id: s.staff.id, actor_role: 'staff', note: '含人身攻击' },
      { type: 'comment_restored', actor_id: s.admin.id, actor_role: 'admin', note: '复核后恢复' },
    ])
    expect(await auditRowsOf(h, comment.id)).toMatchObject([
      {
        actor_id: s.staff.id,
        action: 'comment.hidden',
        community_id: s.communityId,
        before: { hidden: false },
        after: { hidden: true, reason: '含人身攻击' },
      },
      { actor_id: s.admin.id, action: 'comment.restored', after: { hidden: false, reason: '复核后恢复' } },
    ])
    const timeline = await ok(h, 'GET', `/api/topics/${topic.id}/timeline`, s.neighbour)
    expect(timeline.items.slice(-2)).toEqual([
      {
        id: expect.any(String),
        type: 'comment_hidden',
        actorRole: 'staff',
        actorName: '陈主任',
        note: '含人身攻击',
        createdAt: new Date(Date.parse(START) + 60_000).toISOString(),
      },
      {
        id: expect.any(String),
        type: 'comment_restored',
        actorRole: 'admin',
        actorName: expect.any(String),
        note: '复核后恢复',
        createdAt: new Date(Date.parse(START) + 120_000).toISOString(),
      },
    ])
  })

  it('staff keep hidden a comment that reports hid: decided, out of reports’ hands', async () => {
    const s = await topicScene(h)
    const { comment } = await commented(s)
    for (const who of [s.neighbour, s.neighbour2, s.neighbour3]) await report(who, comment.id)
    await ok(h, 'POST', `/api/comments/${comment.id}/hide`, s.staff, { reason: '确有不当言论' })
    expect(await commentRow(comment.id)).toMatchObject({ hidden: true, staff_decided: true })
    expectError(
      await post(s.staff, `/api/comments/${comment.id}/hide`, { reason: '再次隐藏' }),
      409,
      'COMMENT_ALREADY_HIDDEN',
    )
  })

  it('409 COMMENT_NOT_HIDDEN restoring a shown comment; COMMENT_ALREADY_HIDDEN hiding a hidden one', async () => {
    const s = await topicScene(h)
    const { topic, comment } = await commented(s)
    expectError(
      await post(s.staff, `/api/comments/${comment.id}/restore`, { reason: '恢复一下' }),
      409,
      'COMMENT_NOT_HIDDEN',
    )
    await ok(h, 'POST', `/api/comments/${comment.id}/hide`, s.staff, { reason: '含广告' })
    expectError(
      await post(s.staff, `/api/comments/${comment.id}/hide`, { reason: '再次隐藏' }),
      409,
      'COMMENT_ALREADY_HIDDEN',
    )
    await ok(h, 'POST', `/api/comments/${comment.id}/restore`, s.staff, { reason: '核实无问题' })
    expectError(
      await post(s.staff, `/api/comments/${comment.id}/restore`, { reason: '再次恢复' }),
      409,
      'COMMENT_NOT_HIDDEN',
    )
    expect((await eventsOf(topic.id)).map((e) => e.type)).toEqual([
      'proposed',
      'approved',
      'comment_hidden',
      'comment_restored',
    ])
  })

  it('restoring a reported comment still shown keeps it shown and dismisses its reports: out of the queue, audited, not in the timeline', async () => {
    const s = await topicScene(h)
    const { topic, comment } = await commented(s)
    await ok(h, 'POST', `/api/comments/${comment.id}/reports`, s.neighbour, { reason: '广告' }, 201)
    const kept = await ok(h, 'POST', `/api/comments/${comment.id}/restore`, s.staff, { reason: '不是广告' })
    expect(kept).toMatchObject({ id: comment.id, hidden: false })
    expect(await commentRow(comment.id)).toMatchObject({ hidden: false, staff_decided: true })
    const queue = await ok(h, 'GET', `/api/comments/reported?communityId=${s.communityId}`, s.staff)
    expect(queue.items.map((c: { id: string }) => c.id)).not.toContain(comment.id)
    expect((await eventsOf(topic.id)).map((e) => e.type)).toEqual(['proposed', 'approved'])
    const [audit] = await auditRowsOf(h, comment.id, 'comment.')
    expect(audit).toMatchObject({
      actor_id: s.staff.id,
      action: 'comment.restored',
      before: { hidden: false },
      after: { hidden: false, reason: '不是广告' },
    })
    // Decided: two more reports no longer hide it, and restoring again is 409.
    for (const user of [s.neighbour2, s.neighbour3]) {
      await ok(h, 'POST', `/api/comments/${comment.id}/reports`, user, { reason: '广告' }, 201)
    }
    expect(await commentRow(comment.id)).toMatchObject({ hidden: false })
    expectError(
      await post(s.staff, `/api/comments/${comment.id}/restore`, { reason: '再次恢复' }),
      409,
      'COMMENT_NOT_HIDDEN',
    )
  })

  it('staff of another community: 404; residents: 403; nothing changed', async () => {
    const s = await topicScene(h)
    const { comment } = await commented(s)
    expectError(
      await post(s.foreignStaff, `/api/comments/${comment.id}/hide`, { reason: '越权隐藏' }),
      404,
      'NOT_FOUND',
    )
    expectError(await post(s.neighbour, `/api/comments/${comment.id}/hide`, { reason: '越权隐藏' }), 403, 'FORBIDDEN')
    expect(await commentRow(comment.id)).toMatchObject({ hidden: false, staff_decided: false })
    expect(await auditRowsOf(h, comment.id)).toEqual([])
  })

  it.each([[{}], [{ reason: '坏' }], [{ reason: '坏'.repeat(201) }]])('refuses %j: 400 on reason', async (body) => {
    const s = await topicScene(h)
    const { comment } = await commented(s)
    for (const action of ['hide', 'restore']) {
      const reply = await post(s.staff, `/api/comments/${comment.id}/${action}`, body)
      expectError(reply, 400, 'VALIDATION_FAILED')
      expect(pathsOf(reply)).toContainEqual(['reason'])
    }
    expect(await commentRow(comment.id)).toMatchObject({ hidden: false, staff_decided: false })
  })
})

describe('GET /api/comments/reported', () => {
  it('lists undecided reported comments of the staff member’s communities, latest report first', async () => {
    const s = await topicScene(h)
    const { topic, comment: first } = await commented(s)
    const second = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour, { body: '第二条' }, 201)
    const never = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour2, { body: '没人举报' }, 201)
    const decided = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour2, { body: '已处理' }, 201)
    // Another community's reported comment stays out of this staff member's queue.
    const elsewhere = await topicScene(h)
    const { comment: foreign } = await commented(elsewhere)
    await report(elsewhere.neighbour, foreign.id)

    h.clock.set(new Date(Date.parse(START) + 60_000))
    await report(s.neighbour, first.id, '人身攻击')
    h.clock.advance(60_000)
    await report(s.author, second.id, '广告')
    await report(s.neighbour, decided.id, '广告')
    await ok(h, 'POST', `/api/comments/${decided.id}/hide`, s.staff, { reason: '确为广告' })
    h.clock.advance(60_000)
    await report(s.neighbour2, first.id, '辱骂他人')
    h.clock.advance(1000)
    await report(s.neighbour3, first.id, '恶意攻击')

    const queue = await ok(h, 'GET', '/api/comments/reported', s.staff)
    expect(queue.nextCursor).toBeNull()
    expect(queue.items).toEqual([
      {
        id: first.id,
        topicId: topic.id,
        parentId: null,
        authorName: '王小明',
        body: '我有不同意见',
        hidden: true,
        mine: false,
        createdAt: expect.any(String),
        topicTitle: '东门空地怎么用',
        reports: 3,
        reasons: ['恶意攻击', '辱骂他人', '人身攻击'],
        lastReportedAt: new Date(Date.parse(START) + 181_000).toISOString(),
      },
      expect.objectContaining({
        id: second.id,
        hidden: false,
        body: '第二条',
        reports: 1,
        reasons: ['广告'],
        lastReportedAt: new Date(Date.parse(START) + 120_000).toISOString(),
      }),
    ])
    expect(queue.items.map((c: { id: string }) => c.id)).not.toContain(never.id)
    // The admin sees every community's queue, or one community's.
    const all = await ok(h, 'GET', '/api/comments/reported?limit=50', s.admin)
    expect(all.items.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([first.id, second.id, foreign.id]),
    )
    const one = await ok(h, 'GET', `/api/comments/reported?communityId=${elsewhere.communityId}`, s.admin)
    expect(one.items.map((c: { id: string }) => c.id)).toEqual([foreign.id])
    // Staff restore: the comment leaves the queue.
    await ok(h, 'POST', `/api/comments/${first.id}/restore`, s.staff, { reason: '核实无问题' })
    const after = await ok(h, 'GET', `/api/comments/reported?communityId=${s.communityId}`, s.staff)
    expect(after.items.map((c: { id: string }) => c.id)).toEqual([second.id])
  })

  it('pages by the latest report, without repeats or gaps', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const c = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.author, { body: `评论${i}` }, 201)
      if (i !== 2) h.clock.advance(1000)
      await report(s.neighbour, c.id)
      ids.unshift(c.id)
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await ok(
        h,
        'GET',
        `/api/comments/reported?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        s.staff,
      )
      seen.push(...page.items.map((c: { id: string }) => c.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(5)
    expect(seen.slice(0, 2)).toEqual(ids.slice(0, 2))
    expect(new Set(seen)).toEqual(new Set(ids))
  })

  it('a community the staff member does not serve: 403; bad queries: 400', async () => {
    const s = await topicScene(h)
    expectError(await get(s.foreignStaff, `/api/comments/reported?communityId=${s.communityId}`), 403, 'FORBIDDEN')
    expectError(await get(s.neighbour, '/api/comments/reported'), 403, 'FORBIDDEN')
    for (const [query, path] of [
      ['communityId=abc', 'communityId'],
      ['limit=0', 'limit'],
      ['limit=51', 'limit'],
      ['cursor=abc', 'cursor'],
    ]) {
      const reply = await get(s.staff, `/api/comments/reported?${query}`)
      expectError(reply, 400, 'VALIDATION_FAILED')
      expect(pathsOf(reply)).toContainEqual([path])
    }
    // The path is not taken for a comment id by the /comments/:id routes.
    expectError(await post(s.staff, '/api/comments/reported/hide', { reason: '测试测试' }), 400, 'VALIDATION_FAILED')
    expect((await ok(h, 'GET', `/api/comments/reported?communityId=${A_UUID}`, s.admin)).items).toEqual([])
  })
})

describe('notifications of the outcome and progress', () => {
  it('everyone who voted or commented, once each, never the staff author; nobody else', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s, { maxChoices: 2 })
    const [a, b] = (topic.options as { id: string }[]).map((o) => o.id)
    const bystander = await makeUser(h, 'resident', s.communityId)
    // neighbour votes and comments twice; neighbour2 only votes; neighbour3 only replies; the staff member votes.
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, s.neighbour, { optionIds: [a] })
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, s.neighbour, { optionIds: [a, b] })
    const c = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour, { body: '一' }, 201)
    await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour, { body: '二' }, 201)
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, s.neighbour2, { optionIds: [b] })
    await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour3, { body: '三', parentId: c.id }, 201)
    // The staff member lives here too: a verified member, so they vote.
    await makeMember(h, s.staff.id, s.communityId)
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, s.staff, { optionIds: [b] })
    await ok(h, 'POST', `/api/topics/${topic.id}/close`, s.staff)
    h.clock.advance(DAY_MS)
    await ok(h, 'POST', `/api/topics/${topic.id}/outcome`, s.staff, { summary: '两项都做' })
    h.clock.advance(DAY_MS)
    await ok(h, 'POST', `/api/topics/${topic.id}/updates`, s.admin, { note: '已经开工', progress: 20 })

    for (const who of [s.neighbour, s.neighbour2, s.neighbour3]) {
      expect(await notificationsOf(h, who.id)).toEqual([
        { kind: 'topic.outcome', entity_id: topic.id },
        { kind: 'topic.update', entity_id: topic.id },
      ])
    }
    // The staff member voted: told of the admin's update, not of the outcome they published themselves (and, as
    // staff, of the proposal that waited for review).
    expect(await notificationsOf(h, s.staff.id)).toEqual([
      { kind: 'staff.topic_review', entity_id: topic.id },
      { kind: 'topic.update', entity_id: topic.id },
    ])
    for (const who of [s.author, bystander, s.admin, s.outsider]) expect(await notificationsOf(h, who.id)).toEqual([])
    const rows = await h.db.query<{ title: string; body: string; entity_type: string }>(
      sql`SELECT title, body, entity_type FROM notifications WHERE entity_id = ${topic.id} AND kind LIKE 'topic.%'
       ORDER BY created_at, user_id`,
    )
    expect(rows).toHaveLength(7)
    expect(rows[0]).toMatchObject({ entity_type: 'topic', body: expect.stringContaining('东门空地怎么用') })
    expect(rows.at(-1)!.body).toContain('20%')
  })

  it('a refused outcome or update notifies nobody', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, s.neighbour, { optionIds: [topic.options[0].id] })
    expectError(
      await post(s.staff, `/api/topics/${topic.id}/outcome`, { summary: '提前公布' }),
      409,
      'TOPIC_NOT_CLOSED',
    )
    await ok(h, 'POST', `/api/topics/${topic.id}/close`, s.staff)
    expectError(
      await post(s.staff, `/api/topics/${topic.id}/updates`, { note: '进展', progress: 5 }),
      409,
      'OUTCOME_REQUIRED',
    )
    expect(await notificationsOf(h, s.neighbour.id)).toEqual([])
  })
})
