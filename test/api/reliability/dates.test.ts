import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from '../../../src/server/db/sql'
import { expectError } from '../support/assert'
import { makeCast, makeCommunity } from '../support/fixtures'
import { changedTables, fingerprint } from '../support/fingerprint'
import { call, startHarness, type Harness } from '../support/harness'
import { routeMatrix, successfulCaller, type ActorName, type RouteRequest } from '../support/route-matrix'
import { DAY_MS, HOUR_MS } from '../support/time'

/**
 * Every input that takes a date — a query, a body field, a page cursor — refuses what PostgreSQL cannot store or what
 * means nothing here with 400 VALIDATION_FAILED, and writes nothing (issue #18, security 4; before, each answered
 * 500, and on PGlite a topic voting from 1 BC was saved and then broke its community's list).
 */

let h: Harness
const MATRIX = routeMatrix(() => h)

beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

/** Days the calendar has not, or the database cannot hold, or outside 1900–2999. */
const BAD_DAYS = ['0000-01-01', '2026-02-30', '2027-02-29', '2026-13-01', '1899-12-31', '3000-01-01', '9999-12-31']

/** Instants with a year 0, in 1 BC once in UTC, with an offset no zone has or PostgreSQL refuses, or too fine. */
const BAD_INSTANTS = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+14:00',
  '2027-01-01T00:00:00-23:59',
  '2027-01-01T00:00:00+16:00',
  '2027-01-01T00:00:00+14:30',
  '2027-01-01T00:00:00-12:01',
  '2026-02-30T00:00:00Z',
  '1899-12-31T23:59:59Z',
  '3000-01-01T00:00:00Z',
  '2027-01-01T00:00:00.1234567Z',
]

/** The time of a page cursor is the server's own UTC form; these are not times it writes. */
const BAD_CURSOR_TIMES = [
  '2026-02-30T00:00:00Z',
  '0000-01-01T00:00:00.000Z',
  '2026-01-01T24:00:00Z',
  '2026-01-01T23:60:00Z',
  '1899-12-31T23:59:59.999Z',
  '3000-01-01T00:00:00.000Z',
  '2026-01-01T00:00:00+08:00',
]

const ANY_UUID = '00000000-0000-4000-8000-000000000000'
const cursorOf = (key: [string, string]) => Buffer.from(JSON.stringify(key)).toString('base64url')

/** The path with one query parameter set (added or replaced). */
function withQuery(path: string, name: string, value: string) {
  const [base, query = ''] = path.split('?') as [string, string?]
  const params = new URLSearchParams(query)
  params.set(name, value)
  return `${base}?${params}`
}

interface DateInput {
  route: string
  /** The query parameter, or the body field as a dotted path. */
  input: string
  kind: 'day' | 'instant' | 'cursor'
  /** Who sends it; else the matrix's least privileged caller who succeeds. */
  caller?: ActorName
  /** The route's valid request with the value put in its place. */
  put: (valid: RouteRequest, value: string) => RouteRequest
  /** A value of the kind that is fine here. */
  good: () => string
}

const tomorrow = () => new Date(h.clock.now().getTime() + DAY_MS).toISOString().slice(0, 10)
const inAWeek = () => new Date(h.clock.now().getTime() + 7 * DAY_MS).toISOString()

const inQuery = (route: string, input: string): DateInput => ({
  route,
  input,
  kind: 'day',
  put: (valid, value) => ({ path: withQuery(valid.path, input, value) }),
  good: tomorrow,
})

/** An opening that voting from now for a week, with one of its times replaced. */
const opening = (field: string, value: string) => ({
  options: ['赞成', '反对'],
  maxChoices: 1,
  votingOpensAt: h.clock.now().toISOString(),
  votingClosesAt: inAWeek(),
  resultsVisibility: 'always',
  [field]: value,
})

/** Routes whose cursor sorts by a time; the audit log's rows have numbers for ids, the others UUIDs. */
const TIME_CURSOR_ROUTES = [
  'GET /api/wishes',
  'GET /api/topics',
  'GET /api/topics/:id/comments',
  'GET /api/comments/reported',
  'GET /api/me/notifications',
  'GET /api/me/bookings',
  'GET /api/me/volunteer-hours',
  'GET /api/volunteers/applications',
  'GET /api/staff/queue',
  'GET /api/audit',
  'GET /api/activities',
  'GET /api/communities/:id/memberships',
  'GET /api/communities/:id/party-members',
  'GET /api/communities/:id/residents',
  'GET /api/problems',
  'GET /api/handler/queue',
  'GET /api/communities/:id/budgets',
  'GET /api/communities/:id/notices',
  'GET /api/communities/:id/surveys',
]
/** Routes whose cursor is no date: sorted by name or distance (any text is a key), or not paged at all. */
const OTHER_CURSOR_ROUTES = [
  'GET /api/communities',
  'GET /api/stations',
  'GET /api/me/waitlist',
  // Places, by name (households by building, unit and room): text keys.
  'GET /api/streets',
  'GET /api/communities/:id/grids',
  'GET /api/communities/:id/buildings',
  'GET /api/communities/:id/households',
  'GET /api/communities/:id/orgs',
]

