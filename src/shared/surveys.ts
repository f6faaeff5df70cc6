import * as z from 'zod'
import { instant } from './dates'
import { scoreSchema } from './ratings'

/** 群众满意度测评 (issue #21): staff open a survey of 1–10 items; verified members score each 1–5 while it is open. */

export const SURVEY_ITEMS_MAX = 10
export const SURVEY_ITEM_TEXT_MAX = 60
export const SURVEY_COMMENT_MAX = 500

export const SURVEY_STATUSES = ['upcoming', 'open', 'closed'] as const
export type SurveyStatus = (typeof SURVEY_STATUSES)[number]
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = {
  upcoming: '未开始',
  open: '进行中',
  closed: '已结束',
}

/** The status of a survey at `now`: the one rule for the list, the detail and the screens. */
export function surveyStatus(s: { opensAt: string | Date; closesAt: string | Date }, now: Date): SurveyStatus {
  const t = now.getTime()
  if (t < new Date(s.opensAt).getTime()) return 'upcoming'
  return t < new Date(s.closesAt).getTime() ? 'open' : 'closed'
}

export const createSurveySchema = z
  .object({
    title: z.string().trim().min(2, '标题至少2个字').max(60, '标题最多60个字'),
    items: z
      .array(
        z
          .object({
            text: z
              .string()
              .trim()
              .min(2, '每个测评项至少2个字')
              .max(SURVEY_ITEM_TEXT_MAX, `每个测评项最多${SURVEY_ITEM_TEXT_MAX}个字`),
          })
          .strict(),
        { error: '请填写测评项' },
      )
      .min(1, '请至少填写一个测评项')
      .max(SURVEY_ITEMS_MAX, `最多${SURVEY_ITEMS_MAX}个测评项`),
    opensAt: instant('开始时间'),
    closesAt: instant('截止时间'),
  })
  .strict()
  .refine((v) => Date.parse(v.closesAt) > Date.parse(v.opensAt), {
    message: '截止时间要晚于开始时间',
    path: ['closesAt'],
  })

export const surveyResponseSchema = z
  .object({
    scores: z.array(scoreSchema, { error: '请为每一项打分' }).min(1, '请为每一项打分').max(SURVEY_ITEMS_MAX),
    comment: z.string().trim().max(SURVEY_COMMENT_MAX, `意见建议最多${SURVEY_COMMENT_MAX}个字`).optional(),
  })
  .strict()

export const surveySummarySchema = z.object({
  id: z.string(),
  communityId: z.string(),
  title: z.string(),
  items: z.array(z.object({ text: z.string() })),
  opensAt: z.string(),
  closesAt: z.string(),
  status: z.enum(SURVEY_STATUSES),
  /** Whether the caller has answered it. */
  answered: z.boolean(),
  createdAt: z.string(),
})
export type SurveySummaryDto = z.infer<typeof surveySummarySchema>

export const myResponseSchema = z.object({
  scores: z.array(z.number()),
  comment: z.string().nullable(),
  updatedAt: z.string(),
})
export type MyResponseDto = z.infer<typeof myResponseSchema>

export const surveyDetailSchema = surveySummarySchema.extend({
  /** The caller's own response, null when they have not answered. */
  myResponse: myResponseSchema.nullable(),
})
export type SurveyDetailDto = z.infer<typeof surveyDetailSchema>

export const surveyItemResultSchema = z.object({
  text: z.string(),
  /** The mean score, to two decimals; null with no responses. */
  mean: z.number().nullable(),
  count: z.number(),
  /** How many gave 1, 2, 3, 4 and 5. */
  distribution: z.array(z.number()).length(5),
})
export type SurveyItemResultDto = z.infer<typeof surveyItemResultSchema>

export const surveyResultsSchema = z.object({
  surveyId: z.string(),
  title: z.string(),
  status: z.enum(SURVEY_STATUSES),
  /** Whether the survey has closed: the figures are final. */
  final: z.boolean(),
  items: z.array(surveyItemResultSchema),
  respondents: z.number(),
  /** Verified members of the community now. */
  eligible: z.number(),
})
export type SurveyResultsDto = z.infer<typeof surveyResultsSchema>
