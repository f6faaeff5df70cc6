import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, toPage } from '../../../src/server/lib/cursor'

const ID = '00000000-0000-4000-8000-000000000001'
const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

describe('cursors', () => {
  it('round-trip the sort key', () => {
    expect(decodeCursor(encodeCursor(['阳光社区', ID]), 'text')).toEqual(['阳光社区', ID])
    expect(decodeCursor(encodeCursor(['2026-11-22T03:00:00.123Z', ID]), 'time')).toEqual([
      '2026-11-22T03:00:00.123Z',
      ID,
    ])
    expect(decodeCursor(undefined, 'time')).toBeUndefined()
    expect(decodeCursor(encodeCursor(['2031-03-03T01:00:00.123456Z', '42']), 'time', /^\d+$/)).toEqual([
      '2031-03-03T01:00:00.123456Z',
      '42',
    ])
  })

  it.each([
    ['empty', ''],
    ['not base64 JSON', 'not-base64!'],
    ['one value', encoded(['a'])],
    ['an object', encoded({ a: 1 })],
    ['numbers', encoded([1, 2])],
    ['an id that is not a UUID', encoded(['2026-11-22T03:00:00Z', 'x'])],
    ['a time that is not a time', encoded(['garbage', ID])],
    ['an impossible date', encoded(['2026-13-45T03:00:00Z', ID])],
    // Date.parse takes these, PostgreSQL does not (issue #18).
    ['a day the month has not', encoded(['2026-02-30T00:00:00Z', ID])],
    ['year 0', encoded(['0000-01-01T00:00:00.000Z', ID])],
    ['hour 24', encoded(['2026-01-01T24:00:00Z', ID])],
    ['a year past 2999', encoded(['+010000-01-01T00:00:00.000Z', ID])],
    ['an offset, which the server never writes', encoded(['2026-01-01T08:00:00+08:00', ID])],
  ])('refuse %s as a validation error', (_, cursor) => {
    expect(() => decodeCursor(cursor, 'time')).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }),
    )
  })

  it('page limit+1 rows into items and a next cursor', () => {
    const rows = [{ k: 'a' }, { k: 'b' }, { k: 'c' }]
    const page = toPage(
      rows,
      2,
      (r) => r.k,
      (r) => [r.k, ID],
    )
    expect(page.items).toEqual(['a', 'b'])
    expect(decodeCursor(page.nextCursor!, 'text')).toEqual(['b', ID])
    expect(
      toPage(
        rows,
        3,
        (r) => r.k,
        (r) => [r.k, ID],
      ).nextCursor,
    ).toBeNull()
  })
})
