import { CHECK_IN_CODE_PATTERN, type StaffBookingDto } from '@/shared/stations'

/**
 * The 8-digit code in what was scanned or typed. Residents read it out in halves ("1234 5678"), so spaces and
 * dashes are dropped; a scanned link that carries the code elsewhere (`…?code=12345678`) still yields it.
 */
export function codeFromText(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '')
  if (CHECK_IN_CODE_PATTERN.test(digits)) return digits
  const match = /(?:^|\D)(\d{8})(?:\D|$)/.exec(text)
  return match ? match[1]! : null
}

/**
 * A phone's clock may be a little off the server's: a check-in stamped more than this before the request was sent
 * was made earlier, by someone else or an earlier scan.
 */
const CLOCK_TOLERANCE_MS = 2 * 60_000

/**
 * Whether the answer is a repeat: check-in is idempotent, so a second one answers the same booking with its first
 * `checkedInAt`. The DTO has no flag for it, so the stamp is compared with when this request was sent.
 */
export function wasCheckedInBefore(booking: Pick<StaffBookingDto, 'checkedInAt'>, sentAt: number): boolean {
  const at = booking.checkedInAt ? Date.parse(booking.checkedInAt) : Number.NaN
  return Number.isFinite(at) && at < sentAt - CLOCK_TOLERANCE_MS
}
