import {
  createTopicSchema,
  reportCommentSchema,
  TOPIC_PHASE_LABELS,
  TOPIC_STATUS_LABELS,
  type CommentDto,
  type CreateTopicInput,
  type TopicDetailDto,
  type TopicEventDto,
  type TopicListQuery,
  type TopicSummaryDto,
} from '@/shared/topics'
import { formatDateTime } from './format'
import { fieldIssues, firstIssue } from './validation'
import { formatAge, type StatusTone } from './wish'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The chips of the 议事 tab. `mine` holds the viewer's own proposals, whatever their state (waiting for review too). */
export const TOPIC_FILTERS = ['all', 'collecting', 'voting', 'ended', 'mine'] as const
export type TopicFilter = (typeof TOPIC_FILTERS)[number]
export const TOPIC_FILTER_LABELS: Record<TopicFilter, string> = {
  all: '全部',
  collecting: TOPIC_PHASE_LABELS.collecting,
  voting: TOPIC_PHASE_LABELS.voting,
  ended: TOPIC_PHASE_LABELS.ended,
  mine: '我提出的',
}

/** What to ask the server for under a chip: a phase (an open topic past its closing time counts as ended), or mine. */
export function topicQueryFor(filter: TopicFilter): Pick<TopicListQuery, 'phase' | 'mine'> {
  switch (filter) {
    case 'all':
      return {}
    case 'mine':
      return { mine: 'true' }
    default:
      return { phase: filter }
  }
}

export interface TopicBadge {
  label: string
  tone: StatusTone
}

/** The status tag of a topic: 待审核 / 未通过 before it is public, then 征集中 / 投票中 / 已结束. */
export function topicBadge(topic: Pick<TopicSummaryDto, 'status' | 'phase'>): TopicBadge {
  if (topic.status === 'pending_review') return { label: TOPIC_STATUS_LABELS.pending_review, tone: 'warning' }
  if (topic.status === 'rejected') return { label: TOPIC_STATUS_LABELS.rejected, tone: 'danger' }
  switch (topic.phase) {
    case 'collecting':
      return { label: TOPIC_PHASE_LABELS.collecting, tone: 'warning' }
    case 'voting':
      return { label: TOPIC_PHASE_LABELS.voting, tone: 'success' }
    default:
      return { label: TOPIC_PHASE_LABELS.ended, tone: 'neutral' }
  }
}

/** How long is left, the way people say it: 2天3小时, 5小时20分, 12分钟, 不到1分钟. */
export function formatCountdown(ms: number): string {
  if (ms < MINUTE) return '不到1分钟'
  const days = Math.floor(ms / DAY)
  const hours = Math.floor((ms % DAY) / HOUR)
  const minutes = Math.floor((ms % HOUR) / MINUTE)
  if (days > 0) return hours > 0 ? `${days}天${hours}小时` : `${days}天`
  if (hours > 0) return minutes > 0 ? `${hours}小时${minutes}分` : `${hours}小时`
  return `${minutes}分钟`
}

/** One line on when: voting starts, time left until it closes, or when it closed. */
export function topicTimeNote(
  topic: Pick<TopicSummaryDto, 'status' | 'phase' | 'votingOpensAt' | 'votingClosesAt' | 'createdAt' | 'closedAt'>,
  now: number = Date.now(),
): string {
  if (topic.status === 'pending_review') return `${formatAge(topic.createdAt, now)}提出，等待社区审核`
  if (topic.status === 'rejected') return '社区审核未通过'
  const opens = topic.votingOpensAt ? Date.parse(topic.votingOpensAt) : NaN
  const closes = topic.votingClosesAt ? Date.parse(topic.votingClosesAt) : NaN
  if (topic.phase === 'collecting' && !Number.isNaN(opens)) {
    return `${formatDateTime(topic.votingOpensAt!)} 开始投票`
  }
  if (topic.phase === 'voting' && !Number.isNaN(closes)) {
    return `还剩${formatCountdown(closes - now)}，${formatDateTime(topic.votingClosesAt!)} 截止`
  }
  if (topic.closedAt) return `${formatDateTime(topic.closedAt)} 投票结束`
  // Past its window, not closed by staff yet.
  if (Number.isNaN(closes) || closes > now) return '投票已结束'
  return `${formatDateTime(topic.votingClosesAt!)} 投票结束`
}

