import * as z from 'zod'
import { daysPeriodSchema } from './dates'

/**
 * The street's view (issue #21): street staff (and the admin) see their communities side by side for a period of
 * days in Asia/Shanghai, as a table, a chart and a CSV file.
 */

export const streetStatsQuerySchema = daysPeriodSchema({})
export type StreetStatsQuery = z.input<typeof streetStatsQuerySchema>

const rate = z.number().nullable()

export const streetCommunityRowSchema = z.object({
  communityId: z.uuid(),
  name: z.string(),
  /** Verified members now. */
  verifiedMembers: z.number(),
  /** Wishes confirmed complete in the period. */
  wishesCompleted: z.number(),
  /** Volunteer hours confirmed in the period (wishes and activities' posts). */
  volunteerHours: z.number(),
  /** Bookings of slots that started in the period, not cancelled; and of them, the no-shows. */
  bookings: z.number(),
  noShows: z.number(),
  /** Problems received in the period; of those resolved, the share on time; of those rated, the share satisfied. */
  problemsReceived: z.number(),
  onTimeRate: rate,
  satisfactionRate: rate,
  /** Ballots ÷ eligible, over the topics whose voting window overlaps the period; null when there was none. */
  turnout: rate,
  /** The mean item score (1–5) of the community's 群众满意度测评 closed in the period; null when none closed. */
  surveyMean: rate,
})
export type StreetCommunityRowDto = z.infer<typeof streetCommunityRowSchema>

export const streetStatsSchema = z.object({
  streetId: z.uuid(),
  streetName: z.string(),
  from: z.string(),
  to: z.string(),
  communities: z.array(streetCommunityRowSchema),
})
export type StreetStatsDto = z.infer<typeof streetStatsSchema>

/** The figures a street compares, in the order of the table, the chart's choice and the CSV file. */
export const STREET_FIGURES = [
  'verifiedMembers',
  'wishesCompleted',
  'volunteerHours',
  'bookings',
  'noShows',
  'problemsReceived',
  'onTimeRate',
  'satisfactionRate',
  'turnout',
  'surveyMean',
] as const
export type StreetFigure = (typeof STREET_FIGURES)[number]

export const STREET_FIGURE_LABELS: Record<StreetFigure, string> = {
  verifiedMembers: '认证居民',
  wishesCompleted: '完成心愿',
  volunteerHours: '志愿时长（小时）',
  bookings: '驿站预约',
  noShows: '预约未到',
  problemsReceived: '收到问题',
  onTimeRate: '按时办结率',
  satisfactionRate: '问题满意率',
  turnout: '议题参与率',
  surveyMean: '满意度测评均分',
}

/** Rates are 0–1 and shown as percentages; the survey mean is a score of 1–5. */
export const STREET_RATE_FIGURES: readonly StreetFigure[] = ['onTimeRate', 'satisfactionRate', 'turnout']

/** A figure as the table, the chart and the CSV show it: `—` when there is nothing to show. */
export function streetFigureText(figure: StreetFigure, value: number | null): string {
  if (value === null) return '—'
  if (STREET_RATE_FIGURES.includes(figure)) return `${Math.round(value * 1000) / 10}%`
  if (figure === 'volunteerHours' || figure === 'surveyMean') return String(Math.round(value * 10) / 10)
  return String(value)
}
