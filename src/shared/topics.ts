import * as z from 'zod'
import { pageQuerySchema } from './api'
import { instant } from './dates'
import { REASON_MAX } from './identity'

export const TOPIC_STATUSES = ['pending_review', 'rejected', 'open', 'closed'] as const
export type TopicStatus = (typeof TOPIC_STATUSES)[number]
export const TOPIC_STATUS_LABELS: Record<TopicStatus, string> = {
  pending_review: '待审核',
  rejected: '未通过',
  open: '进行中',
  closed: '已结束',
}

/** Where an open topic is, for residents: collecting views, voting now, or over. */
export const TOPIC_PHASES = ['collecting', 'voting', 'ended'] as const
export type TopicPhase = (typeof TOPIC_PHASES)[number]
export const TOPIC_PHASE_LABELS: Record<TopicPhase, string> = {
  collecting: '征集中',
  voting: '投票中',
  ended: '已结束',
}

export const RESULTS_VISIBILITIES = ['always', 'after_close'] as const
export type ResultsVisibility = (typeof RESULTS_VISIBILITIES)[number]
export const RESULTS_VISIBILITY_LABELS: Record<ResultsVisibility, string> = {
  always: '投票中即可查看结果',
  after_close: '投票结束后公布结果',
}

export const TOPIC_TITLE_MIN = 4
export const TOPIC_TITLE_MAX = 60
export const TOPIC_BODY_MAX = 2000
export const OPTION_LABEL_MAX = 40
export const OPTIONS_MIN = 2
export const OPTIONS_MAX = 10
export const COMMENT_MAX = 500
export const OUTCOME_MAX = 1000
export const UPDATE_NOTE_MAX = 500
/** Reports from this many different residents hide a comment until staff decide. */
export const REPORTS_TO_HIDE = 3

const text = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, min > 1 ? `${what}请写${min}-${max}个字` : `请填写${what}`)
    .max(max, `${what}最多${max}个字`)

/** How staff open a topic: its options, how many a ballot may choose, the voting window and who sees results when. */
const openingFields = {
  options: z
    .array(text(1, OPTION_LABEL_MAX, '选项'))
    .min(OPTIONS_MIN, `请设置${OPTIONS_MIN}-${OPTIONS_MAX}个选项`)
    .max(OPTIONS_MAX, `请设置${OPTIONS_MIN}-${OPTIONS_MAX}个选项`)
    .refine((options) => new Set(options).size === options.length, { message: '选项不能重复' }),
  maxChoices: z.number().int().min(1, '每人至少可选1项'),
  votingOpensAt: instant('投票开始时间'),
  votingClosesAt: instant('投票截止时间'),
  resultsVisibility: z.enum(RESULTS_VISIBILITIES, { error: '请选择结果何时公开' }),
}

const openingChecks = <
  T extends z.ZodType<{ options?: string[]; maxChoices?: number; votingOpensAt?: string; votingClosesAt?: string }>,
>(
  schema: T,
) =>
  schema
    .refine((v) => !v.options || !v.maxChoices || v.maxChoices <= v.options.length, {
      message: '每人可选数量不能超过选项数',
      path: ['maxChoices'],
    })
    .refine(
      (v) => !v.votingOpensAt || !v.votingClosesAt || Date.parse(v.votingClosesAt) > Date.parse(v.votingOpensAt),
      {
        message: '投票截止时间要晚于开始时间',
        path: ['votingClosesAt'],
      },
    )

export const openingSchema = openingChecks(z.object(openingFields).strict())
export type OpeningInput = z.input<typeof openingSchema>

/** A resident proposes a topic for review; staff may open theirs at once by giving the opening fields. */
export const createTopicSchema = z
  .object({
    communityId: z.uuid(),
    title: text(TOPIC_TITLE_MIN, TOPIC_TITLE_MAX, '标题'),
    body: text(1, TOPIC_BODY_MAX, '议题说明'),
    opening: openingSchema.optional(),
  })
  .strict()
export type CreateTopicInput = z.input<typeof createTopicSchema>

/** Approve with the opening fields, or reject with a reason residents will read. */
export const reviewTopicSchema = z.discriminatedUnion('approve', [
  openingChecks(z.object({ approve: z.literal(true), ...openingFields }).strict()),
  z
    .object({
      approve: z.literal(false),
      reason: z.string().trim().min(2, '不通过时请写明原因，居民会看到').max(REASON_MAX, `原因最多${REASON_MAX}个字`),
    })
    .strict(),
])
export type ReviewTopicInput = z.input<typeof reviewTopicSchema>

export const topicListQuerySchema = pageQuerySchema.extend({
  communityId: z.uuid().optional(),
  status: z.enum(TOPIC_STATUSES).optional(),
  /** Where open and closed topics are now: still collecting views, voting, or over (closed or window passed). */
  phase: z.enum(TOPIC_PHASES).optional(),
  /** `true`: only the viewer's own proposals, whatever their state. */
  mine: z.enum(['true', 'false']).optional(),
})
export type TopicListQuery = z.input<typeof topicListQuerySchema>

export const ballotSchema = z
  .object({
    optionIds: z
      .array(z.uuid())
      .min(1, '请至少选择一项')
      .max(OPTIONS_MAX)
      .refine((ids) => new Set(ids).size === ids.length, { message: '同一选项只能选一次' }),
  })
  .strict()
export type BallotInput = z.input<typeof ballotSchema>

