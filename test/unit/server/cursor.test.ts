import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, toPage } from '../../../src/server/lib/cursor'
import { maskName } from '../../../src/shared/identity'

describe('cursors', () => {
  it('round-trip the sort key', () => {
    expect(decodeCursor(encodeCursor(['阳光社区', 'id-1']), 2)).toEqual(['阳光社区', 'id-1'])
  })

  it.each(['', 'not-base64!', encodeCursor(['one']), Buffer.from('{"a":1}').toString('base64url')])(
    'refuse %j as a validation error',
    (cursor) => {
      expect(() => decodeCursor(cursor, 2)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }))
    },
  )

  it('page limit+1 rows into items and a next cursor', () => {
    const rows = [{ k: 'a' }, { k: 'b' }, { k: 'c' }]
    const page = toPage(
      rows,
      2,
      (r) => r.k,
      (r) => [r.k],
    )
    expect(page.items).toEqual(['a', 'b'])
    expect(decodeCursor(page.nextCursor!, 1)).toEqual(['b'])
    expect(
      toPage(
        rows,
        3,
        (r) => r.k,
        (r) => [r.k],
      ).nextCursor,
    ).toBeNull()
  })
})

describe('maskName', () => {
  it.each([
    ['张三丰', '张**'],
    ['王', '王**'],
    ['  李四 ', '李**'],
    ['', '**'],
    ['𠀋先生', '𠀋**'],
  ])('masks %j as %j', (name, masked) => {
    expect(maskName(name)).toBe(masked)
  })
})
