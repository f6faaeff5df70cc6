import fc from 'fast-check'
import { expect } from 'vitest'
import { errorBodySchema } from '../../../src/shared/api'

/** Arbitraries of what a careless or hostile client sends, and the checks every refusal must pass. */

/** Strings that have broken servers: SQL, control and invisible characters, dates and numbers that are not. */
export const TRICKY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u200b\u200d\ufeff',
  '\u202eevil\u202c',
  'e\u0301\u0301\u0301',
  'ＡＢＣ１２３',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  '\ud800',
  '\udfff\ud800',
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '1); DELETE FROM wishes WHERE (1=1',
  '$1',
  '%',
  '_',
  '\\',
  '\\x00',
  "E'\\\\x00'",
  '/* */ SELECT pg_sleep(5)',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '99999999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '-infinity',
  'epoch',
  '24:00',
  '25:61',
  '2026-12-01T25:00:00Z',
  '../../etc/passwd',
  '%00',
  '<script>alert(1)</script>',
  '{"$ne": null}',
]

export const EXTREME_NUMBERS = [
  0,
  -0,
  -1,
  1,
  0.5,
  0.49999999,
  8.0000001,
  1e-300,
  1e308,
  -1e308,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  2 ** 63,
  -(2 ** 63),
]

export const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...TRICKY_STRINGS),
  fc.uuid(),
  fc.integer({ min: 300, max: 3000 }).map((n) => '长'.repeat(n)),
)

export const junkNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(...EXTREME_NUMBERS))

const junkKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'id', 'userId', 'communityId', 'status', 'role', 'ownerId'),
)

/** An object nested `depth` levels deep. */
export const nested = (depth: number): unknown => {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value]
  return value
}

/** Any JSON-ish value: wrong types, extreme numbers, nested junk, deep nesting. */
export const junkValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    junkString,
    junkNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(junkKey, tie('value'), { maxKeys: 4 }),
    fc.integer({ min: 50, max: 2000 }).map(nested),
  ),
})).value

/** Bodies that are not JSON at all, or JSON no parser should be trusted with. */
const rawBody = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '{',
    '{"a":}',
    '{"title": "x",}',
    '[1,2',
    '{"hours": 1e999}',
    '{"a": "\\ud800"}',
    '\ufeff{}',
    'null',
    '"just a string"',
    '{"__proto__": {"role": "admin"}}',
    '{"constructor": {"prototype": {"isAdmin": true}}}',
  ),
  fc.integer({ min: 1, max: 3000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 22_000, max: 30_000 }).map((n) => JSON.stringify({ title: '大'.repeat(n) })),
)

const KEEP = Symbol('keep')
const DROP = Symbol('drop')

/**
 * A body for a route whose valid body is `valid` and whose documented fields are `fields`: the valid one with fields
 * replaced, dropped or added, or no body, or any junk value, or text that is not JSON (sent as it is).
 */
export function junkBody(valid: unknown, fields: string[]): fc.Arbitrary<unknown> {
  const base = valid && typeof valid === 'object' && !Array.isArray(valid) ? (valid as Record<string, unknown>) : {}
  const keys = [...new Set([...Object.keys(base), ...fields])]
  const choice = fc.oneof(
    { weight: 3, arbitrary: fc.constant<typeof KEEP>(KEEP) },
    { weight: 1, arbitrary: fc.constant<typeof DROP>(DROP) },
    { weight: 3, arbitrary: junkValue },
  )
  const mutated = fc
    .tuple(
      fc.tuple(...keys.map(() => choice)),
      fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, fc.dictionary(junkKey, junkValue, { maxKeys: 3 })),
    )
    .map(([choices, extra]) => {
      const body: Record<string, unknown> = { ...extra }
      keys.forEach((key, i) => {
        const picked = choices[i]
        if (picked === KEEP) {
          if (key in base) body[key] = base[key]
        } else if (picked !== DROP) body[key] = picked
      })
      return body
    })
  // One field changed, the others valid: reaches past the schema into the service and the SQL.
  const oneField = keys.length
    ? fc.tuple(fc.nat(keys.length - 1), fc.boolean()).chain(([i, drop]) => {
        const key = keys[i]!
        const value = base[key]
        const spiced =
          typeof value === 'string'
            ? fc.oneof(
                junkValue,
                { weight: 2, arbitrary: fc.constantFrom(...TRICKY_STRINGS).map((trick) => `${value}${trick}`) },
                // What PostgreSQL text cannot hold, inside an otherwise valid value.
                fc.constantFrom('\u0000', '\ud800').map((bad) => `${value.slice(0, 1)}${bad}${value.slice(1)}`),
              )
            : junkValue
        return (drop ? fc.constant(DROP) : spiced).map((junk) => {
          const body = { ...base }
          if (junk === DROP) delete body[key]
          else body[key] = junk
          return body
        })
      })
    : mutated
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 5, arbitrary: oneField },
    { weight: 3, arbitrary: mutated },
    { weight: 2, arbitrary: junkValue },
    { weight: 1, arbitrary: rawBody },
  )
}

/** A value for a query param: one junk string, or the param repeated. */
export const junkQueryValue: fc.Arbitrary<string | string[]> = fc.oneof(
  { weight: 4, arbitrary: junkString },
  { weight: 1, arbitrary: fc.array(junkString, { minLength: 2, maxLength: 3 }) },
)

/** A path segment in place of an id. */
export const junkSegment = fc.oneof(fc.uuid(), junkString, fc.constantFrom('0', '-1', '1.5', 'me', '..', '%2F'))

export const JUNK_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/xml',
]

/** Percent-encodes every byte outside the unreserved set; a lone surrogate goes as U+FFFD, as a client would send. */
export const safeEncode = (text: string) =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16)}`,
    )
    .join('')

/** The params of a route pattern with their values in a path that matches it, in order. */
export function pathParams(pattern: string, path: string): [string, string][] {
  const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!)
  const values = new RegExp(`^${pattern.replace(/:\w+/g, '([^/]+)')}$`).exec(path)?.slice(1) ?? []
  return names.map((name, i) => [name, values[i] ?? '00000000-0000-4000-8000-000000000000'])
}

/** 401 and 409 codes say which: WECHAT_CODE_INVALID, WISH_NOT_OPEN… */
const STATUS_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  422: 'CONTENT_REJECTED',
  429: 'RATE_LIMITED',
}

/** The one error envelope of DESIGN.md, with the code its status documents. */
export function expectErrorEnvelope(status: number, body: unknown, context: string) {
  const parsed = errorBodySchema.safeParse(body)
  expect(parsed.success, `${context}: not the error envelope`).toBe(true)
  const { code, message } = parsed.data!.error
  expect(code, context).toMatch(/^[A-Z][A-Z0-9_]+$/)
  // A verified membership is its own 403 (DESIGN, "Membership and onboarding"): it tells the user how to get one.
  const documented = status === 403 && code === 'MEMBERSHIP_REQUIRED' ? 'FORBIDDEN' : code
  if (STATUS_CODES[status]) expect(documented, context).toBe(STATUS_CODES[status])
  expect(message.length, context).toBeGreaterThan(0)
}
