import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql, type Sql } from '../../../src/server/db/sql'
import { auditRowsOf, makeCommunity, makeUser, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness, type Reply } from '../support/harness'
import { TEN_YEARS_TTL } from '../wishes/helpers'
import { approval, DAY_MS, expectError, HOUR_MS, ok, openTopic, START, topicBody, topicScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ env: TEN_YEARS_TTL })
})
afterAll(() => h.close())

const A_UUID = '00000000-0000-4000-8000-000000000000'

const send = (method: string, user: TestUser | null | undefined, path: string, body?: unknown) =>
  call(h.app, method, path, { token: user?.token, body })
const get = (user: TestUser | null | undefined, path: string) => send('GET', user, path)
const post = (user: TestUser | null | undefined, path: string, body: unknown = {}) => send('POST', user, path, body)
const put = (user: TestUser | null | undefined, path: string, body: unknown) => send('PUT', user, path, body)

const pathsOf = (reply: Reply) => reply.body.error.details.map((d: { path: unknown }) => d.path)

/** Expects 400 VALIDATION_FAILED whose details name exactly one field path. */
function expectInvalid(reply: Reply, path: (string | number)[]) {
  expectError(reply, 400, 'VALIDATION_FAILED')
  expect(pathsOf(reply)).toContainEqual(path)
}

async function topicRow(id: string) {
  const [row] = await h.db.query<Record<string, any>>(
    sql`SELECT status, title, body, reject_reason, max_choices, results_visibility, voting_opens_at, voting_closes_at,
            closed_at, eligible_at_close, outcome_summary, progress, author_id
     FROM topics WHERE id = ${id}`,
  )
  return row
}
const count = async (statement: Sql) => (await h.db.query<{ n: number }>(statement))[0]!.n
const topicsIn = (communityId: string) =>
  count(sql`SELECT count(*)::int AS n FROM topics WHERE community_id = ${communityId}`)
const eventsOf = (topicId: string) =>
  h.db.query<{ type: string; actor_id: string | null; actor_role: string; note: string | null }>(
    sql`SELECT type, actor_id, actor_role, note FROM topic_events WHERE topic_id = ${topicId} ORDER BY id`,
  )
const ballotsOf = (topicId: string) =>
  h.db.query<{ user_id: string; option_ids: string[]; created_at: Date; updated_at: Date }>(
    sql`SELECT user_id, option_ids, created_at, updated_at FROM ballots WHERE topic_id = ${topicId} ORDER BY user_id`,
  )
const commentsOf = (topicId: string) =>
  h.db.query<{ id: string; body: string; parent_id: string | null; author_id: string }>(
    sql`SELECT id, body, parent_id, author_id FROM topic_comments WHERE topic_id = ${topicId} ORDER BY created_at, id`,
  )
const optionsOf = (topicId: string) =>
  h.db.query<{ label: string; position: number; final_count: number | null }>(
    sql`SELECT label, position, final_count FROM topic_options WHERE topic_id = ${topicId} ORDER BY position`,
  )

type Scene = Awaited<ReturnType<typeof topicScene>>

async function proposed(s: Scene, by: TestUser = s.author, over: Record<string, unknown> = {}) {
  return ok(h, 'POST', '/api/topics', by, topicBody(s.communityId, over), 201)
}

/** An open topic whose options are returned by id, in order. */
async function opened(s: Scene, over: Record<string, unknown> = {}) {
  const topic = await openTopic(h, s, over)
  return { id: topic.id as string, options: (topic.options as { id: string }[]).map((o) => o.id), topic }
}

async function closed(s: Scene, over: Record<string, unknown> = {}) {
  const t = await opened(s, over)
  await ok(h, 'POST', `/api/topics/${t.id}/close`, s.staff)
  return t
}

const ID_ROUTES: [string, string, unknown][] = [
  ['GET', '/api/topics/%', undefined],
  ['POST', '/api/topics/%/review', { approve: false, reason: '与社区无关' }],
  ['PUT', '/api/topics/%/ballot', { optionIds: [A_UUID] }],
  ['GET', '/api/topics/%/results', undefined],
  ['POST', '/api/topics/%/comments', { body: '支持' }],
  ['GET', '/api/topics/%/comments', undefined],
  ['POST', '/api/comments/%/reports', { reason: '人身攻击' }],
  ['POST', '/api/comments/%/hide', { reason: '人身攻击' }],
  ['POST', '/api/comments/%/restore', { reason: '经核实无不当' }],
  ['POST', '/api/topics/%/close', {}],
  ['POST', '/api/topics/%/outcome', { summary: '改建为充电区' }],
  ['POST', '/api/topics/%/updates', { note: '已开工', progress: 10 }],
  ['GET', '/api/topics/%/timeline', undefined],
]
const STAFF_ROUTES = ID_ROUTES.filter(([, path]) => /review|hide|restore|close|outcome|updates/.test(path))

describe('who may call', () => {
  it.each([
    ['POST', '/api/topics', topicBody(A_UUID)],
    ['GET', '/api/topics', undefined],
    ['GET', '/api/comments/reported', undefined],
    ...ID_ROUTES.map(([m, p, b]) => [m, p.replace('%', A_UUID), b] as [string, string, unknown]),
  ])('%s %s without a valid token → 401 UNAUTHENTICATED', async (method, path, body) => {
    expectError(await send(method, null, path, body), 401, 'UNAUTHENTICATED')
    expectError(await send(method, { id: '', token: 'v1.forged.token' }, path, body), 401, 'UNAUTHENTICATED')
  })

  it.each([...STAFF_ROUTES, ['GET', '/api/comments/reported', undefined] as [string, string, unknown]])(
    '%s %s by a resident or a volunteer → 403 FORBIDDEN',
    async (method, path, body) => {
      const s = await topicScene(h)
      for (const who of [s.author, s.neighbour3]) {
        expectError(await send(method, who, path.replace('%', A_UUID), body), 403, 'FORBIDDEN')
      }
    },
  )

  it.each(ID_ROUTES)('%s %s: not a uuid → 400 on id; an unknown uuid → 404', async (method, path, body) => {
    const s = await topicScene(h)
    // The admin passes every community check: only the id can make these fail.
    const staffRoute = STAFF_ROUTES.some(([, p]) => p === path)
    for (const who of staffRoute ? [s.admin, s.staff] : [s.admin, s.author]) {
      const bad = await send(method, who, path.replace('%', 'not-a-uuid'), body)
      expectInvalid(bad, ['id'])
    }
    expectError(await send(method, s.admin, path.replace('%', A_UUID), body), 404, 'NOT_FOUND')
    // Residents reach the staff routes' guard first (403 above); the rest answer them 404 too.
    if (!staffRoute) {
      expectError(await send(method, s.author, path.replace('%', A_UUID), body), 404, 'NOT_FOUND')
    }
  })
})

