import * as z from 'zod'
import { pageQuerySchema } from './api'
import { calendarDate, daysPeriodSchema } from './dates'

/**
 * The staff workbench's contracts (issue #6): one queue, the dashboard's figures, CSV exports, the audit log and
 * the sensitive-word list. Server and mini-program both build on these.
 */

// The queue

/** Everything that waits for staff, in one list. */
export const QUEUE_KINDS = [
  'wish_review',
  'topic_review',
  'reported_comment',
  'volunteer_application',
  /** A 住户认证 application waiting for staff (issue #19). */
  'membership_application',
  /** Fulfilled by the volunteer three days ago or more, not confirmed by the resident. */
  'wish_unconfirmed',
  /** 问题反馈 waiting to be assigned: reported, returned by the organisation, or reopened by the reporter. */
  'problem_unassigned',
  /** 问题反馈 escalated to the street (by staff, or overdue) and not resolved: for the street's staff. */
  'problem_escalated',
] as const
export type QueueKind = (typeof QUEUE_KINDS)[number]
export const QUEUE_KIND_LABELS: Record<QueueKind, string> = {
  wish_review: '心愿待审核',
  topic_review: '议题待审核',
  reported_comment: '评论被举报',
  volunteer_application: '志愿者申请',
  membership_application: '住户认证',
  wish_unconfirmed: '心愿待确认',
  problem_unassigned: '问题待分派',
  problem_escalated: '问题已上报街道',
}

export const queueQuerySchema = pageQuerySchema.extend({
  /** One of the staff member's communities; all of them when left out (the admin: every community). */
  communityId: z.uuid().optional(),
  kind: z.enum(QUEUE_KINDS).optional(),
})
export type QueueQuery = z.input<typeof queueQuerySchema>

export const queueItemSchema = z.object({
  kind: z.enum(QUEUE_KINDS),
  /** The id of what waits: a wish, a topic, a comment, a problem, or the applicant's user id. */
  id: z.string(),
  communityId: z.uuid(),
  communityName: z.string(),
  /** A line that says what it is: the wish's or topic's title, the comment's start, the applicant's nickname. */
  title: z.string(),
  /** Since when it has waited: oldest first. */
  since: z.string(),
  /** For a reported comment, its topic; null otherwise. */
  topicId: z.uuid().nullable(),
})
export type QueueItemDto = z.infer<typeof queueItemSchema>

export const queueCountsSchema = z.object(
  Object.fromEntries(QUEUE_KINDS.map((k) => [k, z.number()])) as Record<QueueKind, z.ZodNumber>,
)

export const queuePageSchema = z.object({
  items: z.array(queueItemSchema),
  nextCursor: z.string().nullable(),
  /** How many of each kind wait, whatever the page and the kind filter; the sum is the badge in 我的. */
  counts: queueCountsSchema,
  total: z.number(),
})
export type QueuePageDto = z.infer<typeof queuePageSchema>

// The dashboard

/** A community and a period of days in Asia/Shanghai, both ends included. */
export const periodQuerySchema = daysPeriodSchema({ communityId: z.uuid() })
export type PeriodQuery = z.input<typeof periodQuerySchema>

export const stationStatsSchema = z.object({
  stationId: z.uuid(),
  name: z.string(),
  /** Seats offered by the slots that started in the period (capacity summed). */
  seats: z.number(),
  /** Seats taken by bookings not cancelled (booked, checked in, no-show). */
  booked: z.number(),
  checkedIn: z.number(),
  noShows: z.number(),
  /** booked ÷ seats, 0–1; 0 when no seats. */
  utilisation: z.number(),
  /** noShows ÷ (checkedIn + noShows) bookings, 0–1; 0 when none. */
  noShowRate: z.number(),
})
export type StationStatsDto = z.infer<typeof stationStatsSchema>

export const topicStatsSchema = z.object({
  topicId: z.uuid(),
  title: z.string(),
  ballots: z.number(),
  eligible: z.number(),
  turnout: z.number(),
})
export type TopicStatsDto = z.infer<typeof topicStatsSchema>

export const statsSchema = z.object({
  communityId: z.uuid(),
  from: z.string(),
  to: z.string(),
  wishes: z.object({
    /** Posted in the period. */
    posted: z.number(),
    /** Confirmed complete in the period. */
    completed: z.number(),
    /** Median hours from approval to claim, of the claims made in the period; null when none. */
    medianHoursToClaim: z.number().nullable(),
    /** Median hours from claim to confirmation, of the wishes completed in the period; null when none. */
    medianHoursToComplete: z.number().nullable(),
  }),
  volunteerHours: z.object({
    /** Hours confirmed in the period. */
    total: z.number(),
    /** Volunteers with confirmed hours in the period. */
    volunteers: z.number(),
  }),
  stations: z.array(stationStatsSchema),
  /** Topics whose voting window overlaps the period, with turnout (frozen at close). */
  topics: z.array(topicStatsSchema),
})
export type StatsDto = z.infer<typeof statsSchema>

export const EXPORT_KINDS = ['wishes', 'volunteer-hours', 'bookings', 'ballots'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]
export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  wishes: '心愿明细',
  'volunteer-hours': '志愿服务时长（可用于开具证明）',
  bookings: '驿站预约明细',
  ballots: '议题投票结果（只含汇总，不含个人选择）',
}

// The audit log

/**
 * Every action the audit log records, and what it means in words said after the actor's name (陈主任 审核通过了心愿):
 * the one table of them. A test finds every action the server writes and checks that it is here.
 */
