import { Pool, neonConfig, type PoolClient } from '@neondatabase/serverless'
import ws from 'ws'
import { DbUnavailableError, isUnavailable, queryable, type Db, type Queryable } from './types'

export interface NeonDbOptions {
  connectionString: string
  /** Port of the local WebSocket-to-TCP proxy standing in for Neon's endpoint (local PostgreSQL only). */
  localProxyPort?: number
  max?: number
  /** Gives up on a query after this long (0: never). Default QUERY_TIMEOUT_MS. */
  queryTimeoutMs?: number
}

/**
 * Far longer than any statement of the API takes, short enough that a request meeting a server that stopped
 * answering fails within 10 s: its query times out (3 s), a statement after it waits for a connection (at most
 * connectionTimeoutMillis, 5 s) and fails too, and the answer is 503 DB_UNAVAILABLE within ~8 s. (A write that timed
 * out keeps its Idempotency-Key as its statement left it, and sends nothing more for it: lib/idempotency.ts.)
 */
export const QUERY_TIMEOUT_MS = 3_000

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
    // A server that stops answering (frozen, or the network to it gone) would otherwise hold a query, and the request
    // with it, forever: give up on it, so the request answers 503 within 10 s.
    query_timeout: options.queryTimeoutMs ?? QUERY_TIMEOUT_MS,
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
  // Not pool.query: it closes the connection after any failed statement, so every refusal a trigger raises (a full
  // slot, a second claim) would cost the next request a new connection. Only a broken connection is dropped here.
  const withClient = async <R>(work: (client: PoolClient) => Promise<R>): Promise<R> => {
    const client = await run(() => pool.connect())
    // A connection that breaks while checked out (the server shutting down) says so as an event, which would crash the
    // process if nobody listened; the statement under way fails on its own.
    let broken = false
    const onBroken = () => {
      broken = true
    }
    client.on('error', onBroken)
    try {
      return await work(client)
    } catch (error) {
      if (error instanceof DbUnavailableError) broken = true
      throw error
    } finally {
      client.removeListener('error', onBroken)
      client.release(broken)
    }
  }
  const sendOn =
    (client: PoolClient) =>
    <Row>(text: string, params: readonly unknown[] = []) =>
      run(async () => (await client.query(text, [...params])).rows as Row[])

  return {
    kind: 'postgres',
    ...queryable(<Row>(text: string, params: readonly unknown[]) =>
      withClient((client) => sendOn(client)<Row>(text, params)),
    ),
    tx: <T>(fn: (q: Queryable) => Promise<T>) =>
      withClient(async (client) => {
        await sendOn(client)('BEGIN')
        try {
          const result = await fn(queryable(sendOn(client)))
          await sendOn(client)('COMMIT')
          return result
        } catch (error) {
          if (!(error instanceof DbUnavailableError)) await client.query('ROLLBACK').catch(() => {})
          throw error
        }
      }),
    async exec(sql: string) {
      await withClient((client) => sendOn(client)(sql))
    },
    async close() {
      await pool.end()
    },
  }
}
