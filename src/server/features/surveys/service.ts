import type * as z from 'zod'
import type { Page } from '../../../shared/api'
import {
  surveyStatus,
  type SurveyDetailDto,
  type SurveyResultsDto,
  type SurveySummaryDto,
  type createSurveySchema,
  type surveyResponseSchema,
  type MyResponseDto,
} from '../../../shared/surveys'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import { requireMembership } from '../../auth/guards'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import { assertStartsNow } from '../../lib/windows'
import * as repo from './repo'

const SURVEY_NOT_FOUND = '没有找到这个测评，可能已被删除'

function toSummary(row: repo.SurveyRow, answered: boolean, now: Date): SurveySummaryDto {
  return {
    id: row.id,
    communityId: row.community_id,
    title: row.title,
    items: row.items.map((text) => ({ text })),
    opensAt: row.opens_at.toISOString(),
    closesAt: row.closes_at.toISOString(),
    status: surveyStatus({ opensAt: row.opens_at, closesAt: row.closes_at }, now),
    answered,
    createdAt: row.created_at.toISOString(),
  }
}

export async function createSurvey(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  input: z.output<typeof createSurveySchema>,
): Promise<SurveyDetailDto> {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('只有本社区的工作人员可以发起满意度测评')
  const now = clock.now()
  assertStartsNow(input.opensAt, now, 'opensAt', '开始时间')
  const row = await repo.insertSurvey(
    db,
    sqlViewer(actor),
    {
      communityId,
      title: input.title,
      items: input.items.map((i) => i.text),
      opensAt: input.opensAt,
      closesAt: input.closesAt,
    },
    now,
  )
  if (!row) throw AppError.notFound('没有找到这个社区')
  return { ...toSummary(row, false, now), myResponse: null }
}

export async function listSurveys(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<SurveySummaryDto>> {
  const now = clock.now()
  const rows = await repo.listSurveys(db, sqlViewer(actor), {
    communityId,
    limit: query.limit,
    before: decodeCursor(query.cursor, 'time'),
  })
  return toPage(
    rows,
    query.limit,
    (r) => toSummary(r, r.answered, now),
    (r) => [r.created_at.toISOString(), r.id],
  )
}

export async function getSurvey(db: Db, clock: Clock, actor: Actor, id: string): Promise<SurveyDetailDto> {
  const row = await repo.findSurveyFor(db, sqlViewer(actor), id)
  if (!row) throw AppError.notFound(SURVEY_NOT_FOUND)
  const mine: MyResponseDto | null =
    row.my_scores && row.my_updated_at
      ? { scores: row.my_scores, comment: row.my_comment, updatedAt: row.my_updated_at.toISOString() }
      : null
  return { ...toSummary(row, mine !== null, clock.now()), myResponse: mine }
}

/** A verified member answers while the survey is open; a second answer replaces the first. */
export async function respond(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: z.output<typeof surveyResponseSchema>,
): Promise<MyResponseDto> {
  const now = clock.now()
  const a = await repo.upsertResponse(
    db,
    sqlViewer(actor),
    id,
    { scores: input.scores, comment: input.comment || null },
    now,
  )
  if (a.scores && a.updated_at) return { scores: a.scores, comment: a.comment, updatedAt: a.updated_at.toISOString() }
  if (!a.found || !a.community_id || !a.opens_at || !a.closes_at) throw AppError.notFound(SURVEY_NOT_FOUND)
  requireMembership(actor, a.community_id)
  if (a.item_count !== input.scores.length) {
    throw AppError.validation(
      [{ path: ['scores'], message: `这个测评有${a.item_count}项，请每一项打一个分` }],
      `这个测评有${a.item_count}项，请每一项都打分后再提交`,
    )
  }
  if (now < a.opens_at) throw AppError.conflict('SURVEY_NOT_OPEN')
  throw AppError.conflict('SURVEY_CLOSED')
}

/** Results: staff of the community at any time; everyone signed in once the survey closed (评价结果公开). */
export async function getResults(db: Db, clock: Clock, actor: Actor, id: string): Promise<SurveyResultsDto> {
  const now = clock.now()
  const row = await repo.surveyResults(db, sqlViewer(actor), id)
  if (!row) throw AppError.notFound(SURVEY_NOT_FOUND)
  const status = surveyStatus({ opensAt: row.opens_at, closesAt: row.closes_at }, now)
  if (!row.staff && status !== 'closed') {
    throw AppError.forbidden('测评结束后才公布结果，请在截止时间后再来查看')
  }
  return {
    surveyId: row.id,
    title: row.title,
    status,
    final: status === 'closed',
    items: row.results.map((r) => ({ ...r, mean: r.mean === null ? null : Number(r.mean) })),
    respondents: row.respondents,
    eligible: row.eligible,
  }
}

export const notifySurveys = (db: Db, clock: Clock) => repo.notifySurveys(db, clock.now())