export const AUDIT_ACTION_PHRASES = {
  'wish.created': '发布了心愿',
  'wish.approved': '审核通过了心愿',
  'wish.rejected': '退回了心愿',
  'wish.claimed': '认领了心愿',
  'wish.released': '放弃认领了心愿',
  'wish.timed_out': '因认领超时，让心愿重新开放',
  'wish.fulfilled': '提交了心愿的完成情况',
  'wish.confirmed': '代居民确认心愿已完成',
  'wish.disputed': '对心愿的完成情况提出了异议',
  'wish.cancelled': '取消了心愿',
  'wish.expired': '因无人认领，结束了心愿',
  'wish.read_private': '查看了心愿的联系电话和地址',
  'topic.opened': '直接公开了议题',
  'topic.approved': '审核通过了议题',
  'topic.rejected': '退回了议题',
  'topic.closed': '结束了议题的投票',
  'topic.outcome': '公布了议题的处理结果',
  'topic.update': '更新了议题的办理进展',
  'comment.hidden': '隐藏了评论',
  'comment.restored': '恢复显示了评论',
  'comment.hidden_by_reports': '因多位居民举报，自动隐藏了评论',
  'comment.kept': '保持显示了被举报的评论',
  'station.created': '新增了驿站',
  'station.updated': '修改了驿站信息',
  'station.closed': '设置了驿站闭站',
  'service.created': '新增了驿站服务',
  'service.updated': '修改了驿站服务',
  'booking.checked_in': '为居民办理了预约签到',
  'activity.published': '发布了社区活动',
  'activity.checked_in': '为居民办理了活动签到',
  'activity.completed': '登记活动完成，记录了志愿时长',
  'volunteer.approve': '通过了志愿者申请',
  'volunteer.approved': '通过了志愿者申请',
  'volunteer.reject': '退回了志愿者申请',
  'volunteer.rejected': '退回了志愿者申请',
  'volunteer.suspend': '暂停了志愿者资格',
  'volunteer.suspended': '暂停了志愿者资格',
  'membership.applied': '申请了住户认证',
  'membership.verified_by_code': '凭门牌码完成了住户认证',
  'membership.left': '退出了住户认证',
  'membership.approved': '通过了住户认证',
  'membership.rejected': '退回了住户认证申请',
  'membership.revoked': '取消了住户认证',
  'staff.assign': '为工作人员分配了负责的社区',
  'staff.unassign': '取消了工作人员负责的社区',
  'stats.export': '导出了数据表格',
  'problem.assigned': '分派了问题反馈',
  'problem.resolved': '办结了问题反馈',
  'problem.escalated': '将问题反馈上报街道',
  'words.update': '修改了敏感词表',
  'words.community_update': '修改了本社区的敏感词',
  'resident.proxy_created': '为没有微信的居民登记了住户',
  'wish.created_for': '代居民发布了心愿',
  'booking.created_for': '代居民预约了驿站服务',
  'party.confirmed': '确认了党员报到',
  'street.created': '新增了街道',
  'community.created': '新增了社区',
  'grid.created': '新增了网格',
  'building.created': '新增了楼栋',
  'household.created': '登记了住户',
  'household.imported': '批量导入了住户',
  'household.code_read': '查看了住户的门牌认证码',
  'org.created': '新增了办理问题的组织',
  'invite.created': '发出了邀请码',
  'invite.accepted': '接受了邀请',
  'budget.created': '发起了社区微实事',
  'budget.proposal_feasible': '审核通过了微实事项目',
  'budget.proposal_rejected': '退回了微实事项目',
  'budget.expense': '登记了微实事项目的支出',
  'budget.update': '更新了微实事项目的进度',
  'notice.published': '在公开栏发布了公告',
  'notice.objection_replied': '答复了居民对公告的意见',
  'survey.created': '发起了满意度测评',
} as const satisfies Record<string, string>
export type AuditAction = keyof typeof AUDIT_ACTION_PHRASES

export const auditQuerySchema = pageQuerySchema.extend({
  communityId: z.uuid().optional(),
  /** An action or its prefix: `wish.` matches every wish action. */
  action: z.string().trim().min(1).max(60).optional(),
  actorId: z.uuid().optional(),
  entityType: z.string().trim().min(1).max(30).optional(),
  entityId: z.string().trim().min(1).max(80).optional(),
  from: calendarDate('开始日期').optional(),
  to: calendarDate('结束日期').optional(),
})
export type AuditQuery = z.input<typeof auditQuerySchema>

export const auditEntrySchema = z.object({
  id: z.string(),
  actorId: z.uuid().nullable(),
  /** Staff and the admin by name; residents in full to staff of the row's community, else masked; null for the system. */
  actorName: z.string().nullable(),
  actorRole: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  communityId: z.uuid().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  createdAt: z.string(),
})
export type AuditEntryDto = z.infer<typeof auditEntrySchema>

// The sensitive-word list

export const WORD_MAX = 20
export const WORDS_MAX = 2000

export const wordsSchema = z
  .object({
    words: z
      .array(z.string().trim().min(1, '敏感词不能为空').max(WORD_MAX, `每个敏感词最多${WORD_MAX}个字`))
      .max(WORDS_MAX, `最多${WORDS_MAX}个敏感词`),
  })
  .strict()
export type WordsInput = z.input<typeof wordsSchema>

export const wordListSchema = z.object({
  words: z.array(z.string()),
  updatedAt: z.string().nullable(),
  /** Who last changed it, by name; null for the list the project ships with. */
  updatedBy: z.string().nullable(),
})
export type WordListDto = z.infer<typeof wordListSchema>