/**
 * A period's day: both ends set to it, a period of one day, so that neither the order of the ends nor the length
 * of the period is what refuses it.
 */
const inPeriod = (route: string, input: 'from' | 'to'): DateInput => ({
  route,
  input,
  kind: 'day',
  put: (valid, value) => ({ path: withQuery(withQuery(valid.path, 'from', value), 'to', value) }),
  good: tomorrow,
})

const PERIOD_ROUTES = [
  'GET /api/staff/stats',
  'GET /api/staff/export/wishes.csv',
  'GET /api/staff/export/volunteer-hours.csv',
  'GET /api/staff/export/bookings.csv',
  'GET /api/staff/export/ballots.csv',
  'GET /api/communities/:id/problem-stats',
  'GET /api/communities/:id/problems.csv',
  'GET /api/streets/:id/stats',
  'GET /api/streets/:id/export.csv',
  'GET /api/communities/:id/ratings',
]

const DATE_INPUTS: DateInput[] = [
  inQuery('GET /api/services/:id/slots', 'date'),
  inQuery('GET /api/services/:id/bookings', 'date'),
  ...[...PERIOD_ROUTES, 'GET /api/audit'].flatMap((route) => [inPeriod(route, 'from'), inPeriod(route, 'to')]),
  {
    route: 'POST /api/problems/:id/assign',
    input: 'dueAt',
    kind: 'instant',
    put: (valid, value) => ({ ...valid, body: { ...(valid.body as object), dueAt: value } }),
    good: inAWeek,
  },
  {
    route: 'POST /api/stations/:id/closures',
    input: 'date',
    kind: 'day',
    put: (valid, value) => ({ ...valid, body: { ...(valid.body as object), date: value } }),
    good: tomorrow,
  },
  ...['votingOpensAt', 'votingClosesAt'].flatMap((field): DateInput[] => [
    {
      route: 'POST /api/topics',
      input: `opening.${field}`,
      kind: 'instant',
      caller: 'staff',
      put: (valid, value) => ({ ...valid, body: { ...(valid.body as object), opening: opening(field, value) } }),
      good: field === 'votingOpensAt' ? () => h.clock.now().toISOString() : inAWeek,
    },
    {
      route: 'POST /api/topics/:id/review',
      input: field,
      kind: 'instant',
      put: (valid, value) => ({ ...valid, body: { approve: true, ...opening(field, value) } }),
      good: field === 'votingOpensAt' ? () => h.clock.now().toISOString() : inAWeek,
    },
  ]),
  // The matrix's activity starts in three days for an hour; sign-up closes the day before.
  ...(
    [
      ['startsAt', 3 * DAY_MS],
      ['endsAt', 3 * DAY_MS + HOUR_MS],
      ['signupClosesAt', 2 * DAY_MS],
    ] as const
  ).map(([field, after]): DateInput => ({
    route: 'POST /api/activities',
    input: field,
    kind: 'instant',
    caller: 'staff',
    put: (valid, value) => ({ ...valid, body: { ...(valid.body as object), [field]: value } }),
    good: () => new Date(h.clock.now().getTime() + after).toISOString(),
  })),
  // 社区微实事: the four windows of a budget, each replaced in the matrix's valid body (open now, then a day apart).
  ...(
    [
      ['proposalsOpenAt', 0],
      ['proposalsCloseAt', 1],
      ['votingOpensAt', 2],
      ['votingClosesAt', 3],
    ] as const
  ).map(([field, days]): DateInput => ({
    route: 'POST /api/communities/:id/budgets',
    input: field,
    kind: 'instant',
    put: (valid, value) => ({ ...valid, body: { ...(valid.body as object), [field]: value } }),
    good: () => new Date(h.clock.now().getTime() + days * DAY_MS).toISOString(),
  })),
  // 公开栏: a notice's 公示期 end, in the matrix's valid body (a day from now).
  {
    route: 'POST /api/communities/:id/notices',
    input: 'objectionsUntil',
    kind: 'instant',
    put: (valid, value) => ({ ...valid, body: { ...(valid.body as object), objectionsUntil: value } }),
    good: () => new Date(h.clock.now().getTime() + DAY_MS).toISOString(),
  },
  // 群众满意度测评: the window of a survey, each end replaced in the matrix's valid body (open now, closing in a day).
  ...(
    [
      ['opensAt', 0],
      ['closesAt', 1],
    ] as const
  ).map(([field, days]): DateInput => ({
    route: 'POST /api/communities/:id/surveys',
    input: field,
    kind: 'instant',
    put: (valid, value) => ({ ...valid, body: { ...(valid.body as object), [field]: value } }),
    good: () => new Date(h.clock.now().getTime() + days * DAY_MS).toISOString(),
  })),
  ...TIME_CURSOR_ROUTES.map((route): DateInput => ({
    route,
    input: 'cursor',
    kind: 'cursor',
    put: (valid, value) => ({
      path: withQuery(valid.path, 'cursor', cursorOf([value, route === 'GET /api/audit' ? '1' : ANY_UUID])),
    }),
    good: () => h.clock.now().toISOString(),
  })),
]

