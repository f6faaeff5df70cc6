import { loadEnvironment } from '../environment'
import { openDatabase } from './connect'
import { migrate } from './migrate'
import { seed } from './seed'

/** `npm run db:migrate` and `npm run db:seed`, against DATABASE_URL or the local PGlite in DATA_DIR. */
async function main(command: string | undefined) {
  if (command !== 'migrate' && command !== 'seed') throw new Error('usage: cli.ts migrate|seed')
  const env = loadEnvironment()
  // A migration may rightly run long (an index on a big table): no query timeout here, unlike in the API.
  const db = await openDatabase({ databaseUrl: env.databaseUrl, dataDir: env.dataDir, queryTimeoutMs: 0 })
  try {
    const applied = await migrate(db)
    console.log(applied.length ? `applied ${applied.join(', ')}` : 'schema up to date')
    if (command === 'seed') {
      await seed(db)
      console.log('demo data seeded')
    }
  } finally {
    await db.close()
  }
}

main(process.argv[2]).catch((error: Error) => {
  console.error(error.message)
  process.exit(1)
})
