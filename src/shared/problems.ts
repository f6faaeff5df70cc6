import * as z from 'zod'
import { pageQuerySchema } from './api'
import { daysPeriodSchema, instant } from './dates'
import { REASON_MAX } from './identity'
import { photoIdsSchema, photoSchema } from './uploads'

/** 问题反馈 (接诉即办): the contracts both sides build on. */

export const PROBLEM_CATEGORIES = [
  'environment',
  'facilities',
  'safety',
  'parking',
  'greenery',
  'neighbour',
  'property_service',
  'other',
] as const
export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number]
export const PROBLEM_CATEGORY_LABELS: Record<ProblemCategory, string> = {
  environment: '环境卫生',
  facilities: '设施维修',
  safety: '安全隐患',
  parking: '停车',
  greenery: '绿化',
  neighbour: '邻里纠纷',
  property_service: '物业服务',
  other: '其他',
}

export const PROBLEM_STATUSES = ['submitted', 'assigned', 'in_progress', 'resolved', 'reopened', 'closed'] as const
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number]
export const PROBLEM_STATUS_LABELS: Record<ProblemStatus, string> = {
  submitted: '待分派',
  assigned: '待接单',
  in_progress: '处理中',
  resolved: '待评价',
  reopened: '重新办理',
  closed: '已结案',
}
/** Not yet resolved: what can be overdue and escalated. */
export const OPEN_PROBLEM_STATUSES: readonly ProblemStatus[] = ['submitted', 'assigned', 'in_progress', 'reopened']

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const
export type Satisfaction = (typeof SATISFACTIONS)[number]
export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
}

export const ORG_KINDS = ['committee', 'property', 'owners_committee', 'department'] as const
export type OrgKind = (typeof ORG_KINDS)[number]
export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  committee: '居委会',
  property: '物业',
  owners_committee: '业委会',
  department: '职能部门',
}

/** Hours from assignment to the default due time; a safety hazard is due sooner. */
export const DEFAULT_DUE_HOURS = 72
export const SAFETY_DUE_HOURS = 24
export const dueHoursFor = (category: ProblemCategory) => (category === 'safety' ? SAFETY_DUE_HOURS : DEFAULT_DUE_HOURS)
/** Resolved and not rated for this long: closed with no rating (never counted as satisfied). */
export const RATING_WINDOW_DAYS = 7
/** The latest due time staff may set. */
export const MAX_DUE_DAYS = 60

export const PROBLEM_DESCRIPTION_MIN = 5
export const PROBLEM_DESCRIPTION_MAX = 500
export const PROBLEM_LOCATION_MAX = 100
export const PROBLEM_RESULT_MAX = 500
export const RATING_COMMENT_MAX = 200

export const createProblemSchema = z
  .object({
    communityId: z.uuid({ error: '请选择社区' }),
    category: z.enum(PROBLEM_CATEGORIES, { error: '请选择问题类别' }),
    description: z
      .string()
      .trim()
      .min(PROBLEM_DESCRIPTION_MIN, `请用${PROBLEM_DESCRIPTION_MIN}-${PROBLEM_DESCRIPTION_MAX}个字描述问题`)
      .max(PROBLEM_DESCRIPTION_MAX, `请用${PROBLEM_DESCRIPTION_MIN}-${PROBLEM_DESCRIPTION_MAX}个字描述问题`),
    location: z
      .string()
      .trim()
      .max(PROBLEM_LOCATION_MAX, `位置最多${PROBLEM_LOCATION_MAX}个字`)
      .optional()
      .transform((v) => v || undefined),
    buildingId: z.uuid({ error: '请选择楼栋' }).optional(),
    /** Up to 6 of the reporter's own uploads (POST /api/uploads), attached to nothing yet. */
    photoIds: photoIdsSchema.default([]),
  })
  .strict()
export type CreateProblemInput = z.input<typeof createProblemSchema>

export const problemListQuerySchema = pageQuerySchema.extend({
  /** Required unless `mine` or `escalated` is given. */
  communityId: z.uuid().optional(),
  status: z.enum(PROBLEM_STATUSES).optional(),
  /** Only the problems I reported, across communities. */
  mine: z.stringbool().optional(),
  /** Only problems escalated to the street and not yet resolved: the street's queue (staff only). */
  escalated: z.stringbool().optional(),
})
export type ProblemListQuery = z.input<typeof problemListQuerySchema>

