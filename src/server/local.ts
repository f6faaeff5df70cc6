import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { createApp } from './app'
import { loadConfig } from './config'
import { openDatabase } from './db/connect'
import { migrate } from './db/migrate'
import { seed } from './db/seed'
import { h5Policy } from './lib/csp'
import { loadEnvironment } from './environment'
import { systemClock } from './lib/clock'
import { jsonLogger } from './lib/logger'
import { createNotifySender } from './lib/notify-sender'
import { serveBuiltFiles } from './lib/static-files'

/**
 * `npm start`: the API and the H5 build of the mini-program on one origin, on PGlite kept in DATA_DIR with demo
 * data (or on PostgreSQL through the Neon driver when DATABASE_URL is set). On the embedded database the demo login
 * is on unless AUTH_DEV_LOGIN=0; on DATABASE_URL it is off unless AUTH_DEV_LOGIN=1, and AUTH_SECRET is required.
 */
const H5_DIR = 'dist-h5'

async function main() {
  const started = performance.now()
  const env = loadEnvironment()
  const config = loadConfig(process.env, { devLogin: true })
  buildH5IfStale()
  const h5Csp = h5Policy(fs.readFileSync(path.join(H5_DIR, 'index.html'), 'utf8'))

  const db = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir })
  await migrate(db)
  // Only the embedded database gets demo data by itself; a real one is seeded on purpose with `npm run db:seed`.
  if (!env.databaseUrl) await seed(db)

  const api = createApp({ db, config })
  // The sender runs here every minute (on Vercel, its cron calls /api/cron/notify).
  const log = jsonLogger()
  const sender = createNotifySender({ db, clock: systemClock, wechat: config.wechat, notify: config.notify, log })
  const notifyTimer = setInterval(() => {
    sender.run().catch((error: Error) => log.error('notify.run_failed', { message: error.message }))
  }, 60_000)
  const root = new Hono()
  // The API sets its own security headers (app.ts); these are for the H5 app's files.
  // With the Node request as the environment: the login limit reads the client's address from its socket.
  root.all('/api/*', (c) => api.fetch(c.req.raw, c.env))
  root.use('*', secureHeaders({ crossOriginEmbedderPolicy: false }))
  root.use('*', async (c, next) => {
    await next()
    c.res.headers.set('Content-Security-Policy', h5Csp)
  })
  root.use('*', serveBuiltFiles(H5_DIR))

  const server = serve({ fetch: root.fetch, port: env.port, hostname: '127.0.0.1' }, (info) => {
    const ms = Math.round(performance.now() - started)
    console.log(`邻里通 is running at http://localhost:${info.port} (ready in ${ms} ms, database: ${db.kind})`)
  })
  const stop = () => {
    clearInterval(notifyTimer)
    server.close()
    // PGlite writes its last changes to DATA_DIR on close.
    void db.close().finally(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

/** Builds the H5 app when it is missing or older than the mini-program's source. */
function buildH5IfStale() {
  const built = path.join(H5_DIR, 'index.html')
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0
  const sourceAt = Math.max(
    newestChange('src', (p) => !p.startsWith(path.join('src', 'server'))),
    newestChange('config'),
  )
  if (builtAt >= sourceAt) return
  console.log('Building the H5 app (first start or changed source)…')
  const result = spawnSync(path.join('node_modules', '.bin', 'taro'), ['build', '--type', 'h5'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (result.status !== 0) throw new Error('The H5 build failed; see the output above.')
}

function newestChange(dir: string, include: (p: string) => boolean = () => true): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name)
    if (entry.isFile() && include(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs)
  }
  return newest
}

main().catch((error: Error) => {
  console.error(`邻里通 could not start: ${error.message}`)
  process.exit(1)
})
