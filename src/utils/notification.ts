import { pageOfEntity } from '@/routes'
import type { NotificationDto } from '@/shared/notifications'
import { addDays, shanghaiDate, shanghaiTime } from '@/shared/stations'
import { formatDateTime } from './format'

/** The page a message leads to, or null when it has nothing to open (e.g. a volunteer decision). */
export function targetOf(n: Pick<NotificationDto, 'entityType' | 'entityId'>): string | null {
  const page = pageOfEntity(n.entityType, n.entityId)
  return page ? `/${page}` : null
}

/** "刚刚", "5分钟前", "3小时前" (today), "昨天 14:05", or "3月2日 14:05": how old a message is, in words. */
export function formatAge(createdAt: string, now: Date): string {
  const at = new Date(createdAt)
  const minutes = Math.floor((now.getTime() - at.getTime()) / 60_000)
  const today = shanghaiDate(now)
  if (minutes < 1) return '刚刚'
  if (minutes < 60) return `${minutes}分钟前`
  if (shanghaiDate(at) === today) return `${Math.floor(minutes / 60)}小时前`
  if (shanghaiDate(at) === addDays(today, -1)) return `昨天 ${shanghaiTime(at)}`
  return formatDateTime(createdAt)
}
