import type * as z from 'zod'
import type { Page } from '../../../shared/api'
import {
  CONTACT_ROLES,
  INVITE_DEFAULT_HOURS,
  type AcceptedInviteDto,
  type BuildingDto,
  type CreatedCommunityDto,
  type DoorCodeDto,
  type GridDto,
  type HouseholdDto,
  type ImportResultDto,
  type InviteDto,
  type OrgDto,
  type StreetDto,
  type acceptInviteSchema,
  type createBuildingSchema,
  type createCommunityInviteSchema,
  type createCommunitySchema,
  type createGridSchema,
  type createHouseholdSchema,
  type createOrgSchema,
  type createStreetInviteSchema,
  type createStreetSchema,
} from '../../../shared/places'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import { parseHouseholdsCsv } from './csv'
import * as repo from './repo'

/** 街道, 社区, 网格, 楼栋, 户 and the invites that name people to them: the rules, no transport. */

const COMMUNITY_NOT_FOUND = '没有找到这个社区'
const STREET_NOT_FOUND = '没有找到这个街道'
const HOUSEHOLD_NOT_FOUND = '没有找到这一户'
const NOT_YOUR_COMMUNITY = '只能管理您负责的社区'

const pageOf = (query: { limit: number; cursor?: string }): repo.Page => ({
  limit: query.limit,
  after: decodeCursor(query.cursor, 'text'),
})

/** Staff of the community (street staff and the admin included) go on; anyone else is refused before any SQL. */
function mustBeStaff(actor: Actor, communityId: string) {
  if (!staffCan(actor, communityId)) throw AppError.forbidden(NOT_YOUR_COMMUNITY)
}

/** A statement that found nothing to act on, for staff who passed `mustBeStaff`: the community is not there. */
const communityMissing = () => AppError.notFound(COMMUNITY_NOT_FOUND)

/**
 * Every create in a community (网格, 楼栋, 户, 处理单位): staff only, the repo's one statement, 404 when it made
 * nothing (the community is not there), the row as the client sees it.
 */
async function createInCommunity<Row, Dto>(
  clock: Clock,
  actor: Actor,
  communityId: string,
  insert: (viewer: ReturnType<typeof sqlViewer>, now: Date) => Promise<Row | null>,
  toDto: (row: Row) => Dto,
): Promise<Dto> {
  mustBeStaff(actor, communityId)
  const row = await insert(sqlViewer(actor), clock.now())
  if (!row) throw communityMissing()
  return toDto(row)
}

// Streets and communities

const toStreet = (row: repo.StreetRow): StreetDto => ({
  id: row.id,
  name: row.name,
  district: row.district,
  communityCount: row.community_count,
})

export async function createStreet(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof createStreetSchema>,
): Promise<StreetDto> {
  return toStreet(await repo.insertStreet(db, sqlViewer(actor), input, clock.now()))
}

export async function listStreets(db: Db, query: { limit: number; cursor?: string }): Promise<Page<StreetDto>> {
  const rows = await repo.listStreets(db, pageOf(query))
  return toPage(rows, query.limit, toStreet, (r) => [r.name, r.id])
}

export async function createCommunity(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof createCommunitySchema>,
): Promise<CreatedCommunityDto> {
  const mayAdd = actor.role === 'admin' || actor.streetIds.includes(input.streetId)
  if (!mayAdd) throw AppError.forbidden('只有街道工作人员能为本街道新增社区')
  const row = await repo.insertCommunity(
    db,
    sqlViewer(actor),
    actor.streetIds,
    { streetId: input.streetId, name: input.name, address: input.address ?? null, phone: input.phone ?? null },
    clock.now(),
  )
  if (!row) throw AppError.notFound(STREET_NOT_FOUND)
  return {
    id: row.id,
    streetId: row.street_id,
    name: row.name,
    street: row.street,
    district: row.district,
    address: row.address,
    phone: row.phone,
  }
}

// Grids and buildings

const toGrid = (row: repo.GridRow): GridDto => ({
  id: row.id,
  communityId: row.community_id,
  name: row.name,
  buildingCount: row.building_count,
})

