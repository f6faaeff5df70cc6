import type { MiddlewareHandler } from 'hono'
import { REQUEST_ID_HEADER, uuidSchema } from '../../shared/api'
import type { AppEnv } from '../app-env'
import { runGuarded, type RequestGuards } from '../db/guarded-db'
import type { Db } from '../db/types'
import { findActor } from '../features/users/repo'
import type { Clock } from '../lib/clock'
import { CRON_PATH_PREFIX } from '../lib/cron'
import { AppError } from '../lib/errors'
import { enforceLimit, isWrite, rateWindow, writeBucket, writeLimitGuard } from '../lib/rate-limit'
import type { Actor } from './actor'
import { accountGuard, CallerChangedError } from './account-guard'
import type { TokenService } from './tokens'

/** Callers one instance keeps between requests; the oldest seen is forgotten first. */
export const KNOWN_CALLERS = 5_000

interface KnownCaller {
  actor: Actor
  version: string
}

/**
 * Reads the bearer token, if any, and the user it names, with their roles and profile in one query, which for a
 * write also counts it against the user's writes per minute (429 past `writesPerMinute`).
 * A request by a user this instance knows runs on what it knows, confirmed by the request's first statement, which
 * for a write also counts the hit (db/guarded-db.ts); if the account changed meanwhile, the request is run again
 * through `rerun`, which reads it afresh. A request that changed the caller's own account (`accountChanged`) makes
 * the next one read it afresh at once, rather than meet the change in its first statement and be answered again.
 * A token that is malformed, forged, expired or names a deleted user is 401: the client logs in again.
 */
export function resolveActor(
  db: Db,
  tokens: TokenService,
  clock: Clock,
  writesPerMinute: number,
  rerun: (request: Request, env: unknown) => Promise<Response>,
): MiddlewareHandler<AppEnv> {
  const known = new Map<string, KnownCaller>()
  const rerunning = new WeakSet<Request>()

  const remember = (userId: string, caller: KnownCaller) => {
    known.delete(userId)
    known.set(userId, caller)
    if (known.size > KNOWN_CALLERS) known.delete(known.keys().next().value!)
  }

  return async (c, next) => {
    const header = c.req.header('authorization')
    // Scheduled jobs carry the cron secret, not a user's token.
    if (header === undefined || c.req.path.startsWith(CRON_PATH_PREFIX)) return next()

    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
    const verified = token ? tokens.verify(token) : null
    // Only our secret signs, but a subject that is not an id must still be a 401, not a failed query.
    const userId = verified && uuidSchema.safeParse(verified).success ? verified : null
    if (!userId) throw unauthenticated()

    const write = isWrite(c.req.method) ? rateWindow(clock, writeBucket(userId)) : null
    const cached = rerunning.has(c.req.raw) ? undefined : known.get(userId)
    if (cached) {
      c.set('actor', cached.actor)
      const account = accountGuard(userId, cached.version)
      const guards: RequestGuards = { list: write ? [account, writeLimitGuard(write, writesPerMinute)] : [account] }
      c.set('guards', guards)
      await runGuarded(db, guards, (requestDb) => {
        c.set('db', requestDb)
        return next()
      }).catch((error: unknown) => {
        // Met after the answer, by the confirmation sent on its own: the request is answered again below.
        if (!(error instanceof CallerChangedError)) throw error
      })
      if (account.changed || c.get('accountChanged')) known.delete(userId)
      if (account.changed) {
        // Everything the request wrote was undone with the statement that found the change.
        // Under the same request id, so that the log tells both runs apart from other requests.
        const headers = new Headers(c.req.raw.headers)
        headers.set(REQUEST_ID_HEADER, c.get('requestId'))
        const again = new Request(c.req.raw.url, {
          method: c.req.method,
          headers,
          body: write ? await c.req.arrayBuffer() : undefined,
        })
        rerunning.add(again)
        // With the same environment (the Node request and its socket), so the rerun sees the same client.
        c.res = await rerun(again, c.env)
      }
      return
    }

    const found = await findActor(db, userId, write)
    if (!found) throw unauthenticated()
    const { me, version, writeHits } = found
    const actor: Actor = {
      id: me.id,
      role: me.role,
      communityId: me.communityId,
      staffCommunityIds: me.staffCommunityIds,
      volunteerStatus: me.volunteer?.status ?? null,
      me,
    }
    remember(userId, { actor, version })
    c.set('actor', actor)
    if (write && writeHits !== null) enforceLimit(write, writeHits, writesPerMinute)
    await next()
    if (c.get('accountChanged')) known.delete(userId)
  }
}

const unauthenticated = () => AppError.unauthenticated('登录已过期，请重新登录')