export const assignProblemSchema = z
  .object({
    orgId: z.uuid({ error: '请选择处理单位' }),
    /** Defaults to 72 hours from now, 24 for a safety hazard. */
    dueAt: instant('办理时限').optional(),
  })
  .strict()

export const problemReasonSchema = z
  .object({ reason: z.string().trim().min(2, '请写明原因').max(REASON_MAX, `原因最多${REASON_MAX}个字`) })
  .strict()

export const resolveProblemSchema = z
  .object({
    result: z.string().trim().min(2, '请写明处理结果').max(PROBLEM_RESULT_MAX, `处理结果最多${PROBLEM_RESULT_MAX}个字`),
    /** Photos of the result: up to 6 of the resolver's own uploads, attached to nothing yet. */
    photoIds: photoIdsSchema.default([]),
  })
  .strict()

export const rateProblemSchema = z
  .object({
    satisfaction: z.enum(SATISFACTIONS, { error: '请选择满意、基本满意或不满意' }),
    comment: z
      .string()
      .trim()
      .max(RATING_COMMENT_MAX, `评价最多${RATING_COMMENT_MAX}个字`)
      .optional()
      .transform((v) => v || undefined),
  })
  .strict()
  .refine((v) => v.satisfaction !== 'unsatisfied' || (v.comment && v.comment.length >= 2), {
    message: '不满意时请说说哪里没有解决，社区会重新安排办理',
    path: ['comment'],
  })

export const PROBLEM_ACTIONS = ['assign', 'accept', 'return', 'resolve', 'rate', 'escalate'] as const
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number]

export const problemSummarySchema = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  category: z.enum(PROBLEM_CATEGORIES),
  description: z.string(),
  location: z.string().nullable(),
  buildingName: z.string().nullable(),
  status: z.enum(PROBLEM_STATUSES),
  /** In full to the reporter, staff of the community and the handlers of the assigned organisation; else 张**. */
  reporterName: z.string(),
  orgId: z.uuid().nullable(),
  orgName: z.string().nullable(),
  dueAt: z.string().nullable(),
  /** Not resolved and past its due time. */
  overdue: z.boolean(),
  escalated: z.boolean(),
  createdAt: z.string(),
})
export type ProblemSummaryDto = z.infer<typeof problemSummarySchema>

export const problemDetailSchema = problemSummarySchema.extend({
  result: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  satisfaction: z.enum(SATISFACTIONS).nullable(),
  ratingComment: z.string().nullable(),
  closedAt: z.string().nullable(),
  escalationReason: z.string().nullable(),
  /** The reporter's photos in order, each with a signed link (shared/uploads.ts). */
  photos: z.array(photoSchema),
  /** The photos the handler (or staff) gave with the result. */
  resultPhotos: z.array(photoSchema),
  /** The handler who accepted it, by the rule of `reporterName` (handlers act in office: by name). */
  handlerName: z.string().nullable(),
  viewer: z.object({
    isReporter: z.boolean(),
    isStaff: z.boolean(),
    /** A handler of the organisation it is assigned to. */
    isOrgHandler: z.boolean(),
    /** The handler who accepted it. */
    isHandler: z.boolean(),
  }),
  actions: z.array(z.enum(PROBLEM_ACTIONS)),
})
export type ProblemDetailDto = z.infer<typeof problemDetailSchema>

export const PROBLEM_EVENT_TYPES = [
  'created',
  'assigned',
  'accepted',
  'returned',
  'resolved',
  'rated',
  'reopened',
  'escalated',
  'overdue',
  'auto_closed',
] as const
export type ProblemEventType = (typeof PROBLEM_EVENT_TYPES)[number]
export const PROBLEM_EVENT_LABELS: Record<ProblemEventType, string> = {
  created: '提交了问题',
  assigned: '分派给处理单位',
  accepted: '接单处理',
  returned: '退回了问题',
  resolved: '办结了问题',
  rated: '评价了处理结果',
  reopened: '对结果不满意，要求重新办理',
  escalated: '上报街道',
  overdue: '超过办理时限，已上报街道',
  auto_closed: '7天未评价，自动结案',
}

