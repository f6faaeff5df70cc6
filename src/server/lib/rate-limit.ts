import { createHash } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../app-env'
import type { Db } from '../db/types'
import type { Clock } from './clock'
import { AppError } from './errors'

const WINDOW_MS = 60_000

/**
 * Counts one hit in the bucket's current one-minute window and throws 429 with Retry-After past the limit.
 * One statement: it also drops the bucket's earlier windows, so the table stays small.
 */
export async function hit(db: Db, clock: Clock, bucket: string, limit: number): Promise<void> {
  const now = clock.now().getTime()
  const windowStart = new Date(Math.floor(now / WINDOW_MS) * WINDOW_MS)
  const [row] = await db.query<{ hits: number }>(
    `WITH purge AS (DELETE FROM rate_limits WHERE bucket = $1 AND window_start < $2)
     INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
     ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
     RETURNING hits`,
    [bucket, windowStart],
  )
  if (row && row.hits > limit) {
    const retryAfter = Math.max(1, Math.ceil((windowStart.getTime() + WINDOW_MS - now) / 1000))
    throw new AppError('RATE_LIMITED', 429, undefined, { retryAfterSeconds: retryAfter })
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
export const isWrite = (method: string) => WRITE_METHODS.has(method)

/** Writes per signed-in user and minute. */
export function writeRateLimit(db: Db, clock: Clock, perMinute: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor')
    if (actor && isWrite(c.req.method)) await hit(db, clock, `write:${actor.id}`, perMinute)
    await next()
  }
}

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
