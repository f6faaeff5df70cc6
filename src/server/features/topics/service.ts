import type * as z from 'zod'
import type { Page } from '../../../shared/api'
import type {
  BallotResultDto,
  CommentDto,
  CommentThreadDto,
  ReportedCommentDto,
  TopicAction,
  TopicBuildingDto,
  TopicDetailDto,
  TopicEventDto,
  TopicPhase,
  TopicResultsDto,
  TopicSummaryDto,
  createCommentSchema,
  createTopicSchema,
  reportedCommentsQuerySchema,
  reviewTopicSchema,
  topicListQuerySchema,
  VoteRefusal,
} from '../../../shared/topics'
import { VOTE_REFUSAL_LABELS } from '../../../shared/topics'
import { isVerifiedMember, sqlViewer, staffCan, type Actor } from '../../auth/actor'
import { requireMembership } from '../../auth/guards'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import * as repo from './repo'

const TOPIC_NOT_FOUND = '没有找到这个议题，可能已被删除或不属于您的社区'
const COMMENT_NOT_FOUND = '没有找到这条评论，可能已被删除'

const iso = (d: Date | null) => d?.toISOString() ?? null

/** Where an open or closed topic is for residents; null before it opens. */
function phaseOf(
  row: Pick<repo.TopicRow, 'status' | 'voting_opens_at' | 'voting_closes_at'>,
  now: Date,
): TopicPhase | null {
  if (row.status === 'closed') return 'ended'
  if (row.status !== 'open') return null
  if (now < row.voting_opens_at!) return 'collecting'
  return now < row.voting_closes_at! ? 'voting' : 'ended'
}

function toSummary(actor: Actor, row: repo.TopicRow, now: Date): TopicSummaryDto {
  return {
    id: row.id,
    communityId: row.community_id,
    title: row.title,
    status: row.status,
    phase: phaseOf(row, now),
    authorName: row.author_name,
    votingOpensAt: iso(row.voting_opens_at),
    votingClosesAt: iso(row.voting_closes_at),
    ballots: row.ballots,
    comments: row.comments,
    turnout: row.eligible > 0 ? row.ballots / row.eligible : 0,
    progress: row.progress,
    closedAt: iso(row.closed_at),
    mine: row.author_id === actor.id,
    createdAt: row.created_at.toISOString(),
  }
}

/** What the viewer may do with the topic now; the server enforces each in SQL, this only decides the buttons. */
function actionsOf(actor: Actor, row: repo.TopicDetailRow, now: Date): TopicAction[] {
  const staff = staffCan(actor, row.community_id)
  const member = isVerifiedMember(actor, row.community_id)
  const actions: TopicAction[] = []
  if (row.status === 'pending_review' && staff) actions.push('review')
  const refused = row.vote_refusal !== null
  if (row.status === 'open' && member && !refused && phaseOf(row, now) === 'voting') actions.push('vote')
  if (row.status === 'open' && (member || staff)) actions.push('comment')
  if (row.status === 'open' && staff) actions.push('close')
  if (row.status === 'closed' && staff) actions.push(row.outcome_summary === null ? 'outcome' : 'update')
  return actions
}

function toDetail(actor: Actor, row: repo.TopicDetailRow, now: Date): TopicDetailDto {
  return Object.assign(toSummary(actor, row, now), {
    body: row.body,
    rejectReason: row.reject_reason,
    options: row.options,
    maxChoices: row.max_choices,
    resultsVisibility: row.results_visibility,
    myChoices: row.my_choices,
    outcome: row.outcome_summary ? { summary: row.outcome_summary, publishedAt: row.outcome_at!.toISOString() } : null,
    ballotRule: row.ballot_rule,
    passRule: row.pass_rule,
    approveOptionIndex: row.approve_option_index,
    eligibleBuildings: row.eligible_buildings,
    voteRefusal: row.vote_refusal,
    updates: row.updates.map((u) => ({
      note: u.note,
      progress: u.progress,
      createdAt: new Date(u.created_at).toISOString(),
    })),
    actions: actionsOf(actor, row, now),
    myRating: row.my_rating,
    mayRate: row.outcome_summary !== null && row.took_part && row.my_rating === null,
  })
}

/** The voting window, checked before any SQL so the message can say what is wrong. */
function checkOpening(
  opening: { votingOpensAt: string; votingClosesAt: string } | undefined,
  now: Date,
  path: string[] = [],
) {
  if (opening && Date.parse(opening.votingClosesAt) <= now.getTime()) {
    throw AppError.validation(
      [{ path: [...path, 'votingClosesAt'], message: '投票截止时间要晚于现在' }],
      '投票截止时间要晚于现在',
    )
  }
}

