import type { Page } from '../../../shared/api'
import type { MembershipStatus } from '../../../shared/identity'
import type {
  ApplyResultDto,
  MembershipDto,
  MembershipForStaffDto,
  MyMembershipDto,
  applyMembershipSchema,
} from '../../../shared/memberships'
import { DOOR_CODE_TRIES_PER_DAY } from '../../../shared/memberships'
import type * as z from 'zod'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import * as repo from './repo'

const NOT_FOUND = '没有找到这份住户认证申请'

/** Anyone signed in applies to be a member of one household of a community. */
export async function apply(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof applyMembershipSchema>,
): Promise<ApplyResultDto> {
  const now = clock.now()
  const row = await repo.insertApplication(
    db,
    sqlViewer(actor),
    {
      userId: actor.id,
      communityId: input.communityId,
      building: input.building,
      unit: input.unit,
      room: input.room,
      relation: input.relation,
      realName: input.realName,
      householdCode: input.householdCode ?? null,
    },
    now,
  )
  if (row) {
    const membership = repo.toMembershipDto(row)
    return { status: membership.status === 'verified' ? 'verified' : 'pending', membership }
  }
  const why = await repo.findApplyRefusal(db, actor.id, input.communityId, now)
  if (!why.community) throw AppError.notFound('没有找到这个社区')
  if (why.current) throw AppError.conflict('MEMBERSHIP_EXISTS')
  if (why.tries >= DOOR_CODE_TRIES_PER_DAY) throw new AppError('DOOR_CODE_TRIES_EXCEEDED', 429)
  // Only a concurrent application can get here: it holds the one current membership.
  throw AppError.conflict('MEMBERSHIP_EXISTS')
}

export async function mine(db: Db, actor: Actor): Promise<MyMembershipDto> {
  const row = await repo.findLatest(db, actor.id)
  return { membership: row ? repo.toMembershipDto(row) : null }
}

/** Leaving ends a verified membership or withdraws an application; the ballots already cast stay counted. */
export async function leave(db: Db, clock: Clock, actor: Actor): Promise<MembershipDto> {
  const row = await repo.leave(db, sqlViewer(actor), clock.now())
  if (!row) throw AppError.notFound('您目前没有住户认证，不需要退出')
  return repo.toMembershipDto(row)
}

const NOT_NOW: Record<repo.Decision, string> = {
  approve: 'MEMBERSHIP_NOT_PENDING',
  reject: 'MEMBERSHIP_NOT_PENDING',
  revoke: 'MEMBERSHIP_NOT_VERIFIED',
}

/** Staff of the community approve or reject an application, or end a verified membership. */
export async function decide(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  decision: repo.Decision,
  reason: string | null,
): Promise<MembershipDto> {
  const { before, after } = await repo.decide(db, sqlViewer(actor), id, decision, reason, clock.now())
  if (after) return repo.toMembershipDto(after)
  if (!before) throw AppError.notFound(NOT_FOUND)
  if (!staffCan(actor, before.community_id)) throw AppError.forbidden('这位申请人不在您负责的社区')
  if (before.user_id === actor.id) throw AppError.forbidden('不能审核自己的住户认证，请请其他工作人员处理')
  throw AppError.conflict(NOT_NOW[decision])
}

export async function listForStaff(
  db: Db,
  actor: Actor,
  communityId: string,
  query: { status?: MembershipStatus; limit: number; cursor?: string },
): Promise<Page<MembershipForStaffDto>> {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('这不是您负责的社区')
  const rows = await repo.listForStaff(db, {
    communityId,
    status: query.status ?? null,
    limit: query.limit,
    after: decodeCursor(query.cursor, 'time'),
  })
  return toPage(rows, query.limit, repo.toForStaffDto, (r) => [new Date(r.applied_at).toISOString(), r.id])
}
