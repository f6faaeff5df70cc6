import type { Page } from '@/shared/api'
import { PAGE_LIMIT_MAX } from '@/shared/api'
import type { VolunteerApplicationForStaffDto } from '@/shared/identity'
import { http } from './http'

/** Pending volunteer applications of one community (staff of that community only). */
export function listPendingApplications(
  communityId: string,
  cursor?: string | null,
): Promise<Page<VolunteerApplicationForStaffDto>> {
  return http.get<Page<VolunteerApplicationForStaffDto>>('/api/volunteers/applications', {
    query: { communityId, status: 'pending', limit: PAGE_LIMIT_MAX, cursor },
  })
}

export function approveVolunteer(userId: string, idempotencyKey?: string): Promise<unknown> {
  return http.post(`/api/volunteers/${encodeURIComponent(userId)}/approve`, {}, { idempotencyKey })
}

export function rejectVolunteer(userId: string, reason: string, idempotencyKey?: string): Promise<unknown> {
  return http.post(`/api/volunteers/${encodeURIComponent(userId)}/reject`, { reason }, { idempotencyKey })
}
