import type {
  ActivityCheckInResultDto,
  ActivityDetailDto,
  ActivityListQuery,
  ActivitySummaryDto,
  CommunityPartyServiceDto,
  CreateActivityInput,
  PartyServiceDto,
} from '@/shared/activities'
import type { Page } from '@/shared/api'
import { http } from './http'

/** 社区活动 API calls: one function per endpoint. Writes take the action's Idempotency-Key. */

const path = (id: string, action?: string) => `/api/activities/${encodeURIComponent(id)}${action ? `/${action}` : ''}`

export type ActivityQuery = Omit<ActivityListQuery, 'limit'> & { limit?: number }

/** A community's activities (the user's by default): upcoming soonest first, or past latest first. */
export function listActivities(query: ActivityQuery = {}): Promise<Page<ActivitySummaryDto>> {
  return http.get<Page<ActivitySummaryDto>>('/api/activities', { query: { ...query } })
}

export function getActivity(id: string): Promise<ActivityDetailDto> {
  return http.get<ActivityDetailDto>(path(id))
}

export function createActivity(input: CreateActivityInput, idempotencyKey?: string): Promise<ActivityDetailDto> {
  return http.post<ActivityDetailDto>('/api/activities', input, { idempotencyKey })
}

export function signUp(id: string, partySize: number, idempotencyKey?: string): Promise<ActivityDetailDto> {
  return http.post<ActivityDetailDto>(path(id, 'signup'), { partySize }, { idempotencyKey })
}

export function cancelSignup(id: string, idempotencyKey?: string): Promise<ActivityDetailDto> {
  return http.post<ActivityDetailDto>(path(id, 'signup/cancel'), {}, { idempotencyKey })
}

export function claimPost(id: string, postId: string, idempotencyKey?: string): Promise<ActivityDetailDto> {
  return http.post<ActivityDetailDto>(path(id, `posts/${encodeURIComponent(postId)}/claim`), {}, { idempotencyKey })
}

export function releasePost(id: string, postId: string, idempotencyKey?: string): Promise<ActivityDetailDto> {
  return http.post<ActivityDetailDto>(path(id, `posts/${encodeURIComponent(postId)}/release`), {}, { idempotencyKey })
}

export function checkInActivity(code: string, idempotencyKey?: string): Promise<ActivityCheckInResultDto> {
  return http.post<ActivityCheckInResultDto>('/api/activity-signups/check-in', { code }, { idempotencyKey })
}

export function completeActivity(
  id: string,
  absentVolunteerIds: string[],
  idempotencyKey?: string,
): Promise<ActivityDetailDto> {
  return http.post<ActivityDetailDto>(path(id, 'complete'), { absentVolunteerIds }, { idempotencyKey })
}

export function getMyPartyService(): Promise<PartyServiceDto> {
  return http.get<PartyServiceDto>('/api/me/party-service')
}

export function getCommunityPartyService(communityId: string): Promise<CommunityPartyServiceDto> {
  return http.get<CommunityPartyServiceDto>('/api/staff/party-service', { query: { communityId } })
}
