import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { makeResidents, race, tally } from '../support/contention'
import { call, startHarness, type Harness } from '../support/harness'
import { CLOSES, ok, openSurvey, surveyScene } from './helpers'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

describe('contention: 群众满意度测评', () => {
  it('one member answers 50 times at once: one row, holding one of the answers sent', async () => {
    const s = await surveyScene(h)
    const survey = await openSurvey(h, s)
    const answers = Array.from({ length: 50 }, (_, i) => [(i % 5) + 1, ((i + 1) % 5) + 1, ((i + 2) % 5) + 1])
    const replies = await race(
      h,
      'one member answers a survey 50 times at once',
      answers.map(
        (scores) => () =>
          call(h.app, 'PUT', `/api/surveys/${survey.id}/response`, { token: s.alice.token, body: { scores } }),
      ),
    )
    expect(tally(replies)).toEqual({ '200': 50 })
    const rows = await h.db.query<{ scores: number[] }>(
      sql`SELECT scores FROM survey_responses WHERE survey_id = ${survey.id} AND user_id = ${s.alice.id}`,
    )
    expect(rows).toHaveLength(1)
    expect(answers).toContainEqual(rows[0]!.scores)
  })

  it(
    '200 members answer at once, then 50 after close: every answer in the window counted once, none after',
    { timeout: 120_000 },
    async () => {
      const s = await surveyScene(h)
      const survey = await openSurvey(h, s, { items: [{ text: '总体满意度' }] })
      const members = await makeResidents(h, s.communityId, 200)
      const replies = await race(
        h,
        '200 members answer a survey at once',
        members.map(
          (m, i) => () =>
            call(h.app, 'PUT', `/api/surveys/${survey.id}/response`, {
              token: m.token,
              body: { scores: [(i % 5) + 1] },
            }),
        ),
      )
      expect(tally(replies)).toEqual({ '200': 200 })
      h.clock.set(CLOSES)
      const late = await race(
        h,
        '50 answers after close',
        members
          .slice(0, 50)
          .map(
            (m) => () =>
              call(h.app, 'PUT', `/api/surveys/${survey.id}/response`, { token: m.token, body: { scores: [1] } }),
          ),
      )
      expect(tally(late)).toEqual({ '409 SURVEY_CLOSED': 50 })
      const r = await ok(h, 'GET', `/api/surveys/${survey.id}/results`, s.alice)
      expect(r.respondents).toBe(200)
      expect(r.items[0]).toEqual({ text: '总体满意度', mean: 3, count: 200, distribution: [40, 40, 40, 40, 40] })
    },
  )
})
