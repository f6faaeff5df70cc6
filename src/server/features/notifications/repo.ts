import type { NotificationDto } from '../../../shared/notifications'
import { sql } from '../../db/sql'
import type { Queryable } from '../../db/types'

interface NotificationRow {
  id: string
  kind: string
  title: string
  body: string
  entity_type: string | null
  entity_id: string | null
  read_at: Date | null
  created_at: Date
  /** The owner's unread messages, on every row of the page (and on a lone row when the page is empty). */
  unread_count: number
}

export function toNotificationDto(row: NotificationRow): NotificationDto {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    entityType: row.entity_type,
    entityId: row.entity_id,
    read: row.read_at !== null,
    createdAt: row.created_at.toISOString(),
  }
}

/**
 * A page of the user's messages, newest first, and their unread count, in one statement. An empty page still
 * answers one row, with a null id, to carry the count.
 */
export async function listNotifications(
  q: Queryable,
  f: { userId: string; unreadOnly: boolean; limit: number; after?: readonly [string, string] },
): Promise<{ rows: NotificationRow[]; unreadCount: number }> {
  const [afterTime, afterId] = f.after ?? [null, null]
  const rows = await q.query<NotificationRow>(
    sql`WITH unread AS (
       SELECT count(*)::int AS n FROM notifications WHERE user_id = ${f.userId} AND read_at IS NULL
     ), page AS (
       SELECT * FROM notifications
       WHERE user_id = ${f.userId} AND (NOT ${f.unreadOnly}::boolean OR read_at IS NULL)
         AND (${afterTime}::timestamptz IS NULL OR (created_at, id::text) < (${afterTime}::timestamptz, ${afterId}::text))
       ORDER BY created_at DESC, id::text DESC
       LIMIT ${f.limit + 1}
     )
     SELECT page.*, unread.n AS unread_count
     FROM unread LEFT JOIN page ON true
     ORDER BY page.created_at DESC, page.id::text DESC`,
  )
  return { rows: rows.filter((row) => row.id !== null), unreadCount: rows[0]?.unread_count ?? 0 }
}

/** Marks the user's messages read (the ids given, or all) and answers how many stay unread. */
export async function markRead(q: Queryable, userId: string, ids: string[] | null, now: Date): Promise<number> {
  const [row] = await q.query<{ unread_count: number }>(
    sql`WITH marked AS (
       UPDATE notifications SET read_at = ${now}
       WHERE user_id = ${userId} AND read_at IS NULL AND (${ids}::uuid[] IS NULL OR id = ANY(${ids}::uuid[]))
       RETURNING 1
     )
     SELECT ((SELECT count(*) FROM notifications WHERE user_id = ${userId} AND read_at IS NULL)
             - (SELECT count(*) FROM marked))::int AS unread_count`,
  )
  return row?.unread_count ?? 0
}
