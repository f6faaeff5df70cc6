import type * as z from 'zod'
import type { Page } from '../../../shared/api'
import {
  MAX_DUE_DAYS,
  PROBLEM_CATEGORY_LABELS,
  PROBLEM_STATUS_LABELS,
  PROBLEM_TRANSITIONS,
  SATISFACTION_LABELS,
  problemActions,
  type OrgDto,
  type ProblemDetailDto,
  type ProblemEventDto,
  type ProblemStatsDto,
  type ProblemSummaryDto,
  type ProblemTransition,
  type ProblemViewer,
  type createProblemSchema,
  type problemListQuerySchema,
  type problemStatsQuerySchema,
} from '../../../shared/problems'
import { isVerifiedMember, sqlViewer, staffCan, type Actor } from '../../auth/actor'
import { requireMembership } from '../../auth/guards'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import { toCsv } from '../stats/csv'
import * as repo from './repo'
import type { PhotoRow } from '../uploads/attach'
import type { UploadUrls } from '../uploads/urls'
import type { ProblemRow, ProblemSqlViewer, TransitionInputs } from './repo'

const NOT_FOUND = '没有找到这个问题，可能不在您的社区'

/** The actor as the problems' statements see them. */
export const problemViewer = (actor: Actor): ProblemSqlViewer => sqlViewer(actor)

const iso = (d: Date | null) => d?.toISOString() ?? null

function viewerOf(actor: Actor, row: Pick<ProblemRow, 'reporter_id' | 'handler_id' | 'is_staff' | 'is_org_handler'>) {
  return {
    isReporter: row.reporter_id === actor.id,
    isStaff: row.is_staff,
    isOrgHandler: row.is_org_handler,
    isHandler: row.handler_id === actor.id,
  } satisfies ProblemViewer
}

function toSummary(row: ProblemRow): ProblemSummaryDto {
  return {
    id: row.id,
    communityId: row.community_id,
    category: row.category,
    description: row.description,
    location: row.location,
    buildingName: row.building_name,
    status: row.status,
    reporterName: row.reporter_name,
    orgId: row.org_id,
    orgName: row.org_name,
    dueAt: iso(row.due_at),
    overdue: row.overdue,
    escalated: row.escalated_at !== null,
    createdAt: row.created_at.toISOString(),
  }
}

const signed = (rows: PhotoRow[] | undefined, urls: UploadUrls) =>
  (rows ?? []).map((p) => ({ id: p.id, url: urls.url(p.id), width: p.width, height: p.height }))

function toDetail(actor: Actor, row: ProblemRow, urls: UploadUrls): ProblemDetailDto {
  const viewer = viewerOf(actor, row)
  return Object.assign(toSummary(row), {
    photos: signed(row.photos, urls),
    resultPhotos: signed(row.result_photos, urls),
    result: row.result,
    resolvedAt: iso(row.resolved_at),
    satisfaction: row.satisfaction,
    ratingComment: row.rating_comment,
    closedAt: iso(row.closed_at),
    escalationReason: row.escalation_reason,
    handlerName: row.handler_name,
    viewer,
    actions: problemActions(row.status, viewer, row.escalated_at !== null),
  })
}

/** Whether the actor may read a community's problems: its verified members, its staff, its organisations' handlers. */
async function assertReader(db: Db, actor: Actor, communityId: string) {
  if (staffCan(actor, communityId) || isVerifiedMember(actor, communityId)) return
  if (actor.handlerOrgIds.length > 0 && (await repo.handlesIn(db, actor.id, communityId))) return
  throw AppError.forbidden('只有本社区的认证住户、工作人员和处理单位可以查看问题反馈')
}

export async function createProblem(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof createProblemSchema>,
  urls: UploadUrls,
): Promise<ProblemDetailDto> {
  requireMembership(actor, input.communityId)
  const row = await repo.insertProblem(db, problemViewer(actor), Object.assign({}, input, { now: clock.now() }))
  if (!row) {
    throw AppError.validation([{ path: ['buildingId'], message: '楼栋不属于这个社区' }], '请选择本社区的楼栋')
  }
  return toDetail(actor, row, urls)
}

export async function listProblems(
  db: Db,
  clock: Clock,
  actor: Actor,
  query: z.output<typeof problemListQuerySchema>,
): Promise<Page<ProblemSummaryDto>> {
  const communityId = query.communityId ?? null
  if (!query.mine && !query.escalated) {
    if (!communityId) {
      throw AppError.validation([{ path: ['communityId'], message: '请指定社区' }], '请先选择社区')
    }
    await assertReader(db, actor, communityId)
  }
  if (query.escalated && actor.staffCommunityIds.length === 0 && actor.role !== 'admin') {
    throw AppError.forbidden('只有社区和街道工作人员可以查看上报的问题')
  }
  const filter: repo.ProblemFilter = {
    communityId,
    status: query.status ?? null,
    reporterId: query.mine ? actor.id : null,
    escalated: query.escalated ?? false,
    limit: query.limit,
    before: decodeCursor(query.cursor, 'time'),
  }
  const rows = await repo.listProblems(db, problemViewer(actor), filter, clock.now())
  return toPage(rows, query.limit, toSummary, (r) => [r.created_at.toISOString(), r.id])
}

