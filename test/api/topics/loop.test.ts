import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHarness, type Harness } from '../support/harness'
import { approval, DAY_MS, notificationsOf, ok, topicBody, topicScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('the consultation loop', () => {
  it('propose → review → comment → vote → change vote → close → outcome → update → timeline', async () => {
    const s = await topicScene(h)
    const proposed = await ok(h, 'POST', '/api/topics', s.author, topicBody(s.communityId), 201)
    expect(proposed).toMatchObject({ status: 'pending_review', phase: null, authorName: '王小明', actions: [] })
    // Waiting for review: the author and staff see it, neighbours do not.
    await ok(h, 'GET', `/api/topics/${proposed.id}`, s.neighbour, undefined, 404)
    const pending = await ok(h, 'GET', `/api/topics?communityId=${s.communityId}`, s.staff)
    expect(pending.items.map((t: { id: string }) => t.id)).toContain(proposed.id)

    const opened = await ok(h, 'POST', `/api/topics/${proposed.id}/review`, s.staff, approval(h.clock.now()))
    expect(opened).toMatchObject({ status: 'open', phase: 'voting', maxChoices: 1, resultsVisibility: 'always' })
    expect(opened.options.map((o: { label: string }) => o.label)).toEqual(['划为停车位', '改成充电区', '建成小广场'])
    const [parking, charging] = opened.options as { id: string }[]

    const comment = await ok(h, 'POST', `/api/topics/${proposed.id}/comments`, s.neighbour, { body: '充电区好' }, 201)
    await ok(h, 'POST', `/api/topics/${proposed.id}/comments`, s.author, { body: '同意', parentId: comment.id }, 201)
    const threads = await ok(h, 'GET', `/api/topics/${proposed.id}/comments`, s.neighbour2)
    expect(threads.items).toMatchObject([{ body: '充电区好', authorName: '李**', replies: [{ body: '同意' }] }])

    await ok(h, 'PUT', `/api/topics/${proposed.id}/ballot`, s.neighbour, { optionIds: [parking!.id] })
    await ok(h, 'PUT', `/api/topics/${proposed.id}/ballot`, s.neighbour2, { optionIds: [charging!.id] })
    const changed = await ok(h, 'PUT', `/api/topics/${proposed.id}/ballot`, s.neighbour, { optionIds: [charging!.id] })
    expect(changed.optionIds).toEqual([charging!.id])
    const live = await ok(h, 'GET', `/api/topics/${proposed.id}/results`, s.author)
    expect(live).toMatchObject({ ballots: 2, final: false })
    expect(live.options.map((o: { count: number }) => o.count)).toEqual([0, 2, 0])

    h.clock.advance(DAY_MS)
    const closed = await ok(h, 'POST', `/api/topics/${proposed.id}/close`, s.staff)
    expect(closed).toMatchObject({ status: 'closed', phase: 'ended', actions: ['outcome'] })
    await ok(h, 'PUT', `/api/topics/${proposed.id}/ballot`, s.neighbour3, { optionIds: [parking!.id] }, 409)
    const final = await ok(h, 'GET', `/api/topics/${proposed.id}/results`, s.neighbour)
    expect(final).toMatchObject({ ballots: 2, final: true, eligible: 4 })
    expect(final.options.map((o: { count: number }) => o.count)).toEqual([0, 2, 0])

    const outcome = await ok(h, 'POST', `/api/topics/${proposed.id}/outcome`, s.staff, {
      summary: '改建为电动车充电区',
    })
    expect(outcome.outcome.summary).toBe('改建为电动车充电区')
    h.clock.advance(DAY_MS)
    const updated = await ok(h, 'POST', `/api/topics/${proposed.id}/updates`, s.staff, {
      note: '施工队已进场',
      progress: 40,
    })
    expect(updated).toMatchObject({ progress: 40, updates: [{ note: '施工队已进场', progress: 40 }] })
    // Voters and commenters hear of both; the staff member who posted does not (only, as staff, of the proposal).
    for (const who of [s.neighbour, s.neighbour2, s.author]) {
      expect((await notificationsOf(h, who.id)).map((n) => n.kind)).toEqual(['topic.outcome', 'topic.update'])
    }
    expect(await notificationsOf(h, s.staff.id)).toEqual([{ kind: 'staff.topic_review', entity_id: proposed.id }])

    const timeline = await ok(h, 'GET', `/api/topics/${proposed.id}/timeline`, s.neighbour3)
    expect(timeline.items.map((e: { type: string }) => e.type)).toEqual([
      'proposed',
      'approved',
      'closed',
      'outcome',
      'update',
    ])
    expect(timeline.items[1]).toMatchObject({ actorRole: 'staff', actorName: '陈主任' })
    expect(timeline.items[0]).toMatchObject({ actorName: '王**' })
    await ok(h, 'GET', `/api/topics/${proposed.id}/timeline`, s.outsider, undefined, 404)
  })

  it('three reports from different residents hide a comment once; staff restore it', async () => {
    const s = await topicScene(h)
    const proposed = await ok(h, 'POST', '/api/topics', s.author, topicBody(s.communityId), 201)
    await ok(h, 'POST', `/api/topics/${proposed.id}/review`, s.staff, approval(h.clock.now()))
    const comment = await ok(h, 'POST', `/api/topics/${proposed.id}/comments`, s.author, { body: '我有意见' }, 201)
    for (const who of [s.neighbour, s.neighbour2, s.neighbour3]) {
      await ok(h, 'POST', `/api/comments/${comment.id}/reports`, who, { reason: '人身攻击' }, 201)
    }
    const seen = await ok(h, 'GET', `/api/topics/${proposed.id}/comments`, s.neighbour)
    expect(seen.items).toMatchObject([{ id: comment.id, hidden: true, body: null }])
    const ownView = await ok(h, 'GET', `/api/topics/${proposed.id}/comments`, s.author)
    expect(ownView.items).toMatchObject([{ hidden: true, body: '我有意见', mine: true }])
    const restored = await ok(h, 'POST', `/api/comments/${comment.id}/restore`, s.staff, { reason: '经核实无不当内容' })
    expect(restored).toMatchObject({ hidden: false, body: '我有意见' })
    const timeline = await ok(h, 'GET', `/api/topics/${proposed.id}/timeline`, s.neighbour)
    expect(timeline.items.map((e: { type: string }) => e.type)).toEqual([
      'proposed',
      'approved',
      'comment_hidden',
      'comment_restored',
    ])
  })

  it('hides counts of an after_close topic from residents until it closes', async () => {
    const s = await topicScene(h)
    const proposed = await ok(h, 'POST', '/api/topics', s.author, topicBody(s.communityId), 201)
    const opened = await ok(
      h,
      'POST',
      `/api/topics/${proposed.id}/review`,
      s.staff,
      approval(h.clock.now(), { resultsVisibility: 'after_close' }),
    )
    await ok(h, 'PUT', `/api/topics/${proposed.id}/ballot`, s.neighbour, { optionIds: [opened.options[0].id] })
    await ok(h, 'GET', `/api/topics/${proposed.id}/results`, s.neighbour, undefined, 403)
    expect(await ok(h, 'GET', `/api/topics/${proposed.id}/results`, s.staff)).toMatchObject({ ballots: 1 })
    await ok(h, 'GET', `/api/topics/${proposed.id}/results`, s.outsider, undefined, 404)
    await ok(h, 'POST', `/api/topics/${proposed.id}/close`, s.staff)
    expect(await ok(h, 'GET', `/api/topics/${proposed.id}/results`, s.neighbour)).toMatchObject({
      ballots: 1,
      final: true,
    })
  })
})
