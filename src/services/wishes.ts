import type { Page } from '@/shared/api'
import type {
  CreateWishInput,
  VolunteerHoursDto,
  WishDetailDto,
  WishEventDto,
  WishListQuery,
  WishSummaryDto,
} from '@/shared/wishes'
import { http } from './http'

/** 微心愿 API calls: one function per endpoint. Writes take the action's Idempotency-Key. */

const wishPath = (id: string, action?: string) => `/api/wishes/${encodeURIComponent(id)}${action ? `/${action}` : ''}`

/** The list's query; `limit` is a number here (the shared schema coerces it from the query string). */
export type WishQuery = Omit<WishListQuery, 'limit'> & { limit?: number }

/** The wall (the user's community by default), or `mine` across communities. */
export function listWishes(query: WishQuery = {}): Promise<Page<WishSummaryDto>> {
  return http.get<Page<WishSummaryDto>>('/api/wishes', { query: { ...query } })
}

export function createWish(input: CreateWishInput, idempotencyKey?: string): Promise<WishDetailDto> {
  return http.post<WishDetailDto>('/api/wishes', input, { idempotencyKey })
}

export function getWish(id: string): Promise<WishDetailDto> {
  return http.get<WishDetailDto>(wishPath(id))
}

export function listWishEvents(id: string): Promise<Page<WishEventDto>> {
  return http.get<Page<WishEventDto>>(wishPath(id, 'events'))
}

export function reviewWish(
  id: string,
  body: { approve: boolean; reason?: string },
  idempotencyKey?: string,
): Promise<WishDetailDto> {
  return http.post<WishDetailDto>(wishPath(id, 'review'), body, { idempotencyKey })
}

export function claimWish(id: string, idempotencyKey?: string): Promise<WishDetailDto> {
  return http.post<WishDetailDto>(wishPath(id, 'claim'), {}, { idempotencyKey })
}

export function releaseWish(id: string, reason: string, idempotencyKey?: string): Promise<WishDetailDto> {
  return http.post<WishDetailDto>(wishPath(id, 'release'), { reason }, { idempotencyKey })
}

export function fulfilWish(id: string, body: { note: string; hours: number }, idempotencyKey?: string) {
  return http.post<WishDetailDto>(wishPath(id, 'fulfil'), body, { idempotencyKey })
}

export function confirmWish(id: string, body: { rating?: number; thanks?: string }, idempotencyKey?: string) {
  return http.post<WishDetailDto>(wishPath(id, 'confirm'), body, { idempotencyKey })
}

export function disputeWish(id: string, reason: string, idempotencyKey?: string): Promise<WishDetailDto> {
  return http.post<WishDetailDto>(wishPath(id, 'dispute'), { reason }, { idempotencyKey })
}

export function cancelWish(id: string, idempotencyKey?: string): Promise<WishDetailDto> {
  return http.post<WishDetailDto>(wishPath(id, 'cancel'), {}, { idempotencyKey })
}

export function getVolunteerHours(): Promise<VolunteerHoursDto> {
  return http.get<VolunteerHoursDto>('/api/me/volunteer-hours')
}
