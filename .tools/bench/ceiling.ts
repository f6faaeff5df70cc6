/**
 * The ceilings of `npm run bench`: a bare Hono server whose routes run, for each read endpoint, the very SQL
 * statements (text and parameters) that the endpoint sent when the benchmark recorded it, and answer the last
 * statement's rows as JSON. No validation, no auth middleware, no mapping to DTOs: what is left is the driver path.
 *
 * `tsx .tools/bench/ceiling.ts neon <statements.json>`: through the project's Db on the Neon Pool and the local WebSocket
 * proxy (the same path as the app). `… pg <statements.json>`: through `pg`'s Pool over TCP, for information.
 * Listens on 127.0.0.1:$PORT with a pool of $BENCH_POOL connections.
 */
import fs from 'node:fs'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import pg from 'pg'
import { openDatabase } from '../../src/server/db/connect'
import type { Queryable } from '../../src/server/db/types'
import type { Recorded } from '../../src/server/db/recording'

interface Runner {
  query(text: string, params: unknown[]): Promise<unknown[]>
  tx(fn: (q: Queryable) => Promise<unknown[]>): Promise<unknown[]>
  close(): Promise<void>
}

async function neonRunner(databaseUrl: string, poolSize: number): Promise<Runner> {
  const db = await openDatabase({ databaseUrl, dataDir: '', poolSize })
  return { query: (text, params) => db.query(text, params), tx: (fn) => db.tx(fn), close: () => db.close() }
}

function pgRunner(databaseUrl: string, poolSize: number): Runner {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize })
  return {
    query: async (text, params) => (await pool.query(text, params)).rows,
    async tx(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const rows = await fn({
          query: async <Row>(text: string, params?: readonly unknown[]) =>
            (await client.query(text, params as unknown[] | undefined)).rows as Row[],
        })
        await client.query('COMMIT')
        return rows
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

/** Runs the statements in their order; consecutive statements of one recorded transaction run in one again. */
async function replay(runner: Runner, statements: Recorded[]): Promise<unknown[]> {
  let rows: unknown[] = []
  for (let i = 0; i < statements.length;) {
    const first = statements[i]!
    if (first.tx === null) {
      rows = await runner.query(first.text, first.params)
      i += 1
      continue
    }
    const group: Recorded[] = []
    while (i < statements.length && statements[i]!.tx === first.tx) group.push(statements[i++]!)
    rows = await runner.tx(async (q) => {
      let last: unknown[] = []
      for (const s of group) last = await q.query(s.text, s.params)
      return last
    })
  }
  return rows
}

async function main(mode: string | undefined, file: string | undefined) {
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl || !file || (mode !== 'neon' && mode !== 'pg')) {
    throw new Error('usage: DATABASE_URL=… PORT=… tsx .tools/bench/ceiling.ts neon|pg <statements.json>')
  }
  const poolSize = Number(process.env.BENCH_POOL || 10)
  const endpoints = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Recorded[]>
  const runner = mode === 'neon' ? await neonRunner(databaseUrl, poolSize) : pgRunner(databaseUrl, poolSize)
  const app = new Hono()
  for (const [name, statements] of Object.entries(endpoints)) {
    app.get(`/${name}`, async (c) => c.json(await replay(runner, statements)))
  }
  const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' })
  const stop = () => {
    server.close()
    void runner.close().finally(() => process.exit(0))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main(process.argv[2], process.argv[3]).catch((error: Error) => {
  console.error(`ceiling server could not start: ${error.message}`)
  process.exit(1)
})
