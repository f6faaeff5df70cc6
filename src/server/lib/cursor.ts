import { isInstant } from '../../shared/dates'
import { AppError } from './errors'

/** Keyset cursors: the sort value and id of the last item of a page, opaque to clients. */
export type CursorKey = readonly [sortValue: string, id: string]

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

/**
 * Decodes a cursor whose sort value is a time ('time': the UTC form the server writes, a day of the calendar in the
 * years the API takes, see shared/dates.ts) or any text ('text'), and whose id is a UUID (or, with `id`, matches
 * it). Anything else is the client's mistake (400), never a value that reaches SQL to fail there.
 */
export function decodeCursor(
  cursor: string | undefined,
  sortKind: 'time' | 'text',
  id: RegExp = UUID,
): CursorKey | undefined {
  if (cursor === undefined) return undefined
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      typeof key[1] === 'string' &&
      id.test(key[1]) &&
      (sortKind === 'text' || isInstant(key[0], { utc: true }))
    ) {
      return [key[0], key[1]]
    }
  } catch {
    // falls through to the validation error
  }
  throw AppError.validation([{ path: ['cursor'], message: 'invalid cursor' }], '分页参数不正确，请刷新后重试')
}

/** Turns limit+1 fetched rows into a page: the extra row only says whether there is a next page. */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  keyOf: (row: Row) => CursorKey,
) {
  const hasMore = rows.length > limit
  const kept = hasMore ? rows.slice(0, limit) : rows
  const last = kept[kept.length - 1]
  return { items: kept.map(toItem), nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null }
}
