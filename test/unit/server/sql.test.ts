import { describe, expect, it } from 'vitest'
import { sql, toQuery } from '../../../src/server/db/sql'

describe('sql', () => {
  it('numbers each value in the order written, from 1 or from the position given', () => {
    const id = '9b1c'
    const statement = sql`SELECT * FROM wishes WHERE id = ${id} AND status = ${'open'}`
    expect(toQuery(statement)).toEqual({
      text: 'SELECT * FROM wishes WHERE id = $1 AND status = $2',
      params: [id, 'open'],
    })
    expect(toQuery(statement, 4).text).toBe('SELECT * FROM wishes WHERE id = $4 AND status = $5')
  })

  it('splices fragments with their own values, numbered where they stand', () => {
    const staffHere = (communities: string[]) => sql`community_id = ANY(${communities}::uuid[])`
    const statement = sql`SELECT ${1} WHERE ${staffHere(['a', 'b'])} AND created_at < ${'now'}`
    expect(toQuery(statement)).toEqual({
      text: 'SELECT $1 WHERE community_id = ANY($2::uuid[]) AND created_at < $3',
      params: [1, ['a', 'b'], 'now'],
    })
  })

  it('gives the same value written twice two parameters, so the text never depends on the values', () => {
    const same = sql`${'x'} = ${'x'}`
    const different = sql`${'x'} = ${'y'}`
    expect(toQuery(same).text).toBe(toQuery(different).text)
    expect(toQuery(same).params).toEqual(['x', 'x'])
  })

  it('splices a fragment at the very start or end, and nested fragments, without losing text', () => {
    const inner = sql`b = ${2}`
    const middle = sql`${inner} AND c = ${3}`
    expect(toQuery(sql`${middle}`)).toEqual({ text: 'b = $1 AND c = $2', params: [2, 3] })
    expect(toQuery(sql`a = ${1} AND ${middle}`)).toEqual({ text: 'a = $1 AND b = $2 AND c = $3', params: [1, 2, 3] })
  })

  it('joins fragments with a separator, and joins none to nothing', () => {
    const rows = [1, 2, 3].map((n) => sql`(${n}, ${`v${n}`})`)
    expect(toQuery(sql`VALUES ${sql.join(rows)}`)).toEqual({
      text: 'VALUES ($1, $2), ($3, $4), ($5, $6)',
      params: [1, 'v1', 2, 'v2', 3, 'v3'],
    })
    expect(toQuery(sql.join([sql`a`, sql`b`], sql` OR `)).text).toBe('a OR b')
    expect(toQuery(sql`x${sql.join([])}y`)).toEqual({ text: 'xy', params: [] })
  })

  it('takes raw text only as code writes it, with no parameter', () => {
    expect(toQuery(sql`status IN (${sql.raw(`'open', 'claimed'`)}) AND id = ${7}`)).toEqual({
      text: `status IN ('open', 'claimed') AND id = $1`,
      params: [7],
    })
  })

  it('keeps null, arrays and dates as parameters, never as text', () => {
    const when = new Date(0)
    expect(toQuery(sql`${null} ${[when]} ${when}`)).toEqual({ text: '$1 $2 $3', params: [null, [when], when] })
  })
})
