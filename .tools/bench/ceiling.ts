/**
 * The ceilings of `npm run bench`: a bare Hono server whose routes run, for each read endpoint, the very SQL
 * statements (text and parameters) that the endpoint sent when the benchmark recorded it, and answer the last
 * statement's rows as JSON. No validation, no auth middleware, no mapping to DTOs: what is left is the driver path.
 * A write is replayed as recorded too, but as its next request would send it: `POST /write/<name>` takes the next row
 * of its values and puts them where the recorded request's own were (its user, its key, its slot), so that each
 * replay writes as a first write by a user of its own, like each request of the app's measurement.
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
import { queryable, type Queryable } from '../../src/server/db/types'
import type { Recorded } from '../recording'

interface Runner {
  query(text: string, params: unknown[]): Promise<unknown[]>
  tx(fn: (q: Queryable) => Promise<unknown[]>): Promise<unknown[]>
  close(): Promise<void>
}

async function neonRunner(databaseUrl: string, poolSize: number): Promise<Runner> {
  const db = await openDatabase({ databaseUrl, dataDir: '', poolSize })
  return { query: (text, params) => db.send(text, params), tx: (fn) => db.tx(fn), close: () => db.close() }
}

function pgRunner(databaseUrl: string, poolSize: number): Runner {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize })
  return {
    query: async (text, params) => (await pool.query(text, params)).rows,
    async tx(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const rows = await fn(
          queryable(
            async <Row>(text: string, params: readonly unknown[]) =>
              (await client.query(text, [...params])).rows as Row[],
          ),
        )
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
      for (const s of group) last = await q.send(s.text, s.params)
      return last
    })
  }
  return rows
}

export type Ceiling = 'neon' | 'pg'

/** What `run.ts` writes for the ceilings: each read's statements, and each write's with the values of its replays. */
export interface CeilingFile {
  reads: Record<string, Recorded[]>
  writes: Record<
    string,
    { statements: Recorded[]; recordedValues: string[]; replayValues: Record<Ceiling, string[][]> }
  >
}

/** The parameters with every occurrence of the recorded values replaced by a replay's own. */
function substitute(params: unknown[], from: readonly string[], to: readonly string[]): unknown[] {
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string') return from.reduce((text, old, i) => text.replaceAll(old, to[i]!), value)
    return Array.isArray(value) ? value.map(swap) : value
  }
  return params.map(swap)
}

async function main(mode: string | undefined, file: string | undefined) {
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl || !file || (mode !== 'neon' && mode !== 'pg')) {
    throw new Error('usage: DATABASE_URL=… PORT=… tsx .tools/bench/ceiling.ts neon|pg <statements.json>')
  }
  const poolSize = Number(process.env.BENCH_POOL || 10)
  const { reads, writes } = JSON.parse(fs.readFileSync(file, 'utf8')) as CeilingFile
  const runner = mode === 'neon' ? await neonRunner(databaseUrl, poolSize) : pgRunner(databaseUrl, poolSize)
  const app = new Hono()
  for (const [name, statements] of Object.entries(reads)) {
    app.get(`/${name}`, async (c) => c.json(await replay(runner, statements)))
  }
  for (const [name, { statements, recordedValues, replayValues }] of Object.entries(writes)) {
    let next = 0
    app.post(`/write/${name}`, async (c) => {
      const values = replayValues[mode][next++]
      if (!values) return c.json({ error: 'no replay values left' }, 503)
      const own = statements.map((s) => ({ ...s, params: substitute(s.params, recordedValues, values) }))
      return c.json(await replay(runner, own))
    })
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
