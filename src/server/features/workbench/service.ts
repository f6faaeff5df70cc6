import type * as z from 'zod'
import type { Page } from '../../../shared/api'
import {
  QUEUE_KINDS,
  type AuditEntryDto,
  type auditQuerySchema,
  type QueueKind,
  type QueuePageDto,
  type queueQuerySchema,
} from '../../../shared/workbench'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import * as repo from './repo'

/**
 * The communities a staff request reads: the one asked for, which the actor must serve (403 otherwise), else all
 * the actor serves; null for the admin asking for no community, meaning every one.
 */
function scopeOf(actor: Actor, communityId: string | undefined): string[] | null {
  if (communityId) {
    if (!staffCan(actor, communityId)) throw AppError.forbidden('这不是您负责的社区')
    return [communityId]
  }
  return actor.role === 'admin' ? null : actor.staffCommunityIds
}

/** Everything that waits for the actor, oldest first, with how many of each kind wait in the whole scope. */
export async function getQueue(
  db: Db,
  clock: Clock,
  actor: Actor,
  query: z.output<typeof queueQuerySchema>,
): Promise<QueuePageDto> {
  const communityIds = scopeOf(actor, query.communityId)
  const after = decodeCursor(query.cursor, 'time')
  const found = await repo.findQueue(db, {
    communityIds,
    streetIds: actor.role === 'admin' ? null : actor.streetIds,
    kind: query.kind ?? null,
    now: clock.now(),
    limit: query.limit,
    after,
  })
  const counts = Object.fromEntries(QUEUE_KINDS.map((k) => [k, found.counts[k] ?? 0])) as Record<QueueKind, number>
  const page = toPage(
    found.items,
    query.limit,
    (r) => ({
      kind: r.kind,
      id: r.id,
      communityId: r.community_id,
      communityName: r.community_name,
      title: r.title,
      since: r.since,
      topicId: r.topic_id,
    }),
    (r) => [r.since, r.id],
  )
  return Object.assign(page, { counts, total: QUEUE_KINDS.reduce((sum, k) => sum + counts[k], 0) })
}

/** The audit log's rows have numbers for ids, not the UUIDs of the other lists. */
const BIGINT_ID = /^\d{1,18}$/

/** The schema takes only calendar days; the order of the ends is the service's to check. */
function checkPeriod(from: string | undefined, to: string | undefined) {
  if (from !== undefined && to !== undefined && from > to) {
    throw AppError.validation([{ path: ['to'], message: '开始日期不能晚于结束日期' }], '开始日期不能晚于结束日期')
  }
}

/** The audit log as the actor may read it: the admin all of it, staff their communities' rows. Newest first. */
export async function listAudit(
  db: Db,
  actor: Actor,
  query: z.output<typeof auditQuerySchema>,
): Promise<Page<AuditEntryDto>> {
  const communityIds = scopeOf(actor, query.communityId)
  checkPeriod(query.from, query.to)
  const before = decodeCursor(query.cursor, 'time', BIGINT_ID)
  const rows = await repo.listAudit(db, sqlViewer(actor), {
    communityIds,
    actionPrefix: query.action ?? null,
    actorId: query.actorId ?? null,
    entityType: query.entityType ?? null,
    entityId: query.entityId ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    limit: query.limit,
    before,
  })
  return toPage(
    rows,
    query.limit,
    (r): AuditEntryDto => ({
      id: r.id,
      actorId: r.actor_id,
      actorName: r.actor_name,
      actorRole: r.actor_role,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      communityId: r.community_id,
      before: r.before ?? null,
      after: r.after ?? null,
      createdAt: r.created_at.toISOString(),
    }),
    // To the microsecond: the log's times come from now(), finer than a Date.
    (r) => [r.at, r.id],
  )
}