const toBuilding = (row: repo.BuildingRow): BuildingDto => ({
  id: row.id,
  communityId: row.community_id,
  gridId: row.grid_id,
  gridName: row.grid_name,
  name: row.name,
  householdCount: row.household_count,
})

export async function createGrid(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  input: z.output<typeof createGridSchema>,
): Promise<GridDto> {
  return createInCommunity(
    clock,
    actor,
    communityId,
    (viewer, now) => repo.insertGrid(db, viewer, communityId, input.name, now),
    toGrid,
  )
}

export async function listGrids(db: Db, communityId: string, query: { limit: number; cursor?: string }) {
  const rows = await repo.listGrids(db, communityId, pageOf(query))
  return toPage(rows, query.limit, toGrid, (r) => [r.name, r.id])
}

export async function createBuilding(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  input: z.output<typeof createBuildingSchema>,
): Promise<BuildingDto> {
  return createInCommunity(
    clock,
    actor,
    communityId,
    (viewer, now) =>
      repo.insertBuilding(db, viewer, communityId, { name: input.name, gridId: input.gridId ?? null }, now),
    toBuilding,
  )
}

export async function listBuildings(db: Db, communityId: string, query: { limit: number; cursor?: string }) {
  const rows = await repo.listBuildings(db, communityId, pageOf(query))
  return toPage(rows, query.limit, toBuilding, (r) => [r.name, r.id])
}

// Households

const toHousehold = (row: repo.HouseholdDbRow): HouseholdDto => ({
  id: row.id,
  communityId: row.community_id,
  buildingId: row.building_id,
  building: row.building,
  unit: row.unit,
  room: row.room,
  areaM2: row.area_m2 === null ? null : Number(row.area_m2),
  memberCount: row.member_count,
})

export async function createHousehold(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  input: z.output<typeof createHouseholdSchema>,
): Promise<HouseholdDto> {
  const household = { building: input.building, unit: input.unit ?? '', room: input.room, areaM2: input.areaM2 ?? null }
  return createInCommunity(
    clock,
    actor,
    communityId,
    (viewer, now) => repo.insertHousehold(db, viewer, communityId, household, now),
    toHousehold,
  )
}

/**
 * Adds the households of a `楼栋,单元,房号,面积` table (csv.ts says what it accepts) in one statement: the good rows
 * are kept, households there already are counted as skipped, and each bad row is reported with its line.
 */
export async function importHouseholds(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  text: string,
): Promise<ImportResultDto> {
  mustBeStaff(actor, communityId)
  const parsed = parseHouseholdsCsv(text)
  if (parsed.tooMany) {
    throw AppError.validation(
      [{ path: ['csv'], message: 'too many rows' }],
      '一次最多导入5000户，请把表格分成几份再导入',
    )
  }
  if (parsed.rows.length === 0 && parsed.errors.length === 0) {
    throw AppError.validation([{ path: ['csv'], message: 'no rows' }], '表格里没有住户，请按“楼栋,单元,房号,面积”填写')
  }
  const created = await repo.importHouseholds(
    db,
    sqlViewer(actor),
    communityId,
    parsed.rows,
    parsed.errors.length,
    clock.now(),
  )
  if (created === null) throw communityMissing()
  return { created, skipped: parsed.rows.length - created, errors: parsed.errors }
}

export async function listHouseholds(
  db: Db,
  actor: Actor,
  communityId: string,
  query: { limit: number; cursor?: string; building?: string },
): Promise<Page<HouseholdDto>> {
  mustBeStaff(actor, communityId)
  const building = query.building?.normalize('NFKC').trim() || null
  const rows = await repo.listHouseholds(db, communityId, building, pageOf(query))
  return toPage(rows, query.limit, toHousehold, (r) => [r.sort_key, r.id])
}

export async function readDoorCode(db: Db, clock: Clock, actor: Actor, householdId: string): Promise<DoorCodeDto> {
  const row = await repo.readDoorCode(db, sqlViewer(actor), householdId, clock.now())
  if (row) return { householdId: row.id, code: row.door_code }
  if (await repo.householdExists(db, householdId)) throw AppError.forbidden(NOT_YOUR_COMMUNITY)
  throw AppError.notFound(HOUSEHOLD_NOT_FOUND)
}

