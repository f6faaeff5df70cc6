import type { Page } from '@/shared/api'
import type { CreateProxyResidentInput, ProxyResidentDto } from '@/shared/proxy'
import { http } from './http'

/** 代办 API calls (staff): residents without WeChat. */

const residentsPath = (communityId: string) => `/api/communities/${encodeURIComponent(communityId)}/residents`

export function createProxyResident(
  communityId: string,
  input: CreateProxyResidentInput,
  idempotencyKey?: string,
): Promise<ProxyResidentDto> {
  return http.post<ProxyResidentDto>(residentsPath(communityId), input, { idempotencyKey })
}

export function listProxyResidents(communityId: string, cursor?: string): Promise<Page<ProxyResidentDto>> {
  return http.get<Page<ProxyResidentDto>>(residentsPath(communityId), { query: { cursor } })
}
