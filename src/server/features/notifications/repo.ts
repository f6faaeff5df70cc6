import type { NotificationDto } from '../../../shared/notifications'
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
  const rows = await q.query<NotificationRow>(
    `WITH unread AS (
       SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL
     ), page AS (
       SELECT * FROM notifications
       WHERE user_id = $1 AND (NOT $2 OR read_at IS NULL)
         AND ($3::timestamptz IS NULL OR (created_at, id::text) < ($3::timestamptz, $4::text))
       ORDER BY created_at DESC, id::text DESC
       LIMIT $5
     )
     SELECT page.*, unread.n AS unread_count
     FROM unread LEFT JOIN page ON true
     ORDER BY page.created_at DESC, page.id::text DESC`,
    [f.userId, f.unreadOnly, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit + 1],
  )
  return { rows: rows.filter((row) => row.id !== null), unreadCount: rows[0]?.unread_count ?? 0 }
}

/** Marks the user's messages read (the ids given, or all) and answers how many stay unread. */
export async function markRead(q: Queryable, userId: string, ids: string[] | null, now: Date): Promise<number> {
  const [row] = await q.query<{ unread_count: number }>(
    `WITH marked AS (
       UPDATE notifications SET read_at = $3
       WHERE user_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
       RETURNING 1
     )
     SELECT ((SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL)
             - (SELECT count(*) FROM marked))::int AS unread_count`,
    [userId, ids, now],
  )
  return row?.unread_count ?? 0
}
