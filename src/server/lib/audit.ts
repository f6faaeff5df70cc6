import { sql } from '../db/sql'
import type { Queryable } from '../db/types'
import type { Actor } from '../auth/actor'
import type { AuditAction } from '../../shared/workbench'

export interface AuditEntry {
  action: AuditAction
  entityType: string
  entityId: string
  communityId: string | null
  before?: unknown
  after?: unknown
}

/** Records a staff or admin action; call it inside the transaction that makes the change. */
export async function recordAudit(q: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  const before = entry.before === undefined ? null : JSON.stringify(entry.before)
  const after = entry.after === undefined ? null : JSON.stringify(entry.after)
  await q.query(
    sql`INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after)
     VALUES (${actor.id}, ${actor.role}, ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${entry.communityId},
             ${before}, ${after})`,
  )
}
