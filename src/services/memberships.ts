import type { Page } from '@/shared/api'
import { PAGE_LIMIT_MAX } from '@/shared/api'
import type {
  ApplyMembershipInput,
  ApplyResultDto,
  MembershipDto,
  MembershipForStaffDto,
  MyMembershipDto,
} from '@/shared/memberships'
import { http } from './http'

/** 住户认证: the caller's latest membership (with the reason of a rejection), or null. */
export function getMyMembership(): Promise<MyMembershipDto> {
  return http.get<MyMembershipDto>('/api/me/membership')
}

export function applyForMembership(input: ApplyMembershipInput, idempotencyKey?: string): Promise<ApplyResultDto> {
  return http.post<ApplyResultDto>('/api/me/membership', input, { idempotencyKey })
}

export function leaveMembership(idempotencyKey?: string): Promise<MembershipDto> {
  return http.delete<MembershipDto>('/api/me/membership', { idempotencyKey })
}

/** Pending applications of one community, oldest first (staff of that community only). */
export function listPendingMemberships(
  communityId: string,
  cursor?: string | null,
): Promise<Page<MembershipForStaffDto>> {
  return http.get<Page<MembershipForStaffDto>>(`/api/communities/${encodeURIComponent(communityId)}/memberships`, {
    query: { status: 'pending', limit: PAGE_LIMIT_MAX, cursor },
  })
}

export function approveMembership(id: string, idempotencyKey?: string): Promise<MembershipDto> {
  return http.post<MembershipDto>(`/api/memberships/${encodeURIComponent(id)}/approve`, {}, { idempotencyKey })
}

export function rejectMembership(id: string, reason: string, idempotencyKey?: string): Promise<MembershipDto> {
  return http.post<MembershipDto>(`/api/memberships/${encodeURIComponent(id)}/reject`, { reason }, { idempotencyKey })
}
