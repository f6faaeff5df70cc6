import type * as z from 'zod'
import type { Page } from '../../../shared/api'
import type {
  ContactsDto,
  PartyRegistrationDto,
  PartyRegistrationForStaffDto,
  partyListQuerySchema,
  patchPartySchema,
  registerPartySchema,
} from '../../../shared/contacts'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import * as repo from './repo'

const NOT_REGISTERED = '您还没有党员报到，请先报到'
const REGISTRATION_NOT_FOUND = '没有找到这份党员报到'

/** The community the actor is a verified member of; 403 MEMBERSHIP_REQUIRED for anyone else. */
function memberCommunity(actor: Actor): string {
  const m = actor.membership
  if (m?.status !== 'verified') throw new AppError('MEMBERSHIP_REQUIRED', 403)
  return m.communityId
}

/** 楼道联系牌: whom a verified member calls about their building. */
export async function getContacts(db: Db, actor: Actor): Promise<ContactsDto> {
  memberCommunity(actor)
  const row = await repo.findContacts(db, actor.id)
  // The membership ended between the caller's lookup and this read.
  if (!row) throw new AppError('MEMBERSHIP_REQUIRED', 403)
  return {
    community: { name: row.name, phone: row.phone, address: row.address },
    gridWorkers: row.grid_workers,
    buildingHeads: row.building_heads,
    partyMembers: row.party_members,
  }
}

function toRegistration(row: repo.PartyRow): PartyRegistrationDto {
  return {
    userId: row.user_id,
    communityId: row.community_id,
    organization: row.organization,
    phone: row.phone,
    status: row.status,
    listed: row.wants_listed,
    appliedAt: row.applied_at.toISOString(),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
  }
}

/** 党员报到: a verified member registers with their organisation; staff of the community confirm. */
export async function registerParty(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof registerPartySchema>,
): Promise<PartyRegistrationDto> {
  const communityId = memberCommunity(actor)
  const row = await repo.insertParty(db, {
    userId: actor.id,
    communityId,
    organization: input.organization,
    phone: input.phone ?? null,
    listed: input.listed,
    now: clock.now(),
  })
  if (!row) throw AppError.conflict('PARTY_ALREADY_REGISTERED')
  return toRegistration(row)
}

export async function getMyParty(db: Db, actor: Actor): Promise<PartyRegistrationDto | null> {
  const row = await repo.findParty(db, actor.id)
  return row ? toRegistration(row) : null
}

/** Whether the member appears on their building's 楼道联系牌 (once confirmed), and with which phone. */
export async function setPartyListing(
  db: Db,
  actor: Actor,
  input: z.output<typeof patchPartySchema>,
): Promise<PartyRegistrationDto> {
  const row = await repo.updatePartyListing(db, actor.id, input.listed, input.phone ?? null)
  if (!row) throw AppError.notFound(NOT_REGISTERED)
  return toRegistration(row)
}

/** Staff of the member's community confirm a registration; audited, the member told. */
export async function confirmParty(db: Db, clock: Clock, actor: Actor, userId: string): Promise<PartyRegistrationDto> {
  const row = await repo.confirmParty(db, sqlViewer(actor), userId, clock.now())
  if (!row) throw AppError.notFound(REGISTRATION_NOT_FOUND)
  if (!row.confirmed_now) throw AppError.conflict('PARTY_NOT_PENDING')
  return toRegistration(row)
}

export async function listParty(
  db: Db,
  actor: Actor,
  communityId: string,
  query: z.output<typeof partyListQuerySchema>,
): Promise<Page<PartyRegistrationForStaffDto>> {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('只有本社区的工作人员可以查看党员报到')
  const rows = await repo.listParty(db, communityId, query.status, {
    limit: query.limit,
    after: decodeCursor(query.cursor, 'time'),
  })
  return toPage(
    rows,
    query.limit,
    (r) =>
      Object.assign(toRegistration(r), { realName: r.real_name, building: r.building, unit: r.unit, room: r.room }),
    (r) => [r.applied_at.toISOString(), r.user_id],
  )
}
