import * as z from 'zod'
import { NOTICE_KINDS } from './notices'
import { meanFigureSchema } from './ratings'
import { addDays } from './stations'

/**
 * 居务公开 (issue #21): the month in public — one community's month in figures and decisions, for anyone signed in.
 * Aggregates and titles only: no person is named, so residents of any community may read it (DESIGN: "anyone
 * signed in").
 */

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/

/** A month `YYYY-MM` from 1900-01 to 2999-12 (the years every date input takes, src/shared/dates.ts). */
export const monthSchema = z
  .string({ error: '请选择月份' })
  .regex(MONTH, '月份请用 YYYY-MM 格式，例如 2026-03')
  .refine((m) => m >= '1900-01' && m <= '2999-12', '月份请选在1900-2999年之间')

export const reportQuerySchema = z.object({ month: monthSchema }).strict()
export type ReportQuery = z.input<typeof reportQuerySchema>

/** The month's first and last day, both in Asia/Shanghai: 2026-02 → 2026-02-01 … 2026-02-28. */
export function monthDays(month: string): { from: string; to: string } {
  const [year, m] = month.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`
  return { from: `${month}-01`, to: addDays(next, -1) }
}

/** The month before or after: 2026-01 → 2025-12 with `-1`. */
export function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number) as [number, number]
  const index = year * 12 + (m - 1) + by
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** `2026-03` → 2026年3月. */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`

const rate = z.number().nullable()

export const reportTopicSchema = z.object({
  topicId: z.uuid(),
  title: z.string(),
  /** The outcome staff published this month. */
  outcome: z.string(),
  outcomeAt: z.string(),
})

export const reportVoteSchema = z.object({
  topicId: z.uuid(),
  title: z.string(),
  ballots: z.number(),
  eligible: z.number(),
  /** ballots ÷ eligible, 0–1; 0 when nobody was eligible. */
  turnout: z.number(),
})

export const reportActivitySchema = z.object({
  activityId: z.uuid(),
  title: z.string(),
  startsAt: z.string(),
  /** People signed up (party sizes summed), cancellations left out. */
  signedUp: z.number(),
  /** People checked in (party sizes summed). */
  checkedIn: z.number(),
})

export const reportProjectSchema = z.object({ proposalId: z.uuid(), title: z.string(), cost: z.number() })

export const reportBudgetSchema = z.object({
  budgetId: z.uuid(),
  title: z.string(),
  /** The fund, in yuan. */
  amount: z.number(),
  /** Expenses recorded this month, corrections included, in yuan. */
  spentInMonth: z.number(),
  /** Everything spent on the round by the end of the month, in yuan. */
  spentToDate: z.number(),
  /** The projects the vote selected, once voting closed by the end of the month; empty before. */
  selected: z.array(reportProjectSchema),
})

export const reportNoticeSchema = z.object({
  noticeId: z.string(),
  title: z.string(),
  kind: z.enum(NOTICE_KINDS),
  /** The notice this one corrects, when it is a correction. */
  correctsId: z.string().nullable(),
  publishedAt: z.string(),
})

export const monthReportSchema = z.object({
  communityId: z.uuid(),
  communityName: z.string(),
  month: z.string(),
  /** The month's first and last day in Asia/Shanghai. */
  from: z.string(),
  to: z.string(),
  wishes: z.object({ posted: z.number(), completed: z.number() }),
  /** Hours confirmed this month: for wishes and for activities' volunteer posts. */
  volunteerHours: z.object({
    total: z.number(),
    fromWishes: z.number(),
    fromActivities: z.number(),
    volunteers: z.number(),
  }),
  /** Bookings of slots that started this month: not cancelled, checked in, and no-shows. */
  bookings: z.object({ booked: z.number(), checkedIn: z.number(), noShows: z.number() }),
  topics: z.object({
    /** Topics whose voting window overlaps the month, with turnout (frozen at close). */
    voted: z.array(reportVoteSchema),
    /** Topics whose outcome staff published this month: the month's decisions. */
    decided: z.array(reportTopicSchema),
  }),
  /** Problems received this month, as GET /api/communities/:id/problem-stats counts them. */
  problems: z.object({
    received: z.number(),
    resolved: z.number(),
    resolvedOnTime: z.number(),
    onTimeRate: rate,
    satisfactionRate: rate,
  }),
  /** Activities that started this month (cancelled ones left out). */
  activities: z.object({
    held: z.number(),
    signedUp: z.number(),
    checkedIn: z.number(),
    list: z.array(reportActivitySchema),
  }),
  /** 社区微实事: rounds open during the month or with spending recorded in it. */
  budgets: z.array(reportBudgetSchema),
  /** 公开栏: the notices published this month, corrections included (each is a publication of its own). */
  notices: z.object({ published: z.number(), list: z.array(reportNoticeSchema) }),
  /**
   * 满意度 this month: ratings of station visits and of topics' outcomes given this month, owners' ratings of wishes
   * completed this month, and every item score of the surveys that closed this month.
   */
  satisfaction: z.object({
    bookings: meanFigureSchema,
    topics: meanFigureSchema,
    wishes: meanFigureSchema,
    surveys: meanFigureSchema,
  }),
})
export type MonthReportDto = z.infer<typeof monthReportSchema>

/** Whether nothing at all happened in the month (the page shows its empty state). */
export function isEmptyReport(r: MonthReportDto): boolean {
  return (
    r.wishes.posted + r.wishes.completed + r.volunteerHours.total + r.bookings.booked + r.problems.received === 0 &&
    r.topics.voted.length + r.topics.decided.length + r.activities.held + r.budgets.length === 0 &&
    r.notices.published === 0
  )
}
