import * as z from 'zod'
import { pageQuerySchema } from './api'
import { instant } from './dates'
import { uploadSchema } from './uploads'

/**
 * 公开栏 (issue #21): notices staff publish, never edited (a correction supersedes), with a 公示期 for objections,
 * staff's replies, and read counts.
 */

export const NOTICE_KINDS = ['notice', 'affairs', 'finance', 'result'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]
export const NOTICE_KIND_LABELS: Record<NoticeKind, string> = {
  notice: '通知公告',
  affairs: '居务公开',
  finance: '财务公开',
  result: '结果公示',
}

/** Attachments one notice may carry: photos and PDFs. */
export const MAX_NOTICE_ATTACHMENTS = 9
/** A 公示期 may end at most this long before the request (a form sent a moment late); after that it is refused. */
export const OBJECTIONS_GRACE_MS = 60_000

export const createNoticeSchema = z
  .object({
    kind: z.enum(NOTICE_KINDS, { error: '请选择公告类别' }),
    title: z.string().trim().min(2, '标题至少2个字').max(60, '标题最多60个字'),
    body: z.string().trim().min(1, '请填写公告内容').max(5000, '公告内容最多5000字'),
    attachmentIds: z
      .array(z.uuid('附件编号不对，请重新上传'), { error: '附件编号不对，请重新上传' })
      .max(MAX_NOTICE_ATTACHMENTS, `最多${MAX_NOTICE_ATTACHMENTS}个附件`)
      .refine((ids) => new Set(ids).size === ids.length, '同一个附件只能添加一次')
      .optional(),
    objectionsUntil: instant('公示截止时间').optional(),
    supersedesId: z.uuid('要更正的公告编号不对').optional(),
  })
  .strict()

export const noticeListQuerySchema = pageQuerySchema.extend({
  kind: z.enum(NOTICE_KINDS, { error: '公告类别不对' }).optional(),
})
export type NoticeListQuery = z.input<typeof noticeListQuerySchema>

export const objectionBodySchema = z
  .object({ body: z.string().trim().min(2, '意见至少2个字').max(500, '意见最多500字') })
  .strict()
export const replyBodySchema = z
  .object({ body: z.string().trim().min(2, '答复至少2个字').max(500, '答复最多500字') })
  .strict()

/** A notice another one names: the one it corrects, or the one that corrects it. */
const linkedNoticeSchema = z.object({ id: z.uuid(), title: z.string(), createdAt: z.string() })

export const noticeSummarySchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  kind: z.enum(NOTICE_KINDS),
  title: z.string(),
  createdAt: z.string(),
  objectionsUntil: z.string().nullable(),
  /** The 公示期 is running now and no correction replaced the notice: verified members may object. */
  objectionsOpen: z.boolean(),
  supersedesId: z.uuid().nullable(),
  /** The correction that replaced it, if any: it stays visible, marked 已被更正. */
  supersededById: z.uuid().nullable(),
  /** People who opened it, each once. */
  readCount: z.number().int(),
  objectionCount: z.number().int(),
})
export type NoticeSummaryDto = z.infer<typeof noticeSummarySchema>

export const objectionSchema = z.object({
  id: z.uuid(),
  noticeId: z.uuid(),
  /** Masked (王**) except to its author and the community's staff. */
  authorName: z.string(),
  mine: z.boolean(),
  body: z.string(),
  createdAt: z.string(),
  reply: z.object({ body: z.string(), createdAt: z.string() }).nullable(),
})
export type ObjectionDto = z.infer<typeof objectionSchema>

export const noticeDetailSchema = noticeSummarySchema.extend({
  body: z.string(),
  attachments: z.array(uploadSchema),
  supersedes: linkedNoticeSchema.nullable(),
  supersededBy: linkedNoticeSchema.nullable(),
  objections: z.array(objectionSchema),
})
export type NoticeDetailDto = z.infer<typeof noticeDetailSchema>
