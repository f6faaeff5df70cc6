import type * as z from 'zod'
import type { Page } from '../../../shared/api'
import {
  OBJECTIONS_GRACE_MS,
  type createNoticeSchema,
  type NoticeDetailDto,
  type NoticeKind,
  type NoticeSummaryDto,
  type ObjectionDto,
} from '../../../shared/notices'
import { isVerifiedMember, sqlViewer, staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import type { UploadUrls } from '../uploads/urls'
import * as repo from './repo'

const NOTICE_NOT_FOUND = '没有找到这则公告，请返回公开栏刷新后再看'
const OBJECTION_NOT_FOUND = '没有找到这条意见，请返回公告刷新后再看'

const iso = (v: string | Date) => new Date(v).toISOString()

function toSummary(row: repo.NoticeSummaryRow, now: Date): NoticeSummaryDto {
  return {
    id: row.id,
    communityId: row.community_id,
    kind: row.kind,
    title: row.title,
    createdAt: iso(row.created_at),
    objectionsUntil: row.objections_until ? iso(row.objections_until) : null,
    // As the objection's INSERT decides: in the window, and not replaced by a correction.
    objectionsOpen:
      row.objections_until !== null &&
      row.superseded_by_id === null &&
      now.getTime() < new Date(row.objections_until).getTime(),
    supersedesId: row.supersedes_id,
    supersededById: row.superseded_by_id,
    readCount: row.read_count,
    objectionCount: row.objection_count,
  }
}

function toObjection(row: repo.ObjectionRow): ObjectionDto {
  return {
    id: row.id,
    noticeId: row.notice_id,
    authorName: row.author_name,
    mine: row.mine,
    body: row.body,
    createdAt: iso(row.created_at),
    reply:
      row.reply_body !== null && row.reply_at !== null ? { body: row.reply_body, createdAt: iso(row.reply_at) } : null,
  }
}

const toLinked = (l: { id: string; title: string; created_at: string } | null) =>
  l ? { id: l.id, title: l.title, createdAt: iso(l.created_at) } : null

function toDetail(row: repo.NoticeDetailRow, now: Date, urls: UploadUrls): NoticeDetailDto {
  return {
    ...toSummary(row, now),
    body: row.body,
    attachments: row.attachments.map((a) => ({
      id: a.id,
      url: urls.url(a.id),
      contentType: a.content_type,
      width: a.width,
      height: a.height,
    })),
    supersedes: toLinked(row.supersedes),
    supersededBy: toLinked(row.superseded_by),
    objections: row.objections.map(toObjection),
  }
}

/**
 * Staff of the community publish a notice; a correction names the notice it supersedes (of the same community, not
 * corrected before: the constraints decide, so two corrections at once keep one). Nothing about it changes after.
 */
export async function publishNotice(
  db: Db,
  clock: Clock,
  urls: UploadUrls,
  actor: Actor,
  communityId: string,
  input: z.output<typeof createNoticeSchema>,
): Promise<NoticeDetailDto> {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('只有本社区的工作人员可以发布公告')
  const now = clock.now()
  if (input.objectionsUntil !== undefined && Date.parse(input.objectionsUntil) <= now.getTime() - OBJECTIONS_GRACE_MS) {
    throw AppError.validation(
      [{ path: ['objectionsUntil'], message: '公示截止时间要晚于现在' }],
      '公示截止时间要晚于现在，请重新选择',
    )
  }
  // A 公示期 that ends within the grace still has to end after the notice is made (the table's CHECK).
  const objectionsUntil =
    input.objectionsUntil === undefined
      ? null
      : new Date(Math.max(Date.parse(input.objectionsUntil), now.getTime() + 1)).toISOString()
  const written = await repo.insertNotice(
    db,
    sqlViewer(actor),
    {
      communityId,
      kind: input.kind,
      title: input.title,
      body: input.body,
      attachmentIds: input.attachmentIds ?? [],
      objectionsUntil,
      supersedesId: input.supersedesId ?? null,
    },
    now,
  )
  if (!written) throw AppError.notFound('没有找到这个社区')
  return noticeFor(db, clock, urls, actor, written.id, false)
}

export async function listNotices(
  db: Db,
  clock: Clock,
  communityId: string,
  query: { limit: number; cursor?: string; kind?: NoticeKind },
): Promise<Page<NoticeSummaryDto>> {
  const now = clock.now()
  const rows = await repo.listNotices(db, {
    communityId,
    kind: query.kind ?? null,
    limit: query.limit,
    before: decodeCursor(query.cursor, 'time'),
  })
  return toPage(
    rows,
    query.limit,
    (r) => toSummary(r, now),
    (r) => [iso(r.created_at), r.id],
  )
}

/** A notice as the caller sees it; opening it (`countRead`) counts the caller's read, once per person. */
export async function noticeFor(
  db: Db,
  clock: Clock,
  urls: UploadUrls,
  actor: Actor,
  id: string,
  countRead = true,
): Promise<NoticeDetailDto> {
  const now = clock.now()
  const row = await repo.findNotice(db, sqlViewer(actor), id, now, countRead)
  if (!row) throw AppError.notFound(NOTICE_NOT_FOUND)
  return toDetail(row, now, urls)
}

/** A verified member of the notice's community objects while its 公示期 runs. */
export async function objectToNotice(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  body: string,
): Promise<ObjectionDto> {
  const row = await repo.insertObjection(db, sqlViewer(actor), id, body, clock.now())
  if (!row) throw AppError.notFound(NOTICE_NOT_FOUND)
  if (row.objection) return toObjection(row.objection)
  // Not written: the statement's conditions say why — its membership, else the window.
  if (!isVerifiedMember(actor, row.community_id)) throw new AppError('MEMBERSHIP_REQUIRED', 403)
  throw AppError.conflict('OBJECTIONS_CLOSED')
}

/** Staff of the notice's community reply to an objection, once. */
export async function replyToObjection(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  body: string,
): Promise<ObjectionDto> {
  const row = await repo.insertReply(db, sqlViewer(actor), id, body, clock.now())
  if (!row) throw AppError.notFound(OBJECTION_NOT_FOUND)
  if (!row.replied) throw AppError.forbidden('只有本社区的工作人员可以答复居民意见')
  return toObjection(row)
}
