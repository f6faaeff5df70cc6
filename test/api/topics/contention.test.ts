import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeResidents, race, tally } from '../support/contention'
import type { TestUser } from '../support/fixtures'
import { call, startHarness, type Harness, type Reply } from '../support/harness'
import { ok, openTopic, topicScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

/** Counts per option straight from the ballots table. */
async function tableTally(topicId: string, optionIds: string[]) {
  const rows = await h.db.query<{ option_id: string; n: number }>(
    sql`SELECT o AS option_id, count(*)::int AS n FROM ballots, unnest(option_ids) o WHERE topic_id = ${topicId} GROUP BY o`,
  )
  return optionIds.map((id) => rows.find((r) => r.option_id === id)?.n ?? 0)
}

const vote = (topicId: string, user: TestUser, optionId: string) => () =>
  call(h.app, 'PUT', `/api/topics/${topicId}/ballot`, { token: user.token, body: { optionIds: [optionId] } })

describe('contention', () => {
  it(
    '300 residents vote at once while 100 of them change their vote: one ballot each, the tally equals the table',
    { timeout: 300_000 },
    async () => {
      const s = await topicScene(h)
      const topic = await openTopic(h, s)
      const optionIds = (topic.options as { id: string }[]).map((o) => o.id)
      const voters = await makeResidents(h, s.communityId, 300)
      // Each first votes for option (i mod 3); the first 100 also switch to the next option, in the same burst.
      const requests = [
        ...voters.map((v, i) => vote(topic.id, v, optionIds[i % 3]!)),
        ...voters.slice(0, 100).map((v, i) => vote(topic.id, v, optionIds[(i + 1) % 3]!)),
      ]
      const replies = await race(h, '300 votes + 100 changes', requests)
      expect(tally(replies)).toEqual({ '200': 400 })

      const [counts] = await h.db.query<{ ballots: number; voters: number }>(
        sql`SELECT count(*)::int AS ballots, count(DISTINCT user_id)::int AS voters FROM ballots WHERE topic_id = ${topic.id}`,
      )
      expect(counts).toEqual({ ballots: 300, voters: 300 })
      const results = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.staff)
      const fromTable = await tableTally(topic.id, optionIds)
      expect(results.options.map((o: { count: number }) => o.count)).toEqual(fromTable)
      expect(fromTable.reduce((a, b) => a + b, 0)).toBe(300)
      // Whichever of a voter's two requests came last is their ballot; the 200 who sent one kept theirs.
      const steadyVoters = voters.slice(100).map((v) => v.id)
      const steadyChoices = voters.slice(100).map((_, i) => optionIds[(i + 100) % 3]!)
      const steady = await h.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n
           FROM ballots b JOIN unnest(${steadyVoters}::uuid[], ${steadyChoices}::uuid[]) AS x (user_id, option_id)
             ON x.user_id = b.user_id
           WHERE b.topic_id = ${topic.id} AND b.option_ids = ARRAY[x.option_id]`,
      )
      expect(steady[0]!.n).toBe(200)
    },
  )

  it(
    'votes racing the close: the frozen tally equals the ballots that were accepted',
    { timeout: 120_000 },
    async () => {
      const s = await topicScene(h)
      const topic = await openTopic(h, s)
      const optionIds = (topic.options as { id: string }[]).map((o) => o.id)
      const voters = await makeResidents(h, s.communityId, 120)
      // The votes leave 5 ms apart, slower than the pool serves them, so the close (sent once the first 10 are
      // answered) does not queue behind them all for a connection: it lands among votes still on their way. Then 20
      // more votes come after the close was answered: those must all fail.
      let answered = 0
      let close: Promise<Reply> | undefined
      const started = performance.now()
      const replies = await Promise.all(
        voters.slice(0, 100).map(async (v, i) => {
          await new Promise((resolve) => setTimeout(resolve, 5 * i))
          const reply = await vote(topic.id, v, optionIds[i % 3]!)()
          if (++answered === 10) {
            close = call(h.app, 'POST', `/api/topics/${topic.id}/close`, { token: s.staff.token })
          }
          return reply
        }),
      )
      const closed = await close!
      const late = await Promise.all(voters.slice(100).map((v, i) => vote(topic.id, v, optionIds[i % 3]!)()))
      console.info(
        `[contention] 100 votes 5 ms apart with a close sent after the 10th answer on ${h.db.kind}: ` +
          `${Math.round(performance.now() - started)} ms — ${JSON.stringify(tally(replies))}`,
      )
      expect(closed.status).toBe(200)
      expect(tally(late)).toEqual({ '409 VOTING_CLOSED': 20 })
      const accepted = replies.filter((r) => r.status === 200).length
      expect(accepted).toBeGreaterThanOrEqual(10)
      expect(accepted + (tally(replies)['409 VOTING_CLOSED'] ?? 0)).toBe(100)

      const final = await ok(h, 'GET', `/api/topics/${topic.id}/results`, s.neighbour)
      expect(final.final).toBe(true)
      expect(final.ballots).toBe(accepted)
      expect(final.options.map((o: { count: number }) => o.count)).toEqual(await tableTally(topic.id, optionIds))
    },
  )

  it('50 residents report one comment at once: it is hidden exactly once', { timeout: 120_000 }, async () => {
    const s = await topicScene(h)
    const topic = await openTopic(h, s)
    const comment = await ok(h, 'POST', `/api/topics/${topic.id}/comments`, s.author, { body: '大家别投了' }, 201)
    const reporters = await makeResidents(h, s.communityId, 50)
    const replies = await race(
      h,
      '50 concurrent reports',
      reporters.map(
        (r) => () =>
          call(h.app, 'POST', `/api/comments/${comment.id}/reports`, { token: r.token, body: { reason: '扰乱讨论' } }),
      ),
    )
    expect(tally(replies)).toEqual({ '201': 50 })
    const [row] = await h.db.query<{ hidden: boolean; report_count: number }>(
      sql`SELECT hidden, report_count FROM topic_comments WHERE id = ${comment.id}`,
    )
    expect(row).toEqual({ hidden: true, report_count: 50 })
    const events = await h.db.query(
      sql`SELECT type FROM topic_events WHERE topic_id = ${topic.id} AND type = 'comment_hidden'`,
    )
    expect(events).toHaveLength(1)
    const audits = await h.db.query(
      sql`SELECT id FROM audit_log WHERE entity_id = ${comment.id} AND action = 'comment.hidden_by_reports'`,
    )
    expect(audits).toHaveLength(1)
  })
})
