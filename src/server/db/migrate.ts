import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { sql } from './sql'
import type { Db } from './types'

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))
/** Serialises migrators that start at once (two deploys, two test runs). */
const MIGRATION_LOCK = 7_171_001

export interface Migration {
  version: string
  sql: string
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: name.replace(/\.sql$/, ''), sql: fs.readFileSync(`${dir}/${name}`, 'utf8') }))
}

/** Applies every migration not yet recorded, each in its own transaction. Returns the versions applied. */
export async function migrate(db: Db, migrations = readMigrations()): Promise<string[]> {
  await db.query(sql`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`)
  const applied: string[] = []
  for (const migration of migrations) {
    const done = await db.tx(async (q) => {
      await q.query(sql`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`)
      const seen = await q.query(sql`SELECT 1 FROM schema_migrations WHERE version = ${migration.version}`)
      if (seen.length > 0) return false
      // Statements run one by one: both drivers take one statement per extended-protocol query.
      for (const statement of splitStatements(migration.sql)) await q.query(sql.raw(statement))
      await q.query(sql`INSERT INTO schema_migrations (version) VALUES (${migration.version})`)
      return true
    })
    if (done) applied.push(migration.version)
  }
  return applied
}

/** Splits a migration on semicolons that end a line, outside dollar-quoted bodies. Comments are dropped. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = []
  let current: string[] = []
  let inDollarQuote = false
  for (const line of sql.split('\n')) {
    if (!inDollarQuote && /^\s*--/.test(line)) continue
    current.push(line)
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inDollarQuote = !inDollarQuote
    if (!inDollarQuote && /;\s*(--.*)?$/.test(line)) {
      statements.push(current.join('\n').trim())
      current = []
    }
  }
  const rest = current.join('\n').trim()
  if (rest) statements.push(rest)
  return statements.filter((s) => s.replace(/;$/, '').trim().length > 0)
}
