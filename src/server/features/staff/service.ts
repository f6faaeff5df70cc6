import type { StaffAssignmentInput } from '../../../shared/identity'
import type { Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import { AppError } from '../../lib/errors'
import * as repo from './repo'

/** The admin makes a user staff of a community. */
export async function assignStaff(db: Db, actor: Actor, input: StaffAssignmentInput): Promise<StaffAssignmentInput> {
  const outcome = await repo.insertAssignment(db, Object.assign({}, input, { actor }))
  if (outcome === 'no_user') throw AppError.notFound('没有找到这位用户')
  if (outcome === 'exists') throw AppError.conflict('STAFF_ALREADY_ASSIGNED')
  return input
}

export async function unassignStaff(db: Db, actor: Actor, input: StaffAssignmentInput): Promise<void> {
  if (!(await repo.deleteAssignment(db, Object.assign({}, input, { actor })))) {
    throw AppError.notFound('这位用户不是该社区的工作人员')
  }
}
