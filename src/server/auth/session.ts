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
/** Tokens of one caller an instance keeps as live (a caller on several devices has one for each). */
const KNOWN_TOKENS = 8

interface KnownCaller {
  actor: Actor
  version: string
  /** The ids of the tokens found live at this version of the account: neither ended nor of an older generation. */
  tokenIds: Set<string>
}

/**
 * Reads the bearer token, if any, and the user it names, with their roles and profile in one query, which for a
 * write also counts it against the user's writes per minute (429 past `writesPerMinute`).
 * A request by a user this instance knows runs on what it knows, confirmed by the request's first statement, which
 * for a write also counts the hit (db/guarded-db.ts); if the account changed meanwhile, the request is run again
 * through `rerun`, which reads it afresh. A request that changed the caller's own account (`accountChanged`) makes
 * the next one read it afresh at once, rather than meet the change in its first statement and be answered again.
 * A token that is malformed, forged, expired, ended by a logout or names a deleted user is 401: the client logs in
 * again. A logout moves the account's version (migration 0012), so an instance that knows the caller reads them
 * afresh, with the token, on their next request; a token it has not seen live at the version it knows is read
 * afresh too. Ending tokens thus costs a normal request nothing.
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

  const remember = (userId: string, caller: Omit<KnownCaller, 'tokenIds'>, tokenId: string) => {
    const before = known.get(userId)
    // The tokens seen live at an older version may have been ended since: only this one is known to be live.
    const tokenIds = before?.version === caller.version ? before.tokenIds : new Set<string>()
    tokenIds.delete(tokenId)
    tokenIds.add(tokenId)
    if (tokenIds.size > KNOWN_TOKENS) tokenIds.delete(tokenIds.values().next().value!)
    known.delete(userId)
    known.set(userId, { ...caller, tokenIds })
    if (known.size > KNOWN_CALLERS) known.delete(known.keys().next().value!)
  }

  return async (c, next) => {
    const header = c.req.header('authorization')
    // Scheduled jobs carry the cron secret, not a user's token.
    if (header === undefined || c.req.path.startsWith(CRON_PATH_PREFIX)) return next()

    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
    const token = bearer ? tokens.claims(bearer) : null
    // Only our secret signs, but a subject that is not an id must still be a 401, not a failed query.
    const userId = token && uuidSchema.safeParse(token.userId).success ? token.userId : null
    if (!token || !userId) throw unauthenticated()
    c.set('token', token)

    const write = isWrite(c.req.method) ? rateWindow(clock, writeBucket(userId)) : null
    const cached = rerunning.has(c.req.raw) ? undefined : known.get(userId)
    if (cached?.tokenIds.has(token.id)) {
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

    const found = await findActor(db, userId, write, token)
    if (!found) throw unauthenticated()
    const { me, version, writeHits } = found
    const actor: Actor = {
      id: me.id,
      role: me.role,
      communityId: me.communityId,
      staffCommunityIds: me.staffCommunityIds,
      streetIds: me.streetIds,
      handlerOrgIds: me.handlerOrgIds,
      volunteerStatus: me.volunteer?.status ?? null,
      membership: me.membership,
      me,
    }
    remember(userId, { actor, version }, token.id)
    c.set('actor', actor)
    if (write && writeHits !== null) enforceLimit(write, writeHits, writesPerMinute)
    await next()
    if (c.get('accountChanged')) known.delete(userId)
  }
}

const unauthenticated = () => AppError.unauthenticated('登录已过期，请重新登录')