describe('POST /api/topics', () => {
  it('a resident proposes: pending review, in the timeline, their own name in full', async () => {
    const s = await topicScene(h)
    const reply = await post(s.author, '/api/topics', topicBody(s.communityId, { title: '  东门空地怎么用  ' }))
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({
      communityId: s.communityId,
      title: '东门空地怎么用',
      status: 'pending_review',
      phase: null,
      authorName: '王小明',
      options: [],
      maxChoices: null,
      resultsVisibility: null,
      myChoices: null,
      outcome: null,
      updates: [],
      ballots: 0,
      comments: 0,
      actions: [],
      createdAt: START,
    })
    expect(await topicRow(reply.body.id)).toMatchObject({
      status: 'pending_review',
      title: '东门空地怎么用',
      author_id: s.author.id,
      max_choices: null,
    })
    expect(await eventsOf(reply.body.id)).toEqual([
      { type: 'proposed', actor_id: s.author.id, actor_role: 'resident', note: null },
    ])
  })

  it('a volunteer proposes like any resident', async () => {
    const s = await topicScene(h)
    expect((await proposed(s, s.neighbour3)).status).toBe('pending_review')
  })

  it('staff of the community may open a topic at once with its opening, audited', async () => {
    const s = await topicScene(h)
    const { approve: _approve, ...opening } = approval(h.clock.now(), { maxChoices: 2 })
    const topic = await proposed(s, s.staff, { opening })
    expect(topic).toMatchObject({ status: 'open', phase: 'voting', maxChoices: 2, authorName: '陈主任' })
    expect(topic.options.map((o: { label: string }) => o.label)).toEqual(['划为停车位', '改成充电区', '建成小广场'])
    expect(await optionsOf(topic.id)).toEqual([
      { label: '划为停车位', position: 1, final_count: null },
      { label: '改成充电区', position: 2, final_count: null },
      { label: '建成小广场', position: 3, final_count: null },
    ])
    expect((await eventsOf(topic.id)).map((e) => [e.type, e.actor_role])).toEqual([
      ['proposed', 'staff'],
      ['approved', 'staff'],
    ])
    expect(await auditRowsOf(h, topic.id, 'topic.')).toMatchObject([
      { actor_id: s.staff.id, action: 'topic.opened', community_id: s.communityId, after: { status: 'open' } },
    ])
    // Staff without an opening propose for review like anyone.
    expect((await proposed(s, s.staff)).status).toBe('pending_review')
  })

  it('the admin may propose or open in any community; an unknown community is 404', async () => {
    const s = await topicScene(h)
    expect((await proposed(s, s.admin)).status).toBe('pending_review')
    const reply = await post(s.admin, '/api/topics', topicBody(A_UUID))
    expectError(reply, 404, 'NOT_FOUND')
  })

  it('a resident may not open a topic at once: 403, nothing written', async () => {
    const s = await topicScene(h)
    const { approve: _approve, ...opening } = approval(h.clock.now())
    expectError(await post(s.author, '/api/topics', topicBody(s.communityId, { opening })), 403, 'FORBIDDEN')
    expect(await topicsIn(s.communityId)).toBe(0)
  })

  it('another community: its residents and staff may not propose here (403), nothing written', async () => {
    const s = await topicScene(h)
    for (const who of [s.outsider, s.foreignStaff]) {
      expectError(await post(who, '/api/topics', topicBody(s.communityId)), 403, 'FORBIDDEN')
    }
    expect(await topicsIn(s.communityId)).toBe(0)
  })

  it('a user with no community is told to choose one', async () => {
    const s = await topicScene(h)
    const homeless = await makeUser(h, 'resident', null)
    expectError(await post(homeless, '/api/topics', topicBody(s.communityId)), 403, 'FORBIDDEN')
  })

  it.each([
    ['no title', { title: undefined }, ['title']],
    ['a title of 3 characters', { title: '停车位' }, ['title']],
    ['a title of spaces', { title: '       ' }, ['title']],
    ['a title of 61 characters', { title: '停'.repeat(61) }, ['title']],
    ['an empty body', { body: '   ' }, ['body']],
    ['a body of 2001 characters', { body: '议'.repeat(2001) }, ['body']],
    ['a community that is not a uuid', { communityId: 'abc' }, ['communityId']],
    ['an unknown field', { status: 'open' }, []],
    ['one option', { opening: { ...openingOf(), options: ['只有一个'] } }, ['opening', 'options']],
    ['11 options', { opening: { ...openingOf(), options: [...'abcdefghijk'] } }, ['opening', 'options']],
    ['two equal options', { opening: { ...openingOf(), options: ['同意', '同意'] } }, ['opening', 'options']],
    ['an option of 41 characters', { opening: { ...openingOf(), options: ['甲'.repeat(41), '乙'] } }, null],
    ['maxChoices 0', { opening: { ...openingOf(), maxChoices: 0 } }, ['opening', 'maxChoices']],
    ['more choices than options', { opening: { ...openingOf(), maxChoices: 4 } }, ['opening', 'maxChoices']],
    [
      'a window closing before it opens',
      { opening: { ...openingOf(), votingClosesAt: '2031-03-02T00:00:00Z' } },
      ['opening', 'votingClosesAt'],
    ],
    [
      'a window already over',
      { opening: { ...openingOf(), votingOpensAt: '2031-02-01T00:00:00Z', votingClosesAt: '2031-03-01T00:00:00Z' } },
      ['opening', 'votingClosesAt'],
    ],
    ['no visibility', { opening: { ...openingOf(), resultsVisibility: 'never' } }, ['opening', 'resultsVisibility']],
  ])('refuses %s: 400 VALIDATION_FAILED, nothing written', async (_name, over, path) => {
    const s = await topicScene(h)
    const reply = await post(s.staff, '/api/topics', topicBody(s.communityId, over))
    expectError(reply, 400, 'VALIDATION_FAILED')
    if (path && path.length > 0) expect(pathsOf(reply)).toContainEqual(path)
    if (path === null) expect(pathsOf(reply)[0].slice(0, 2)).toEqual(['opening', 'options'])
    expect(await topicsIn(s.communityId)).toBe(0)
  })

  it.each([
    ['the title', { title: '东门空地赌博场' }],
    ['the body', { body: '有人在空地上 赌-博，大家看看怎么办' }],
    ['an option', { opening: { ...openingOf(), options: ['改成传销点', '不改'] } }],
  ])('refuses a sensitive word in %s: 422 CONTENT_REJECTED, nothing written', async (_name, over) => {
    const s = await topicScene(h)
    expectError(await post(s.staff, '/api/topics', topicBody(s.communityId, over)), 422, 'CONTENT_REJECTED')
    expect(await topicsIn(s.communityId)).toBe(0)
  })
})

