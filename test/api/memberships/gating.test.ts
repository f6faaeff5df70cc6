import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { expectError, ok } from '../support/assert'
import { makeUser, type TestUser } from '../support/fixtures'
import { call, startHarness, type Harness, type Reply } from '../support/harness'
import { openTopic, topicBody, topicScene } from '../topics/helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const WISH = { title: '帮忙取快递', description: '腿脚不便，想请人帮忙从驿站取个快递', category: 'daily_goods' }

/** The callers who are not verified members of the scene's community, each browsing it. */
async function outsiders(s: Awaited<ReturnType<typeof topicScene>>) {
  const nonMember = await makeUser(h, 'resident', s.communityId, '新来的', { member: false })
  const pending = await makeUser(h, 'resident', s.communityId, '待审核', { member: false })
  await ok(
    h,
    'POST',
    '/api/me/membership',
    pending,
    {
      communityId: s.communityId,
      building: '1号楼',
      room: '101',
      relation: 'tenant',
      realName: '刘待审',
    },
    201,
  )
  // A verified member of another community who chose this one to browse.
  const elsewhere = await makeUser(h, 'resident', s.otherCommunityId, '别处的')
  await ok(h, 'PATCH', '/api/me', elsewhere, { communityId: s.communityId })
  return { nonMember, pending, elsewhere }
}

const refused = (reply: Reply) => expectError(reply, 403, 'MEMBERSHIP_REQUIRED')

