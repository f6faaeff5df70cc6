import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeUser, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { TEN_YEARS_TTL } from '../wishes/helpers'
import { DAY_MS, expectError, ok, openTopic, START, topicBody, topicScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

const get = (user: TestUser, path: string) => call(h.app, 'GET', path, { token: user.token })

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, into))
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k)
      keysOf(v, into)
    }
  }
  return into
}

describe('results of an after_close topic', () => {
  it('before close a resident never sees counts: not via /results, the detail or the list; staff do', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s, { resultsVisibility: 'after_close', maxChoices: 2 })
    const [a, b] = (topic.options as { id: string }[]).map((o) => o.id)
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, s.neighbour, { optionIds: [a, b] })
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, s.neighbour2, { optionIds: [b] })

    for (const who of [s.author, s.neighbour, s.neighbour2, s.neighbour3]) {
      expectError(await get(who, `/api/topics/${topic.id}/results`), 403, 'FORBIDDEN')
      const detail = await ok(h, 'GET', `/api/topics/${topic.id}`, who)
      const list = await ok(h, 'GET', `/api/topics?communityId=${s.communityId}`, who)
      for (const body of [detail, list]) {
        expect([...keysOf(body)]).not.toContain('count')
        expect([...keysOf(body)]).not.toContain('final_count')
      }
      expect(detail.options).toEqual([
        { id: a, label: '划为停车位' },
        { id: b, label: '改成充电区' },
        { id: expect.any(String), label: '建成小广场' },
      ])
    }
    // Not even once the window is over, until staff close it.
    h.clock.advance(8 * DAY_MS)
    expectError(await get(s.neighbour, `/api/topics/${topic.id}/results`), 403, 'FORBIDDEN')

    for (const who of [s.staff, s.admin]) {
      const results = await ok(h, 'GET', `/api/topics/${topic.id}/results`, who)
      expect(results.options.map((o: { count: number }) => o.count)).toEqual([1, 2, 0])
    }
    await ok(h, 'POST', `/api/topics/${topic.id}/close`, s.staff)
    const final = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.neighbour)
    expect(final).toMatchObject({ final: true, ballots: 2 })
    expect(final.options.map((o: { count: number }) => o.count)).toEqual([1, 2, 0])
  })

  it('an always topic shows live counts to its residents while voting', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, s.neighbour, { optionIds: [topic.options[2].id] })
    const live = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.neighbour2)
    expect(live).toMatchObject({ final: false, ballots: 1 })
    expect(live.options.map((o: { count: number }) => o.count)).toEqual([0, 0, 1])
  })
})

describe('another community', () => {
  it('never sees the topic: 404 on every read, absent from its own list, refused the list of this one', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour, { body: '支持' }, 201)
    const closedTopic = await openTopic(h, s)
    await ok(h, 'POST', `/api/topics/${closedTopic.id}/close`, s.staff)
    for (const who of [s.outsider, s.foreignStaff]) {
      for (const id of [topic.id, closedTopic.id]) {
        for (const suffix of ['', '/results', '/comments', '/timeline']) {
          expectError(await get(who, `/api/topics/${id}${suffix}`), 404, 'NOT_FOUND')
        }
      }
      expectError(await get(who, `/api/topics?communityId=${s.communityId}`), 403, 'FORBIDDEN')
      const own = await ok(h, 'GET', `/api/topics?communityId=${s.otherCommunityId}`, who)
      expect(own.items).toEqual([])
    }
    // A topic of the other community is likewise unseen here.
    const theirs = await ok(h, 'POST', '/api/topics', s.foreignStaff, topicBody(s.otherCommunityId), 201)
    expectError(await get(s.staff, `/api/topics/${theirs.id}`), 404, 'NOT_FOUND')
    expect((await ok(h, 'GET', `/api/topics?communityId=${s.communityId}`, s.staff)).items).toHaveLength(2)
  })
})

