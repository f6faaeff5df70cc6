import * as z from 'zod'
import { calendarDate } from './dates'

/** 满意度 where it happens (issue #21): a booking after check-in, a topic after its outcome; 1–5 each, once. */

export const SCORE_MIN = 1
export const SCORE_MAX = 5
export const RATING_COMMENT_MAX = 200

/** What a score reads as, for the stars' labels. */
export const SCORE_LABELS: Record<number, string> = {
  1: '很不满意',
  2: '不满意',
  3: '一般',
  4: '满意',
  5: '很满意',
}

export const scoreSchema = z
  .number({ error: '请打1-5分' })
  .int('请打1-5分')
  .min(SCORE_MIN, '请打1-5分')
  .max(SCORE_MAX, '请打1-5分')

export const bookingRatingSchema = z
  .object({
    score: scoreSchema,
    comment: z.string().trim().max(RATING_COMMENT_MAX, `评价最多${RATING_COMMENT_MAX}个字`).optional(),
  })
  .strict()

export const topicRatingSchema = z.object({ score: scoreSchema }).strict()

export const ratingSchema = z.object({
  score: z.number(),
  comment: z.string().nullable(),
  createdAt: z.string(),
})
export type RatingDto = z.infer<typeof ratingSchema>

/** A mean of 1–5 scores with how many there were; the mean is null when there were none. */
export const meanFigureSchema = z.object({ mean: z.number().nullable(), count: z.number() })
export type MeanFigure = z.infer<typeof meanFigureSchema>

export const ratingFiguresQuerySchema = z.object({
  from: calendarDate('开始日期'),
  to: calendarDate('结束日期'),
})

/** A community's mean ratings in a period (Asia/Shanghai days, `to` included), for its staff. */
export const ratingFiguresSchema = z.object({
  communityId: z.string(),
  from: z.string(),
  to: z.string(),
  bookings: meanFigureSchema,
  topics: meanFigureSchema,
  /** Ratings owners gave when they confirmed a wish; confirmations by staff carry none. */
  wishes: meanFigureSchema,
  /** Every item score of the responses to surveys that closed in the period. */
  surveys: meanFigureSchema,
})
export type RatingFiguresDto = z.infer<typeof ratingFiguresSchema>
