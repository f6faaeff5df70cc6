import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { expectError, ok } from '../support/assert'
import { makeUser } from '../support/fixtures'
import { call, startHarness, type Harness } from '../support/harness'
import { buildScene, EXPECTED, EXPECTED_B, type Scene } from '../report/scene'

/**
 * GET /api/streets/:id/stats and /export.csv: the communities of the street of scene.ts side by side for June 2033,
 * each figure against the hand count; who may read it; the CSV for Excel.
 */

let h: Harness
let s: Scene

beforeAll(async () => {
  h = await startHarness({ env: { TOKEN_TTL_SECONDS: String(20 * 365 * 24 * 3600) } })
  s = await buildScene(h)
})
afterAll(() => h.close())

const JUNE = 'from=2033-06-01&to=2033-06-30'
const stats = (street = s.streetId, query = JUNE) => `/api/streets/${street}/stats?${query}`
const csv = (street = s.streetId, query = JUNE) => `/api/streets/${street}/export.csv?${query}`

describe('the street side by side', () => {
  it('one row per community of the street, counted as by hand; none of another street', async () => {
    const body = await ok(h, 'GET', stats(), s.streetStaff)
    expect(body.streetId).toBe(s.streetId)
    expect(body.communities).toHaveLength(2)
    const a = body.communities.find((c: { communityId: string }) => c.communityId === s.communityId)
    const b = body.communities.find((c: { communityId: string }) => c.communityId === s.otherCommunityId)
    expect(a).toEqual({
      communityId: s.communityId,
      name: expect.stringMatching(/^社区-/),
      verifiedMembers: EXPECTED.verifiedMembers,
      wishesCompleted: EXPECTED.wishes.completed,
      volunteerHours: EXPECTED.volunteerHours.total,
      bookings: EXPECTED.bookings.booked,
      noShows: EXPECTED.bookings.noShows,
      problemsReceived: EXPECTED.problems.received,
      onTimeRate: EXPECTED.problems.onTimeRate,
      satisfactionRate: EXPECTED.problems.satisfactionRate,
      // 加装电梯 3 of 10 and 停车收费 0 of 8: 3 of 18.
      turnout: 0.1667,
      surveyMean: EXPECTED.surveyMean,
    })
    // B: its resident and volunteer are members; nothing resolved, rated or voted: no rates.
    expect(b).toMatchObject({
      ...EXPECTED_B,
      verifiedMembers: 2,
      onTimeRate: null,
      satisfactionRate: null,
      turnout: null,
    })
    expect(body.communities.map((c: { name: string }) => c.name)).toEqual(
      body.communities.map((c: { name: string }) => c.name).sort(),
    )
  })

  it('the admin reads any street', async () => {
    expect((await ok(h, 'GET', stats(), s.admin)).communities).toHaveLength(2)
    expect((await ok(h, 'GET', stats(s.otherStreetId), s.admin)).communities).toHaveLength(1)
  })

  it('a street with no community answers an empty table', async () => {
    const [empty] = await h.db.query<{ id: string }>(
      sql`INSERT INTO streets (name, district) VALUES (${`空街道-${crypto.randomUUID().slice(0, 6)}`}, '测试区') RETURNING id`,
    )
    expect((await ok(h, 'GET', stats(empty!.id), s.admin)).communities).toEqual([])
  })
})

describe('who may read it', () => {
  it.each(['stats', 'csv'] as const)(
    '%s: street staff of that street and the admin; everyone else refused',
    async (kind) => {
      const path = kind === 'stats' ? stats() : csv()
      const get = (token?: string) => call(h.app, 'GET', path, { token })
      expect((await get(s.streetStaff.token)).status).toBe(200)
      expect((await get(s.admin.token)).status).toBe(200)
      expectError(await get(), 401, 'UNAUTHENTICATED')
      // Community staff of a community of this street are not the street's staff; nor is the staff of another street.
      for (const user of [s.staff, s.otherStreetStaff, s.resident, s.foreignResident]) {
        expectError(await get(user.token), 403, 'FORBIDDEN')
      }
      const farStaff = await makeUser(h, 'staff', s.farCommunityId)
      expectError(await get(farStaff.token), 403, 'FORBIDDEN')
    },
  )

  it('an unknown street: 404 to the admin, 403 to street staff (it is not theirs)', async () => {
    const unknown = crypto.randomUUID()
    expectError(await call(h.app, 'GET', stats(unknown), { token: s.admin.token }), 404, 'NOT_FOUND')
    expectError(await call(h.app, 'GET', csv(unknown), { token: s.admin.token }), 404, 'NOT_FOUND')
    expectError(await call(h.app, 'GET', stats(unknown), { token: s.streetStaff.token }), 403, 'FORBIDDEN')
  })
})

describe('bad inputs', () => {
  it.each([
    ['no period', ''],
    ['from after to', 'from=2033-06-30&to=2033-06-01'],
    ['more than a year', 'from=2031-01-01&to=2033-06-30'],
    ['a day that does not exist', 'from=2033-02-30&to=2033-03-01'],
    ['a month, not a day', 'from=2033-06&to=2033-07'],
    ['an unknown parameter', `${JUNE}&communityId=${crypto.randomUUID()}`],
  ])('%s: 400', async (_, query) => {
    expectError(await call(h.app, 'GET', stats(s.streetId, query), { token: s.admin.token }), 400, 'VALIDATION_FAILED')
    expectError(await call(h.app, 'GET', csv(s.streetId, query), { token: s.admin.token }), 400, 'VALIDATION_FAILED')
  })

  it('a street id that is not a UUID: 400', async () => {
    expectError(
      await call(h.app, 'GET', `/api/streets/abc/stats?${JUNE}`, { token: s.admin.token }),
      400,
      'VALIDATION_FAILED',
    )
  })
})

describe('the CSV file', () => {
  it('UTF-8 with a BOM, Chinese headers, one line per community, a Chinese file name, recorded in the audit log', async () => {
    const response = await h.app.request(csv(), { headers: { authorization: `Bearer ${s.streetStaff.token}` } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('街道统计_')}`)
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer())
    expect(text.startsWith('\uFEFF')).toBe(true)
    const lines = text.slice(1).trimEnd().split('\r\n')
    expect(lines[0]).toBe(
      '社区,认证居民,完成心愿,志愿时长（小时）,驿站预约,预约未到,收到问题,按时办结率,问题满意率,议题参与率,满意度测评均分',
    )
    expect(lines).toHaveLength(3)
    const a = lines.find((l) => l.includes('11,2,6.5'))
    expect(a).toMatch(/^社区-[^,]+,11,2,6\.5,4,2,6,75%,66\.7%,16\.7%,4$/)
    const [audit] = await h.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log
       WHERE actor_id = ${s.streetStaff.id} AND action = 'stats.export' AND after->>'streetId' = ${s.streetId}`,
    )
    expect(audit!.n).toBeGreaterThanOrEqual(1)
  })

  it('a community name that reads as a formula is shown, never run', async () => {
    const [row] = await h.db.query<{ id: string }>(
      sql`INSERT INTO communities (name, street_id) VALUES ('=HYPERLINK("http://x")', ${s.otherStreetId}) RETURNING id`,
    )
    expect(row).toBeDefined()
    const response = await h.app.request(csv(s.otherStreetId), {
      headers: { authorization: `Bearer ${s.admin.token}` },
    })
    const text = await response.text()
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`)
  })
})
