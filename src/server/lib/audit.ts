import type { Queryable } from '../db/types'
import type { Actor } from '../auth/actor'

export interface AuditEntry {
  action: string
  entityType: string
  entityId: string
  communityId: string | null
  before?: unknown
  after?: unknown
}

/** Records a staff or admin action; call it inside the transaction that makes the change. */
export async function recordAudit(q: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      actor.id,
      actor.role,
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.communityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  )
}
