import { createHash } from 'node:crypto'
import { isIPv6 } from 'node:net'
import type { HttpBindings } from '@hono/node-server'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../app-env'
import type { ClientAddressSource } from '../config'
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
export function loginRateLimit(
  db: Db,
  clock: Clock,
  perMinute: number,
  source: ClientAddressSource,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await hit(db, clock, `login:${hashAddress(clientAddress(c, source))}`, perMinute)
    await next()
  }
}

/**
 * The client's address, as far as it can be believed: what the configured proxy says (config.ts,
 * `ClientAddressSource`), else the socket's peer. A request with neither, which only an in-process caller sends
 * (`app.request`, with no socket), counts in one bucket of its own: the limit still holds for it.
 */
function clientAddress(c: Context, source: ClientAddressSource): string {
  const forwarded =
    source.from === 'vercel'
      ? c.req.header('x-vercel-forwarded-for')?.split(',')[0]?.trim()
      : source.from === 'forwarded'
        ? appendedBy(c.req.header('x-forwarded-for'), source.proxies)
        : undefined
  const address = forwarded || socketAddress(c)
  return address ? addressKey(address) : 'no-socket'
}

/** The entry `proxies` from the right of X-Forwarded-For: the one the outermost trusted proxy appended. */
function appendedBy(header: string | undefined, proxies: number): string | undefined {
  const entries = (header ?? '').split(',').map((entry) => entry.trim())
  // Fewer entries than proxies: the request did not come through them all, so the socket says more.
  return entries.length >= proxies ? entries[entries.length - proxies] : undefined
}

/** The connection's peer under @hono/node-server, which passes the Node request as the app's environment. */
function socketAddress(c: Context): string | undefined {
  return (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket?.remoteAddress
}

/**
 * One key per client: an IPv4 address as it is (also when written IPv4-mapped, `::ffff:a.b.c.d`), an IPv6 one by its
 * /64: each subscriber is given a /64 at least, and could take a new address from it for every login.
 */
function addressKey(address: string): string {
  const bare = address.replace(/%.*$/, '')
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare)
  if (mapped) return mapped[1]!
  return isIPv6(bare) ? `${ipv6Groups(bare).slice(0, 4).join(':')}::/64` : bare
}

/** The eight groups of an IPv6 address, `::` filled in, without leading zeros (an IPv4 tail counts as two). */
function ipv6Groups(address: string): string[] {
  const groups = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : [])
  const [head = '', tail] = address.split('::')
  const left = groups(head)
  const right = tail === undefined ? [] : groups(tail)
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  return all.map((g) => parseInt(g, 16).toString(16))
}

const hashAddress = (address: string) => createHash('sha256').update(address).digest('base64url').slice(0, 16)