const BAD: Record<DateInput['kind'], string[]> = { day: BAD_DAYS, instant: BAD_INSTANTS, cursor: BAD_CURSOR_TIMES }

interface OpenApiSchema {
  format?: string
  properties?: Record<string, OpenApiSchema>
  oneOf?: OpenApiSchema[]
  anyOf?: OpenApiSchema[]
  allOf?: OpenApiSchema[]
}
interface OpenApiOperation {
  parameters?: { name: string; in: string; schema?: OpenApiSchema }[]
  requestBody?: { content?: Record<string, { schema?: OpenApiSchema }> }
}

const isDate = (s: OpenApiSchema | undefined) => s?.format === 'date' || s?.format === 'date-time'

/** The dotted paths of the date fields of a body schema, through nested objects and alternatives. */
function dateFields(schema: OpenApiSchema | undefined, prefix = ''): string[] {
  if (!schema) return []
  const own = Object.entries(schema.properties ?? {}).flatMap(([name, field]) =>
    isDate(field) ? [`${prefix}${name}`] : dateFields(field, `${prefix}${name}.`),
  )
  const alternatives = [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])]
  return [...own, ...alternatives.flatMap((alt) => dateFields(alt, prefix))]
}

describe('dates the database cannot store', () => {
  it('the list above is every date input the API documents, and every time cursor', async () => {
    const doc = (await call(h.app, 'GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, OpenApiOperation>>
    }
    const documented: string[] = []
    const cursors: string[] = []
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`
        for (const p of operation.parameters ?? []) {
          if (p.in === 'query' && p.name === 'cursor') cursors.push(route)
          else if (p.in === 'query' && isDate(p.schema)) documented.push(`${route} ${p.name}`)
        }
        const body = operation.requestBody?.content?.['application/json']?.schema
        documented.push(...[...new Set(dateFields(body))].map((field) => `${route} ${field}`))
      }
    }
    const listed = DATE_INPUTS.filter((d) => d.kind !== 'cursor').map((d) => `${d.route} ${d.input}`)
    expect(documented.sort()).toEqual([...new Set(listed)].sort())
    expect(cursors.sort()).toEqual([...TIME_CURSOR_ROUTES, ...OTHER_CURSOR_ROUTES].sort())
  })

  it.each(DATE_INPUTS.map((d) => [`${d.route} ${d.input}`, d] as const))(
    '%s: 400 VALIDATION_FAILED on each bad value, nothing written; a good one passes',
    async (_, input) => {
      const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
      const entry = MATRIX[input.route]!
      const valid = await entry.request(cast)
      const caller = input.caller ?? successfulCaller(entry).caller
      const token = caller === 'anonymous' ? undefined : cast[caller].token
      const [method] = input.route.split(' ') as [string]
      const scope = { communityIds: [cast.communityId, cast.otherCommunityId], userIds: [cast.admin.id] }
      const before = await fingerprint(h, scope)

      for (const value of BAD[input.kind]) {
        const request = input.put(valid, value)
        const reply = await call(h.app, method, request.path, { token, body: request.body })
        const context = `${caller} ${method} ${request.path} ${JSON.stringify(request.body) ?? ''} (${value})`
        expect(reply.status, `${context} → ${JSON.stringify(reply.body)}`).toBe(400)
        expectError(reply, 400, 'VALIDATION_FAILED')
        expect(changedTables(before, await fingerprint(h, scope)), `${context}: written on a refusal`).toEqual([])
      }

      // The same request with a good value of the kind gets through: the refusals were the date's.
      const request = input.put(valid, input.good())
      const reply = await call(h.app, method, request.path, { token, body: request.body })
      expect(reply.status, `${method} ${request.path} → ${JSON.stringify(reply.body)}`).toBeLessThan(300)
    },
  )
})

describe('a topic whose voting opens in 1 BC', () => {
  it('is refused and not saved, and the community’s topics still list', async () => {
    const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
    const reply = await call(h.app, 'POST', '/api/topics', {
      token: cast.staff.token,
      body: {
        communityId: cast.communityId,
        title: '公元前开始的议题',
        body: '测试',
        opening: {
          options: ['同意', '反对'],
          maxChoices: 1,
          // 0000-12-31T10:00Z: 1 BC once in UTC.
          votingOpensAt: '0001-01-01T00:00:00+14:00',
          votingClosesAt: '2027-06-01T00:00:00Z',
          resultsVisibility: 'always',
        },
      },
    })
    expectError(reply, 400, 'VALIDATION_FAILED')
    expect(reply.body.error.details).toContainEqual(expect.objectContaining({ path: ['opening', 'votingOpensAt'] }))
    const saved = await h.db.query(sql`SELECT id FROM topics WHERE community_id = ${cast.communityId}`)
    expect(saved).toEqual([])
    for (const user of [cast.resident, cast.staff]) {
      const list = await call(h.app, 'GET', '/api/topics', { token: user.token })
      expect(list.status, JSON.stringify(list.body)).toBe(200)
    }
  })
})
