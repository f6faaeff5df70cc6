import { describe, expect, it } from 'vitest'
import { splitWith } from '../../../src/server/db/guarded-db'

describe('splitWith', () => {
  it('gives a statement without WITH an empty list', () => {
    expect(splitWith('  SELECT 1 ')).toEqual({ with: 'WITH ', main: 'SELECT 1' })
  })

  it('splits after the last CTE, ready for one more', () => {
    const text = 'WITH a AS (SELECT 1), b AS MATERIALIZED (SELECT (2)) SELECT * FROM a, b'
    expect(splitWith(text)).toEqual({
      with: 'WITH a AS (SELECT 1), b AS MATERIALIZED (SELECT (2)), ',
      main: 'SELECT * FROM a, b',
    })
  })

  it('passes over a column list, RECURSIVE and NOT MATERIALIZED', () => {
    const text =
      'WITH RECURSIVE n (i) AS NOT MATERIALIZED (SELECT 1 UNION SELECT i + 1 FROM n WHERE i < 3) SELECT i FROM n'
    expect(splitWith(text)?.main).toBe('SELECT i FROM n')
  })

  it('does not count parentheses inside quoted text, quoted names or comments', () => {
    const text = `WITH a AS (SELECT ')' AS "x)", 'it''s (' AS y -- a ) here
      /* and ( here */ ) UPDATE t SET v = 1 RETURNING *`
    expect(splitWith(text)?.main).toBe('UPDATE t SET v = 1 RETURNING *')
  })

  it('does not count parentheses inside dollar-quoted text, and reads $1 as a parameter', () => {
    const text = 'WITH a AS (SELECT $$ ) $$ AS p, $body$ ( $$ $body$ AS q, $1::int AS r) SELECT * FROM a'
    expect(splitWith(text)).toEqual({
      with: 'WITH a AS (SELECT $$ ) $$ AS p, $body$ ( $$ $body$ AS q, $1::int AS r), ',
      main: 'SELECT * FROM a',
    })
  })

  it('refuses text it cannot read to the end', () => {
    expect(splitWith("WITH a AS (SELECT ')")).toBeNull()
    expect(splitWith('WITH a AS (SELECT $$ ) SELECT 1')).toBeNull()
    expect(splitWith('WITH a AS (SELECT 1 /* ) SELECT 1')).toBeNull()
    expect(splitWith('WITH a AS (SELECT 1 -- ) SELECT 1')).toBeNull()
    expect(splitWith('WITH a AS (SELECT 1')).toBeNull()
  })
})
