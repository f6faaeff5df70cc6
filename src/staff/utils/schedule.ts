import { WEEKDAY_LABELS, type ScheduleEntry } from '@/shared/stations'

/** One line of the weekly schedule editor; `key` keeps a row's identity while rows are added and removed. */
export interface ScheduleRow extends ScheduleEntry {
  key: number
}

let nextKey = 1

/** The rows of a saved schedule, Monday first and by start time. */
export function rowsFromSchedule(schedule: readonly ScheduleEntry[]): ScheduleRow[] {
  return [...schedule]
    .sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))
    .map((e) => ({ key: nextKey++, weekday: e.weekday, start: e.start, end: e.end }))
}

export function scheduleFromRows(rows: readonly ScheduleRow[]): ScheduleEntry[] {
  return rows.map(({ weekday, start, end }) => ({ weekday, start, end }))
}

/**
 * The row 添加时段 adds: the day after the last row's, with the same hours, so a week is typed by tapping
 * it six times; the first row is Monday morning.
 */
export function newRow(rows: readonly ScheduleRow[]): ScheduleRow {
  const last = rows[rows.length - 1]
  if (!last) return { key: nextKey++, weekday: 1, start: '09:00', end: '11:30' }
  return { key: nextKey++, weekday: (last.weekday % 7) + 1, start: last.start, end: last.end }
}

/** Weekday labels without the empty slot 0, for a picker: index i is weekday i + 1. */
export const WEEKDAY_OPTIONS = WEEKDAY_LABELS.slice(1)

/** 周一 / 周一、周三 / 周一至周五: a set of weekdays in words, runs of three or more joined with 至. */
export function weekdaysText(weekdays: readonly number[]): string {
  const days = [...new Set(weekdays)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < days.length;) {
    let j = i
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++
    if (j - i >= 2) parts.push(`${WEEKDAY_LABELS[days[i]!]}至${WEEKDAY_LABELS[days[j]!]}`)
    else for (let k = i; k <= j; k++) parts.push(WEEKDAY_LABELS[days[k]!])
    i = j + 1
  }
  return parts.join('、')
}

/**
 * A weekly schedule in a few lines, days with the same hours together:
 * ['周一至周五 09:00–12:00', '周六、周日 09:00–11:00、14:00–17:00']. Empty when there is none.
 */
export function scheduleLines(schedule: readonly ScheduleEntry[]): string[] {
  const byDay = new Map<number, string>()
  for (let weekday = 1; weekday <= 7; weekday++) {
    const ranges = schedule
      .filter((e) => e.weekday === weekday)
      .sort((a, b) => a.start.localeCompare(b.start))
      .map((e) => `${e.start}–${e.end}`)
    if (ranges.length) byDay.set(weekday, ranges.join('、'))
  }
  const byHours = new Map<string, number[]>()
  for (const [weekday, hours] of byDay) byHours.set(hours, [...(byHours.get(hours) ?? []), weekday])
  return [...byHours].map(([hours, days]) => `${weekdaysText(days)} ${hours}`)
}
