import type { MiddlewareHandler } from 'hono'
import { uuidSchema } from '../../shared/api'
import type { AppEnv } from '../app-env'
import type { Db } from '../db/types'
import { findActor } from '../features/users/repo'
import type { Clock } from '../lib/clock'
import { CRON_PATH_PREFIX } from '../lib/cron'
import { AppError } from '../lib/errors'
import { enforceLimit, isWrite, rateWindow, writeBucket } from '../lib/rate-limit'
import type { TokenService } from './tokens'

/**
 * Reads the bearer token, if any, and the user it names, with their roles and profile in one query, which for a
 * write also counts it against the user's writes per minute (429 past `writesPerMinute`).
 * A token that is malformed, forged, expired or names a deleted user is 401: the client logs in again.
 */
export function resolveActor(
  db: Db,
  tokens: TokenService,
  clock: Clock,
  writesPerMinute: number,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization')
    // Scheduled jobs carry the cron secret, not a user's token.
    if (header !== undefined && !c.req.path.startsWith(CRON_PATH_PREFIX)) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
      const userId = token ? tokens.verify(token) : null
      const write = userId && isWrite(c.req.method) ? rateWindow(clock, writeBucket(userId)) : null
      // Only our secret signs, but a subject that is not an id must still be a 401, not a failed query.
      const found = userId && uuidSchema.safeParse(userId).success ? await findActor(db, userId, write) : null
      if (!found) throw AppError.unauthenticated('登录已过期，请重新登录')
      const { me, writeHits } = found
      c.set('actor', {
        id: me.id,
        role: me.role,
        communityId: me.communityId,
        staffCommunityIds: me.staffCommunityIds,
        volunteerStatus: me.volunteer?.status ?? null,
        me,
      })
      if (write && writeHits !== null) enforceLimit(write, writeHits, writesPerMinute)
    }
    await next()
  }
}
