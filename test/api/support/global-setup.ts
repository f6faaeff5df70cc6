import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../../src/server/db/connect'
import { migrate } from '../../../src/server/db/migrate'
import { PGlite } from '@electric-sql/pglite'
import { wrapPglite } from '../../../src/server/db/pglite'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string | null
  }
}

/**
 * Migrates the test database once per run. On PostgreSQL (TEST_DATABASE_URL) every file then shares it, each test
 * making its own community and users; on PGlite each file loads a snapshot of the migrated database, because a
 * fresh in-memory PGlite costs seconds to initialise.
 */
export default async function setup(project: TestProject) {
  const databaseUrl = process.env.TEST_DATABASE_URL
  if (databaseUrl) {
    const db = await openDatabase({ databaseUrl, dataDir: '' })
    await migrate(db)
    await db.close()
    project.provide('pgliteSnapshot', null)
    return
  }
  const pg = await PGlite.create()
  await migrate(wrapPglite(pg))
  const dump = await pg.dumpDataDir('gzip')
  await pg.close()
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'llt-pglite-')), 'migrated.tar.gz')
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteSnapshot', file)
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true })
}
