import { PGlite } from '@electric-sql/pglite'
import { queryable, type Db, type Queryable } from './types'

/** The embedded database: PostgreSQL compiled to WASM, in this process. `dataDir` undefined keeps it in memory. */
export async function createPgliteDb(options: { dataDir?: string; loadDataDir?: Blob } = {}): Promise<Db> {
  const pg = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.loadDataDir })
  return wrapPglite(pg)
}

export function wrapPglite(pg: PGlite): Db {
  return {
    kind: 'pglite',
    ...queryable(
      async <Row>(text: string, params: readonly unknown[]) => (await pg.query<Row>(text, [...params])).rows,
    ),
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      return pg.transaction(async (t) =>
        fn(
          queryable(
            async <Row>(text: string, params: readonly unknown[]) => (await t.query<Row>(text, [...params])).rows,
          ),
        ),
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
