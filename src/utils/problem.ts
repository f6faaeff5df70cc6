import type { ProblemStatus, ProblemSummaryDto } from '@/shared/problems'
import { formatDateTime } from '@/utils/format'

/** The tone of a status tag: waiting for someone (warning), done (success), neither. */
export function problemStatusTone(status: ProblemStatus): 'neutral' | 'success' | 'warning' | 'danger' {
  if (status === 'closed') return 'success'
  if (status === 'resolved') return 'success'
  if (status === 'submitted' || status === 'reopened') return 'warning'
  return 'neutral'
}

/** When it is due, in words; overdue said so. Null when there is no due time yet. */
export function dueText(problem: Pick<ProblemSummaryDto, 'dueAt' | 'overdue' | 'status'>): string | null {
  if (!problem.dueAt || problem.status === 'resolved' || problem.status === 'closed') return null
  return problem.overdue
    ? `已超期（应于 ${formatDateTime(problem.dueAt)} 前办结）`
    : `${formatDateTime(problem.dueAt)} 前办结`
}

/** A share (0–1) as a whole percent; null as 暂无. */
export function rateText(rate: number | null): string {
  return rate === null ? '暂无' : `${Math.round(rate * 100)}%`
}

/** Hours as 小时 or 天, null as 暂无. */
export function hoursText(hours: number | null): string {
  if (hours === null) return '暂无'
  if (hours < 48) return `${Math.round(hours * 10) / 10}小时`
  return `${Math.round((hours / 24) * 10) / 10}天`
}
