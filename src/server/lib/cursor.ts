import { AppError } from './errors'

/** Keyset cursors: the sort key of the last item, opaque to clients. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url')
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return values
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
  cursorOf: (row: Row) => readonly (string | number)[],
) {
  const hasMore = rows.length > limit
  const kept = hasMore ? rows.slice(0, limit) : rows
  const last = kept[kept.length - 1]
  return { items: kept.map(toItem), nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null }
}
