/**
 * The staff's 议事协商 forms as the API's input, checked with the shared schemas so the messages are the server's,
 * and the small sums the pages show (turnout, shares, the voting window). Pure: no Taro, so it is unit-tested.
 */
import { addDays, shanghaiDate, shanghaiTime } from '@/shared/stations'
import {
  moderateCommentSchema,
  OPTIONS_MAX,
  OPTIONS_MIN,
  outcomeSchema,
  progressUpdateSchema,
  reviewTopicSchema,
  type BallotRule,
  type PassRule,
  type ResultsVisibility,
  type ReviewTopicInput,
  type TopicPhase,
  type TopicStatus,
  type TopicSummaryDto,
} from '@/shared/topics'
import { firstIssue } from '@/utils/validation'

/* Review: approve with options and a voting window, or reject */

/** One option box of the review form; `key` keeps a row's identity while rows are added and removed. */
export interface OptionRow {
  key: number
  label: string
}

export interface ReviewFormValues {
  options: OptionRow[]
  maxChoices: number
  /** YYYY-MM-DD and HH:MM, in Asia/Shanghai, as the pickers give them. */
  opensDate: string
  opensTime: string
  closesDate: string
  closesTime: string
  resultsVisibility: ResultsVisibility
  /** Who votes: the members of these buildings; none chosen: the whole community. */
  buildingIds: string[]
  ballotRule: BallotRule
  passRule: PassRule
  /** Under a pass rule: the option that means 同意. */
  approveOptionIndex: number | null
}

export type ReviewField =
  | 'options'
  | 'maxChoices'
  | 'votingOpensAt'
  | 'votingClosesAt'
  | 'resultsVisibility'
  | 'eligibility'
  | 'ballotRule'
  | 'passRule'
  | 'approveOptionIndex'

export interface ReviewErrors {
  fields: Partial<Record<ReviewField, string>>
  /** By row key: an empty or too long option. */
  rows: Record<number, string>
}

/** How long voting lasts unless staff choose otherwise. */
export const DEFAULT_VOTING_DAYS = 7

let nextKey = 1

export function optionRow(label = ''): OptionRow {
  return { key: nextKey++, label }
}

/**
 * A new review form: two empty options (agree / disagree is the usual pair, so they are offered as placeholders,
 * not filled in), one choice each, voting from this minute for a week, results shown once voting ends.
 */
export function newReviewForm(now: Date): ReviewFormValues {
  const opensDate = shanghaiDate(now)
  const opensTime = shanghaiTime(now)
  return {
    options: [optionRow(), optionRow()],
    maxChoices: 1,
    opensDate,
    opensTime,
    closesDate: addDays(opensDate, DEFAULT_VOTING_DAYS),
    closesTime: opensTime,
    resultsVisibility: 'after_close',
    buildingIds: [],
    ballotRule: 'per_resident',
    passRule: 'none',
    approveOptionIndex: null,
  }
}

/**
 * Chooses a pass rule: a 民法典 rule counts one ballot per household with one choice, and asks which option means
 * 同意 (the first, unless chosen); none drops that question.
 */
export function choosePassRule(values: ReviewFormValues, passRule: PassRule): ReviewFormValues {
  if (passRule === 'none') return { ...values, passRule, approveOptionIndex: null }
  return {
    ...values,
    passRule,
    ballotRule: 'per_household',
    maxChoices: 1,
    approveOptionIndex: values.approveOptionIndex ?? 0,
  }
}

/** Chooses how ballots count; one per resident cannot keep a 民法典 rule. */
export function chooseBallotRule(values: ReviewFormValues, ballotRule: BallotRule): ReviewFormValues {
  return ballotRule === 'per_resident'
    ? { ...values, ballotRule, passRule: 'none', approveOptionIndex: null }
    : { ...values, ballotRule }
}

/** Adds or removes a building from those whose members vote. */
export function toggleBuilding(values: ReviewFormValues, id: string): ReviewFormValues {
  const on = values.buildingIds.includes(id)
  return { ...values, buildingIds: on ? values.buildingIds.filter((b) => b !== id) : [...values.buildingIds, id] }
}

export const canAddOption = (rows: readonly OptionRow[]) => rows.length < OPTIONS_MAX
export const canRemoveOption = (rows: readonly OptionRow[]) => rows.length > OPTIONS_MIN

export function addOption(values: ReviewFormValues): ReviewFormValues {
  if (!canAddOption(values.options)) return values
  return { ...values, options: [...values.options, optionRow()] }
}

/** Removes a row; the number of choices never stays above the number of options. */
export function removeOption(values: ReviewFormValues, key: number): ReviewFormValues {
  if (!canRemoveOption(values.options)) return values
  const index = values.options.findIndex((row) => row.key === key)
  const options = values.options.filter((row) => row.key !== key)
  // The 同意 option keeps pointing at the same row; if it was the one removed, the first stands in.
  const approve = values.approveOptionIndex
  const approveOptionIndex = approve === null ? null : approve === index ? 0 : approve > index ? approve - 1 : approve
  return { ...values, options, maxChoices: Math.min(values.maxChoices, options.length), approveOptionIndex }
}

