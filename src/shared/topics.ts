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

/** How ballots count: one per verified member, or one per household (its latest, by any member). */
export const BALLOT_RULES = ['per_resident', 'per_household'] as const
export type BallotRule = (typeof BALLOT_RULES)[number]
export const BALLOT_RULE_LABELS: Record<BallotRule, string> = {
  per_resident: '每位认证住户一票',
  per_household: '每户一票（以本户最后一次投票为准）',
}

/** Whether the topic passes, by 民法典 art. 278 counted by owners (households) and by floor area. */
export const PASS_RULES = ['none', 'civil_code_ordinary', 'civil_code_major'] as const
export type PassRule = (typeof PASS_RULES)[number]
export const PASS_RULE_LABELS: Record<PassRule, string> = {
  none: '不判定是否通过',
  civil_code_ordinary: '一般事项：参与过半数同意',
  civil_code_major: '重大事项：参与四分之三以上同意',
}

/** Why the viewer may not vote on a topic (null when they may). */
export const VOTE_REFUSALS = ['membership', 'building', 'owner'] as const
export type VoteRefusal = (typeof VOTE_REFUSALS)[number]
export const VOTE_REFUSAL_LABELS: Record<VoteRefusal, string> = {
  membership: '完成住户认证后才能投票，请在"我的"里申请',
  building: '这个议题只请相关楼栋的住户投票，您所在的楼栋不在其中',
  owner: '这个议题按《民法典》由业主表决，只有登记为业主的住户可以投票',
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

/** Who votes and how ballots count, set when staff approve a topic; absent: everyone, one ballot each, no rule. */
const rulesFields = {
  eligibility: z
    .object({
      buildingIds: z
        .array(z.uuid())
        .min(1, '请至少选择一栋楼')
        .max(200, '最多选择200栋楼')
        .refine((ids) => new Set(ids).size === ids.length, { message: '同一栋楼只能选一次' }),
    })
    .strict()
    .optional(),
  ballotRule: z.enum(BALLOT_RULES, { error: '请选择计票方式' }).optional(),
  passRule: z.enum(PASS_RULES, { error: '请选择通过规则' }).optional(),
  approveOptionIndex: z.number().int().min(0, '请选择代表"同意"的选项').optional(),
}

const rulesChecks = <
  T extends z.ZodType<{
    options?: string[]
    maxChoices?: number
    ballotRule?: BallotRule
    passRule?: PassRule
    approveOptionIndex?: number
  }>,
>(
  schema: T,
) =>
  schema
    .refine((v) => (v.passRule ?? 'none') === 'none' || v.ballotRule === 'per_household', {
      message: '按《民法典》判定通过时，需要每户一票',
      path: ['ballotRule'],
    })
    .refine((v) => ((v.passRule ?? 'none') === 'none') === (v.approveOptionIndex === undefined), {
      message: '设置通过规则时请选择代表"同意"的选项；不设通过规则时不用选',
      path: ['approveOptionIndex'],
    })
    .refine((v) => v.approveOptionIndex === undefined || !v.options || v.approveOptionIndex < v.options.length, {
      message: '代表"同意"的选项不在选项之中',
      path: ['approveOptionIndex'],
    })
    .refine((v) => (v.passRule ?? 'none') === 'none' || v.maxChoices === 1, {
      message: '按《民法典》判定通过时，每户只能选1项',
      path: ['maxChoices'],
    })

/** Approve with the opening fields (and who votes, how ballots count), or reject with a reason residents will read. */
export const reviewTopicSchema = z.discriminatedUnion('approve', [
  rulesChecks(openingChecks(z.object({ approve: z.literal(true), ...openingFields, ...rulesFields }).strict())),
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
  ballotRule: z.enum(BALLOT_RULES),
  passRule: z.enum(PASS_RULES),
  /** The index in `options` of the option that means 同意, under a pass rule. */
  approveOptionIndex: z.number().nullable(),
  /** The buildings whose members may vote; null: the whole community. */
  eligibleBuildings: z.array(z.object({ id: z.uuid(), name: z.string() })).nullable(),
  /** Why the viewer may not vote on it; null when they may (or the rules ask nothing of them). */
  voteRefusal: z.enum(VOTE_REFUSALS).nullable(),
  updates: z.array(z.object({ note: z.string(), progress: z.number(), createdAt: z.string() })),
  actions: z.array(z.enum(TOPIC_ACTIONS)),
  /** The viewer's 1–5 rating of the topic after its outcome (满意度), null until rated. */
  myRating: z.number().nullable(),
  /** Whether the viewer may rate it now: they voted or commented, the outcome is out, and they have not rated. */
  mayRate: z.boolean(),
})
export type TopicDetailDto = z.infer<typeof topicDetailSchema>

/** A building staff may name as a topic's eligible one: its households and the area recorded for them. */
export const topicBuildingSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  households: z.number(),
  /** m²; households without an area add nothing and are counted in `missingArea`. */
  areaM2: z.number(),
  missingArea: z.number(),
})
export type TopicBuildingDto = z.infer<typeof topicBuildingSchema>

const householdsAreaSchema = z.object({ eligible: z.number(), voted: z.number() })

export const topicResultsSchema = z.object({
  topicId: z.uuid(),
  options: z.array(
    topicOptionSchema.extend({
      count: z.number(),
      /** Per-household topics: the households that chose it (= count) and their floor area in m². */
      households: z.number().optional(),
      areaM2: z.number().optional(),
    }),
  ),
  ballots: z.number(),
  /** Verified members who may vote (of the eligible buildings; owners only under a pass rule). Frozen at close. */
  eligible: z.number(),
  /** Ballots counted: people, or households on a per-household topic. */
  voted: z.number(),
  turnout: z.number(),
  /** Per-household topics: every household of the eligible buildings, and those whose ballot counts. */
  households: householdsAreaSchema.optional(),
  /** Per-household topics: floor area in m²; `missing` households have no area recorded and count as 0. */
  area: householdsAreaSchema.extend({ missing: z.number() }).optional(),
  /** Under a pass rule: whether the topic passes (民法典 art. 278), as the tally stands or as frozen at close. */
  passed: z.boolean().optional(),
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
