import { describe, expect, it } from 'vitest'
import { readMigrations, splitStatements } from '../../../src/server/db/migrate'

describe('migrations', () => {
  it('are numbered without gaps', () => {
    const versions = readMigrations().map((m) => Number(m.version.slice(0, 4)))
    expect(versions).toEqual(versions.map((_, i) => i + 1))
  })

  it('split into statements on line-ending semicolons, keeping dollar-quoted bodies whole', () => {
    const sql = [
      '-- a comment;',
      'CREATE TABLE a (x int);',
      'CREATE FUNCTION f() RETURNS trigger AS $$',
      'BEGIN',
      '  RETURN NEW;',
      'END;',
      '$$ LANGUAGE plpgsql;',
      'INSERT INTO a VALUES (1)',
    ].join('\n')
    const statements = splitStatements(sql)
    expect(statements).toHaveLength(3)
    expect(statements[1]).toContain('RETURN NEW;')
    expect(statements[2]).toBe('INSERT INTO a VALUES (1)')
  })
})
