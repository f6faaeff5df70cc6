import type { StaffAssignmentInput } from '../../../shared/identity'
import type { Actor } from '../../auth/actor'
import { sqlState, type Db } from '../../db/types'
import { recordAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import * as repo from './repo'

/** The admin makes a user staff of a community. */
export async function assignStaff(db: Db, actor: Actor, input: StaffAssignmentInput): Promise<StaffAssignmentInput> {
  try {
    return await db.tx(async (q) => {
      const outcome = await repo.insertAssignment(q, { ...input, assignedBy: actor.id })
      if (outcome === 'no_user') throw AppError.notFound('没有找到这位用户')
      if (outcome === 'exists') throw AppError.conflict('STAFF_ALREADY_ASSIGNED')
      await recordAudit(q, actor, {
        action: 'staff.assign',
        entityType: 'user',
        entityId: input.userId,
        communityId: input.communityId,
        after: input,
      })
      return input
    })
  } catch (error) {
    // 23503: no such user or community.
    if (sqlState(error) === '23503') throw AppError.notFound('没有找到这位用户或这个社区')
    throw error
  }
}

export async function unassignStaff(db: Db, actor: Actor, input: StaffAssignmentInput): Promise<void> {
  await db.tx(async (q) => {
    if (!(await repo.deleteAssignment(q, input.userId, input.communityId))) {
      throw AppError.notFound('这位用户不是该社区的工作人员')
    }
    await recordAudit(q, actor, {
      action: 'staff.unassign',
      entityType: 'user',
      entityId: input.userId,
      communityId: input.communityId,
      before: input,
    })
  })
}
