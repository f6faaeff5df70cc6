import type { Page } from '@/shared/api'
import type {
  ContactsDto,
  PartyRegistrationDto,
  PartyRegistrationForStaffDto,
  PatchPartyInput,
  RegisterPartyInput,
} from '@/shared/contacts'
import { http } from './http'

/** 楼道联系牌 and 党员报到 API calls. */

export function getContacts(): Promise<ContactsDto> {
  return http.get<ContactsDto>('/api/me/contacts')
}

export function getMyParty(): Promise<{ registration: PartyRegistrationDto | null }> {
  return http.get<{ registration: PartyRegistrationDto | null }>('/api/me/party')
}

export function registerParty(input: RegisterPartyInput, idempotencyKey?: string): Promise<PartyRegistrationDto> {
  return http.post<PartyRegistrationDto>('/api/me/party', input, { idempotencyKey })
}

export function setPartyListing(input: PatchPartyInput, idempotencyKey?: string): Promise<PartyRegistrationDto> {
  return http.patch<PartyRegistrationDto>('/api/me/party', input, { idempotencyKey })
}

export function listPendingParty(communityId: string): Promise<Page<PartyRegistrationForStaffDto>> {
  return http.get<Page<PartyRegistrationForStaffDto>>(
    `/api/communities/${encodeURIComponent(communityId)}/party-members`,
  )
}

export function confirmParty(userId: string, idempotencyKey?: string): Promise<PartyRegistrationDto> {
  return http.post<PartyRegistrationDto>(`/api/party-members/${encodeURIComponent(userId)}/confirm`, undefined, {
    idempotencyKey,
  })
}
