import { pageOfEntity } from '@/routes'
import { QUEUE_KIND_LABELS, QUEUE_KINDS, type QueueItemDto, type QueueKind } from '@/shared/workbench'

/** Pure helpers of 待办 (no Taro, so unit tests run them in Node). */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** How long an item has waited, in words a staff member reads at a glance: 刚刚, 等了25分钟, 等了3小时, 等了2天. */
export function waitedFor(since: string, now: Date): string {
  const waited = now.getTime() - Date.parse(since)
  if (Number.isNaN(waited) || waited < MINUTE) return '刚刚'
  if (waited < HOUR) return `等了${Math.floor(waited / MINUTE)}分钟`
  if (waited < DAY) return `等了${Math.floor(waited / HOUR)}小时`
  return `等了${Math.floor(waited / DAY)}天`
}

/** The colour of the waited-for label: a day or more is worth noticing, three days or more is late. */
export function waitedTone(since: string, now: Date): 'neutral' | 'warning' | 'danger' {
  const waited = now.getTime() - Date.parse(since)
  if (waited >= 3 * DAY) return 'danger'
  if (waited >= DAY) return 'warning'
  return 'neutral'
}

/**
 * Where an item is dealt with: a wish's own page (staff review it there, or confirm on the resident's behalf), the
 * topic's review form, the reported comments, the volunteer applications on the workbench.
 */
export const queueItemUrl = (item: Pick<QueueItemDto, 'kind' | 'id'>): string => `/${pageOfEntity(item.kind, item.id)!}`

/** What tapping an item does, said on it. */
export const QUEUE_ACTIONS: Record<QueueKind, string> = {
  wish_review: '去审核',
  topic_review: '去审核',
  reported_comment: '去处理',
  volunteer_application: '去审核',
  membership_application: '去审核',
  wish_unconfirmed: '去看看',
  problem_unassigned: '去分派',
  problem_escalated: '去督办',
}

export type QueueFilter = QueueKind | 'all'

export interface QueueChip {
  value: QueueFilter
  label: string
}

/**
 * The filter chips with their counts: 全部 first, then each kind that has something waiting (and the chosen one,
 * even at 0, so it stays visible after its last item is done).
 */
export function queueChips(counts: Record<QueueKind, number> | null, total: number | null, chosen: QueueFilter) {
  const chips: QueueChip[] = [{ value: 'all', label: total === null ? '全部' : `全部 ${total}` }]
  for (const kind of QUEUE_KINDS) {
    const n = counts?.[kind] ?? 0
    if (n > 0 || kind === chosen) chips.push({ value: kind, label: `${QUEUE_KIND_LABELS[kind]} ${n}` })
  }
  return chips
}
