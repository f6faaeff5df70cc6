import type { Actor } from '../../auth/actor'
import { sql } from '../../db/sql'
import type { Queryable } from '../../db/types'

/**
 * Adds the assignment, audited, in one statement; the role follows by trigger (0008: a resident becomes staff, an
 * admin stays admin). 'exists' if it was there already, 'no_user' for a user who does not exist or has been deleted.
 * The person's row is locked first, so that the foreign key's share lock and the trigger's lock cannot deadlock
 * with a concurrent change of the same person.
 */
export async function insertAssignment(
  q: Queryable,
  a: { userId: string; communityId: string; actor: Actor },
): Promise<'added' | 'exists' | 'no_user'> {
  const [row] = await q.query<{ added: boolean; user_exists: boolean }>(
    sql`WITH person AS (SELECT id FROM users WHERE id = ${a.userId} AND deleted_at IS NULL FOR UPDATE),
     added AS (
       INSERT INTO staff_assignments (user_id, community_id, assigned_by)
       SELECT id, ${a.communityId}::uuid, ${a.actor.id}::uuid FROM person
       ON CONFLICT DO NOTHING RETURNING user_id, community_id
     ),
     audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, after)
       SELECT ${a.actor.id}::uuid, ${a.actor.role}::text, 'staff.assign', 'user', user_id, community_id,
              jsonb_build_object('userId', user_id, 'communityId', community_id)
       FROM added
     )
     SELECT EXISTS (SELECT 1 FROM added) AS added, EXISTS (SELECT 1 FROM person) AS user_exists`,
  )
  if (!row?.user_exists) return 'no_user'
  return row.added ? 'added' : 'exists'
}

/** Removes the assignment, audited, in one statement; a staff account left with no community becomes a resident. */
export async function deleteAssignment(q: Queryable, a: { userId: string; communityId: string; actor: Actor }) {
  const [row] = await q.query<{ removed: boolean }>(
    sql`WITH person AS (SELECT id FROM users WHERE id = ${a.userId} FOR UPDATE),
     removed AS (
       DELETE FROM staff_assignments s USING person p
       WHERE s.user_id = p.id AND s.community_id = ${a.communityId}
       RETURNING s.user_id, s.community_id
     ),
     audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before)
       SELECT ${a.actor.id}::uuid, ${a.actor.role}::text, 'staff.unassign', 'user', user_id, community_id,
              jsonb_build_object('userId', user_id, 'communityId', community_id)
       FROM removed
     )
     SELECT EXISTS (SELECT 1 FROM removed) AS removed`,
  )
  return row?.removed ?? false
}
