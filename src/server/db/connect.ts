import fs from 'node:fs'
import { createNeonDb } from './neon'
import { createPgliteDb } from './pglite'
import type { Db } from './types'
import { startWsProxy } from './ws-proxy'

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

/**
 * Opens the database the environment names: PostgreSQL through the Neon driver when a connection string is given
 * (with a local proxy when it points at this machine), else PGlite kept in dataDir.
 */
export async function openDatabase(options: {
  databaseUrl?: string
  dataDir: string
  poolSize?: number
  /** PostgreSQL only: gives up on a query after this long (0: never); default QUERY_TIMEOUT_MS (neon.ts). */
  queryTimeoutMs?: number
}): Promise<Db> {
  if (options.databaseUrl) {
    const host = new URL(options.databaseUrl).hostname
    if (LOOPBACK_HOSTS.has(host)) {
      const proxy = await startWsProxy()
      const db = createNeonDb({
        connectionString: options.databaseUrl,
        localProxyPort: proxy.port,
        max: options.poolSize,
        queryTimeoutMs: options.queryTimeoutMs,
      })
      return {
        ...db,
        async close() {
          await db.close()
          await proxy.close()
        },
      }
    }
    return createNeonDb({
      connectionString: options.databaseUrl,
      max: options.poolSize,
      queryTimeoutMs: options.queryTimeoutMs,
    })
  }
  // PGlite does not create missing parent folders.
  fs.mkdirSync(options.dataDir, { recursive: true })
  return createPgliteDb({ dataDir: options.dataDir })
}
