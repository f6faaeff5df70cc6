import * as z from 'zod'

/**
 * The one family of dates the API takes (issue #18): a calendar day and an instant. Every date input — a query, a
 * body field, the time inside a page cursor — goes through these, so what gets in is what PostgreSQL stores as it
 * was written and what this service can mean. JavaScript's own checks are not enough: `Date.parse` takes year 0
 * and 2026-02-30 (in a cursor), zod takes offsets to ±23:59; PostgreSQL refuses all three (a 500), and PGlite saved a
 * voting window from 1 BC that it could not read back.
 *
 * - Days that exist, from DATE_MIN to DATE_MAX. From 1900: no year 0 and no BC, which PostgreSQL refuses or cannot
 *   hand back to JavaScript, and nothing of a neighbourhood service is older (the test suite does set scenes in
 *   pasts of their own from 1950 on). To 2999: far past any booking or voting window, and far from 9999-12-31, one
 *   day after which is a five-digit year that neither side writes the same way.
 * - Instants in ISO 8601 with seconds and an offset from −12:00 to +14:00, the zones the world has (PostgreSQL
 *   refuses past ±15:59); to the microsecond at most, which is what the database keeps; and inside the same years
 *   once in UTC (0001-01-01T00:00:00+14:00 is 1 BC).
 */
export const DATE_MIN = '1900-01-01'
export const DATE_MAX = '2999-12-31'
export const OFFSET_MIN_MINUTES = -12 * 60
export const OFFSET_MAX_MINUTES = 14 * 60

const EARLIEST_MS = Date.parse(`${DATE_MIN}T00:00:00Z`)
const END_MS = Date.parse(`${DATE_MAX}T00:00:00Z`) + 86_400_000
const DAY = /^\d{4}-\d{2}-\d{2}$/
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|([+-])(\d{2}):(\d{2}))$/

/** Whether a text is a `YYYY-MM-DD` day of the calendar (2032-02-30 is not), from DATE_MIN to DATE_MAX. */
export function isCalendarDate(value: string): boolean {
  if (!DAY.test(value) || value < DATE_MIN || value > DATE_MAX) return false
  const at = Date.parse(`${value}T00:00:00Z`)
  return !Number.isNaN(at) && new Date(at).toISOString().slice(0, 10) === value
}

/**
 * Whether a text is an instant the API takes: `YYYY-MM-DDTHH:MM:SS[.ffffff]` and `Z` or an offset (`Z` only when
 * `utc`, the form the server writes in its cursors), every part in range.
 */
export function isInstant(value: string, options: { utc?: boolean } = {}): boolean {
  const parts = INSTANT.exec(value)
  if (!parts) return false
  const [, day, hours, minutes, seconds, sign, offsetHours, offsetMinutes] = parts
  if (!isCalendarDate(day!) || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return false
  if (sign !== undefined) {
    const offset = (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes))
    if (options.utc || Number(offsetMinutes) > 59 || offset < OFFSET_MIN_MINUTES || offset > OFFSET_MAX_MINUTES) {
      return false
    }
  }
  const at = Date.parse(value)
  return at >= EARLIEST_MS && at < END_MS
}

const YEARS = `${DATE_MIN.slice(0, 4)}-${DATE_MAX.slice(0, 4)}年`

/** A calendar day, `YYYY-MM-DD`; `what` names it in the messages (documented as `format: date`). */
export const calendarDate = (what = '日期') =>
  z.iso
    .date({
      abort: true,
      error: (issue) =>
        typeof issue.input === 'string' && DAY.test(issue.input)
          ? `${what}不存在，请重新选择`
          : `${what}请用 YYYY-MM-DD 格式`,
    })
    .refine(isCalendarDate, `${what}请选在${YEARS}之间`)

/**
 * How long before the request a window may start (a survey, a budget round): a form sent a moment late still goes
 * through.
 */
export const START_GRACE_MS = 60_000

/** The ends of a period, as the refinements below read them. */
const ends = (q: unknown) => q as { from: string; to: string }

/**
 * A period of calendar days to count figures over (Asia/Shanghai days, both ends included), beside `fields`: in
 * order, and at most a year — what one statement is asked to count.
 */
export const daysPeriodSchema = <S extends z.ZodRawShape>(fields: S) =>
  z
    .object({ ...fields, from: calendarDate('开始日期'), to: calendarDate('结束日期') })
    .strict()
    // The output's type is generic in `fields`, which TypeScript cannot see `from` and `to` through.
    .refine((q) => ends(q).from <= ends(q).to, { message: '开始日期不能晚于结束日期', path: ['to'] })
    .refine((q) => Date.parse(ends(q).to) - Date.parse(ends(q).from) <= 366 * 86_400_000, {
      message: '一次最多统计一年',
      path: ['to'],
    })

/** Any calendar day the API takes: the client checks a date it got from a link with it. */
export const calendarDateSchema = calendarDate()

/**
 * An instant with its offset, `2031-03-03T09:00:00+08:00` or `…Z`; `what` names it in the messages (documented as
 * `format: date-time`).
 */
export const instant = (what: string) =>
  z.iso
    .datetime({
      offset: true,
      abort: true,
      error: (issue) => (issue.input === undefined ? `请填写${what}` : `${what}的格式不对，请重新选择`),
    })
    .refine((value) => isInstant(value), `${what}请选在${YEARS}之间，时区在 UTC-12:00 到 UTC+14:00 之间`)
