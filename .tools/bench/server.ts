/**
 * The project's real server for `npm run bench`: the API as src/server/local.ts serves it (the app from createApp,
 * with its security headers and request log), on PostgreSQL through the Neon Pool and the local WebSocket proxy. No H5
 * build and no static files: the benchmark asks only for /api. Listens on 127.0.0.1:$PORT.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { createApp } from '../../src/server/app'
import { loadConfig } from '../../src/server/config'
import { openDatabase } from '../../src/server/db/connect'

async function main() {
  const databaseUrl = process.env.DATABASE_URL
  if (!databaseUrl) throw new Error('DATABASE_URL must be set')
  const poolSize = Number(process.env.BENCH_POOL || 10)
  const db = await openDatabase({ databaseUrl, dataDir: '', poolSize })
  const api = createApp({ db, config: loadConfig(process.env) })
  const root = new Hono()
  root.all('/api/*', (c) => api.fetch(c.req.raw, c.env))
  const server = serve({ fetch: root.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' })
  const stop = () => {
    server.close()
    void db.close().finally(() => process.exit(0))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((error: Error) => {
  console.error(`bench server could not start: ${error.message}`)
  process.exit(1)
})
