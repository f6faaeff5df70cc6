import { toQuery, type Sql } from './sql'

/** Something SQL can be sent to: the database itself, or one open transaction. */
export interface Queryable {
  /** Sends one statement written with the `sql` tag (`sql.ts`), its values as parameters. */
  query<Row = Record<string, unknown>>(statement: Sql): Promise<Row[]>
  /**
   * The statement as numbered text, as the driver takes it: for `db/` alone, whose checked database adds
   * parameters of its own after the statement's (`checked-db.ts`).
   */
  send<Row = Record<string, unknown>>(text: string, params: readonly unknown[]): Promise<Row[]>
}

/** A Queryable over a driver's `send`. */
export function queryable(send: Queryable['send']): Queryable {
  return {
    query<Row>(statement: Sql) {
      const { text, params } = toQuery(statement)
      return send<Row>(text, params)
    },
    send,
  }
}

/** The one database interface repos use. Implementations: PGlite (embedded) and the Neon Pool (PostgreSQL). */
export interface Db extends Queryable {
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>
  close(): Promise<void>
  readonly kind: 'pglite' | 'postgres'
}

/** Thrown by a Db implementation when the database cannot be reached, so the edge can answer 503. */
export class DbUnavailableError extends Error {
  constructor(cause: unknown) {
    super('database unavailable', { cause })
    this.name = 'DbUnavailableError'
  }
}

/** PostgreSQL error codes that mean "the database is not there right now", not "your statement is wrong". */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006'])
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
])

export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NODE_CODES.has(code))) return true
  // The pools report lost or refused connections, and a server that stopped answering, with these messages and no code.
  return /connection terminated|timeout exceeded when trying to connect|query read timeout|connection error|websocket|Client has encountered a connection error/i.test(
    error.message,
  )
}

/** SQLSTATE of a database error, if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}
