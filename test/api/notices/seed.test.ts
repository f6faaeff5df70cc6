import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, seed } from '../../../src/server/db/seed'
import { call, startHarness, type Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
  await seed(h.db)
  await seed(h.db)
})
afterAll(() => h.close())

describe('the demo seed: 阳光社区 公开栏', () => {
  it('has a 财务公开 in its 公示期 with an objection and a reply, and a corrected result linked both ways', async () => {
    const token = h.tokens.sign(DEMO.users.elder)
    const list = await call(h.app, 'GET', `/api/communities/${DEMO.communities.sunshine}/notices`, { token })
    const N = DEMO.notices
    expect(list.body.items.map((n: { id: string }) => n.id)).toEqual([
      N.water,
      N.finance,
      N.resultsCorrection,
      N.results,
    ])
    const finance = await call(h.app, 'GET', `/api/notices/${N.finance}`, { token })
    expect(finance.body).toMatchObject({ kind: 'finance', objectionsOpen: true, readCount: 3 })
    expect(finance.body.objections).toEqual([
      expect.objectContaining({ authorName: '王**', reply: expect.objectContaining({ body: expect.any(String) }) }),
    ])
    const old = await call(h.app, 'GET', `/api/notices/${N.results}`, { token })
    expect(old.body.supersededBy).toMatchObject({ id: N.resultsCorrection })
    const fix = await call(h.app, 'GET', `/api/notices/${N.resultsCorrection}`, { token })
    expect(fix.body.supersedes).toMatchObject({ id: N.results })
  })
})
