import { START_GRACE_MS } from '../../shared/dates'
import { AppError } from './errors'

/**
 * Refuses a window that would start in the past (beyond START_GRACE_MS): `field` is the input that names the start,
 * `what` says it in words (开始时间, 征集开始时间).
 */
export function assertStartsNow(start: string, now: Date, field: string, what: string): void {
  if (Date.parse(start) >= now.getTime() - START_GRACE_MS) return
  throw AppError.validation([{ path: [field], message: `${what}不能早于现在` }], `${what}不能早于现在，请重新选择`)
}