export async function createTopic(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof createTopicSchema>,
): Promise<TopicDetailDto> {
  const staff = staffCan(actor, input.communityId)
  // Staff propose in office; anyone else only as a verified member of the community.
  if (!staff) requireMembership(actor, input.communityId)
  if (input.opening && !staff) throw AppError.forbidden('议题需要社区工作人员审核后才能公开')
  const now = clock.now()
  checkOpening(input.opening, now, ['opening'])
  const row = await repo.insertTopic(db, sqlViewer(actor), input, now)
  // Residents and staff propose only in their own community, which exists: only the admin can name an unknown one.
  if (!row) throw AppError.notFound('没有找到这个社区')
  return toDetail(actor, row, now)
}

export async function listTopics(
  db: Db,
  clock: Clock,
  actor: Actor,
  query: z.output<typeof topicListQuerySchema>,
): Promise<Page<TopicSummaryDto>> {
  const communityId = query.communityId ?? actor.communityId
  if (!communityId) throw AppError.conflict('COMMUNITY_REQUIRED')
  if (communityId !== actor.communityId && !staffCan(actor, communityId)) {
    throw AppError.forbidden('只能查看您所在社区的议题')
  }
  const now = clock.now()
  const rows = await repo.listTopics(
    db,
    sqlViewer(actor),
    {
      communityId,
      status: query.status ?? null,
      phase: query.phase ?? null,
      mine: query.mine === 'true',
      limit: query.limit,
      before: decodeCursor(query.cursor, 'time'),
    },
    now,
  )
  return toPage(
    rows,
    query.limit,
    (r) => toSummary(actor, r, now),
    (r) => [r.created_at.toISOString(), r.id],
  )
}

export async function getTopic(db: Db, clock: Clock, actor: Actor, id: string): Promise<TopicDetailDto> {
  const now = clock.now()
  const row = await repo.findTopic(db, sqlViewer(actor), id)
  if (!row) throw AppError.notFound(TOPIC_NOT_FOUND)
  return toDetail(actor, row, now)
}

/** The topic exists for this viewer (else 404), and after a refused write: 403 not theirs, or 409 not now. */
async function whyNot(
  db: Db,
  actor: Actor,
  id: string,
  allowed: (state: repo.TopicState, staff: boolean, member: boolean) => AppError | null,
): Promise<AppError> {
  const state = await repo.findTopicState(db, id)
  const staff = state ? staffCan(actor, state.community_id) : false
  const member = state?.community_id === actor.communityId
  const seen =
    state &&
    (staff || (member && (state.status === 'open' || state.status === 'closed')) || state.author_id === actor.id)
  if (!state || !seen) return AppError.notFound(TOPIC_NOT_FOUND)
  return allowed(state, staff, member) ?? AppError.conflict('TOPIC_NOT_OPEN')
}

const staffOnlyHere = (staff: boolean) => (staff ? null : AppError.forbidden('只有本社区的工作人员可以进行这项操作'))

export async function reviewTopic(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: z.output<typeof reviewTopicSchema>,
): Promise<TopicDetailDto> {
  const now = clock.now()
  const decision = input.approve
    ? ({
        approve: true,
        opening: input,
        rules: {
          buildingIds: input.eligibility?.buildingIds ?? null,
          ballotRule: input.ballotRule ?? 'per_resident',
          passRule: input.passRule ?? 'none',
          approveOptionIndex: input.approveOptionIndex ?? null,
        },
      } as const)
    : ({ approve: false, reason: input.reason } as const)
  if (input.approve) checkOpening(input, now)
  const row = await repo.reviewTopic(db, sqlViewer(actor), id, decision, now)
  if (row) return toDetail(actor, row, now)
  throw await whyNot(
    db,
    actor,
    id,
    (s, staff) => staffOnlyHere(staff) ?? conflictUnless(s.status === 'pending_review', 'TOPIC_NOT_PENDING'),
  )
}

const conflictUnless = (ok: boolean, code: string) => (ok ? null : AppError.conflict(code))

export async function castBallot(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  optionIds: string[],
): Promise<BallotResultDto> {
  const now = clock.now()
  const row = await repo.castBallot(db, sqlViewer(actor), id, optionIds, now)
  if (row) {
    return {
      topicId: row.topic_id,
      optionIds: row.option_ids,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    }
  }
  const refusal = await repo.findVoteRefusal(db, sqlViewer(actor), id)
  throw await whyNot(db, actor, id, (s) => {
    // topic_voter says 'membership' to anyone not a verified member of the topic's community, on every topic.
    if (refusal === 'membership') return refusedVote(refusal)
    if (s.status === 'closed') return AppError.conflict('VOTING_CLOSED')
    if (s.status !== 'open') return AppError.conflict('TOPIC_NOT_OPEN')
    if (refusal) return refusedVote(refusal)
    if (now < s.voting_opens_at!) return AppError.conflict('VOTING_NOT_OPEN')
    return AppError.conflict('VOTING_CLOSED')
  })
}

