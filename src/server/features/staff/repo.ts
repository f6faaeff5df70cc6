import type { Queryable } from '../../db/types'

/**
 * Adds the assignment and makes a resident a staff account (an admin stays admin). 'exists' if it was there
 * already, 'no_user' for a user who does not exist or has been deleted.
 */
export async function insertAssignment(
  q: Queryable,
  a: { userId: string; communityId: string; assignedBy: string },
): Promise<'added' | 'exists' | 'no_user'> {
  const [row] = await q.query<{ added: boolean }>(
    `WITH ins AS (
       INSERT INTO staff_assignments (user_id, community_id, assigned_by)
       SELECT id, $2, $3 FROM users WHERE id = $1 AND deleted_at IS NULL
       ON CONFLICT DO NOTHING RETURNING user_id
     )
     SELECT EXISTS (SELECT 1 FROM ins) AS added,
            EXISTS (SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL) AS user_exists`,
    [a.userId, a.communityId, a.assignedBy],
  )
  const { added, user_exists } = row as { added: boolean; user_exists: boolean }
  if (!user_exists) return 'no_user'
  if (!added) return 'exists'
  await q.query(`UPDATE users SET role = 'staff', updated_at = now() WHERE id = $1 AND role = 'resident'`, [a.userId])
  return 'added'
}

/** Removes the assignment; a staff account left with no community becomes a resident again. */
export async function deleteAssignment(q: Queryable, userId: string, communityId: string): Promise<boolean> {
  const removed = await q.query(
    'DELETE FROM staff_assignments WHERE user_id = $1 AND community_id = $2 RETURNING user_id',
    [userId, communityId],
  )
  if (removed.length === 0) return false
  await q.query(
    `UPDATE users SET role = 'resident', updated_at = now()
     WHERE id = $1 AND role = 'staff' AND NOT EXISTS (SELECT 1 FROM staff_assignments WHERE user_id = $1)`,
    [userId],
  )
  return true
}