export async function handlerQueue(
  db: Db,
  clock: Clock,
  actor: Actor,
  query: { limit: number; cursor?: string },
): Promise<Page<ProblemSummaryDto>> {
  // Someone who handles for no organisation has no queue: told so, not shown an empty list.
  if (actor.handlerOrgIds.length === 0)
    throw AppError.forbidden('只有处理单位的工作人员有办理队列，请先接受处理单位的邀请')
  const rows = await repo.listHandlerQueue(
    db,
    problemViewer(actor),
    { limit: query.limit, after: decodeCursor(query.cursor, 'time') },
    clock.now(),
  )
  // Every row of the queue has a due time (assigned, in progress, or reopened after a resolution).
  return toPage(rows, query.limit, toSummary, (r) => [r.due_at!.toISOString(), r.id])
}

export async function getProblem(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  urls: UploadUrls,
): Promise<ProblemDetailDto> {
  const row = await repo.findProblemForViewer(db, id, problemViewer(actor), clock.now())
  if (!row) throw AppError.notFound(NOT_FOUND)
  return toDetail(actor, row, urls)
}

export async function listProblemEvents(db: Db, actor: Actor, id: string): Promise<ProblemEventDto[]> {
  const rows = await repo.listProblemEvents(db, id, problemViewer(actor))
  if (!rows) throw AppError.notFound(NOT_FOUND)
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    actorRole: r.actor_role,
    actorName: r.actor_name,
    note: r.note,
    createdAt: r.created_at.toISOString(),
  }))
}

/** The 409 each transition answers when the problem is not in a status it starts from. */
const WRONG_STATE: Record<ProblemTransition, string> = {
  assign: 'PROBLEM_NOT_ASSIGNABLE',
  accept: 'PROBLEM_NOT_ASSIGNED',
  return: 'PROBLEM_NOT_ASSIGNED',
  resolve: 'PROBLEM_NOT_IN_PROGRESS',
  rate: 'PROBLEM_NOT_RESOLVED',
  reopen: 'PROBLEM_NOT_RESOLVED',
  escalate: 'PROBLEM_NOT_OPEN',
}

/** Why the viewer may not, in words they can act on. */
const NOT_YOURS: Record<ProblemTransition, string> = {
  assign: '只有本社区的工作人员可以分派问题',
  accept: '只有被分派的处理单位可以接单',
  return: '只有被分派的处理单位可以退回',
  resolve: '只有接单的工作人员或社区工作人员可以办结',
  rate: '只有反映问题的居民可以评价',
  reopen: '只有反映问题的居民可以评价',
  escalate: '只有本社区的工作人员可以上报街道',
}

export type TransitionRequest<T extends ProblemTransition> = { note?: string | null } & TransitionInputs[T]

/**
 * Moves a problem along the shared table of transitions in one statement; a failure is diagnosed afterwards only to
 * say why: 404 for whom it is hidden, 403 for whom it is never allowed, 409 when it is not the time.
 */
export async function transitionProblem<T extends ProblemTransition>(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  transition: T,
  request: TransitionRequest<T>,
  urls: UploadUrls,
): Promise<ProblemDetailDto> {
  const now = clock.now()
  const viewer = problemViewer(actor)
  const args = Object.assign({}, request, { id, now, viewer, note: request.note ?? null })
  const row = await repo.applyTransition(db, transition, args)
  if (row) return toDetail(actor, row, urls)
  const orgId = 'orgId' in request ? (request.orgId as string) : null
  const state = await repo.findProblemState(db, id, viewer, orgId)
  if (!state || !state.visible) throw AppError.notFound(NOT_FOUND)
  const spec = PROBLEM_TRANSITIONS[transition]
  if (!spec.who(viewerOf(actor, state))) throw AppError.forbidden(NOT_YOURS[transition])
  if (state.org_here === false) {
    throw AppError.validation([{ path: ['orgId'], message: '处理单位不属于这个社区' }], '请选择本社区的处理单位')
  }
  if (!(spec.from as readonly string[]).includes(state.status)) throw AppError.conflict(WRONG_STATE[transition])
  if (transition === 'escalate' && state.escalated_at) throw AppError.conflict('ALREADY_ESCALATED')
  // The row changed between the two statements: the request lost a race.
  throw AppError.conflict(WRONG_STATE[transition])
}

