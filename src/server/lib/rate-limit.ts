import { createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../app-env'
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
 * Common table expressions that count one hit in the window ($bucket, $start), as `<name>(hits)`, and drop the
 * bucket's earlier windows, so the table stays small. Placeholders are numbered by the caller, to fit into its
 * statement; the name lets two counts share one.
 */
export const hitCtes = (bucket: string, start: string, name = 'hit') =>
  `${name}_purge AS (DELETE FROM rate_limits WHERE bucket = ${bucket} AND window_start < ${start}),
   ${name} AS (
     INSERT INTO rate_limits (bucket, window_start, hits) VALUES (${bucket}, ${start}, 1)
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
     RETURNING hits
   )`

/** 429 with Retry-After once a window holds more hits than the limit. */
export function enforceLimit(window: RateWindow, hits: number, limit: number): void {
  if (hits > limit) {
    const retryAfter = Math.max(1, Math.ceil((window.start.getTime() + WINDOW_MS - window.now) / 1000))
    throw new AppError('RATE_LIMITED', 429, undefined, { retryAfterSeconds: retryAfter })
  }
}

/** Counts one hit in the bucket's current window, in one statement, and throws 429 past the limit. */
export async function hit(db: Db, clock: Clock, bucket: string, limit: number): Promise<void> {
  const window = rateWindow(clock, bucket)
  const [row] = await db.query<{ hits: number }>(`WITH ${hitCtes('$1', '$2')} SELECT hits FROM hit`, [
    window.bucket,
    window.start,
  ])
  if (row) enforceLimit(window, row.hits, limit)
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
