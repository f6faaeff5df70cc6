import type { MeDto, PatchMeInput, VolunteerApplicationDto, VolunteerApplyInput } from '@/shared/identity'
import { http } from './http'

export function getMe(): Promise<MeDto> {
  return http.get<MeDto>('/api/me')
}

export function patchMe(input: PatchMeInput, idempotencyKey?: string): Promise<MeDto> {
  return http.patch<MeDto>('/api/me', input, { idempotencyKey })
}

/** Registers the current user as a volunteer; staff of their community review it. */
export function applyAsVolunteer(
  input: VolunteerApplyInput,
  idempotencyKey?: string,
): Promise<VolunteerApplicationDto> {
  return http.post<VolunteerApplicationDto>('/api/me/volunteer', input, { idempotencyKey })
}
