import { createApp } from '../src/server/app'
import { loadConfig } from '../src/server/config'
import { createNeonDb } from '../src/server/db/neon'

/**
 * The Vercel function. Production refuses to start without AUTH_SECRET, CRON_SECRET and DATABASE_URL. The client's
 * address is the one Vercel's edge writes (config.ts, `ClientAddressSource`).
 */
const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl) throw new Error('DATABASE_URL must be set')

export default createApp({
  db: createNeonDb({ connectionString: databaseUrl, max: 5 }),
  config: loadConfig(process.env, { vercel: true }),
})
