import { Pool, neonConfig, type PoolClient } from '@neondatabase/serverless'
import ws from 'ws'
import { DbUnavailableError, isUnavailable, type Db, type Queryable } from './types'

export interface NeonDbOptions {
  connectionString: string
  /** Port of the local WebSocket-to-TCP proxy standing in for Neon's endpoint (local PostgreSQL only). */
  localProxyPort?: number
  max?: number
}

/** PostgreSQL through the Neon serverless driver's Pool (WebSocket), as in production. */
export function createNeonDb(options: NeonDbOptions): Db {
  // Node 20 has no global WebSocket.
  neonConfig.webSocketConstructor = ws
  if (options.localProxyPort) {
    const port = options.localProxyPort
    neonConfig.wsProxy = (host, pgPort) => `127.0.0.1:${port}/v1?address=${host}:${pgPort}`
    neonConfig.useSecureWebSocket = false
    neonConfig.pipelineTLS = false
    // Pipelining the start-up messages breaks password authentication against plain PostgreSQL.
    neonConfig.pipelineConnect = false
  }
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 10_000,
  })
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {})

  const run = async <R>(work: () => Promise<R>): Promise<R> => {
    try {
      return await work()
    } catch (error) {
      throw isUnavailable(error) ? new DbUnavailableError(error) : error
    }
  }
  const onClient = (client: PoolClient): Queryable => ({
    query: <Row>(text: string, params?: readonly unknown[]) =>
      run(async () => (await client.query(text, params as unknown[] | undefined)).rows as Row[]),
  })

  return {
    kind: 'postgres',
    query: <Row>(text: string, params?: readonly unknown[]) =>
      run(async () => (await pool.query(text, params as unknown[] | undefined)).rows as Row[]),
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      const client = await run(() => pool.connect())
      let broken = false
      try {
        await onClient(client).query('BEGIN')
        const result = await fn(onClient(client))
        await onClient(client).query('COMMIT')
        return result
      } catch (error) {
        broken = error instanceof DbUnavailableError
        if (!broken) await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release(broken)
      }
    },
    async exec(sql: string) {
      await run(() => pool.query(sql))
    },
    async close() {
      await pool.end()
    },
  }
}
