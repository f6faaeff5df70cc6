import type { MarkReadInput, NotificationsPageDto } from '@/shared/notifications'
import { http } from './http'

/** 消息 API calls. */

export function listNotifications(query: { limit?: number; cursor?: string } = {}): Promise<NotificationsPageDto> {
  return http.get<NotificationsPageDto>('/api/me/notifications', { query: { ...query } })
}

/** Marks messages read (the ids given, or all) and answers how many stay unread. */
export function markNotificationsRead(input: MarkReadInput, idempotencyKey?: string) {
  return http.post<{ unreadCount: number }>('/api/me/notifications/read', input, { idempotencyKey })
}
