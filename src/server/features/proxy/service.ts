import type * as z from 'zod'
import type { Page } from '../../../shared/api'
import type { ProxyResidentDto, createProxyResidentSchema } from '../../../shared/proxy'
import { isStaff, sqlViewer, staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import * as repo from './repo'

const COMMUNITY_NOT_FOUND = '没有找到这个社区'
const RESIDENT_NOT_FOUND = '没有找到这位居民，请从您负责社区的已认证住户中选择'

function toDto(row: repo.ProxyResidentRow): ProxyResidentDto {
  return {
    userId: row.user_id,
    communityId: row.community_id,
    realName: row.real_name,
    phone: row.phone,
    building: row.building,
    unit: row.unit,
    room: row.room,
    householdId: row.household_id,
    createdAt: row.created_at.toISOString(),
  }
}

/** Staff of the community alone register its residents and see whom they registered. */
function requireStaffOf(actor: Actor, communityId: string) {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('只有本社区的工作人员可以代办')
}

/** 代办: staff register a resident without WeChat, a verified member of their household at once. Audited. */
export async function createProxyResident(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  input: z.output<typeof createProxyResidentSchema>,
): Promise<ProxyResidentDto> {
  requireStaffOf(actor, communityId)
  const row = await repo.insertProxyResident(db, sqlViewer(actor), {
    communityId,
    realName: input.realName,
    phone: input.phone ?? null,
    building: input.building,
    unit: input.unit,
    room: input.room,
    relation: input.relation,
    now: clock.now(),
  })
  if (!row) throw AppError.notFound(COMMUNITY_NOT_FOUND)
  return toDto(row)
}

export async function listProxyResidents(
  db: Db,
  actor: Actor,
  communityId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<ProxyResidentDto>> {
  requireStaffOf(actor, communityId)
  const rows = await repo.listProxyResidents(db, communityId, {
    limit: query.limit,
    before: decodeCursor(query.cursor, 'time'),
  })
  return toPage(rows, query.limit, toDto, (r) => [r.created_at.toISOString(), r.user_id])
}

/**
 * Whom a staff member acts for (`onBehalfOf`): a verified member of a community they staff. Answers that community;
 * 403 to anyone who is not staff, 404 for anyone else's resident (whom the caller may not know of).
 */
export async function actingFor(db: Db, actor: Actor, residentId: string): Promise<string> {
  if (!isStaff(actor)) throw AppError.forbidden('只有社区工作人员可以代居民办理')
  const communityId = await repo.findVerifiedCommunity(db, residentId)
  if (!communityId || !staffCan(actor, communityId) || residentId === actor.id) {
    throw AppError.notFound(RESIDENT_NOT_FOUND)
  }
  return communityId
}
