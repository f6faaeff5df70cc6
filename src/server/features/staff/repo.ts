import type { Queryable } from '../../db/types'

/** Adds the assignment and makes a resident a staff account (an admin stays admin). False if it existed already. */
export async function insertAssignment(
  q: Queryable,
  a: { userId: string; communityId: string; assignedBy: string },
): Promise<boolean> {
  const added = await q.query(
    `INSERT INTO staff_assignments (user_id, community_id, assigned_by) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING user_id`,
    [a.userId, a.communityId, a.assignedBy],
  )
  if (added.length === 0) return false
  await q.query(`UPDATE users SET role = 'staff', updated_at = now() WHERE id = $1 AND role = 'resident'`, [a.userId])
  return true
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