export const createCommentSchema = z
  .object({ body: text(1, COMMENT_MAX, '评论'), parentId: z.uuid().optional() })
  .strict()
export type CreateCommentInput = z.input<typeof createCommentSchema>

export const reportCommentSchema = z.object({ reason: text(2, REASON_MAX, '举报原因') }).strict()
export const moderateCommentSchema = z.object({ reason: text(2, REASON_MAX, '原因') }).strict()
export const outcomeSchema = z.object({ summary: text(2, OUTCOME_MAX, '处理结果') }).strict()
export const progressUpdateSchema = z
  .object({
    note: text(2, UPDATE_NOTE_MAX, '进展说明'),
    progress: z.number().int().min(0, '进度为0-100').max(100, '进度为0-100'),
  })
  .strict()

export const topicOptionSchema = z.object({ id: z.uuid(), label: z.string() })

export const topicSummarySchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  title: z.string(),
  status: z.enum(TOPIC_STATUSES),
  /** For open and closed topics: collecting views, voting now, or over. */
  phase: z.enum(TOPIC_PHASES).nullable(),
  /** In full to the author and staff of the community; masked (张**) for other residents. */
  authorName: z.string(),
  votingOpensAt: z.string().nullable(),
  votingClosesAt: z.string().nullable(),
  ballots: z.number(),
  comments: z.number(),
  /** Ballots ÷ residents of the community, 0–1. */
  turnout: z.number(),
  progress: z.number().nullable(),
  /** When staff closed voting; null while open. */
  closedAt: z.string().nullable(),
  /** The viewer proposed it. */
  mine: z.boolean(),
  createdAt: z.string(),
})
export type TopicSummaryDto = z.infer<typeof topicSummarySchema>

export const TOPIC_ACTIONS = ['review', 'vote', 'comment', 'close', 'outcome', 'update'] as const
export type TopicAction = (typeof TOPIC_ACTIONS)[number]

export const topicDetailSchema = topicSummarySchema.extend({
  body: z.string(),
  rejectReason: z.string().nullable(),
  options: z.array(topicOptionSchema),
  maxChoices: z.number().nullable(),
  resultsVisibility: z.enum(RESULTS_VISIBILITIES).nullable(),
  /** The viewer's ballot, if they voted. */
  myChoices: z.array(z.uuid()).nullable(),
  outcome: z.object({ summary: z.string(), publishedAt: z.string() }).nullable(),
  updates: z.array(z.object({ note: z.string(), progress: z.number(), createdAt: z.string() })),
  actions: z.array(z.enum(TOPIC_ACTIONS)),
})
export type TopicDetailDto = z.infer<typeof topicDetailSchema>

export const topicResultsSchema = z.object({
  topicId: z.uuid(),
  options: z.array(topicOptionSchema.extend({ count: z.number() })),
  ballots: z.number(),
  /** Residents of the community: who may vote. Frozen at close. */
  eligible: z.number(),
  turnout: z.number(),
  /** The tally is frozen: the topic is closed. */
  final: z.boolean(),
})
export type TopicResultsDto = z.infer<typeof topicResultsSchema>

export const commentSchema = z.object({
  id: z.uuid(),
  topicId: z.uuid(),
  parentId: z.uuid().nullable(),
  authorName: z.string(),
  /** Null when hidden, except for staff and the author. */
  body: z.string().nullable(),
  hidden: z.boolean(),
  mine: z.boolean(),
  createdAt: z.string(),
})
export type CommentDto = z.infer<typeof commentSchema>

export const commentThreadSchema = commentSchema.extend({ replies: z.array(commentSchema) })

/** The staff's queue of comments residents reported: hidden by reports, or reported and still shown. */
export const reportedCommentSchema = commentSchema.extend({
  topicTitle: z.string(),
  reports: z.number(),
  /** The reasons residents gave, newest first. */
  reasons: z.array(z.string()),
  lastReportedAt: z.string(),
})
export type ReportedCommentDto = z.infer<typeof reportedCommentSchema>

export const reportedCommentsQuerySchema = pageQuerySchema.extend({ communityId: z.uuid().optional() })
export type ReportedCommentsQuery = z.input<typeof reportedCommentsQuerySchema>
export type CommentThreadDto = z.infer<typeof commentThreadSchema>

export const TOPIC_EVENT_TYPES = [
  'proposed',
  'approved',
  'rejected',
  'closed',
  'comment_hidden',
  'comment_restored',
  'outcome',
  'update',
] as const
export type TopicEventType = (typeof TOPIC_EVENT_TYPES)[number]
export const TOPIC_EVENT_LABELS: Record<TopicEventType, string> = {
  proposed: '提出了议题',
  approved: '审核通过，议题公开',
  rejected: '审核未通过',
  closed: '结束投票',
  comment_hidden: '隐藏了一条评论',
  comment_restored: '恢复了一条评论',
  outcome: '公布了处理结果',
  update: '更新了办理进展',
}

export const topicEventSchema = z.object({
  id: z.string(),
  type: z.enum(TOPIC_EVENT_TYPES),
  actorRole: z.string(),
  /** Staff are named (居务公开); residents in full to staff of the community, else masked. */
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
})
export type TopicEventDto = z.infer<typeof topicEventSchema>

export const ballotResultSchema = z.object({
  topicId: z.uuid(),
  optionIds: z.array(z.uuid()),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type BallotResultDto = z.infer<typeof ballotResultSchema>

export const reportResultSchema = z.object({ commentId: z.uuid(), reported: z.literal(true) })