describe('privacy', () => {
  it('author names are masked everywhere residents read them; no phone or openid is ever sent', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    // The volunteer's registration holds a phone: it must not travel with anything they write.
    const comment = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour3, { body: '我来说两句' }, 201)
    await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour, { body: '同意', parentId: comment.id }, 201)
    for (const who of [s.neighbour, s.neighbour2, s.author]) {
      await ok(h, 'POST', `/api/comments/${comment.id}/reports`, who, { reason: '测试举报' }, 201)
    }
    const replies = [
      await ok(h, 'GET', `/api/topics?communityId=${s.communityId}`, s.neighbour2),
      await ok(h, 'GET', `/api/topics/${topic.id}`, s.neighbour2),
      await ok(h, 'GET', `/api/topics/${topic.id}/comments`, s.neighbour2),
      await ok(h, 'GET', `/api/topics/${topic.id}/timeline`, s.neighbour2),
    ]
    const [list, detail, comments, timeline] = replies
    expect(list.items[0].authorName).toBe('王**')
    expect(detail.authorName).toBe('王**')
    expect(comments.items[0]).toMatchObject({ authorName: '张**', replies: [{ authorName: '李**' }] })
    expect(timeline.items[0]).toMatchObject({ type: 'proposed', actorRole: 'resident', actorName: '王**' })
    const text = JSON.stringify(replies)
    for (const secret of ['13900000000', '王小明', '张志强', '李奶奶', 'test:']) expect(text).not.toContain(secret)
    const staffReplies = [
      await ok(h, 'GET', `/api/topics/${topic.id}/comments`, s.staff),
      await ok(h, 'GET', '/api/comments/reported', s.staff),
    ]
    for (const key of ['phone', 'openid', 'authorId', 'author_id', 'reporterId', 'userId']) {
      expect([...keysOf([...replies, ...staffReplies])]).not.toContain(key)
    }
    expect(JSON.stringify(staffReplies)).not.toContain('13900000000')
  })

  it('staff of the community read authors by name (issue #18): comments, the report queue, topics, timeline', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    const comment = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour3, { body: '我来说两句' }, 201)
    await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.neighbour, { body: '同意', parentId: comment.id }, 201)
    await ok(h, 'POST', `/api/comments/${comment.id}/reports`, s.neighbour2, { reason: '测试举报' }, 201)
    for (const who of [s.staff, s.admin]) {
      const comments = await ok(h, 'GET', `/api/topics/${topic.id}/comments`, who)
      expect(comments.items[0]).toMatchObject({ authorName: '张志强', replies: [{ authorName: '李奶奶' }] })
      const reported = await ok(h, 'GET', '/api/comments/reported', who)
      expect(reported.items.find((c: { id: string }) => c.id === comment.id)).toMatchObject({ authorName: '张志强' })
      expect((await ok(h, 'GET', `/api/topics/${topic.id}`, who)).authorName).toBe('王小明')
      const timeline = await ok(h, 'GET', `/api/topics/${topic.id}/timeline`, who)
      expect(timeline.items[0]).toMatchObject({ type: 'proposed', actorName: '王小明' })
    }
    // Staff of another community do not read this community's discussion at all.
    expectError(await get(s.foreignStaff, `/api/topics/${topic.id}/comments`), 404, 'NOT_FOUND')
    expect((await ok(h, 'GET', '/api/comments/reported', s.foreignStaff)).items).toEqual([])
  })
})