/** A Shanghai wall-clock time as the ISO string with its offset that the schema takes. */
export function shanghaiIso(date: string, time: string): string {
  return `${date}T${time}:00+08:00`
}

export type ReviewCheck =
  { ok: true; input: Extract<ReviewTopicInput, { approve: true }> } | { ok: false; errors: ReviewErrors }

/** Checks the approval form; `now` adds the server's own check that voting must end in the future. */
export function checkApproval(values: ReviewFormValues, now: Date): ReviewCheck {
  const input = {
    approve: true as const,
    options: values.options.map((row) => row.label.trim()),
    maxChoices: values.maxChoices,
    votingOpensAt: shanghaiIso(values.opensDate, values.opensTime),
    votingClosesAt: shanghaiIso(values.closesDate, values.closesTime),
    resultsVisibility: values.resultsVisibility,
    ...(values.buildingIds.length ? { eligibility: { buildingIds: values.buildingIds } } : {}),
    // The defaults (one ballot each, no pass rule) are left out, as the API takes them.
    ...(values.ballotRule === 'per_resident' ? {} : { ballotRule: values.ballotRule }),
    ...(values.passRule === 'none'
      ? {}
      : { passRule: values.passRule, approveOptionIndex: values.approveOptionIndex ?? undefined }),
  }
  const errors: ReviewErrors = { fields: {}, rows: {} }
  const result = reviewTopicSchema.safeParse(input)
  if (!result.success) {
    for (const issue of result.error.issues) {
      const [key, index] = issue.path
      if (key === 'options' && typeof index === 'number') {
        const row = values.options[index]
        if (row) errors.rows[row.key] ??= issue.message
      } else if (typeof key === 'string' && key !== 'approve') {
        errors.fields[key as ReviewField] ??= issue.message
      }
    }
  }
  if (!errors.fields.votingClosesAt && Date.parse(input.votingClosesAt) <= now.getTime()) {
    errors.fields.votingClosesAt = '投票截止时间要晚于现在'
  }
  const found = Object.keys(errors.fields).length + Object.keys(errors.rows).length
  return found ? { ok: false, errors } : { ok: true, input }
}

/** The reason residents read when their topic is not accepted; null when it will do. */
export function rejectionIssue(reason: string): string | null {
  return firstIssue(reviewTopicSchema, { approve: false, reason })
}

/* Manage: close, outcome, progress, comments */

export const outcomeIssue = (summary: string) => firstIssue(outcomeSchema, { summary })

export const progressIssue = (note: string, progress: number) => firstIssue(progressUpdateSchema, { note, progress })

export const moderationIssue = (reason: string) => firstIssue(moderateCommentSchema, { reason })

/** The progress stepper moves by this much; 0 and 100 are always reachable. */
export const PROGRESS_STEP = 10

export function stepProgress(value: number, direction: 1 | -1): number {
  const next = direction > 0 ? Math.floor(value / PROGRESS_STEP + 1) : Math.ceil(value / PROGRESS_STEP - 1)
  return Math.min(100, Math.max(0, next * PROGRESS_STEP))
}

/* Figures */

/** 0.4567 → "46%"; a share of nothing is 0%. */
export function percent(part: number, whole = 1): string {
  if (!(whole > 0) || !Number.isFinite(part)) return '0%'
  return `${Math.round((part / whole) * 100)}%`
}

/** "11月22日 09:05 至 11月29日 09:05"; empty before a topic has a window. */
export function windowText(opensAt: string | null, closesAt: string | null, format: (iso: string) => string): string {
  return opensAt && closesAt ? `${format(opensAt)} 至 ${format(closesAt)}` : ''
}

/** In plain words, what each choice of results visibility means for residents. */
export const VISIBILITY_EXPLAINED: Record<ResultsVisibility, { title: string; description: string }> = {
  after_close: {
    title: '投票结束后再公布',
    description: '投票期间居民只能投票，看不到票数，避免跟风；结束后所有人都能看到结果。',
  },
  always: {
    title: '投票期间就公开',
    description: '居民投票后马上能看到各选项的票数和参与率。',
  },
}

export type TopicTone = 'neutral' | 'success' | 'warning' | 'danger'

/** What staff see a topic as: its status, and for an open one where voting is. */
export function topicStateLabel(topic: Pick<TopicSummaryDto, 'status' | 'phase'>): { text: string; tone: TopicTone } {
  const byPhase: Record<TopicPhase, { text: string; tone: TopicTone }> = {
    collecting: { text: '等待投票开始', tone: 'neutral' },
    voting: { text: '投票中', tone: 'success' },
    ended: { text: '投票时间已过', tone: 'warning' },
  }
  const byStatus: Record<TopicStatus, { text: string; tone: TopicTone }> = {
    pending_review: { text: '待审核', tone: 'warning' },
    rejected: { text: '未通过', tone: 'danger' },
    open: { text: '进行中', tone: 'success' },
    closed: { text: '已结束', tone: 'neutral' },
  }
  if (topic.status === 'open' && topic.phase) return byPhase[topic.phase]
  return byStatus[topic.status]
}
