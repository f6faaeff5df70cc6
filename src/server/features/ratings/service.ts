import type * as z from 'zod'
import type {
  RatingDto,
  RatingFiguresDto,
  bookingRatingSchema,
  ratingFiguresQuerySchema,
} from '../../../shared/ratings'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { AppError } from '../../lib/errors'
import * as repo from './repo'

const toRating = (r: repo.RatingRow): RatingDto => ({
  score: r.score,
  comment: r.comment,
  createdAt: r.created_at.toISOString(),
})

/** The booker rates a booking they checked in to, once. */
export async function rateBooking(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: z.output<typeof bookingRatingSchema>,
): Promise<RatingDto> {
  const a = await repo.rateBooking(
    db,
    sqlViewer(actor),
    id,
    { score: input.score, comment: input.comment || null },
    clock.now(),
  )
  if (a.rating) return toRating(a.rating)
  // A booking is its booker's business (and staff's): to anyone else it does not exist.
  if (!a.found || !a.mine) throw AppError.notFound('没有找到这个预约')
  if (!a.ready) throw AppError.conflict('BOOKING_NOT_CHECKED_IN')
  throw AppError.conflict('ALREADY_RATED')
}

/** Who voted or commented on a topic rates it once its outcome is published. */
export async function rateTopic(db: Db, clock: Clock, actor: Actor, id: string, score: number): Promise<RatingDto> {
  const a = await repo.rateTopic(db, sqlViewer(actor), id, score, clock.now())
  if (a.rating) return toRating(a.rating)
  if (!a.found) throw AppError.notFound('没有找到这个议题')
  if (a.already) throw AppError.conflict('ALREADY_RATED')
  if (!a.mine) throw AppError.forbidden('参与了投票或发表过意见的居民才能评价这个议题')
  if (!a.ready) throw AppError.conflict('TOPIC_OUTCOME_PENDING')
  throw AppError.conflict('ALREADY_RATED')
}

/** A community's mean ratings in a period, for its staff. */
export async function ratingFigures(
  db: Db,
  actor: Actor,
  communityId: string,
  query: z.output<typeof ratingFiguresQuerySchema>,
): Promise<RatingFiguresDto> {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('只有本社区的工作人员可以查看满意度')
  if (query.to < query.from) {
    throw AppError.validation([{ path: ['to'], message: '结束日期不能早于开始日期' }], '结束日期不能早于开始日期')
  }
  const row = await repo.ratingFigures(db, sqlViewer(actor), { communityId, ...query })
  if (!row) throw AppError.notFound('没有找到这个社区')
  const { bookings, topics, wishes, surveys } = row
  return { communityId, from: query.from, to: query.to, bookings, topics, wishes, surveys }
}