describe('the timeline (居务公开)', () => {
  it('lists every staff decision with role, name and time, oldest first', async () => {
    const s = await topicScene(h)
    const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000)
    const proposed = await ok(h, 'POST', '/api/topics', s.author, topicBody(s.communityId), 201)
    h.clock.set(at(10))
    const opened = await ok(h, 'POST', `/api/topics/${proposed.id}/review`, s.staff, {
      approve: true,
      options: ['同意', '不同意'],
      maxChoices: 1,
      votingOpensAt: at(10).toISOString(),
      votingClosesAt: at(60 * 24).toISOString(),
      resultsVisibility: 'always',
    })
    const comment = await ok(h, 'POST', `/api/topics/${opened.id}/comments`, s.neighbour, { body: '说两句' }, 201)
    h.clock.set(at(20))
    for (const who of [s.author, s.neighbour2, s.neighbour3]) {
      await ok(h, 'POST', `/api/comments/${comment.id}/reports`, who, { reason: '不文明' }, 201)
    }
    h.clock.set(at(30))
    await ok(h, 'POST', `/api/comments/${comment.id}/restore`, s.staff, { reason: '核实无问题' })
    h.clock.set(at(40))
    await ok(h, 'POST', `/api/comments/${comment.id}/hide`, s.admin, { reason: '复核后隐藏' })
    h.clock.set(at(50))
    await ok(h, 'POST', `/api/topics/${opened.id}/close`, s.staff)
    h.clock.set(at(60))
    await ok(h, 'POST', `/api/topics/${opened.id}/outcome`, s.staff, { summary: '采纳多数意见' })
    h.clock.set(at(70))
    await ok(h, 'POST', `/api/topics/${opened.id}/updates`, s.staff, { note: '开始施工', progress: 50 })

    const [admin] = await h.db.query<{ nickname: string }>(sql`SELECT nickname FROM users WHERE id = ${s.admin.id}`)
    const timeline = await ok(h, 'GET', `/api/topics/${opened.id}/timeline`, s.neighbour)
    expect(timeline.items.map(({ id: _id, ...e }: { id: string }) => e)).toEqual([
      { type: 'proposed', actorRole: 'resident', actorName: '王**', note: null, createdAt: at(0).toISOString() },
      { type: 'approved', actorRole: 'staff', actorName: '陈主任', note: null, createdAt: at(10).toISOString() },
      {
        type: 'comment_hidden',
        actorRole: 'system',
        actorName: null,
        note: expect.any(String),
        createdAt: at(20).toISOString(),
      },
      {
        type: 'comment_restored',
        actorRole: 'staff',
        actorName: '陈主任',
        note: '核实无问题',
        createdAt: at(30).toISOString(),
      },
      {
        type: 'comment_hidden',
        actorRole: 'admin',
        actorName: admin!.nickname,
        note: '复核后隐藏',
        createdAt: at(40).toISOString(),
      },
      { type: 'closed', actorRole: 'staff', actorName: '陈主任', note: null, createdAt: at(50).toISOString() },
      {
        type: 'outcome',
        actorRole: 'staff',
        actorName: '陈主任',
        note: '采纳多数意见',
        createdAt: at(60).toISOString(),
      },
      {
        type: 'update',
        actorRole: 'staff',
        actorName: '陈主任',
        note: '开始施工（进度50%）',
        createdAt: at(70).toISOString(),
      },
    ])
    // The same for a resident who arrived later; staff of the community read the proposer by name too.
    const newcomer = await makeUser(h, 'resident', s.communityId)
    expect((await ok(h, 'GET', `/api/topics/${opened.id}/timeline`, newcomer)).items).toEqual(timeline.items)
    const named = timeline.items.map((e: { actorName: string | null }, i: number) =>
      i === 0 ? { ...e, actorName: '王小明' } : e,
    )
    expect((await ok(h, 'GET', `/api/topics/${opened.id}/timeline`, s.staff)).items).toEqual(named)
  })

  it('a rejected topic shows its author the rejection with the reason', async () => {
    const s = await topicScene(h)
    const proposed = await ok(h, 'POST', '/api/topics', s.author, topicBody(s.communityId), 201)
    await ok(h, 'POST', `/api/topics/${proposed.id}/review`, s.staff, { approve: false, reason: '属于物业职责' })
    const timeline = await ok(h, 'GET', `/api/topics/${proposed.id}/timeline`, s.author)
    expect(timeline.items.map((e: { type: string; note: string | null }) => [e.type, e.note])).toEqual([
      ['proposed', null],
      ['rejected', '属于物业职责'],
    ])
    expectError(await get(s.neighbour, `/api/topics/${proposed.id}/timeline`), 404, 'NOT_FOUND')
  })
})
