import { PGlite } from '@electric-sql/pglite'
import type { Db, Queryable } from './types'

/** The embedded database: PostgreSQL compiled to WASM, in this process. `dataDir` undefined keeps it in memory. */
export async function createPgliteDb(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<Db> {
  const pg = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir })
  return wrapPglite(pg)
}

export function wrapPglite(pg: PGlite): Db {
  return {
    kind: 'pglite',
    async query<Row>(text: string, params?: readonly unknown[]) {
      const result = await pg.query<Row>(text, params as unknown[] | undefined)
      return result.rows
    },
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      return pg.transaction(async (t) =>
        fn({
          async query<Row>(text: string, params?: readonly unknown[]) {
            return (await t.query<Row>(text, params as unknown[] | undefined)).rows
          },
        }),
      )
    },
    async exec(sql: string) {
      await pg.exec(sql)
    },
    async close() {
      await pg.close()
    },
  }
}
