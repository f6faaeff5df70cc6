import { ERROR_MESSAGES } from '@/shared/errors'
import { EXPORT_KIND_LABELS, type ExportKind, type StatsDto } from '@/shared/workbench'
import { periodFileText, type Period } from './period'

/** Wording of the dashboard's figures: durations, rates and hours in words staff read at a glance. */

/** One decimal at most, no trailing .0: 2.5, 3. */
function oneDecimal(n: number): string {
  return String(Math.round(n * 10) / 10)
}

/**
 * A median duration given in hours, in words: under an hour in minutes, under two days in hours,
 * then in days. null (nothing to measure) reads as 暂无.
 */
export function durationText(hours: number | null): string {
  if (hours === null || !Number.isFinite(hours) || hours < 0) return '暂无'
  const minutes = Math.round(hours * 60)
  if (minutes < 1) return '不到1分钟'
  if (minutes < 60) return `${minutes}分钟`
  if (hours < 48) return `${oneDecimal(hours)}小时`
  return `${oneDecimal(hours / 24)}天`
}

/** A share (0–1) as a whole percent; a small non-zero share is not rounded away to 0%. */
export function percentText(ratio: number): string {
  if (!Number.isFinite(ratio) || ratio <= 0) return '0%'
  if (ratio < 0.005) return '不到1%'
  return `${Math.min(100, Math.round(ratio * 100))}%`
}

/** Width of a bar in percent, 0–100; a non-zero share is never drawn invisibly thin. */
export function barPercent(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio <= 0) return 0
  return Math.max(2, Math.min(100, Math.round(ratio * 100)))
}

/** Volunteer hours: 12.5小时. */
export function hoursText(hours: number): string {
  return `${oneDecimal(Math.max(0, hours))}小时`
}

/** Hours per volunteer, or null when nobody served. */
export function hoursPerVolunteer(total: number, volunteers: number): number | null {
  return volunteers > 0 ? total / volunteers : null
}

/** Nothing happened in the period: no wish, no hour, no seat offered, no vote. */
export function isEmptyStats(stats: StatsDto): boolean {
  const { wishes, volunteerHours, stations, topics } = stats
  return (
    wishes.posted === 0 &&
    wishes.completed === 0 &&
    wishes.medianHoursToClaim === null &&
    volunteerHours.total === 0 &&
    stations.every((s) => s.seats === 0 && s.booked === 0) &&
    topics.length === 0
  )
}

/** A no-show rate worth a warning: at least one in five who came due did not come. */
export function isHighNoShow(rate: number): boolean {
  return rate >= 0.2
}

/** 心愿明细 from 心愿明细 / 志愿服务时长 from 志愿服务时长（可用于开具证明）: the label without its aside. */
export function exportShortLabel(kind: ExportKind): string {
  return EXPORT_KIND_LABELS[kind].replace(/（[^）]*）$/, '')
}

/** 阳光社区-心愿明细-2025-11-01至2025-11-24.csv: says what it is when it turns up in a chat or a folder. */
export function exportFileName(communityName: string, kind: ExportKind, period: Period): string {
  const safe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '')
  return `${safe(communityName) || '社区'}-${exportShortLabel(kind)}-${periodFileText(period)}.csv`
}

/** Messages for an export that the server refused: said for a download, where the generic ones would not fit. */
const EXPORT_MESSAGES: Partial<Record<number, string>> = {
  401: '登录已失效，请重新登录后再导出',
  403: '这个社区不归您负责，不能导出它的数据。请选择您负责的社区',
}

/** Why an export failed, in the shape of the client's ApiError (download.ts throws it as one). */
export interface ExportFailure {
  status: number
  code: string
  message: string
}

/**
 * The error of a failed export, from the HTTP status and the body as text (a download hands back text or a file,
 * not parsed JSON). The server's message is kept where it says more (a bad period), ours where it says it better.
 */
export function exportError(status: number, body: string): ExportFailure {
  let code: string = status === 404 ? 'NOT_FOUND' : status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'
  let message: string | null = null
  try {
    const error = (JSON.parse(body) as { error?: { code?: unknown; message?: unknown } } | null)?.error
    if (typeof error?.code === 'string') code = error.code
    if (typeof error?.message === 'string' && error.message) message = error.message
  } catch {
    // Not our JSON (a proxy's page): the status speaks for it.
  }
  if (status === 503) code = 'DB_UNAVAILABLE'
  const fallback = (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.INTERNAL
  return { status, code, message: EXPORT_MESSAGES[status] ?? message ?? fallback }
}

/** No answer at all (offline, timed out). */
export function exportNetworkError(): ExportFailure {
  return { status: 0, code: 'NETWORK', message: ERROR_MESSAGES.NETWORK }
}