/** Opening fields valid at START, for the scene's staff. */
function openingOf() {
  const { approve: _approve, ...opening } = approval(new Date(START))
  return opening
}

describe('GET /api/topics', () => {
  it("lists the community's open and closed topics, the viewer's own pending ones, newest first, with counts", async () => {
    const s = await topicScene(h)
    const mine = await proposed(s, s.neighbour)
    h.clock.advance(60_000)
    const othersPending = await proposed(s)
    h.clock.advance(60_000)
    const open = await opened(s)
    h.clock.advance(60_000)
    const done = await closed(s)
    const rejected = await proposed(s)
    await ok(h, 'POST', `/api/topics/${rejected.id}/review`, s.staff, { approve: false, reason: '不属于社区事务' })
    await ok(h, 'PUT', `/api/topics/${open.id}/ballot`, s.neighbour, { optionIds: [open.options[0]] })
    await ok(h, 'POST', `/api/topics/${open.id}/comments`, s.neighbour2, { body: '支持' }, 201)

    const seen = await ok(h, 'GET', `/api/topics?communityId=${s.communityId}`, s.neighbour)
    expect(seen.items.map((t: { id: string }) => t.id)).toEqual([done.id, open.id, mine.id])
    const openItem = seen.items.find((t: { id: string }) => t.id === open.id)
    // 1 ballot of the community's 4 verified members (its staff member is not one).
    expect(openItem).toMatchObject({ ballots: 1, comments: 1, turnout: 1 / 4, phase: 'voting', authorName: '王**' })
    expect(seen.nextCursor).toBeNull()
    // Without communityId: the viewer's own community.
    expect((await ok(h, 'GET', '/api/topics', s.neighbour)).items).toHaveLength(3)

    const staffView = await ok(h, 'GET', `/api/topics?communityId=${s.communityId}`, s.staff)
    expect(staffView.items.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining([mine.id, othersPending.id, open.id, done.id, rejected.id]),
    )
    const pendingOnly = await ok(h, 'GET', `/api/topics?communityId=${s.communityId}&status=pending_review`, s.staff)
    expect(pendingOnly.items.map((t: { id: string }) => t.id).sort()).toEqual([mine.id, othersPending.id].sort())
    const closedOnly = await ok(h, 'GET', `/api/topics?communityId=${s.communityId}&status=closed`, s.author)
    expect(closedOnly.items.map((t: { id: string }) => t.id)).toEqual([done.id])
    // The author of the rejected topic sees it, with its status.
    const authorsRejected = await ok(h, 'GET', `/api/topics?status=rejected`, s.author)
    expect(authorsRejected.items).toMatchObject([{ id: rejected.id, status: 'rejected' }])
  })

  it('filters by phase (an open topic past its window counts as ended) and by mine; says when staff closed it', async () => {
    const s = await topicScene(h)
    const now = h.clock.now().getTime()
    const later = await opened(s, {
      votingOpensAt: new Date(now + DAY_MS).toISOString(),
      votingClosesAt: new Date(now + 3 * DAY_MS).toISOString(),
    })
    const voting = await opened(s)
    const shortWindow = await opened(s, { votingClosesAt: new Date(now + DAY_MS).toISOString() })
    const done = await closed(s)
    const own = await proposed(s, s.neighbour)
    h.clock.advance(2 * DAY_MS)
    // Two days on: `later` is voting now, `voting` still is, `shortWindow` has passed its window (not closed).
    const ids = async (query: string, who: TestUser = s.neighbour) =>
      (await ok(h, 'GET', `/api/topics?communityId=${s.communityId}&${query}`, who)).items
        .map((t: { id: string }) => t.id)
        .sort()
    expect(await ids('phase=voting')).toEqual([later.id, voting.id].sort())
    expect(await ids('phase=ended')).toEqual([shortWindow.id, done.id].sort())
    expect(await ids('phase=collecting')).toEqual([])
    expect(await ids('mine=true')).toEqual([own.id])
    expect(await ids('mine=true', s.author)).toEqual([later.id, voting.id, shortWindow.id, done.id].sort())
    expect(await ids('mine=false')).toHaveLength(5)

    const list = (await ok(h, 'GET', `/api/topics?communityId=${s.communityId}`, s.neighbour)).items
    const item = (id: string) => list.find((t: { id: string }) => t.id === id)
    expect(item(done.id)).toMatchObject({ closedAt: new Date(now).toISOString(), mine: false, phase: 'ended' })
    expect(item(shortWindow.id)).toMatchObject({ closedAt: null, status: 'open', phase: 'ended' })
    expect(item(own.id)).toMatchObject({ mine: true, status: 'pending_review', phase: null })
  })

  it('pages with limit and cursor, without repeats or gaps', async () => {
    const s = await topicScene(h)
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      ids.unshift((await opened(s)).id)
      h.clock.advance(i % 2 === 0 ? 0 : 1000)
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await ok(
        h,
        'GET',
        `/api/topics?communityId=${s.communityId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        s.neighbour,
      )
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((t: { id: string }) => t.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(5)
    expect(new Set(seen)).toEqual(new Set(ids))
  })

  it.each([
    ['limit=0', ['limit']],
    ['limit=51', ['limit']],
    ['status=done', ['status']],
    ['phase=open', ['phase']],
    ['mine=yes', ['mine']],
    ['communityId=abc', ['communityId']],
    ['cursor=not-a-cursor', ['cursor']],
  ])('refuses %s: 400', async (query, path) => {
    const s = await topicScene(h)
    expectInvalid(await get(s.neighbour, `/api/topics?${query}`), path)
  })

  it('another community is refused (403); the admin must name a community', async () => {
    const s = await topicScene(h)
    await opened(s)
    for (const who of [s.outsider, s.foreignStaff]) {
      expectError(await get(who, `/api/topics?communityId=${s.communityId}`), 403, 'FORBIDDEN')
    }
    expectError(await get(s.admin, '/api/topics'), 409, 'COMMUNITY_REQUIRED')
    expect((await ok(h, 'GET', `/api/topics?communityId=${s.communityId}`, s.admin)).items).toHaveLength(1)
  })
})

describe('GET /api/topics/:id', () => {
  it('a pending topic: its author and staff see it; neighbours, the other community and its staff do not', async () => {
    const s = await topicScene(h)
    const topic = await proposed(s)
    for (const who of [s.author, s.staff, s.admin]) {
      expect(await ok(h, 'GET', `/api/topics/${topic.id}`, who)).toMatchObject({ status: 'pending_review' })
    }
    expect((await ok(h, 'GET', `/api/topics/${topic.id}`, s.staff)).actions).toEqual(['review'])
    for (const who of [s.neighbour, s.outsider, s.foreignStaff]) {
      expectError(await get(who, `/api/topics/${topic.id}`), 404, 'NOT_FOUND')
    }
  })

  it('an open topic: the viewer ballot and actions by role', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    await ok(h, 'PUT', `/api/topics/${t.id}/ballot`, s.neighbour, { optionIds: [t.options[1]] })
    expect(await ok(h, 'GET', `/api/topics/${t.id}`, s.neighbour)).toMatchObject({
      myChoices: [t.options[1]],
      actions: ['vote', 'comment'],
    })
    expect(await ok(h, 'GET', `/api/topics/${t.id}`, s.neighbour2)).toMatchObject({ myChoices: null })
    // The staff member lives in the community: votes, comments, closes.
    expect((await ok(h, 'GET', `/api/topics/${t.id}`, s.staff)).actions).toEqual(['vote', 'comment', 'close'])
    expect((await ok(h, 'GET', `/api/topics/${t.id}`, s.admin)).actions).toEqual(['comment', 'close'])
    for (const who of [s.outsider, s.foreignStaff]) {
      expectError(await get(who, `/api/topics/${t.id}`), 404, 'NOT_FOUND')
    }
  })

  it('a rejected topic shows its reason to its author only among residents', async () => {
    const s = await topicScene(h)
    const topic = await proposed(s)
    await ok(h, 'POST', `/api/topics/${topic.id}/review`, s.staff, { approve: false, reason: '不属于社区事务' })
    expect(await ok(h, 'GET', `/api/topics/${topic.id}`, s.author)).toMatchObject({
      status: 'rejected',
      rejectReason: '不属于社区事务',
      actions: [],
    })
    expectError(await get(s.neighbour, `/api/topics/${topic.id}`), 404, 'NOT_FOUND')
  })
})

describe('POST /api/topics/:id/review', () => {
  it('approves with the options, window and visibility; in the timeline and the audit log', async () => {
    const s = await topicScene(h)
    const topic = await proposed(s)
    const body = approval(h.clock.now(), {
      options: [' 赞成 ', '反对', '弃权'],
      maxChoices: 2,
      votingOpensAt: new Date(h.clock.now().getTime() + DAY_MS).toISOString(),
      resultsVisibility: 'after_close',
    })
    const reply = await ok(h, 'POST', `/api/topics/${topic.id}/review`, s.staff, body)
    expect(reply).toMatchObject({
      status: 'open',
      phase: 'collecting',
      maxChoices: 2,
      resultsVisibility: 'after_close',
    })
    expect(reply.options.map((o: { label: string }) => o.label)).toEqual(['赞成', '反对', '弃权'])
    expect(await topicRow(topic.id)).toMatchObject({
      status: 'open',
      max_choices: 2,
      results_visibility: 'after_close',
      voting_opens_at: new Date(body.votingOpensAt as string),
      voting_closes_at: new Date(body.votingClosesAt as string),
    })
    expect((await eventsOf(topic.id)).at(-1)).toEqual({
      type: 'approved',
      actor_id: s.staff.id,
      actor_role: 'staff',
      note: null,
    })
    expect(await auditRowsOf(h, topic.id, 'topic.')).toMatchObject([
      {
        actor_id: s.staff.id,
        action: 'topic.approved',
        before: { status: 'pending_review' },
        after: { status: 'open' },
      },
    ])
  })

  it('rejects with a reason the author reads; the admin may review in any community', async () => {
    const s = await topicScene(h)
    const topic = await proposed(s)
    const reply = await ok(h, 'POST', `/api/topics/${topic.id}/review`, s.admin, {
      approve: false,
      reason: '  属于物业职责  ',
    })
    expect(reply).toMatchObject({ status: 'rejected', rejectReason: '属于物业职责' })
    expect(await topicRow(topic.id)).toMatchObject({ status: 'rejected', reject_reason: '属于物业职责' })
    expect((await eventsOf(topic.id)).at(-1)).toMatchObject({
      type: 'rejected',
      actor_role: 'admin',
      note: '属于物业职责',
    })
    expect(await auditRowsOf(h, topic.id, 'topic.')).toMatchObject([
      { action: 'topic.rejected', after: { status: 'rejected', reason: '属于物业职责' } },
    ])
  })

  it('409 TOPIC_NOT_PENDING on an open or rejected topic, nothing changed', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    const rejected = await proposed(s)
    await ok(h, 'POST', `/api/topics/${rejected.id}/review`, s.staff, { approve: false, reason: '重复议题' })
    for (const id of [t.id, rejected.id]) {
      const before = await topicRow(id)
      expectError(await post(s.staff, `/api/topics/${id}/review`, approval(h.clock.now())), 409, 'TOPIC_NOT_PENDING')
      expectError(
        await post(s.staff, `/api/topics/${id}/review`, { approve: false, reason: '再次审核' }),
        409,
        'TOPIC_NOT_PENDING',
      )
      expect(await topicRow(id)).toEqual(before)
    }
    expect(await optionsOf(t.id)).toHaveLength(3)
  })

  it('staff of another community: 404, nothing changed', async () => {
    const s = await topicScene(h)
    const topic = await proposed(s)
    expectError(await post(s.foreignStaff, `/api/topics/${topic.id}/review`, approval(h.clock.now())), 404, 'NOT_FOUND')
    expect((await topicRow(topic.id))!.status).toBe('pending_review')
  })

  it.each([
    ['no approve', { approve: undefined }, ['approve']],
    ['one option', { options: ['赞成'] }, ['options']],
    ['11 options', { options: [...'abcdefghijk'] }, ['options']],
    ['duplicate options', { options: ['赞成', ' 赞成'] }, ['options']],
    ['an empty option', { options: ['赞成', ' '] }, ['options', 1]],
    ['maxChoices 0', { maxChoices: 0 }, ['maxChoices']],
    ['maxChoices 1.5', { maxChoices: 1.5 }, ['maxChoices']],
    ['more choices than options', { maxChoices: 4 }, ['maxChoices']],
    ['a window closing when it opens', { votingClosesAt: START }, ['votingClosesAt']],
    [
      'a window already over',
      { votingOpensAt: '2031-01-01T00:00:00Z', votingClosesAt: '2031-03-03T00:59:59Z' },
      ['votingClosesAt'],
    ],
    ['a time without offset', { votingOpensAt: '2031-03-03 09:00' }, ['votingOpensAt']],
    ['no visibility', { resultsVisibility: undefined }, ['resultsVisibility']],
    ['a reason with an approval', { reason: '多余' }, []],
  ])('approval with %s: 400, nothing changed', async (_name, over, path) => {
    const s = await topicScene(h)
    const topic = await proposed(s)
    const reply = await post(s.staff, `/api/topics/${topic.id}/review`, approval(h.clock.now(), over))
    expectError(reply, 400, 'VALIDATION_FAILED')
    if (path.length > 0) expect(pathsOf(reply)).toContainEqual(path)
    expect(await topicRow(topic.id)).toMatchObject({ status: 'pending_review', max_choices: null })
    expect(await optionsOf(topic.id)).toEqual([])
  })

  it.each([
    ['no reason', {}],
    ['a reason of one character', { reason: '否' }],
    ['a reason of 201 characters', { reason: '否'.repeat(201) }],
  ])('rejection with %s: 400 on reason', async (_name, over) => {
    const s = await topicScene(h)
    const topic = await proposed(s)
    expectInvalid(await post(s.staff, `/api/topics/${topic.id}/review`, { approve: false, ...over }), ['reason'])
    expect((await topicRow(topic.id))!.status).toBe('pending_review')
  })

  it('a sensitive word in an option: 422, nothing changed', async () => {
    const s = await topicScene(h)
    const topic = await proposed(s)
    const reply = await post(
      s.staff,
      `/api/topics/${topic.id}/review`,
      approval(h.clock.now(), { options: ['改成 博彩 室', '不改'] }),
    )
    expectError(reply, 422, 'CONTENT_REJECTED')
    expect((await topicRow(topic.id))!.status).toBe('pending_review')
  })
})

describe('PUT /api/topics/:id/ballot', () => {
  it('a resident votes, then changes the vote: one ballot, replaced, its first time kept', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    const first = await ok(h, 'PUT', `/api/topics/${t.id}/ballot`, s.neighbour, { optionIds: [t.options[0]] })
    expect(first).toEqual({ topicId: t.id, optionIds: [t.options[0]], createdAt: START, updatedAt: START })
    h.clock.advance(HOUR_MS)
    const second = await ok(h, 'PUT', `/api/topics/${t.id}/ballot`, s.neighbour, { optionIds: [t.options[2]] })
    expect(second).toMatchObject({ optionIds: [t.options[2]], createdAt: START })
    expect(second.updatedAt).toBe(new Date(Date.parse(START) + HOUR_MS).toISOString())
    expect(await ballotsOf(t.id)).toEqual([
      {
        user_id: s.neighbour.id,
        option_ids: [t.options[2]],
        created_at: new Date(START),
        updated_at: new Date(Date.parse(START) + HOUR_MS),
      },
    ])
  })

  it('volunteers vote as the residents they are; the admin, who lives nowhere, may not', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    await ok(h, 'PUT', `/api/topics/${t.id}/ballot`, s.neighbour3, { optionIds: [t.options[0]] })
    expectError(await put(s.admin, `/api/topics/${t.id}/ballot`, { optionIds: [t.options[0]] }), 403, 'FORBIDDEN')
    expect((await ballotsOf(t.id)).map((b) => b.user_id)).toEqual([s.neighbour3.id])
  })

  it('another community: its residents and staff are told the topic does not exist', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    for (const who of [s.outsider, s.foreignStaff]) {
      expectError(await put(who, `/api/topics/${t.id}/ballot`, { optionIds: [t.options[0]] }), 404, 'NOT_FOUND')
    }
    expect(await ballotsOf(t.id)).toEqual([])
  })

  it('a resident who moved out of the community may no longer vote', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    await h.db.query(sql`UPDATE users SET community_id = ${s.otherCommunityId} WHERE id = ${s.neighbour.id}`)
    expectError(await put(s.neighbour, `/api/topics/${t.id}/ballot`, { optionIds: [t.options[0]] }), 404, 'NOT_FOUND')
    expect(await ballotsOf(t.id)).toEqual([])
  })

  it('up to maxChoices options, all of the topic', async () => {
    const s = await topicScene(h)
    const t = await opened(s, { maxChoices: 2 })
    const other = await opened(s)
    const url = `/api/topics/${t.id}/ballot`
    await ok(h, 'PUT', url, s.neighbour, { optionIds: [t.options[0], t.options[2]] })
    const refusals: [unknown, (string | number)[]][] = [
      [{ optionIds: [t.options[0], t.options[1], t.options[2]] }, ['optionIds']],
      [{ optionIds: [other.options[0]] }, ['optionIds']],
      [{ optionIds: [t.options[0], other.options[1]] }, ['optionIds']],
      [{ optionIds: [A_UUID] }, ['optionIds']],
      [{ optionIds: [] }, ['optionIds']],
      [{ optionIds: [t.options[0], t.options[0]] }, ['optionIds']],
      [{ optionIds: ['abc'] }, ['optionIds', 0]],
      [{ optionIds: t.options[0] }, ['optionIds']],
      [{}, ['optionIds']],
      [{ optionIds: [t.options[0]], extra: 1 }, []],
    ]
    for (const [body, path] of refusals) {
      const reply = await put(s.neighbour, url, body)
      expectError(reply, 400, 'VALIDATION_FAILED')
      if (path.length > 0) expect(pathsOf(reply), JSON.stringify(body)).toContainEqual(path)
    }
    expect((await ballotsOf(t.id)).map((b) => b.option_ids)).toEqual([[t.options[0], t.options[2]]])
    expect(await ballotsOf(other.id)).toEqual([])
  })

  it('409 VOTING_NOT_OPEN before the window, VOTING_CLOSED after it and after close, TOPIC_NOT_OPEN while pending', async () => {
    const s = await topicScene(h)
    const later = await opened(s, { votingOpensAt: new Date(Date.parse(START) + DAY_MS).toISOString() })
    const body = { optionIds: [later.options[0]] }
    expectError(await put(s.neighbour, `/api/topics/${later.id}/ballot`, body), 409, 'VOTING_NOT_OPEN')
    h.clock.advance(DAY_MS)
    await ok(h, 'PUT', `/api/topics/${later.id}/ballot`, s.neighbour, body)
    // The window ends 7 days after START; the topic stays open until staff close it.
    h.clock.set(new Date(Date.parse(START) + 7 * DAY_MS))
    expectError(await put(s.neighbour2, `/api/topics/${later.id}/ballot`, body), 409, 'VOTING_CLOSED')
    expectError(
      await put(s.neighbour, `/api/topics/${later.id}/ballot`, { optionIds: [later.options[1]] }),
      409,
      'VOTING_CLOSED',
    )
    expect((await ok(h, 'GET', `/api/topics/${later.id}`, s.neighbour)).phase).toBe('ended')

    h.clock.set(START)
    const t = await closed(s)
    expectError(
      await put(s.neighbour, `/api/topics/${t.id}/ballot`, { optionIds: [t.options[0]] }),
      409,
      'VOTING_CLOSED',
    )
    const pending = await proposed(s)
    expectError(await put(s.author, `/api/topics/${pending.id}/ballot`, { optionIds: [A_UUID] }), 409, 'TOPIC_NOT_OPEN')
    expect((await ballotsOf(later.id)).map((b) => [b.user_id, b.option_ids])).toEqual([
      [s.neighbour.id, body.optionIds],
    ])
    expect(await ballotsOf(t.id)).toEqual([])
  })

  it('the database refuses a ballot outside the rules whatever statement writes it', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    const other = await opened(s)
    const insert = (optionIds: string[], topicId = t.id) =>
      h.db.query(
        sql`INSERT INTO ballots (topic_id, user_id, option_ids, created_at, updated_at)
            VALUES (${topicId}, ${s.neighbour.id}, ${optionIds}, now(), now())`,
      )
    await expect(insert([other.options[0]!])).rejects.toMatchObject({ code: 'LT002' })
    await expect(insert([t.options[0]!, t.options[1]!])).rejects.toMatchObject({ code: 'LT002' })
    await expect(insert([t.options[0]!, t.options[0]!])).rejects.toMatchObject({ code: 'LT002' })
    await ok(h, 'POST', `/api/topics/${t.id}/close`, s.staff)
    await expect(insert([t.options[0]!])).rejects.toMatchObject({ code: 'LT001' })
    expect(await ballotsOf(t.id)).toEqual([])
  })
})

describe('GET /api/topics/:id/results', () => {
  it('counts per option, ballots and turnout of the residents whose accounts remain', async () => {
    const s = await topicScene(h)
    const t = await opened(s, { maxChoices: 2 })
    await ok(h, 'PUT', `/api/topics/${t.id}/ballot`, s.neighbour, { optionIds: [t.options[0], t.options[1]] })
    await ok(h, 'PUT', `/api/topics/${t.id}/ballot`, s.neighbour2, { optionIds: [t.options[1]] })
    // The community's four verified members, one of whose accounts was deleted since: three can vote.
    await h.db.query(sql`UPDATE users SET deleted_at = ${h.clock.now()} WHERE id = ${s.neighbour3.id}`)
    const eligible = 3
    const results = await ok(h, 'GET', `/api/topics/${t.id}/results`, s.author)
    expect(results).toEqual({
      topicId: t.id,
      options: [
        { id: t.options[0], label: '划为停车位', count: 1 },
        { id: t.options[1], label: '改成充电区', count: 2 },
        { id: t.options[2], label: '建成小广场', count: 0 },
      ],
      ballots: 2,
      eligible,
      turnout: 2 / eligible,
      final: false,
    })
  })

  it('a pending topic has none: 404, even to staff', async () => {
    const s = await topicScene(h)
    const topic = await proposed(s)
    for (const who of [s.staff, s.author])
      expectError(await get(who, `/api/topics/${topic.id}/results`), 404, 'NOT_FOUND')
  })
})

describe('POST /api/topics/:id/comments and GET', () => {
  it('residents and staff comment; a reply answers a top-level comment; listed oldest first with replies', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    const first = await ok(h, 'POST', `/api/topics/${t.id}/comments`, s.neighbour, { body: '  充电区好  ' }, 201)
    expect(first).toEqual({
      id: expect.any(String),
      topicId: t.id,
      parentId: null,
      authorName: '李奶奶',
      body: '充电区好',
      hidden: false,
      mine: true,
      createdAt: START,
    })
    h.clock.advance(1000)
    const reply = await ok(
      h,
      'POST',
      `/api/topics/${t.id}/comments`,
      s.staff,
      { body: '收到', parentId: first.id },
      201,
    )
    expect(reply).toMatchObject({ parentId: first.id, authorName: '陈主任' })
    h.clock.advance(1000)
    await ok(h, 'POST', `/api/topics/${t.id}/comments`, s.admin, { body: '管理员来看看' }, 201)
    const list = await ok(h, 'GET', `/api/topics/${t.id}/comments`, s.neighbour2)
    expect(list.items).toMatchObject([
      // Another resident sees residents masked (and staff too, outside the timeline).
      {
        id: first.id,
        mine: false,
        authorName: '李**',
        replies: [{ id: reply.id, body: '收到', mine: false, authorName: '陈**' }],
      },
      { body: '管理员来看看', replies: [] },
    ])
    expect(await commentsOf(t.id)).toMatchObject([
      { body: '充电区好', parent_id: null, author_id: s.neighbour.id },
      { body: '收到', parent_id: first.id, author_id: s.staff.id },
      { body: '管理员来看看', parent_id: null, author_id: s.admin.id },
    ])
  })

  it('one level of replies: a reply to a reply, or to a comment of another topic, is refused (400 on parentId)', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    const other = await opened(s)
    const top = await ok(h, 'POST', `/api/topics/${t.id}/comments`, s.neighbour, { body: '顶层' }, 201)
    const reply = await ok(
      h,
      'POST',
      `/api/topics/${t.id}/comments`,
      s.neighbour2,
      { body: '回复', parentId: top.id },
      201,
    )
    const elsewhere = await ok(h, 'POST', `/api/topics/${other.id}/comments`, s.neighbour, { body: '别处' }, 201)
    for (const parentId of [reply.id, elsewhere.id, A_UUID]) {
      expectInvalid(await post(s.author, `/api/topics/${t.id}/comments`, { body: '再回复', parentId }), ['parentId'])
    }
    expect(await commentsOf(t.id)).toHaveLength(2)
  })

  it('pages top-level comments with limit and cursor', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    for (let i = 0; i < 5; i++) {
      await ok(h, 'POST', `/api/topics/${t.id}/comments`, s.neighbour, { body: `第${i}条` }, 201)
      if (i % 2) h.clock.advance(1000)
    }
    const bodies: string[] = []
    let cursor: string | null = null
    do {
      const page: any = await ok(
        h,
        'GET',
        `/api/topics/${t.id}/comments?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        s.author,
      )
      bodies.push(...page.items.map((c: { body: string }) => c.body))
      cursor = page.nextCursor
    } while (cursor)
    expect(bodies.sort()).toEqual(['第0条', '第1条', '第2条', '第3条', '第4条'])
    expectInvalid(await get(s.author, `/api/topics/${t.id}/comments?limit=51`), ['limit'])
    expectInvalid(await get(s.author, `/api/topics/${t.id}/comments?cursor=xyz`), ['cursor'])
  })

  it.each([
    ['an empty body', { body: '  ' }, ['body']],
    ['501 characters', { body: '评'.repeat(501) }, ['body']],
    ['no body', {}, ['body']],
    ['a parent that is not a uuid', { body: '好', parentId: 'x' }, ['parentId']],
  ])('refuses %s: 400', async (_name, body, path) => {
    const s = await topicScene(h)
    const t = await opened(s)
    expectInvalid(await post(s.neighbour, `/api/topics/${t.id}/comments`, body), path)
    expect(await commentsOf(t.id)).toEqual([])
  })

  it('a sensitive word: 422 CONTENT_REJECTED, nothing written', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    expectError(
      await post(s.neighbour, `/api/topics/${t.id}/comments`, { body: '加微信看裸聊' }),
      422,
      'CONTENT_REJECTED',
    )
    expect(await commentsOf(t.id)).toEqual([])
  })

  it('409 TOPIC_NOT_OPEN on a closed or a pending topic; another community is told it does not exist', async () => {
    const s = await topicScene(h)
    const done = await closed(s)
    expectError(await post(s.neighbour, `/api/topics/${done.id}/comments`, { body: '晚了' }), 409, 'TOPIC_NOT_OPEN')
    const pending = await proposed(s)
    expectError(await post(s.author, `/api/topics/${pending.id}/comments`, { body: '补充' }), 409, 'TOPIC_NOT_OPEN')
    expectError(await post(s.neighbour, `/api/topics/${pending.id}/comments`, { body: '补充' }), 404, 'NOT_FOUND')
    const t = await opened(s)
    for (const who of [s.outsider, s.foreignStaff]) {
      expectError(await post(who, `/api/topics/${t.id}/comments`, { body: '路过' }), 404, 'NOT_FOUND')
      expectError(await get(who, `/api/topics/${t.id}/comments`), 404, 'NOT_FOUND')
    }
    // A closed topic's discussion stays readable.
    expect((await ok(h, 'GET', `/api/topics/${done.id}/comments`, s.neighbour)).items).toEqual([])
    for (const id of [done.id, pending.id, t.id]) expect(await commentsOf(id)).toEqual([])
  })
})