/** Staff assign to an organisation of the community, due by `dueAt` (default 72 h, 24 h for a safety hazard). */
export function assignProblem(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: { orgId: string; dueAt?: string },
  urls: UploadUrls,
) {
  if (input.dueAt) {
    const due = Date.parse(input.dueAt)
    const now = clock.now().getTime()
    if (due <= now) {
      throw AppError.validation([{ path: ['dueAt'], message: '办理时限要晚于现在' }], '办理时限要晚于现在')
    }
    if (due > now + MAX_DUE_DAYS * 86_400_000) {
      throw AppError.validation(
        [{ path: ['dueAt'], message: `办理时限最长${MAX_DUE_DAYS}天` }],
        `办理时限最长${MAX_DUE_DAYS}天`,
      )
    }
  }
  return transitionProblem(db, clock, actor, id, 'assign', { orgId: input.orgId, dueAt: input.dueAt ?? null }, urls)
}

/** The reporter rates: satisfied or basically satisfied closes it; unsatisfied reopens it for staff. */
export function rateProblem(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: { satisfaction: 'satisfied' | 'basically_satisfied' | 'unsatisfied'; comment?: string },
  urls: UploadUrls,
) {
  if (input.satisfaction === 'unsatisfied') {
    return transitionProblem(db, clock, actor, id, 'reopen', { comment: input.comment ?? '' }, urls)
  }
  return transitionProblem(
    db,
    clock,
    actor,
    id,
    'rate',
    { satisfaction: input.satisfaction, comment: input.comment ?? null },
    urls,
  )
}

export const sweepProblems = (db: Db, clock: Clock) => repo.sweepProblems(db, clock.now())

function assertStaffOf(actor: Actor, communityId: string) {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('这不是您负责的社区')
}

export async function listOrgs(db: Db, actor: Actor, communityId: string): Promise<OrgDto[]> {
  assertStaffOf(actor, communityId)
  return repo.listOrgs(db, communityId)
}

const round = (n: number | null, digits: number) => (n === null ? null : Number(Number(n).toFixed(digits)))

export async function problemStats(
  db: Db,
  actor: Actor,
  communityId: string,
  query: z.output<typeof problemStatsQuerySchema>,
): Promise<ProblemStatsDto> {
  await assertReader(db, actor, communityId)
  const row = await repo.problemStats(db, { communityId, from: query.from, to: query.to })
  if (!row) throw AppError.notFound('没有找到这个社区')
  return {
    communityId,
    from: query.from,
    to: query.to,
    received: row.received,
    resolved: row.resolved,
    onTimeRate: round(row.on_time_rate, 4),
    satisfactionRate: round(row.satisfaction_rate, 4),
    medianHoursToResolve: round(row.median_hours, 1),
    byOrg: row.by_org.map((o) => ({
      orgId: o.org_id,
      name: o.name,
      kind: o.kind,
      assigned: o.assigned,
      resolved: o.resolved,
      onTimeRate: round(o.on_time_rate, 4),
      satisfactionRate: round(o.satisfaction_rate, 4),
    })),
  }
}

const CSV_HEADER = [
  '编号',
  '提交时间',
  '类别',
  '问题描述',
  '位置',
  '楼栋',
  '状态',
  '处理单位',
  '办理时限',
  '办结时间',
  '按时办结',
  '居民评价',
  '上报街道',
] as const

/** Names a file may carry on every desktop: the characters Windows refuses replaced. */
const fileSafe = (name: string) => name.replace(/[\\/:*?"<>|]/g, '_')

export async function exportProblemsCsv(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  query: z.output<typeof problemStatsQuerySchema>,
) {
  assertStaffOf(actor, communityId)
  const found = await repo.exportProblems(db, sqlViewer(actor), {
    communityId,
    from: query.from,
    to: query.to,
    now: clock.now(),
  })
  if (!found) throw AppError.notFound('没有找到这个社区')
  const rows = found.rows.map((r) => [
    r.id,
    r.created,
    PROBLEM_CATEGORY_LABELS[r.category],
    r.description,
    r.location,
    r.building,
    PROBLEM_STATUS_LABELS[r.status],
    r.org,
    r.due,
    r.resolved,
    r.on_time === null ? null : r.on_time ? '是' : '否',
    r.satisfaction ? SATISFACTION_LABELS[r.satisfaction] : null,
    r.escalated ? '是' : '否',
  ])
  return {
    filename: fileSafe(`问题反馈_${found.community_name}_${query.from}至${query.to}.csv`),
    asciiFilename: `problems_${query.from}_${query.to}.csv`,
    body: toCsv(CSV_HEADER, rows),
  }
}