/** Staff choosing who votes: the buildings of the topic's community, by name. */
export async function listTopicBuildings(db: Db, actor: Actor, id: string): Promise<TopicBuildingDto[]> {
  const rows = await repo.listTopicBuildings(db, sqlViewer(actor), id)
  if (!rows) throw await whyNot(db, actor, id, (_s, staff) => staffOnlyHere(staff))
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    households: r.households,
    areaM2: Number(r.area_m2),
    missingArea: r.missing_area,
  }))
}

/** A vote the topic's rules refuse: 403, with why in words the resident can act on. */
function refusedVote(refusal: VoteRefusal): AppError {
  if (refusal === 'membership') return new AppError('MEMBERSHIP_REQUIRED', 403)
  return new AppError('NOT_ELIGIBLE', 403, VOTE_REFUSAL_LABELS[refusal])
}

const num = (v: string | number | null) => (v === null ? 0 : Number(v))

export async function getResults(db: Db, actor: Actor, id: string): Promise<TopicResultsDto> {
  const row = await repo.findResults(db, sqlViewer(actor), id)
  if (!row) throw AppError.notFound(TOPIC_NOT_FOUND)
  const final = row.status === 'closed'
  if (!final && row.results_visibility === 'after_close' && !staffCan(actor, row.community_id)) {
    throw AppError.forbidden('这个议题的投票结果将在投票结束后公布')
  }
  const perHousehold = row.ballot_rule === 'per_household'
  return {
    topicId: row.id,
    options: row.options.map((o) => ({
      id: o.id,
      label: o.label,
      count: Number(o.count),
      ...(perHousehold ? { households: Number(o.count), areaM2: num(o.area_m2) } : {}),
    })),
    ballots: row.ballots,
    eligible: row.eligible,
    voted: row.ballots,
    turnout: row.eligible > 0 ? row.ballots / row.eligible : 0,
    ...(perHousehold
      ? {
          households: { eligible: num(row.households), voted: row.ballots },
          area: { eligible: num(row.area), voted: num(row.area_voted), missing: num(row.area_missing) },
        }
      : {}),
    ...(row.passed === null ? {} : { passed: row.passed }),
    final,
  }
}

/** A comment as the viewer may see it: a hidden one's text only for its author and staff. */
function toComment(
  actor: Actor,
  communityId: string,
  row: Omit<repo.CommentRow, 'created_at' | 'community_id'> & { created_at: Date | string },
): CommentDto {
  const mine = row.author_id === actor.id
  return {
    id: row.id,
    topicId: row.topic_id,
    parentId: row.parent_id,
    authorName: row.author_name,
    body: row.hidden && !mine && !staffCan(actor, communityId) ? null : row.body,
    hidden: row.hidden,
    mine,
    createdAt: new Date(row.created_at).toISOString(),
  }
}

export async function addComment(
  db: Db,
  clock: Clock,
  actor: Actor,
  topicId: string,
  input: z.output<typeof createCommentSchema>,
): Promise<CommentDto> {
  const row = await repo.insertComment(db, sqlViewer(actor), topicId, input, clock.now())
  if (row) return toComment(actor, row.community_id, row)
  throw await whyNot(db, actor, topicId, (s, staff) =>
    !staff && !isVerifiedMember(actor, s.community_id)
      ? new AppError('MEMBERSHIP_REQUIRED', 403)
      : conflictUnless(s.status === 'open', 'TOPIC_NOT_OPEN'),
  )
}

export async function listComments(
  db: Db,
  actor: Actor,
  topicId: string,
  page: { limit: number; cursor?: string },
): Promise<Page<CommentThreadDto>> {
  const found = await repo.listComments(db, sqlViewer(actor), topicId, {
    limit: page.limit,
    after: decodeCursor(page.cursor, 'time'),
  })
  if (!found.visible) throw AppError.notFound(TOPIC_NOT_FOUND)
  return toPage(
    found.threads,
    page.limit,
    (t) =>
      Object.assign(toComment(actor, t.community_id, t), {
        replies: t.replies.map((r) => toComment(actor, t.community_id, r)),
      }),
    (t) => [t.created_at.toISOString(), t.id],
  )
}

