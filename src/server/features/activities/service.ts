import type * as z from 'zod'
import {
  activityActions,
  type ActivityCheckInResultDto,
  type ActivityDetailDto,
  type ActivitySummaryDto,
  type CommunityPartyServiceDto,
  type PartyServiceDto,
  type activityListQuerySchema,
  type createActivitySchema,
} from '../../../shared/activities'
import type { Page } from '../../../shared/api'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import { REMINDER_HOURS } from '../../lib/outbox'
import * as repo from './repo'

const NOT_FOUND = '没有找到这个活动，可能已被删除'

const seatsLeft = (row: Pick<repo.ActivityRow, 'capacity' | 'seats_taken'>) =>
  row.capacity === null ? null : Math.max(0, row.capacity - row.seats_taken)

function toSummary(row: repo.ActivityRow): ActivitySummaryDto {
  return {
    id: row.id,
    communityId: row.community_id,
    title: row.title,
    location: row.location,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    signupClosesAt: row.signup_closes_at.toISOString(),
    capacity: row.capacity,
    seatsTaken: row.seats_taken,
    seatsLeft: seatsLeft(row),
    postsLeft: row.posts_left,
    status: row.status,
  }
}

function toDetail(actor: Actor, row: repo.ActivityRow, now: Date): ActivityDetailDto {
  const viewer = {
    isStaff: row.is_staff ?? staffCan(actor, row.community_id),
    isResidentHere: actor.communityId === row.community_id,
    isVolunteerHere: actor.volunteerStatus === 'active' && actor.me.volunteer?.communityId === row.community_id,
  }
  const posts = (row.posts ?? []).map((p) => ({
    id: p.id,
    name: p.name,
    count: p.count,
    hours: Number(p.hours),
    taken: p.taken,
    left: p.count - p.taken,
    mine: p.holders.some((h) => h.volunteer_id === actor.id),
    holders: p.holders.map((h) => ({ volunteerId: h.volunteer_id, name: h.name, absent: h.absent })),
  }))
  const signup = row.my_signup ?? null
  return Object.assign(toSummary(row), {
    description: row.description,
    posts,
    mySignup: signup && {
      id: signup.id,
      partySize: signup.party_size,
      code: signup.code,
      status: signup.status,
      createdAt: new Date(signup.created_at).toISOString(),
    },
    completedAt: row.completed_at?.toISOString() ?? null,
    viewer,
    actions: activityActions({
      status: row.status,
      now: now.getTime(),
      startsAt: row.starts_at.getTime(),
      endsAt: row.ends_at.getTime(),
      signupClosesAt: row.signup_closes_at.getTime(),
      ...viewer,
      hasSignup: signup !== null,
      holdsPost: row.holds_post ?? false,
      seatsLeft: seatsLeft(row),
      postsLeft: row.posts_left,
    }),
  })
}

export async function createActivity(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof createActivitySchema>,
): Promise<ActivityDetailDto> {
  const now = clock.now()
  if (Date.parse(input.signupClosesAt) <= now.getTime()) {
    throw AppError.validation(
      [{ path: ['signupClosesAt'], message: '报名截止时间要晚于现在' }],
      '报名截止时间要晚于现在，请重新选择',
    )
  }
  const row = await repo.insertActivity(
    db,
    sqlViewer(actor),
    Object.assign({}, input, { capacity: input.capacity ?? null }),
    now,
  )
  if (!row) throw AppError.forbidden('只能在您负责的社区发布活动')
  return toDetail(actor, row, now)
}

export async function listActivities(
  db: Db,
  clock: Clock,
  actor: Actor,
  query: z.output<typeof activityListQuerySchema>,
): Promise<Page<ActivitySummaryDto>> {
  const communityId = query.communityId ?? actor.communityId
  if (!communityId) throw AppError.conflict('COMMUNITY_REQUIRED')
  const rows = await repo.listActivities(
    db,
    { communityId, when: query.when, limit: query.limit, after: decodeCursor(query.cursor, 'time') },
    clock.now(),
  )
  return toPage(rows, query.limit, toSummary, (r) => [r.starts_at.toISOString(), r.id])
}

export async function getActivity(db: Db, clock: Clock, actor: Actor, id: string): Promise<ActivityDetailDto> {
  const row = await repo.findActivity(db, sqlViewer(actor), id)
  if (!row) throw AppError.notFound(NOT_FOUND)
  return toDetail(actor, row, clock.now())
}

async function reread(db: Db, clock: Clock, actor: Actor, id: string) {
  return getActivity(db, clock, actor, id)
}

export async function signUp(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  partySize: number,
): Promise<ActivityDetailDto> {
  const now = clock.now()
  const made = await repo.insertSignup(db, { activityId: id, userId: actor.id, partySize, now })
  if (made) return reread(db, clock, actor, id)
  const state = await repo.findActivityState(db, id)
  if (!state) throw AppError.notFound(NOT_FOUND)
  if (actor.communityId !== state.community_id) throw AppError.forbidden('只有本社区的居民可以报名这个活动')
  if (state.status !== 'published') throw AppError.conflict('ACTIVITY_NOT_OPEN')
  if (state.signup_closes_at <= now) throw AppError.conflict('SIGNUP_CLOSED')
  throw AppError.conflict('ACTIVITY_FULL')
}