describe('what membership gates', () => {
  it('posting a wish, proposing, commenting, reporting and voting: 403 MEMBERSHIP_REQUIRED for all but verified members', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    const comment = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.author, { body: '我支持改成充电区' }, 201)
    const callers = await outsiders(s)
    const calls = (u: TestUser) => [
      call(h.app, 'POST', '/api/wishes', { token: u.token, body: WISH }),
      call(h.app, 'POST', '/api/topics', { token: u.token, body: topicBody(s.communityId) }),
      call(h.app, 'POST', `/api/topics/${topic.id}/comments`, { token: u.token, body: { body: '说两句' } }),
      call(h.app, 'POST', `/api/comments/${comment.id}/reports`, { token: u.token, body: { reason: '内容不实' } }),
      call(h.app, 'PUT', `/api/topics/${topic.id}/ballot`, {
        token: u.token,
        body: { optionIds: [topic.options[0].id] },
      }),
    ]
    for (const [who, u] of Object.entries(callers)) {
      const replies = await Promise.all(calls(u))
      for (const r of replies) {
        expect(r.body?.error?.code, `${who}: ${JSON.stringify(r.body)}`).toBe('MEMBERSHIP_REQUIRED')
        refused(r)
      }
      // Reading needs no membership.
      await ok(h, 'GET', `/api/topics/${topic.id}`, u)
      await ok(h, 'GET', `/api/topics/${topic.id}/comments`, u)
      await ok(h, 'GET', `/api/wishes?communityId=${s.communityId}`, u)
      // The topic offers them neither vote nor comment.
      expect((await ok(h, 'GET', `/api/topics/${topic.id}`, u)).actions).toEqual([])
    }
    const [ballots] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM ballots WHERE topic_id = ${topic.id}`,
    )
    expect(ballots!.n).toBe(0)

    // A verified member passes every one.
    const member = s.neighbour
    expect((await ok(h, 'GET', `/api/topics/${topic.id}`, member)).actions).toEqual(['vote', 'comment'])
    await ok(h, 'POST', '/api/wishes', member, WISH, 201)
    await ok(h, 'POST', '/api/topics', member, topicBody(s.communityId), 201)
    await ok(h, 'POST', `/api/topics/${topic.id}/comments`, member, { body: '说两句' }, 201)
    await ok(h, 'POST', `/api/comments/${comment.id}/reports`, member, { reason: '内容不实' }, 201)
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, member, { optionIds: [topic.options[0].id] })
  })

  it('staff act for their community in office: they propose and comment, but vote, report and post wishes only as members', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    const comment = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.author, { body: '我支持改成充电区' }, 201)
    await ok(h, 'POST', '/api/topics', s.staff, topicBody(s.communityId), 201)
    await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.staff, { body: '社区会在周五前答复' }, 201)
    expect((await ok(h, 'GET', `/api/topics/${topic.id}`, s.staff)).actions).toContain('comment')
    refused(
      await call(h.app, 'PUT', `/api/topics/${topic.id}/ballot`, {
        token: s.staff.token,
        body: { optionIds: [topic.options[0].id] },
      }),
    )
    refused(
      await call(h.app, 'POST', `/api/comments/${comment.id}/reports`, {
        token: s.staff.token,
        body: { reason: '内容不实' },
      }),
    )
    refused(await call(h.app, 'POST', '/api/wishes', { token: s.staff.token, body: WISH }))
    // Staff elsewhere do not even see the topic, and propose in this community only as its members.
    refused(await call(h.app, 'POST', '/api/topics', { token: s.foreignStaff.token, body: topicBody(s.communityId) }))
  })

  it('a member who leaves or is revoked is refused from then on', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    await ok(h, 'PUT', `/api/topics/${topic.id}/ballot`, s.neighbour, { optionIds: [topic.options[0].id] })
    const { membership } = await ok(h, 'GET', '/api/me/membership', s.neighbour)
    await ok(h, 'POST', `/api/memberships/${membership.id}/revoke`, s.staff, { reason: '已搬离本社区' })
    refused(
      await call(h.app, 'PUT', `/api/topics/${topic.id}/ballot`, {
        token: s.neighbour.token,
        body: { optionIds: [topic.options[1].id] },
      }),
    )
    refused(await call(h.app, 'POST', '/api/wishes', { token: s.neighbour.token, body: WISH }))
  })

  it('issue #19: twelve fresh accounts choose the community; eligible stays, their votes are refused, their reports hide nothing', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    const dissent = await ok(
      h,
      'POST',
      `/api/topics/${topic.id}/comments`,
      s.author,
      { body: '我反对，空地应该留给孩子们玩' },
      201,
    )
    const before = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.author)

    const sockPuppets: TestUser[] = []
    for (let i = 0; i < 12; i++) {
      const login = await call(h.app, 'POST', '/api/auth/dev', {
        body: { openid: `sock-${topic.id}-${i}`, nickname: `新邻居${i}` },
      })
      expect(login.status).toBe(200)
      const user = { id: login.body.user.id, token: login.body.token } as TestUser
      await ok(h, 'PATCH', '/api/me', user, { communityId: s.communityId })
      sockPuppets.push(user)
    }
    const after = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.author)
    expect(after.eligible).toBe(before.eligible)

    for (const u of sockPuppets) {
      refused(
        await call(h.app, 'PUT', `/api/topics/${topic.id}/ballot`, {
          token: u.token,
          body: { optionIds: [topic.options[0].id] },
        }),
      )
      refused(
        await call(h.app, 'POST', `/api/comments/${dissent.id}/reports`, { token: u.token, body: { reason: '造谣' } }),
      )
    }
    const results = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.author)
    expect(results.ballots).toBe(0)
    const comments = await ok(h, 'GET', `/api/topics/${topic.id}/comments`, s.neighbour)
    expect(comments.items.find((c: { id: string }) => c.id === dissent.id)).toMatchObject({
      hidden: false,
      body: '我反对，空地应该留给孩子们玩',
    })
  })

  it('reports count toward hiding only when verified members of the community made them (in SQL)', async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    const target = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.author, { body: '我反对这个方案' }, 201)
    // Two members report; one of them then leaves: their report stays in the queue but no longer counts.
    await ok(h, 'POST', `/api/comments/${target.id}/reports`, s.neighbour, { reason: '内容不实' }, 201)
    await ok(h, 'POST', `/api/comments/${target.id}/reports`, s.neighbour2, { reason: '内容不实' }, 201)
    await ok(h, 'DELETE', '/api/me/membership', s.neighbour2)
    // A report filed by someone who is no member (straight into the table, as an old report would be).
    const stranger = await makeUser(h, 'resident', s.communityId, '路人', { member: false })
    await h.db.query(
      sql`INSERT INTO comment_reports (comment_id, reporter_id, reason, created_at) VALUES (${target.id}, ${stranger.id}, '造谣', now())`,
    )
    const hidden = async () =>
      (
        await h.db.query<{ hidden: boolean; report_count: number }>(
          sql`SELECT hidden, report_count FROM topic_comments WHERE id = ${target.id}`,
        )
      )[0]
    expect(await hidden()).toEqual({ hidden: false, report_count: 3 })
    // Two more members: three members' reports hide it.
    await ok(h, 'POST', `/api/comments/${target.id}/reports`, s.neighbour3, { reason: '内容不实' }, 201)
    expect((await hidden())!.hidden).toBe(false)
    const fourth = await makeUser(h, 'resident', s.communityId)
    await ok(h, 'POST', `/api/comments/${target.id}/reports`, fourth, { reason: '内容不实' }, 201)
    expect(await hidden()).toEqual({ hidden: true, report_count: 5 })
  })
})
