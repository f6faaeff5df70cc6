import type { Page } from '@/shared/api'
import type { NoticeDetailDto, NoticeKind, NoticeSummaryDto, ObjectionDto, createNoticeSchema } from '@/shared/notices'
import type * as z from 'zod'
import { http } from './http'

/** 公开栏 API calls: one function per endpoint. Writes take the action's Idempotency-Key. */

export type PublishNoticeInput = z.input<typeof createNoticeSchema>

export function listNotices(
  communityId: string,
  query: { kind?: NoticeKind; cursor?: string; limit?: number } = {},
): Promise<Page<NoticeSummaryDto>> {
  return http.get<Page<NoticeSummaryDto>>(`/api/communities/${encodeURIComponent(communityId)}/notices`, {
    query: { ...query },
  })
}

/** Opening a notice counts the reader once. */
export function getNotice(id: string): Promise<NoticeDetailDto> {
  return http.get<NoticeDetailDto>(`/api/notices/${encodeURIComponent(id)}`)
}

export function publishNotice(
  communityId: string,
  input: PublishNoticeInput,
  idempotencyKey?: string,
): Promise<NoticeDetailDto> {
  return http.post<NoticeDetailDto>(`/api/communities/${encodeURIComponent(communityId)}/notices`, input, {
    idempotencyKey,
  })
}

export function objectToNotice(id: string, body: string, idempotencyKey?: string): Promise<ObjectionDto> {
  return http.post<ObjectionDto>(`/api/notices/${encodeURIComponent(id)}/objections`, { body }, { idempotencyKey })
}

export function replyToObjection(id: string, body: string, idempotencyKey?: string): Promise<ObjectionDto> {
  return http.post<ObjectionDto>(`/api/objections/${encodeURIComponent(id)}/reply`, { body }, { idempotencyKey })
}