export async function cancelSignup(db: Db, clock: Clock, actor: Actor, id: string): Promise<ActivityDetailDto> {
  const now = clock.now()
  if (await repo.cancelSignup(db, { activityId: id, userId: actor.id, now })) return reread(db, clock, actor, id)
  const state = await repo.findActivityState(db, id)
  if (!state) throw AppError.notFound(NOT_FOUND)
  if (!(await repo.hasLiveSignup(db, id, actor.id))) throw AppError.conflict('SIGNUP_NOT_ACTIVE')
  if (state.status !== 'published') throw AppError.conflict('ACTIVITY_NOT_OPEN')
  throw AppError.conflict('SIGNUP_CLOSED')
}

export async function checkIn(db: Db, clock: Clock, actor: Actor, code: string): Promise<ActivityCheckInResultDto> {
  const row = await repo.checkIn(db, sqlViewer(actor), code, clock.now())
  // A code of another community's activity is answered as unknown, so codes cannot be probed.
  if (!row || !row.manages) throw AppError.notFound('没有找到这个签到码，请核对后重新输入')
  if (row.status === 'cancelled') throw AppError.conflict('SIGNUP_CANCELLED')
  if (row.status === 'signed_up') throw AppError.conflict('ACTIVITY_NOT_OPEN')
  return {
    signupId: row.signup_id,
    activityId: row.activity_id,
    activityTitle: row.activity_title,
    name: row.name,
    partySize: row.party_size,
    status: row.status,
    checkedInAt: row.checked_in_at ? new Date(row.checked_in_at).toISOString() : null,
  }
}

export async function claimPost(
  db: Db,
  clock: Clock,
  actor: Actor,
  activityId: string,
  postId: string,
): Promise<ActivityDetailDto> {
  const now = clock.now()
  if (await repo.claimPost(db, { activityId, postId, volunteerId: actor.id, now })) {
    return reread(db, clock, actor, activityId)
  }
  const [state, post] = await Promise.all([
    repo.findActivityState(db, activityId),
    repo.findPostState(db, activityId, postId, actor.id),
  ])
  if (!state || !post) throw AppError.notFound('没有找到这个岗位，可能已被删除')
  if (actor.me.volunteer?.communityId !== state.community_id) {
    throw AppError.forbidden('只有本社区通过审核的志愿者才能认领岗位')
  }
  if (state.status !== 'published' || state.starts_at <= now) throw AppError.conflict('POST_CLOSED')
  if (post.holds || post.holds_other) throw AppError.conflict('ALREADY_HOLDS_POST')
  throw AppError.conflict('POST_FULL')
}

export async function releasePost(
  db: Db,
  clock: Clock,
  actor: Actor,
  activityId: string,
  postId: string,
): Promise<ActivityDetailDto> {
  const now = clock.now()
  if (await repo.releasePost(db, { activityId, postId, volunteerId: actor.id, now })) {
    return reread(db, clock, actor, activityId)
  }
  const post = await repo.findPostState(db, activityId, postId, actor.id)
  if (!post) throw AppError.notFound('没有找到这个岗位，可能已被删除')
  if (!post.holds) throw AppError.conflict('POST_NOT_HELD')
  throw AppError.conflict('POST_CLOSED')
}

/**
 * Completes the activity once: a retry (or a second member of staff at the same time) gets the activity as it is,
 * and no second hour record.
 */
export async function completeActivity(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  absentVolunteerIds: string[],
): Promise<ActivityDetailDto> {
  const now = clock.now()
  const result = await repo.completeActivity(db, sqlViewer(actor), { id, absent: absentVolunteerIds, now })
  if (result.completed) return reread(db, clock, actor, id)
  const state = await repo.findActivityState(db, id)
  if (!state) throw AppError.notFound(NOT_FOUND)
  if (!staffCan(actor, state.community_id)) throw AppError.forbidden()
  if (state.status === 'completed') return reread(db, clock, actor, id)
  if (state.status !== 'published') throw AppError.conflict('ACTIVITY_NOT_OPEN')
  throw AppError.conflict('ACTIVITY_NOT_STARTED')
}

export const writeReminders = (db: Db, clock: Clock) => repo.writeActivityReminders(db, clock.now(), REMINDER_HOURS)

const shanghaiYear = (now: Date) => Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 4))

function toService(row: repo.PartyServiceRow) {
  const wishHours = Number(row.wish_hours)
  const postHours = Number(row.post_hours)
  return {
    wishes: row.wishes,
    wishHours,
    posts: row.posts,
    postHours,
    activities: row.activities,
    totalHours: wishHours + postHours,
  }
}

export async function myPartyService(
  db: Db,
  clock: Clock,
  actor: Actor,
  year: number | undefined,
): Promise<PartyServiceDto> {
  const y = year ?? shanghaiYear(clock.now())
  const row = await repo.findPartyService(db, actor.id, y)
  return { year: y, isPartyMember: row.is_party_member, ...toService(row) }
}

export async function communityPartyService(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  year: number | undefined,
): Promise<CommunityPartyServiceDto> {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('只能查看您负责的社区')
  const y = year ?? shanghaiYear(clock.now())
  const rows = await repo.listCommunityPartyService(db, communityId, y)
  const members = rows.map((r) => ({ userId: r.user_id, name: r.name, ...toService(r) }))
  const participating = members.filter((m) => m.wishes + m.posts + m.activities > 0).length
  return {
    year: y,
    partyMembers: members.length,
    participating,
    rate: members.length === 0 ? 0 : Math.round((participating / members.length) * 1000) / 1000,
    members,
  }
}
