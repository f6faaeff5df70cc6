import { queryable, type Db, type Queryable } from '../src/server/db/types'

/** One statement an endpoint sent: its text, its parameters as JSON, and which transaction it ran in (or null). */
export interface Recorded {
  text: string
  params: unknown[]
  tx: number | null
  /** What the statement returned (kept in memory only; not sent to the ceilings). */
  rows?: unknown[]
}

/**
 * Wraps a Db so that every statement sent through it is also written to `log` (BEGIN and COMMIT are the driver's,
 * not the app's, and are not seen). Parameters go through JSON, as they would reach another server. The benchmark
 * replays what it records; the API tests count round trips with it.
 */
export function recordingDb(db: Db, log: Recorded[]): Db {
  let txCount = 0
  const keep = <Row>(text: string, params: readonly unknown[] | undefined, tx: number | null, run: Promise<Row[]>) => {
    const entry: Recorded = { text, params: JSON.parse(JSON.stringify(params ?? [])) as unknown[], tx }
    log.push(entry)
    return run.then((rows) => {
      entry.rows = rows
      return rows
    })
  }
  return {
    kind: db.kind,
    ...queryable(<Row>(text: string, params: readonly unknown[]) =>
      keep(text, params, null, db.send<Row>(text, params)),
    ),
    tx<T>(fn: (q: Queryable) => Promise<T>) {
      const id = ++txCount
      return db.tx((q) =>
        fn(
          queryable(<Row>(text: string, params: readonly unknown[]) =>
            keep(text, params, id, q.send<Row>(text, params)),
          ),
        ),
      )
    },
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
  }
}

/** Round trips to the database the log took: each statement, plus BEGIN and COMMIT for each transaction. */
export function roundTrips(log: readonly Recorded[]): number {
  return log.length + 2 * new Set(log.map((entry) => entry.tx).filter((tx) => tx !== null)).size
}