describe('POST /api/topics/:id/close', () => {
  it('closes, freezes the tally and the turnout, in the timeline and the audit log', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    await ok(h, 'PUT', `/api/topics/${t.id}/ballot`, s.neighbour, { optionIds: [t.options[1]] })
    await ok(h, 'PUT', `/api/topics/${t.id}/ballot`, s.neighbour2, { optionIds: [t.options[2]] })
    h.clock.advance(HOUR_MS)
    const reply = await ok(h, 'POST', `/api/topics/${t.id}/close`, s.staff)
    const closedAt = new Date(Date.parse(START) + HOUR_MS)
    expect(reply).toMatchObject({ status: 'closed', phase: 'ended', closedAt: closedAt.toISOString() })
    const row = await topicRow(t.id)
    expect(row).toMatchObject({ status: 'closed', closed_at: closedAt, eligible_at_close: 4 })
    expect((await optionsOf(t.id)).map((o) => o.final_count)).toEqual([0, 1, 1])
    expect((await eventsOf(t.id)).at(-1)).toMatchObject({ type: 'closed', actor_id: s.staff.id, actor_role: 'staff' })
    expect(await auditRowsOf(h, t.id, 'topic.closed')).toMatchObject([
      { actor_id: s.staff.id, before: { status: 'open' }, after: { status: 'closed' } },
    ])

    // After close the tally does not move: new residents, refused ballots, and the results say the same.
    const before = await ok(h, 'GET', `/api/topics/${t.id}/results`, s.neighbour)
    await makeUser(h, 'resident', s.communityId)
    expectError(
      await put(s.neighbour3, `/api/topics/${t.id}/ballot`, { optionIds: [t.options[0]] }),
      409,
      'VOTING_CLOSED',
    )
    expectError(
      await put(s.neighbour, `/api/topics/${t.id}/ballot`, { optionIds: [t.options[0]] }),
      409,
      'VOTING_CLOSED',
    )
    const after = await ok(h, 'GET', `/api/topics/${t.id}/results`, s.neighbour)
    expect(after).toEqual(before)
    expect(after).toMatchObject({ final: true, ballots: 2, eligible: 4, turnout: 2 / 4 })
    expect(after.options.map((o: { count: number }) => o.count)).toEqual([0, 1, 1])
  })

  it('the frozen counts are what results report, even if a ballot row were changed behind the API', async () => {
    const s = await topicScene(h)
    const t = await opened(s)
    await ok(h, 'PUT', `/api/topics/${t.id}/ballot`, s.neighbour, { optionIds: [t.options[0]] })
    await ok(h, 'POST', `/api/topics/${t.id}/close`, s.staff)
    await expect(
      h.db.query(sql`UPDATE ballots SET option_ids = ${[t.options[1]]} WHERE topic_id = ${t.id}`),
    ).rejects.toMatchObject({ code: 'LT001' })
    const results = await ok(h, 'GET', `/api/topics/${t.id}/results`, s.author)
    expect(results.options.map((o: { count: number }) => o.count)).toEqual([1, 0, 0])
  })

  it('409 TOPIC_NOT_OPEN on a closed or a pending topic; staff elsewhere 404; nothing changed', async () => {
    const s = await topicScene(h)
    const t = await closed(s)
    const pending = await proposed(s)
    const open = await opened(s)
    expectError(await post(s.staff, `/api/topics/${t.id}/close`), 409, 'TOPIC_NOT_OPEN')
    expectError(await post(s.staff, `/api/topics/${pending.id}/close`), 409, 'TOPIC_NOT_OPEN')
    expectError(await post(s.foreignStaff, `/api/topics/${open.id}/close`), 404, 'NOT_FOUND')
    expect((await topicRow(pending.id))!.status).toBe('pending_review')
    expect((await topicRow(open.id))!.status).toBe('open')
    expect((await eventsOf(t.id)).filter((e) => e.type === 'closed')).toHaveLength(1)
  })
})

