import type { CurrentMembershipDto, Role, VolunteerStatus, MeDto } from '../../shared/identity'
import type { SqlViewer } from '../db/viewer'

/** Who is making the request, read from the database on each request. */
export interface Actor {
  id: string
  /** The most trusted role the user holds now: admin > staff > volunteer (active) > resident. */
  role: Role
  communityId: string | null
  /** Communities the actor is staff of, their street's included for street staff. */
  staffCommunityIds: string[]
  /** Streets the actor is staff of. */
  streetIds: string[]
  /** Organisations the actor handles problems for. */
  handlerOrgIds: string[]
  volunteerStatus: VolunteerStatus | null
  /** The current membership, pending or verified. */
  membership: CurrentMembershipDto | null
  /** The profile as GET /api/me returns it, read in the same query. */
  me: MeDto
}

export const isStaff = (actor: Actor) => actor.role === 'staff' || actor.role === 'admin'

/** Whether the actor may act as staff in this community. The platform admin may act in every community. */
export const staffCan = (actor: Actor, communityId: string) =>
  actor.role === 'admin' || actor.staffCommunityIds.includes(communityId)

/** Whether the actor is a verified member of this community: who may post, propose, comment, report and vote. */
export const isVerifiedMember = (actor: Actor, communityId: string) =>
  actor.membership?.status === 'verified' && actor.membership.communityId === communityId

/** The actor as statements see it (`db/viewer.ts`); a reader who is not signed in is `anonymous`. */
export const sqlViewer = (actor: Actor | undefined): SqlViewer => ({
  id: actor?.id ?? null,
  role: actor?.role ?? 'anonymous',
  communityId: actor?.communityId ?? null,
  staffCommunityIds: actor?.staffCommunityIds ?? [],
  isAdmin: actor?.role === 'admin',
})
