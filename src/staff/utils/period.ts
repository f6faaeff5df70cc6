import { addDays } from '@/shared/stations'

/**
 * The dashboard's periods: whole days in Asia/Shanghai, both ends included, as the API counts them
 * (`periodQuerySchema`). Everything here takes "today" as a YYYY-MM-DD string, so it is pure and testable.
 */

export const PERIOD_PRESETS = ['this_month', 'last_month', 'last_30_days', 'this_year', 'custom'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]
export const PERIOD_PRESET_LABELS: Record<PeriodPreset, string> = {
  this_month: '本月',
  last_month: '上月',
  last_30_days: '近30天',
  this_year: '今年',
  custom: '自定义',
}

export interface Period {
  from: string
  to: string
}

/** The longest period the API answers for, in days between the two ends (a leap year's 1 Jan to 1 Jan). */
const MAX_SPAN_DAYS = 366
const DAY_MS = 86_400_000
const DATE = /^\d{4}-\d{2}-\d{2}$/

const pad = (n: number) => (n < 10 ? `0${n}` : String(n))

/** The last day of a month (month 1–12). */
function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The days a preset covers, seen from `today` (Shanghai); `custom` falls back to this month. */
export function presetPeriod(preset: PeriodPreset, today: string): Period {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  switch (preset) {
    case 'last_month': {
      const y = month === 1 ? year - 1 : year
      const m = month === 1 ? 12 : month - 1
      return { from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(lastDayOf(y, m))}` }
    }
    case 'last_30_days':
      return { from: addDays(today, -29), to: today }
    case 'this_year':
      return { from: `${year}-01-01`, to: today }
    default:
      return { from: `${year}-${pad(month)}-01`, to: today }
  }
}

/** How many days a period covers, both ends included. */
export function periodDays({ from, to }: Period): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1
}

/** What is wrong with a chosen period, in the API's words, or null when it can be asked for. */
export function periodProblem({ from, to }: Period): string | null {
  if (!DATE.test(from) || !DATE.test(to)) return '请选择开始和结束日期'
  if (from > to) return '开始日期不能晚于结束日期'
  if (Date.parse(to) - Date.parse(from) > MAX_SPAN_DAYS * DAY_MS) return '一次最多统计一年'
  return null
}

/** 2025年11月3日 */
export function formatDay(date: string): string {
  return `${Number(date.slice(0, 4))}年${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
}

/** 2025年11月1日 至 11月24日（24天）: the year once when both ends share it; one day reads as that day. */
export function periodText(period: Period): string {
  const { from, to } = period
  if (from === to) return formatDay(from)
  const end = from.slice(0, 4) === to.slice(0, 4) ? formatDay(to).replace(/^\d+年/, '') : formatDay(to)
  return `${formatDay(from)} 至 ${end}（${periodDays(period)}天）`
}

/** A short piece of a file name: 2025-11-01至2025-11-24. */
export function periodFileText({ from, to }: Period): string {
  return from === to ? from : `${from}至${to}`
}
