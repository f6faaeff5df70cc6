import { createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../app-env'
import type { Guard } from '../db/guarded-db'
import { sql } from '../db/sql'
import type { Db } from '../db/types'
import type { Clock } from './clock'
import { AppError } from './errors'

const WINDOW_MS = 60_000

/** The current one-minute window of a bucket. */
export interface RateWindow {
  bucket: string
  start: Date
  /** When it was asked for: Retry-After counts from here. */
  now: number
}

export function rateWindow(clock: Clock, bucket: string): RateWindow {
  const now = clock.now().getTime()
  return { bucket, start: new Date(Math.floor(now / WINDOW_MS) * WINDOW_MS), now }
}

/**
 * Common table expressions that count one hit in the bucket's window, as `<name>(hits)`, and drop the bucket's
 * earlier windows, so the table stays small. The name lets two counts share one statement.
 */
export const hitCtes = (window: RateWindow, name = 'hit') =>
  sql`${sql.raw(name)}_purge AS (DELETE FROM rate_limits WHERE bucket = ${window.bucket} AND window_start < ${window.start}),
   ${sql.raw(name)} AS (
     INSERT INTO rate_limits (bucket, window_start, hits) VALUES (${window.bucket}, ${window.start}, 1)
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
     RETURNING hits
   )`

/** 429 with Retry-After, counted from when the window was asked for. */
function rateLimited(window: RateWindow): AppError {
  const retryAfter = Math.max(1, Math.ceil((window.start.getTime() + WINDOW_MS - window.now) / 1000))
  return new AppError('RATE_LIMITED', 429, undefined, { retryAfterSeconds: retryAfter })
}

/** 429 once a window holds more hits than the limit. */
export function enforceLimit(window: RateWindow, hits: number, limit: number): void {
  if (hits > limit) throw rateLimited(window)
}

/** Counts one hit in the bucket's current window, in one statement, and throws 429 past the limit. */
export async function hit(db: Db, clock: Clock, bucket: string, limit: number): Promise<void> {
  const window = rateWindow(clock, bucket)
  const [row] = await db.query<{ hits: number }>(sql`WITH ${hitCtes(window)} SELECT hits FROM hit`)
  if (row) enforceLimit(window, row.hits, limit)
}

/** Raised by too_many_writes() (migration 0009). */
const TOO_MANY_WRITES_SQLSTATE = 'LB101'

/**
 * A write's hit on the caller's write limit, counted by the request's first statement (db/guarded-db.ts), which
 * fails with 429, undoing all it wrote, past the limit. A write the database refuses on its own rules is undone
 * with its hit, so it is not counted.
 */
export function writeLimitGuard(window: RateWindow, limit: number): Guard {
  return {
    ctes: hitCtes(window, '__write_hit'),
    failsWhen: sql`WHEN (SELECT hits FROM __write_hit) > ${limit}::int THEN too_many_writes()`,
    sqlState: TOO_MANY_WRITES_SQLSTATE,
    failure: () => rateLimited(window),
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
export const isWrite = (method: string) => WRITE_METHODS.has(method)

/** The bucket of a signed-in user's writes, counted where the caller is read (auth/session.ts). */
export const writeBucket = (userId: string) => `write:${userId}`

/** Logins per client address and minute. The address is kept only as a short hash. */
export function loginRateLimit(db: Db, clock: Clock, perMinute: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await hit(db, clock, `login:${hashAddress(clientAddress(c))}`, perMinute)
    await next()
  }
}

/** Vercel sets x-forwarded-for itself; locally there is one client. */
function clientAddress(c: Context): string {
  return c.req.header('x-forwarded-for')?.split(',')[0]?.trim() || c.req.header('x-real-ip') || 'local'
}

const hashAddress = (address: string) => createHash('sha256').update(address).digest('base64url').slice(0, 16)