/** Why a comment action was refused: 404 when the viewer cannot see it, else 403 or 409. */
async function whyNotComment(
  db: Db,
  actor: Actor,
  id: string,
  decide: (c: repo.CommentState, staff: boolean, member: boolean) => AppError,
): Promise<AppError> {
  const c = await repo.findCommentState(db, id)
  const staff = c ? staffCan(actor, c.community_id) : false
  const member = c?.community_id === actor.communityId
  if (!c || (!staff && !member) || c.topic_status === 'pending_review' || c.topic_status === 'rejected') {
    return AppError.notFound(COMMENT_NOT_FOUND)
  }
  return decide(c, staff, member)
}

export async function reportComment(db: Db, clock: Clock, actor: Actor, id: string, reason: string) {
  const row = await repo.insertReport(db, sqlViewer(actor), id, reason, clock.now())
  if (row) return { commentId: row.comment_id, reported: true as const }
  throw await whyNotComment(db, actor, id, (c) => {
    if (!isVerifiedMember(actor, c.community_id)) return new AppError('MEMBERSHIP_REQUIRED', 403)
    return AppError.forbidden(c.author_id === actor.id ? '不能举报自己的评论' : undefined)
  })
}

/**
 * The staff's queue of reported comments not yet decided, most recently reported first: in the given community
 * (which the viewer must serve), else in every community the viewer serves (the admin: all).
 */
export async function listReportedComments(
  db: Db,
  actor: Actor,
  query: z.output<typeof reportedCommentsQuerySchema>,
): Promise<Page<ReportedCommentDto>> {
  if (query.communityId && !staffCan(actor, query.communityId)) {
    throw AppError.forbidden('只能查看您所服务社区的举报')
  }
  const rows = await repo.listReportedComments(db, sqlViewer(actor), {
    communityId: query.communityId ?? null,
    limit: query.limit,
    before: decodeCursor(query.cursor, 'time'),
  })
  return toPage(
    rows,
    query.limit,
    (r) =>
      Object.assign(toComment(actor, r.community_id, r), {
        topicTitle: r.topic_title,
        reports: r.report_count,
        reasons: r.reasons,
        lastReportedAt: r.last_reported_at.toISOString(),
      }),
    (r) => [r.last_reported_at.toISOString(), r.id],
  )
}

export async function moderateComment(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  hide: boolean,
  reason: string,
): Promise<CommentDto> {
  const row = await repo.moderateComment(db, sqlViewer(actor), id, hide, reason, clock.now())
  if (row) return toComment(actor, row.community_id, row)
  throw await whyNotComment(db, actor, id, (_c, staff) =>
    staff
      ? AppError.conflict(hide ? 'COMMENT_ALREADY_HIDDEN' : 'COMMENT_NOT_HIDDEN')
      : AppError.forbidden('只有本社区的工作人员可以处理评论'),
  )
}

export async function closeTopic(db: Db, clock: Clock, actor: Actor, id: string): Promise<TopicDetailDto> {
  const now = clock.now()
  const row = await repo.closeTopic(db, sqlViewer(actor), id, now)
  if (row) return toDetail(actor, row, now)
  throw await whyNot(
    db,
    actor,
    id,
    (s, staff) => staffOnlyHere(staff) ?? conflictUnless(s.status === 'open', 'TOPIC_NOT_OPEN'),
  )
}

export async function publishOutcome(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  summary: string,
): Promise<TopicDetailDto> {
  const now = clock.now()
  const row = await repo.publishOutcome(db, sqlViewer(actor), id, summary, now)
  if (row) return toDetail(actor, row, now)
  throw await whyNot(
    db,
    actor,
    id,
    (s, staff) =>
      staffOnlyHere(staff) ??
      conflictUnless(s.status === 'closed', 'TOPIC_NOT_CLOSED') ??
      AppError.conflict('OUTCOME_ALREADY_PUBLISHED'),
  )
}

export async function postUpdate(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: { note: string; progress: number },
): Promise<TopicDetailDto> {
  const now = clock.now()
  const row = await repo.postUpdate(db, sqlViewer(actor), id, input, now)
  if (row) return toDetail(actor, row, now)
  throw await whyNot(
    db,
    actor,
    id,
    (s, staff) =>
      staffOnlyHere(staff) ??
      conflictUnless(s.status === 'closed', 'TOPIC_NOT_CLOSED') ??
      AppError.conflict('OUTCOME_REQUIRED'),
  )
}

export async function listTimeline(db: Db, actor: Actor, id: string): Promise<TopicEventDto[]> {
  const rows = await repo.listTopicEvents(db, sqlViewer(actor), id)
  // Every topic has at least its proposal: none means the viewer may not see it.
  if (rows.length === 0) throw AppError.notFound(TOPIC_NOT_FOUND)
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    actorRole: r.actor_role,
    actorName: r.actor_name,
    note: r.note,
    createdAt: r.created_at.toISOString(),
  }))
}