export const problemEventSchema = z.object({
  id: z.string(),
  type: z.enum(PROBLEM_EVENT_TYPES),
  actorRole: z.string(),
  /** By the rule of `reporterName`; staff and handlers act in office, by name. Null for the system. */
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  createdAt: z.string(),
})
export type ProblemEventDto = z.infer<typeof problemEventSchema>

export const problemStatsQuerySchema = daysPeriodSchema({})
export type ProblemStatsQuery = z.input<typeof problemStatsQuerySchema>

const rate = z.number().nullable()
export const orgProblemStatsSchema = z.object({
  orgId: z.uuid(),
  name: z.string(),
  kind: z.enum(ORG_KINDS),
  assigned: z.number(),
  resolved: z.number(),
  onTimeRate: rate,
  satisfactionRate: rate,
})
/**
 * Of the problems received in the period (definitions in docs/decisions.md): how many were resolved, the share of
 * those resolved by their due time, the share of ratings that were satisfied or basically satisfied (unrated ones are
 * left out, never counted as satisfied), and the median hours from report to resolution. Rates are 0–1, null when
 * there is nothing to divide.
 */
export const problemStatsSchema = z.object({
  communityId: z.uuid(),
  from: z.string(),
  to: z.string(),
  received: z.number(),
  resolved: z.number(),
  onTimeRate: rate,
  satisfactionRate: rate,
  medianHoursToResolve: z.number().nullable(),
  byOrg: z.array(orgProblemStatsSchema),
})
export type ProblemStatsDto = z.infer<typeof problemStatsSchema>

export const orgSchema = z.object({ id: z.uuid(), name: z.string(), kind: z.enum(ORG_KINDS) })
export type OrgDto = z.infer<typeof orgSchema>

export interface ProblemViewer {
  isReporter: boolean
  /** Staff of the problem's community (or the admin). */
  isStaff: boolean
  isOrgHandler: boolean
  isHandler: boolean
}

/**
 * The one table of a problem's transitions: where each starts, where it goes, and who may make it. The server writes
 * its conditional UPDATEs from `from` and `to`; the mini-program shows the buttons `problemActions` derives from it.
 */
export const PROBLEM_TRANSITIONS = {
  assign: { from: ['submitted', 'reopened'], to: 'assigned', who: (v: ProblemViewer) => v.isStaff },
  accept: { from: ['assigned'], to: 'in_progress', who: (v: ProblemViewer) => v.isOrgHandler },
  return: { from: ['assigned'], to: 'submitted', who: (v: ProblemViewer) => v.isOrgHandler },
  resolve: { from: ['in_progress'], to: 'resolved', who: (v: ProblemViewer) => v.isHandler || v.isStaff },
  rate: { from: ['resolved'], to: 'closed', who: (v: ProblemViewer) => v.isReporter },
  /** An unsatisfied rating: the same request as `rate`. */
  reopen: { from: ['resolved'], to: 'reopened', who: (v: ProblemViewer) => v.isReporter },
  /** Changes no status: sets the flag. */
  escalate: { from: OPEN_PROBLEM_STATUSES, to: null, who: (v: ProblemViewer) => v.isStaff },
} as const satisfies Record<
  string,
  { from: readonly ProblemStatus[]; to: ProblemStatus | null; who: (v: ProblemViewer) => boolean }
>
export type ProblemTransition = keyof typeof PROBLEM_TRANSITIONS

/** What a viewer may do with a problem now: from the table above (escalation once only). */
export function problemActions(status: ProblemStatus, v: ProblemViewer, escalated: boolean): ProblemAction[] {
  const can = (t: ProblemTransition) =>
    (PROBLEM_TRANSITIONS[t].from as readonly ProblemStatus[]).includes(status) && PROBLEM_TRANSITIONS[t].who(v)
  const actions: ProblemAction[] = []
  for (const a of ['assign', 'accept', 'return', 'resolve', 'rate'] as const) if (can(a)) actions.push(a)
  if (can('escalate') && !escalated) actions.push('escalate')
  return actions
}
