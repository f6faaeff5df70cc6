import type { Page } from '../../../shared/api'
import type {
  VolunteerApplicationDto,
  VolunteerApplicationForStaffDto,
  VolunteerApplyInput,
  VolunteerStatus,
} from '../../../shared/identity'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import * as repo from './repo'

const ALREADY_FILED: Record<Exclude<VolunteerStatus, 'rejected'>, AppError> = {
  pending: AppError.conflict('VOLUNTEER_APPLICATION_PENDING'),
  active: AppError.conflict('VOLUNTEER_ALREADY_ACTIVE'),
  suspended: AppError.conflict('VOLUNTEER_SUSPENDED'),
}

/** A resident applies to volunteer in the community they live in. */
export async function applyToVolunteer(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: VolunteerApplyInput,
): Promise<VolunteerApplicationDto> {
  if (!actor.communityId) throw AppError.conflict('COMMUNITY_REQUIRED')
  const filed = await repo.upsertApplication(
    db,
    Object.assign({ userId: actor.id, communityId: actor.communityId }, input, { now: clock.now() }),
  )
  if (filed) return filed
  const status = await repo.findApplicationStatus(db, actor.id)
  throw status && status !== 'rejected' ? ALREADY_FILED[status] : AppError.conflict('VOLUNTEER_APPLICATION_PENDING')
}

export type VolunteerDecision = 'approve' | 'reject' | 'suspend'

/** From which standing each decision may be taken, and what it leads to. Approving a suspended volunteer reinstates them. */
const DECISIONS: Record<VolunteerDecision, { from: VolunteerStatus[]; to: VolunteerStatus; notAllowed: string }> = {
  approve: { from: ['pending', 'suspended'], to: 'active', notAllowed: 'VOLUNTEER_NOT_PENDING' },
  reject: { from: ['pending'], to: 'rejected', notAllowed: 'VOLUNTEER_NOT_PENDING' },
  suspend: { from: ['active'], to: 'suspended', notAllowed: 'VOLUNTEER_NOT_ACTIVE' },
}

/** Staff of the applicant's community decide on an application or a volunteer's standing. */
export async function decideVolunteer(
  db: Db,
  clock: Clock,
  actor: Actor,
  userId: string,
  decision: VolunteerDecision,
  reason: string | null,
): Promise<VolunteerApplicationDto> {
  const rule = DECISIONS[decision]
  const { before, after } = await repo.decideApplication(db, {
    userId,
    from: rule.from,
    to: rule.to,
    reason,
    viewer: sqlViewer(actor),
    action: `volunteer.${decision}`,
    now: clock.now(),
  })
  if (after) return after
  if (!before) throw AppError.notFound('没有找到这份志愿者申请')
  if (!staffCan(actor, before.communityId)) throw AppError.forbidden('这位申请人不在您负责的社区')
  throw AppError.conflict(rule.notAllowed)
}

export async function listApplications(
  db: Db,
  actor: Actor,
  query: { communityId?: string; status?: VolunteerStatus; limit: number; cursor?: string },
): Promise<Page<VolunteerApplicationForStaffDto>> {
  if (query.communityId && !staffCan(actor, query.communityId)) throw AppError.forbidden('这不是您负责的社区')
  const communityIds = query.communityId ? [query.communityId] : actor.role === 'admin' ? null : actor.staffCommunityIds
  const after = decodeCursor(query.cursor, 'time')
  const rows = await repo.listApplications(db, {
    communityIds,
    status: query.status ?? null,
    limit: query.limit,
    after,
  })
  return toPage(rows, query.limit, repo.toApplicationForStaffDto, (r) => [r.applied_at.toISOString(), r.user_id])
}
