import type { MiddlewareHandler } from 'hono'
import { uuidSchema } from '../../shared/api'
import type { AppEnv } from '../app-env'
import type { Db } from '../db/types'
import { findMe } from '../features/users/repo'
import { CRON_PATH_PREFIX } from '../lib/cron'
import { AppError } from '../lib/errors'
import type { TokenService } from './tokens'

/**
 * Reads the bearer token, if any, and the user it names, with their roles and profile in one query.
 * A token that is malformed, forged, expired or names a deleted user is 401: the client logs in again.
 */
export function resolveActor(db: Db, tokens: TokenService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization')
    // Scheduled jobs carry the cron secret, not a user's token.
    if (header !== undefined && !c.req.path.startsWith(CRON_PATH_PREFIX)) {
      const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1]
      const userId = token ? tokens.verify(token) : null
      // Only our secret signs, but a subject that is not an id must still be a 401, not a failed query.
      const me = userId && uuidSchema.safeParse(userId).success ? await findMe(db, userId) : null
      if (!me) throw AppError.unauthenticated('登录已过期，请重新登录')
      c.set('actor', {
        id: me.id,
        role: me.role,
        communityId: me.communityId,
        staffCommunityIds: me.staffCommunityIds,
        volunteerStatus: me.volunteer?.status ?? null,
        me,
      })
    }
    await next()
  }
}