/** 0.1234 → '12%'; a share that is there but rounds to nothing says 不到1%. */
export function formatPercent(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return '0%'
  if (ratio < 0.005) return '不到1%'
  return `${Math.min(100, Math.round(ratio * 100))}%`
}

/** Width of a result bar, 0–100; a bar with votes is never drawn invisibly thin. */
export function barWidth(count: number, ballots: number): number {
  if (ballots <= 0 || count <= 0) return 0
  return Math.max(2, Math.min(100, Math.round((count / ballots) * 100)))
}

/** '单选' or '最多选3项': how many options a ballot may hold. */
export function choiceHint(maxChoices: number | null): string {
  if (!maxChoices || maxChoices <= 1) return '单选'
  return `可多选，最多选${maxChoices}项`
}

export interface ChoiceChange {
  choices: string[]
  /** Said when the tap could not be taken (already at the most allowed). */
  refused: string | null
}

/**
 * A tap on an option: with one choice it replaces the choice (a radio); with more it toggles,
 * refusing one past `maxChoices` rather than silently dropping an earlier one.
 */
export function toggleChoice(choices: readonly string[], optionId: string, maxChoices: number | null): ChoiceChange {
  const max = Math.max(1, maxChoices ?? 1)
  if (max === 1) return { choices: [optionId], refused: null }
  if (choices.includes(optionId)) return { choices: choices.filter((c) => c !== optionId), refused: null }
  if (choices.length >= max) return { choices: [...choices], refused: `最多只能选${max}项，请先取消一项` }
  return { choices: [...choices, optionId], refused: null }
}

/** The same options, in any order. */
export function sameChoices(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  const x = [...(a ?? [])].sort()
  const y = [...(b ?? [])].sort()
  return x.length === y.length && x.every((v, i) => v === y[i])
}

/** Whether residents may see the counts now: always-visible topics, and every topic once closed. */
export function resultsVisible(topic: Pick<TopicDetailDto, 'status' | 'resultsVisibility' | 'options'>): boolean {
  if (topic.options.length === 0) return false
  return topic.status === 'closed' || topic.resultsVisibility === 'always'
}

/** The text of a comment as shown: hidden ones say so, except to their author. */
export function commentText(comment: Pick<CommentDto, 'hidden' | 'mine' | 'body'>): string {
  if (comment.hidden && !comment.mine) return '该评论已被隐藏'
  return comment.body ?? '该评论已被隐藏'
}

const ROLE_LABELS: Record<string, string> = {
  staff: '社区工作人员',
  admin: '平台管理员',
  resident: '居民',
  volunteer: '志愿者',
}

/** Who acted, for the public timeline (居务公开): role and name, e.g. 社区工作人员 陈主任. */
export function eventActor(event: Pick<TopicEventDto, 'actorRole' | 'actorName'>): string {
  const role = ROLE_LABELS[event.actorRole] ?? event.actorRole
  return event.actorName ? `${role} ${event.actorName}` : role
}

/** The latest progress, 0–100, or null before any update. */
export function latestProgress(topic: Pick<TopicDetailDto, 'progress' | 'updates'>): number | null {
  if (topic.progress !== null) return clampProgress(topic.progress)
  const last = topic.updates[topic.updates.length - 1]
  return last ? clampProgress(last.progress) : null
}

export function clampProgress(progress: number): number {
  return Math.max(0, Math.min(100, Math.round(progress)))
}

/** The updates newest first, as residents look for the latest. */
export function updatesNewestFirst<U extends { createdAt: string }>(updates: readonly U[]): U[] {
  return [...updates].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
}

export type TopicFieldErrors = Partial<Record<'title' | 'body' | 'communityId', string>>

/** The propose form's check, with the shared schema's messages under each field. */
export function topicFormIssues(input: CreateTopicInput): TopicFieldErrors {
  return fieldIssues<'title' | 'body' | 'communityId'>(createTopicSchema, input)
}

/** Reasons a resident can pick with one tap when reporting a comment. */
export const REPORT_REASONS = ['广告或骚扰', '人身攻击、辱骂', '内容不实', '泄露他人隐私'] as const

export function reportIssue(reason: string): string | null {
  return firstIssue(reportCommentSchema, { reason })
}

/**
 * The server refused a text for its words (422 CONTENT_REJECTED): say where and what to do.
 * `where` names the text, e.g. 标题或说明.
 */
export function contentRejectedMessage(where: string): string {
  return `${where}里有不适合公开的词语，请换个说法后再提交`
}
