import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/server/app'
import { createWechatClient } from '../../../src/server/auth/wechat'
import { loadConfig } from '../../../src/server/config'
import type { Db } from '../../../src/server/db/types'
import { silentLogger } from '../../../src/server/lib/logger'
import { startFakeWechat } from '../support/fake-wechat'
import { makeCast, makeCommunity } from '../support/fixtures'
import { changedTables, fingerprint } from '../support/fingerprint'
import { call, startHarness, uniqueName, type Harness } from '../support/harness'
import {
  expectErrorEnvelope,
  junkBody,
  junkQueryValue,
  junkSegment,
  JUNK_CONTENT_TYPES,
  pathParams,
  safeEncode,
} from '../support/junk'
import { ACTORS, routeMatrix, servedRoutes, successfulCaller, type ActorName, type Cast } from '../support/route-matrix'

/**
 * Property-based requests to every route of the app: from the matrix's valid request for it, fast-check replaces,
 * drops and adds path params, query params and body fields with wrong types, huge and unicode strings, nested junk,
 * extreme numbers and SQL-looking text (and text PostgreSQL cannot hold), and sends them mostly as the caller the
 * matrix lets through, else as any kind of caller. Every answer is 2xx or 4xx, every
 * refusal is the documented error envelope, and a refusal writes nothing (the fingerprint of the route's own
 * communities is the same after it).
 *
 * Bounded: a fixed seed and RUNS requests per route, no shrinking (the target's state moves between runs, so a
 * shrunk case would not replay anyway); the failing request is printed as it was sent.
 */
const SEED = 7_2026
const RUNS = 24

const WECHAT = { appId: 'wx-fuzz-app', secret: 'wx-fuzz-secret' }
const CLIENT_ADDRESS = `fuzz-${uniqueName('client')}`

// The route table, read at collection time from an app that is never sent a request: a new route is fuzzed at once.
const ROUTES = servedRoutes(createApp({ db: {} as Db, config: loadConfig({ AUTH_DEV_LOGIN: '1' }), log: silentLogger }))

let fake: Awaited<ReturnType<typeof startFakeWechat>>
let h: Harness
let openapi: OpenApiDocument
const MATRIX = routeMatrix(() => h)

beforeAll(async () => {
  fake = await startFakeWechat(WECHAT)
  h = await startHarness({ wechat: createWechatClient({ ...WECHAT, apiBase: fake.baseUrl, timeoutMs: 10_000 }) })
  openapi = (await call<OpenApiDocument>(h.app, 'GET', '/api/openapi.json')).body
})
afterAll(async () => {
  await h.close()
  await fake.close()
})

interface OpenApiOperation {
  parameters?: { name: string; in: string }[]
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }
}
interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>
}

/** The query names and body fields the document gives for a route; none for the routes it leaves out (cron). */
function documented(method: string, pattern: string) {
  const operation = openapi.paths[pattern.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()]
  return {
    queryNames: (operation?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    bodyFields: Object.keys(operation?.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
  }
}

/** Undefined mostly, now and then a value. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary })

/** Everything fast-check may change about a valid request to one route. */
function requestArbitrary(
  method: string,
  pattern: string,
  valid: { path: string; body?: unknown },
  cast: Cast,
  caller: ActorName,
) {
  const [validPath, validQuery = ''] = valid.path.split('?') as [string, string?]
  const params = pathParams(pattern, validPath)
  const query = new URLSearchParams(validQuery)
  const { queryNames, bodyFields } = documented(method, pattern)
  const names = [...new Set([...query.keys(), ...queryNames])]

  const keepOr = <T>(junk: fc.Arbitrary<T>) => fc.oneof({ weight: 2, arbitrary: fc.constant('keep' as const) }, junk)
  return fc
    .record({
      // Mostly the caller the route lets through, so the junk gets past the guards to the schema, the rules and SQL.
      actor: fc.oneof({ weight: 2, arbitrary: fc.constant(caller) }, fc.constantFrom(...ACTORS)),
      params: fc.tuple(...params.map(() => keepOr(junkSegment))),
      query: fc.tuple(...names.map(() => keepOr(fc.oneof(fc.constant('drop' as const), junkQueryValue)))),
      extraQuery: rarely(fc.tuple(junkQueryValue, junkQueryValue)),
      body: method === 'GET' ? fc.constant(undefined) : junkBody(valid.body, bodyFields),
      contentType: rarely(fc.constantFrom(...JUNK_CONTENT_TYPES)),
    })
    .map((draw) => {
      let path = pattern
      params.forEach(([name, value], i) => {
        const junk = draw.params[i]
        path = path.replace(`:${name}`, junk === 'keep' || junk === undefined ? value : safeEncode(junk))
      })
      const pairs: string[] = []
      names.forEach((name, i) => {
        const choice = draw.query[i]
        if (choice === 'drop') return
        const values = choice === 'keep' || choice === undefined ? query.getAll(name) : [choice].flat()
        for (const value of values) pairs.push(`${safeEncode(name)}=${safeEncode(value)}`)
      })
      if (draw.extraQuery) pairs.push(draw.extraQuery.map((part) => safeEncode([part].flat()[0] ?? '')).join('='))
      let body = draw.body
      // The word list is one for the whole database: a fuzzed save must never change it under the other tests, so
      // every list sent keeps one empty word, which the schema refuses.
      if (pattern === '/api/admin/words' && body && typeof body === 'object' && Array.isArray((body as any).words)) {
        body = { ...(body as object), words: [...(body as { words: unknown[] }).words, ''] }
      }
      const token = draw.actor === 'anonymous' ? undefined : cast[draw.actor].token
      const headers: Record<string, string> = {}
      if (draw.contentType) headers['content-type'] = draw.contentType
      const target = pairs.length ? `${path}?${pairs.join('&')}` : path
      return { actor: draw.actor, path: target, body, token, headers, address: CLIENT_ADDRESS }
    })
}

describe('fuzzing every route', () => {
  it('covers the routes the matrix builds a valid request for', () => {
    expect(ROUTES.length).toBeGreaterThan(10)
    expect(ROUTES.filter((route) => !(route in MATRIX))).toEqual([])
  })

  describe.each(ROUTES)('%s', (route) => {
    const [method, pattern] = route.split(' ') as [string, string]

    it('answers 2xx or 4xx, refuses in the error envelope and writes nothing when it refuses', async () => {
      const cast = await makeCast(h, await makeCommunity(h), await makeCommunity(h))
      const entry = MATRIX[route]
      const valid = (await entry?.request(cast)) ?? { path: pattern }
      const caller = entry ? successfulCaller(entry).caller : 'resident'
      const scope = { communityIds: [cast.communityId, cast.otherCommunityId], userIds: [cast.admin.id] }
      let last = await fingerprint(h, scope)

      await fc.assert(
        fc.asyncProperty(requestArbitrary(method, pattern, valid, cast, caller), async (request) => {
          const reply = await call(h.app, method, request.path, request)
          const context = `${request.actor} ${method} ${request.path} ${JSON.stringify(request.body)?.slice(0, 300)}
            → ${reply.status} ${JSON.stringify(reply.body)?.slice(0, 300)}`
          expect(reply.status, context).toBeGreaterThanOrEqual(200)
          expect(reply.status, context).toBeLessThan(500)
          const now = await fingerprint(h, scope)
          if (reply.status >= 400) {
            expectErrorEnvelope(reply.status, reply.body, context)
            expect(changedTables(last, now), `${context}: written on a refusal`).toEqual([])
          }
          last = now
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      )
    })
  })
})