// Organisations

const toOrg = (row: repo.OrgRow): OrgDto => ({
  id: row.id,
  communityId: row.community_id,
  kind: row.kind,
  name: row.name,
  phone: row.phone,
  handlerCount: row.handler_count,
})

export async function createOrg(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  input: z.output<typeof createOrgSchema>,
): Promise<OrgDto> {
  const org = { kind: input.kind, name: input.name, phone: input.phone ?? null }
  return createInCommunity(
    clock,
    actor,
    communityId,
    (viewer, now) => repo.insertOrg(db, viewer, communityId, org, now),
    toOrg,
  )
}

export async function listOrgs(
  db: Db,
  actor: Actor,
  communityId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<OrgDto>> {
  mustBeStaff(actor, communityId)
  const rows = await repo.listOrgs(db, communityId, pageOf(query))
  return toPage(rows, query.limit, toOrg, (r) => [r.name, r.id])
}

// Invites

const toInvite = (row: repo.InviteRow): InviteDto => ({
  code: row.code,
  role: row.role,
  expiresAt: new Date(row.expires_at).toISOString(),
  placeName: row.place_name,
})

const expiry = (clock: Clock, hours: number | undefined) =>
  new Date(clock.now().getTime() + (hours ?? INVITE_DEFAULT_HOURS) * 3600_000)

export async function inviteToCommunity(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  input: z.output<typeof createCommunityInviteSchema>,
): Promise<InviteDto> {
  mustBeStaff(actor, communityId)
  const row = await repo.insertInvite(
    db,
    sqlViewer(actor),
    {
      role: input.role,
      streetId: null,
      communityId,
      gridId: input.gridId ?? null,
      buildingId: input.buildingId ?? null,
      orgId: input.orgId ?? null,
    },
    expiry(clock, input.expiresInHours),
    clock.now(),
  )
  if (!row) throw communityMissing()
  return toInvite(row)
}

export async function inviteToStreet(
  db: Db,
  clock: Clock,
  actor: Actor,
  streetId: string,
  input: z.output<typeof createStreetInviteSchema>,
): Promise<InviteDto> {
  const row = await repo.insertInvite(
    db,
    sqlViewer(actor),
    { role: input.role, streetId, communityId: null, gridId: null, buildingId: null, orgId: null },
    expiry(clock, input.expiresInHours),
    clock.now(),
  )
  if (!row) throw AppError.notFound(STREET_NOT_FOUND)
  return toInvite(row)
}

/**
 * Takes the invite for the caller and grants its role, or says why not: unknown (404), used or expired (409), or a
 * contact role accepted without the name and phone its 楼道联系牌 shows (400, the invite left unused).
 */
export async function acceptInvite(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof acceptInviteSchema>,
): Promise<AcceptedInviteDto> {
  const now = clock.now()
  const row = await repo.acceptInvite(
    db,
    { ...sqlViewer(actor), id: actor.id },
    { code: input.code, realName: input.realName ?? null, phone: input.phone ?? null },
    now,
  )
  if (row) {
    return { role: row.role, communityId: row.community_id, streetId: row.street_id, placeName: row.place_name }
  }
  const state = await repo.inviteState(db, input.code)
  if (!state) throw AppError.notFound('没有这个邀请码，请核对后重新输入')
  if (state.used) throw AppError.conflict('INVITE_USED')
  if (new Date(state.expires_at) <= now) throw AppError.conflict('INVITE_EXPIRED')
  if (CONTACT_ROLES.includes(state.role)) {
    throw AppError.validation(
      [
        ...(input.realName ? [] : [{ path: ['realName'], message: '请填写真实姓名' }]),
        ...(input.phone ? [] : [{ path: ['phone'], message: '请填写手机号' }]),
      ],
      '网格员和楼栋长的姓名和手机号会显示在楼道联系牌上，请填写后再接受邀请',
    )
  }
  // Taken by another request between the two statements.
  throw AppError.conflict('INVITE_USED')
}
