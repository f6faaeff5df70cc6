import {
  confirmWishSchema,
  fulfilWishSchema,
  HOURS_MAX,
  HOURS_MIN,
  reviewWishSchema,
  wishReasonSchema,
  type WishStatus,
} from '@/shared/wishes'
import { formatDateTime } from './format'
import { firstIssue } from './validation'

/** The choices of the hours picker: 0.5, 1, 1.5 … 8. */
export const HOURS_OPTIONS: readonly number[] = Array.from(
  { length: Math.round((HOURS_MAX - HOURS_MIN) / 0.5) + 1 },
  (_, i) => HOURS_MIN + i * 0.5,
)

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How long ago, the way people say it: 刚刚, 5分钟前, 3小时前, 2天前; a date after a week. */
export function formatAge(iso: string, now: number = Date.now()): string {
  const time = Date.parse(iso)
  if (Number.isNaN(time)) return ''
  const ago = Math.max(0, now - time)
  if (ago < MINUTE) return '刚刚'
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)}分钟前`
  if (ago < DAY) return `${Math.floor(ago / HOUR)}小时前`
  if (ago < 7 * DAY) return `${Math.floor(ago / DAY)}天前`
  return formatDateTime(iso).split(' ')[0] ?? ''
}

export type StatusTone = 'neutral' | 'success' | 'warning' | 'danger'

/** The colour of a status tag: open wants a volunteer, done is green, ended badly is red. */
export function wishStatusTone(status: WishStatus): StatusTone {
  switch (status) {
    case 'open':
    case 'pending_review':
    case 'fulfilled':
      return 'warning'
    case 'claimed':
    case 'completed':
      return 'success'
    case 'rejected':
      return 'danger'
    default:
      return 'neutral'
  }
}

/** 1 → '★☆☆☆☆'. */
export function stars(rating: number): string {
  const n = Math.max(0, Math.min(5, Math.round(rating)))
  return '★'.repeat(n) + '☆'.repeat(5 - n)
}

export type WishActionBody =
  | { action: 'claim' }
  | { action: 'cancel' }
  | { action: 'release'; reason: string }
  | { action: 'dispute'; reason: string }
  | { action: 'fulfil'; note: string; hours: number }
  | { action: 'confirm'; rating?: number; thanks?: string }
  | { action: 'review'; approve: boolean; reason?: string }

/** The local check of an action's input, with the shared schema's message; null when it may be sent. */
export function validateWishAction(body: WishActionBody): string | null {
  switch (body.action) {
    case 'release':
    case 'dispute':
      return firstIssue(wishReasonSchema, { reason: body.reason })
    case 'fulfil':
      return firstIssue(fulfilWishSchema, { note: body.note, hours: body.hours })
    case 'confirm':
      return firstIssue(confirmWishSchema, { rating: body.rating, thanks: body.thanks })
    case 'review':
      return firstIssue(reviewWishSchema, { approve: body.approve, reason: body.reason })
    default:
      return null
  }
}
