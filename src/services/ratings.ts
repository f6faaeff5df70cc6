import type { RatingDto, RatingFiguresDto } from '@/shared/ratings'
import { http } from './http'

/** 满意度 API calls: a booking's and a topic's rating, and the community's means for staff. */

export function rateBooking(id: string, body: { score: number; comment?: string }, idempotencyKey?: string) {
  return http.post<RatingDto>(`/api/bookings/${encodeURIComponent(id)}/rating`, body, { idempotencyKey })
}

export function rateTopic(id: string, body: { score: number }, idempotencyKey?: string) {
  return http.post<RatingDto>(`/api/topics/${encodeURIComponent(id)}/rating`, body, { idempotencyKey })
}

export function getRatingFigures(communityId: string, period: { from: string; to: string }) {
  return http.get<RatingFiguresDto>(`/api/communities/${encodeURIComponent(communityId)}/ratings`, { query: period })
}
