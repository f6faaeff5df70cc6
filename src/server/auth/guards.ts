import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../app-env'
import { AppError } from '../lib/errors'
import { isStaff, isVerifiedMember, type Actor } from './actor'

/** The actor of a request that passed one of the guards below. */
export function actorOf(c: { get(key: 'actor'): Actor | undefined }): Actor {
  const actor = c.get('actor')
  if (!actor) throw AppError.unauthenticated()
  return actor
}

/** Any logged-in user. */
export const signedIn: MiddlewareHandler<AppEnv> = async (c, next) => {
  actorOf(c)
  await next()
}

/** Staff of at least one community, or the admin. Which community is checked by the service. */
export const staffOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!isStaff(actorOf(c))) throw AppError.forbidden()
  await next()
}

export const adminOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (actorOf(c).role !== 'admin') throw AppError.forbidden()
  await next()
}

/** A volunteer whose registration is active. */
export const activeVolunteer: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (actorOf(c).volunteerStatus !== 'active') {
    throw AppError.forbidden('只有通过审核的志愿者才能进行这项操作，请先在"我的"里申请成为志愿者')
  }
  await next()
}

/**
 * Deciding things in a community (posting, proposing, commenting, reporting, voting) is for its verified members:
 * anyone else is refused with 403 MEMBERSHIP_REQUIRED, which tells them how to become one.
 */
export function requireMembership(actor: Actor, communityId: string): void {
  if (!isVerifiedMember(actor, communityId)) throw new AppError('MEMBERSHIP_REQUIRED', 403)
}
