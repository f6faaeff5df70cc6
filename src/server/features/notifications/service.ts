import type * as z from 'zod'
import type { MarkReadInput, NotificationsPageDto, notificationsQuerySchema } from '../../../shared/notifications'
import type { Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import * as repo from './repo'

export async function listNotifications(
  db: Db,
  actor: Actor,
  query: z.output<typeof notificationsQuerySchema>,
): Promise<NotificationsPageDto> {
  const { limit } = query
  const { rows, unreadCount } = await repo.listNotifications(db, {
    userId: actor.id,
    unreadOnly: query.unread === 'true',
    limit,
    after: decodeCursor(query.cursor, 'time'),
  })
  const page = toPage(rows, limit, repo.toNotificationDto, (row) => [row.created_at.toISOString(), row.id])
  return Object.assign(page, { unreadCount })
}

export async function markRead(db: Db, clock: Clock, actor: Actor, input: MarkReadInput) {
  const ids = 'ids' in input ? input.ids : null
  return { unreadCount: await repo.markRead(db, actor.id, ids, clock.now()) }
}
