import type { Page } from '@/shared/api'
import type {
  StreetDto,
  AcceptInviteInput,
  AcceptedInviteDto,
  BuildingDto,
  CreateBuildingInput,
  CreateCommunityInviteInput,
  CreateGridInput,
  CreateHouseholdInput,
  CreateOrgInput,
  DoorCodeDto,
  GridDto,
  HouseholdDto,
  ImportResultDto,
  InviteDto,
  OrgDto,
} from '@/shared/places'
import { http } from './http'

/** Places and invites API calls: one function per endpoint. Writes take the action's Idempotency-Key. */

const enc = encodeURIComponent
const community = (id: string, what: string) => `/api/communities/${enc(id)}/${what}`
const ALL = { limit: 50 }

export function listGrids(communityId: string, cursor?: string): Promise<Page<GridDto>> {
  return http.get<Page<GridDto>>(community(communityId, 'grids'), { query: { ...ALL, cursor } })
}

export function createGrid(communityId: string, input: CreateGridInput, idempotencyKey?: string): Promise<GridDto> {
  return http.post<GridDto>(community(communityId, 'grids'), input, { idempotencyKey })
}

export function listBuildings(communityId: string, cursor?: string): Promise<Page<BuildingDto>> {
  return http.get<Page<BuildingDto>>(community(communityId, 'buildings'), { query: { ...ALL, cursor } })
}

export function createBuilding(
  communityId: string,
  input: CreateBuildingInput,
  idempotencyKey?: string,
): Promise<BuildingDto> {
  return http.post<BuildingDto>(community(communityId, 'buildings'), input, { idempotencyKey })
}

export function listHouseholds(
  communityId: string,
  query: { limit?: number; cursor?: string; building?: string } = {},
): Promise<Page<HouseholdDto>> {
  return http.get<Page<HouseholdDto>>(community(communityId, 'households'), { query: { ...query } })
}

export function createHousehold(
  communityId: string,
  input: CreateHouseholdInput,
  idempotencyKey?: string,
): Promise<HouseholdDto> {
  return http.post<HouseholdDto>(community(communityId, 'households'), input, { idempotencyKey })
}

/** Sent as JSON `{csv}`: the request wrapper sends JSON only; the API takes text/csv too. */
export function importHouseholds(communityId: string, csv: string, idempotencyKey?: string): Promise<ImportResultDto> {
  return http.post<ImportResultDto>(community(communityId, 'households/import'), { csv }, { idempotencyKey })
}

export function getDoorCode(householdId: string): Promise<DoorCodeDto> {
  return http.get<DoorCodeDto>(`/api/households/${enc(householdId)}/code`)
}

export function listOrgs(communityId: string): Promise<Page<OrgDto>> {
  return http.get<Page<OrgDto>>(community(communityId, 'orgs'), { query: ALL })
}

export function createInvite(
  communityId: string,
  input: CreateCommunityInviteInput,
  idempotencyKey?: string,
): Promise<InviteDto> {
  return http.post<InviteDto>(community(communityId, 'invites'), input, { idempotencyKey })
}

export function acceptInvite(input: AcceptInviteInput, idempotencyKey?: string): Promise<AcceptedInviteDto> {
  return http.post<AcceptedInviteDto>('/api/invites/accept', input, { idempotencyKey })
}

export function createOrg(communityId: string, input: CreateOrgInput, idempotencyKey?: string): Promise<OrgDto> {
  return http.post<OrgDto>(community(communityId, 'orgs'), input, { idempotencyKey })
}

/** Streets by name (anyone signed in): the street's view names the streets its staff and the admin may choose. */
export function listStreets(cursor?: string): Promise<Page<StreetDto>> {
  return http.get<Page<StreetDto>>('/api/streets', { query: { cursor, limit: 50 } })
}