describe('POST /api/topics/:id/outcome and /updates', () => {
  it('publishes the outcome once, then progress updates; each in the timeline and the audit log', async () => {
    const s = await topicScene(h)
    const t = await closed(s)
    const outcome = await ok(h, 'POST', `/api/topics/${t.id}/outcome`, s.staff, { summary: '  改建充电区  ' })
    expect(outcome).toMatchObject({
      outcome: { summary: '改建充电区', publishedAt: START },
      progress: null,
      actions: ['update'],
    })
    h.clock.advance(DAY_MS)
    await ok(h, 'POST', `/api/topics/${t.id}/updates`, s.staff, { note: '已经开工', progress: 30 })
    h.clock.advance(DAY_MS)
    const done = await ok(h, 'POST', `/api/topics/${t.id}/updates`, s.admin, { note: '完工验收', progress: 100 })
    expect(done).toMatchObject({
      progress: 100,
      updates: [
        { note: '已经开工', progress: 30, createdAt: new Date(Date.parse(START) + DAY_MS).toISOString() },
        { note: '完工验收', progress: 100, createdAt: new Date(Date.parse(START) + 2 * DAY_MS).toISOString() },
      ],
    })
    expect(await topicRow(t.id)).toMatchObject({ outcome_summary: '改建充电区', progress: 100 })
    expect((await eventsOf(t.id)).slice(-3)).toEqual([
      { type: 'outcome', actor_id: s.staff.id, actor_role: 'staff', note: '改建充电区' },
      { type: 'update', actor_id: s.staff.id, actor_role: 'staff', note: '已经开工（进度30%）' },
      { type: 'update', actor_id: s.admin.id, actor_role: 'admin', note: '完工验收（进度100%）' },
    ])
    expect((await auditRowsOf(h, t.id, 'topic.')).map((a) => a.action)).toEqual([
      'topic.approved',
      'topic.closed',
      'topic.outcome',
      'topic.update',
      'topic.update',
    ])
  })

  it('409 TOPIC_NOT_CLOSED, OUTCOME_ALREADY_PUBLISHED, OUTCOME_REQUIRED; nothing changed', async () => {
    const s = await topicScene(h)
    const open = await opened(s)
    expectError(await post(s.staff, `/api/topics/${open.id}/outcome`, { summary: '提前公布' }), 409, 'TOPIC_NOT_CLOSED')
    expectError(
      await post(s.staff, `/api/topics/${open.id}/updates`, { note: '提前进展', progress: 10 }),
      409,
      'TOPIC_NOT_CLOSED',
    )
    const t = await closed(s)
    expectError(
      await post(s.staff, `/api/topics/${t.id}/updates`, { note: '还没结果', progress: 10 }),
      409,
      'OUTCOME_REQUIRED',
    )
    await ok(h, 'POST', `/api/topics/${t.id}/outcome`, s.staff, { summary: '改建充电区' })
    expectError(
      await post(s.staff, `/api/topics/${t.id}/outcome`, { summary: '改主意了' }),
      409,
      'OUTCOME_ALREADY_PUBLISHED',
    )
    expect(await topicRow(open.id)).toMatchObject({ outcome_summary: null, progress: null })
    expect(await topicRow(t.id)).toMatchObject({ outcome_summary: '改建充电区', progress: null })
    expect(await count(sql`SELECT count(*)::int AS n FROM topic_updates WHERE topic_id = ${t.id}`)).toBe(0)
  })

  it('staff of another community: 404, nothing changed', async () => {
    const s = await topicScene(h)
    const t = await closed(s)
    expectError(await post(s.foreignStaff, `/api/topics/${t.id}/outcome`, { summary: '越权' }), 404, 'NOT_FOUND')
    await ok(h, 'POST', `/api/topics/${t.id}/outcome`, s.staff, { summary: '改建充电区' })
    expectError(
      await post(s.foreignStaff, `/api/topics/${t.id}/updates`, { note: '越权', progress: 5 }),
      404,
      'NOT_FOUND',
    )
    expect(await topicRow(t.id)).toMatchObject({ outcome_summary: '改建充电区', progress: null })
  })

  it.each([
    ['outcome', { summary: '好' }, ['summary']],
    ['outcome', { summary: '果'.repeat(1001) }, ['summary']],
    ['outcome', {}, ['summary']],
    ['updates', { note: '进', progress: 10 }, ['note']],
    ['updates', { note: '进展'.repeat(251), progress: 10 }, ['note']],
    ['updates', { note: '进展', progress: 101 }, ['progress']],
    ['updates', { note: '进展', progress: -1 }, ['progress']],
    ['updates', { note: '进展', progress: 12.5 }, ['progress']],
    ['updates', { note: '进展', progress: '50' }, ['progress']],
  ])('%s with %j: 400', async (action, body, path) => {
    const s = await topicScene(h)
    const t = await closed(s)
    if (action === 'updates') await ok(h, 'POST', `/api/topics/${t.id}/outcome`, s.staff, { summary: '改建充电区' })
    expectInvalid(await post(s.staff, `/api/topics/${t.id}/${action}`, body), path)
    expect((await topicRow(t.id))!.progress).toBeNull()
  })

  it('a sensitive word in the outcome or a note: 422, nothing changed', async () => {
    const s = await topicScene(h)
    const t = await closed(s)
    expectError(
      await post(s.staff, `/api/topics/${t.id}/outcome`, { summary: '改成代开发票点' }),
      422,
      'CONTENT_REJECTED',
    )
    expect((await topicRow(t.id))!.outcome_summary).toBeNull()
    await ok(h, 'POST', `/api/topics/${t.id}/outcome`, s.staff, { summary: '改建充电区' })
    expectError(
      await post(s.staff, `/api/topics/${t.id}/updates`, { note: '有人办假证', progress: 10 }),
      422,
      'CONTENT_REJECTED',
    )
    expect((await topicRow(t.id))!.progress).toBeNull()
  })
})

describe('GET /api/topics/:id/timeline', () => {
  it('a pending topic: its author and staff see the proposal; others 404', async () => {
    const s = await topicScene(h)
    const topic = await proposed(s)
    for (const who of [s.author, s.staff, s.admin]) {
      expect((await ok(h, 'GET', `/api/topics/${topic.id}/timeline`, who)).items).toMatchObject([{ type: 'proposed' }])
    }
    for (const who of [s.neighbour, s.outsider, s.foreignStaff]) {
      expectError(await get(who, `/api/topics/${topic.id}/timeline`), 404, 'NOT_FOUND')
    }
  })
})

describe('an unknown community in the staff checks', () => {
  it('a staff member of one community cannot act in a fresh one', async () => {
    const s = await topicScene(h)
    const elsewhere = await makeCommunity(h)
    const staffThere = await makeUser(h, 'staff', elsewhere)
    const t = await opened(s)
    expectError(await post(staffThere, `/api/topics/${t.id}/close`), 404, 'NOT_FOUND')
    expect((await topicRow(t.id))!.status).toBe('open')
  })
})
