import { useCallback, useState } from 'react'
import type { NotificationDto } from '@/shared/notifications'
import { listNotifications, markNotificationsRead } from '@/services/notifications'
import { useAsync } from './use-async'
import { usePagedList } from './use-paged-list'

/** How many messages the user has not read, for the 消息 entry in 我的; reloaded when the page shows again. */
export function useUnreadCount(userId: string | null) {
  return useAsync(async () => (await listNotifications({ limit: 1 })).unreadCount, [userId], userId !== null)
}

/**
 * The inbox, newest first. Opening a message marks it read at once on screen and then on the server; a failed
 * mark is harmless (it stays unread there and shows so next time).
 */
export function useInbox() {
  const list = usePagedList((cursor) => listNotifications({ cursor }), 'inbox')
  const [readNow, setReadNow] = useState<ReadonlySet<string>>(new Set())
  const [markingAll, setMarkingAll] = useState(false)

  const isRead = useCallback((n: NotificationDto) => n.read || readNow.has(n.id), [readNow])

  const markRead = useCallback((n: NotificationDto) => {
    if (n.read) return
    setReadNow((ids) => new Set([...ids, n.id]))
    markNotificationsRead({ ids: [n.id] }).catch(() => undefined)
  }, [])

  const { reload } = list
  const markAll = useCallback(async () => {
    setMarkingAll(true)
    try {
      await markNotificationsRead({ all: true })
      await reload()
    } finally {
      setMarkingAll(false)
    }
  }, [reload])

  const unread = list.items.filter((n) => !isRead(n)).length
  return { list, isRead, markRead, markAll, markingAll, unread }
}
