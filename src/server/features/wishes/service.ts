import type { Page } from '../../../shared/api'
import {
  WISH_STATUSES,
  wishActions,
  type VolunteerHoursDto,
  type WishAction,
  type WishContactDto,
  type WishDetailDto,
  type WishEventDto,
  type WishSummaryDto,
  type createWishSchema,
  type wishListQuerySchema,
} from '../../../shared/wishes'
import type * as z from 'zod'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import { requireMembership } from '../../auth/guards'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { recordAudit } from '../../lib/audit'
import { AppError } from '../../lib/errors'
import type { UploadUrls } from '../uploads/urls'
import { actingFor } from '../proxy/service'
import * as repo from './repo'
import { TRANSITIONS, type TransitionInputs, type WishRow, type WishTransition } from './repo'

function viewerOf(actor: Actor, row: Pick<WishRow, 'owner_id' | 'viewer_is_member' | 'community_id' | 'status'>) {
  return {
    isOwner: row.owner_id === actor.id,
    // The claimer, or a member of the wish's team (帮帮团).
    isClaimer: row.viewer_is_member && (row.status === 'claimed' || row.status === 'fulfilled'),
    isStaff: staffCan(actor, row.community_id),
    isVolunteerHere: actor.volunteerStatus === 'active' && actor.me.volunteer?.communityId === row.community_id,
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null

function toSummary(row: WishRow): WishSummaryDto {
  return {
    id: row.id,
    communityId: row.community_id,
    title: row.title,
    category: row.category,
    status: row.status,
    ownerName: row.owner_name,
    teamSize: row.team_size,
    teamCount: row.team_count,
    createdAt: row.created_at.toISOString(),
  }
}

/**
 * Whom the viewer calls to reach the other side of a claim: the owner (and staff) the volunteer; the claimer (and
 * staff) the owner, or the community when the owner left no phone. The statement gave the phones only to them.
 */
function contactsOf(viewer: { isOwner: boolean; isClaimer: boolean }, row: WishRow, actorId: string): WishContactDto[] {
  const contacts: WishContactDto[] = []
  // The statement names the community only to those it lets reach the claim, and only while it can be reached.
  if (row.community_name === null) return contacts
  if (row.team_size > 1) {
    // 帮帮团: everyone who reaches the claim reaches each member of the team, as the single claimer's today.
    for (const m of row.team) {
      if (m.volunteer_id !== actorId && m.phone) {
        contacts.push({ kind: 'volunteer', name: m.real_name ?? m.name, phone: m.phone })
      }
    }
  } else if (!viewer.isClaimer && row.claimer_phone) {
    contacts.push({ kind: 'volunteer', name: row.claimer_real_name ?? '', phone: row.claimer_phone })
  }
  if (viewer.isOwner) return contacts
  const ownerPhone = row.contact_phone ?? row.owner_registered_phone
  if (ownerPhone) contacts.push({ kind: 'resident', name: row.owner_name, phone: ownerPhone })
  else if (viewer.isClaimer && row.community_phone) {
    contacts.push({ kind: 'community', name: row.community_name, phone: row.community_phone })
  }
  return contacts
}

function toDetail(actor: Actor, row: WishRow, urls: UploadUrls): WishDetailDto {
  const { isVolunteerHere, ...viewer } = viewerOf(actor, row)
  const seesPrivate = viewer.isOwner || viewer.isClaimer || viewer.isStaff
  return Object.assign(toSummary(row), {
    description: row.description,
    address: seesPrivate ? row.address : null,
    contactPhone: seesPrivate ? row.contact_phone : null,
    claimerName: row.claimer_name,
    contacts: contactsOf(viewer, row, actor.id),
    team: row.team.map((m) => ({ volunteerId: m.volunteer_id, name: m.name, isMe: m.volunteer_id === actor.id })),
    claimedAt: iso(row.claimed_at),
    rejectReason: row.reject_reason,
    fulfilNote: row.fulfil_note,
    hours: row.hours === null ? null : Number(row.hours),
    rating: row.rating,
    thanks: row.thanks,
    completedAt: iso(row.completed_at),
    // Signed for whoever was shown the wish: the statement showed it only to those who may see it.
    photos: row.photos.map((p) => ({ id: p.id, url: urls.url(p.id), width: p.width, height: p.height })),
    viewer,
    actions: wishActions(row.status, { isVolunteerHere, ...viewer }, { size: row.team_size, count: row.team_count }),
  })
}

export async function createWish(
  db: Db,
  clock: Clock,
  actor: Actor,
  input: z.output<typeof createWishSchema>,
  urls: UploadUrls,
): Promise<WishDetailDto> {
  if (input.onBehalfOf) return createWishFor(db, clock, actor, input.onBehalfOf, input, urls)
  if (!actor.communityId) throw AppError.conflict('COMMUNITY_REQUIRED')
  // A wish asks the community for help: only its verified members post one (staff too, for themselves).
  requireMembership(actor, actor.communityId)
  const row = await repo.insertWish(
    db,
    sqlViewer(actor),
    Object.assign({}, input, {
      communityId: actor.communityId,
      ownerId: actor.id,
      ownerRole: actor.role,
      now: clock.now(),
    }),
  )
  return toDetail(actor, row, urls)
}

/**
 * 代办: staff post a wish for a resident of a community they staff. The wish is the resident's, in their community,
 * under their limits (the live-wish counter is the owner's); the staff member is recorded as the one who acted, on
 * the wish and its first event, and in the audit log.
 */
async function createWishFor(
  db: Db,
  clock: Clock,
  actor: Actor,
  residentId: string,
  input: z.output<typeof createWishSchema>,
  urls: UploadUrls,
): Promise<WishDetailDto> {
  const communityId = await actingFor(db, actor, residentId)
  const { onBehalfOf: _, ...wish } = input
  return db.tx(async (q) => {
    const row = await repo.insertWish(
      q,
      sqlViewer(actor),
      Object.assign({}, wish, {
        communityId,
        ownerId: residentId,
        ownerRole: 'resident',
        actedBy: actor.id,
        now: clock.now(),
      }),
    )
    await recordAudit(q, actor, {
      action: 'wish.created_for',
      entityType: 'wish',
      entityId: row.id,
      communityId,
      after: { ownerId: residentId, title: row.title },
    })
    return toDetail(actor, row, urls)
  })
}

export async function listWishes(
  db: Db,
  clock: Clock,
  actor: Actor,
  query: z.output<typeof wishListQuerySchema>,
): Promise<Page<WishSummaryDto>> {
  const communityId = query.mine ? (query.communityId ?? null) : (query.communityId ?? actor.communityId)
  if (!query.mine && !communityId) throw AppError.conflict('COMMUNITY_REQUIRED')
  const filter: repo.WishFilter = {
    communityId,
    status: query.status ?? null,
    category: query.category ?? null,
    ownerId: query.mine === 'owner' ? actor.id : null,
    claimerId: query.mine === 'claimer' ? actor.id : null,
    limit: query.limit,
    before: decodeCursor(query.cursor, 'time'),
  }
  const rows = await readFresh(db, clock, (now) => repo.listWishes(db, sqlViewer(actor), filter, now))
  return toPage(rows, query.limit, toSummary, (r) => [r.created_at.toISOString(), r.id])
}

export async function getWish(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  urls: UploadUrls,
): Promise<WishDetailDto> {
  const [row] = await readFresh(db, clock, async (now) => {
    const found = await repo.findWishForViewer(db, id, sqlViewer(actor), now)
    return found ? [found] : []
  })
  if (!row) throw AppError.notFound('没有找到这个心愿，可能已被删除')
  return toDetail(actor, row, urls)
}

/**
 * Reads, and when something read is past its claim timeout or expiry, applies the timeout and reads again:
 * one round trip in the common case, and nobody ever sees a claim that should have lapsed.
 */
async function readFresh(db: Db, clock: Clock, read: (now: Date) => Promise<WishRow[]>): Promise<WishRow[]> {
  const now = clock.now()
  const rows = await read(now)
  const overdue = rows.filter((r) => r.overdue).map((r) => r.id)
  if (overdue.length === 0) return rows
  await repo.expireOverdue(db, now, overdue)
  return read(now)
}

export const expireOverdue = (db: Db, clock: Clock) => repo.expireOverdue(db, clock.now(), null)

/** The 409 each transition answers when the wish is not in a status it starts from. */
const WRONG_STATE: Record<WishTransition, string> = {
  approve: 'WISH_NOT_PENDING',
  reject: 'WISH_NOT_PENDING',
  claim: 'WISH_NOT_OPEN',
  release: 'WISH_NOT_CLAIMED',
  fulfil: 'WISH_NOT_CLAIMED',
  confirm: 'WISH_NOT_FULFILLED',
  dispute: 'WISH_NOT_FULFILLED',
  cancel: 'WISH_NOT_CANCELLABLE',
}

/** Which of the viewer's actions each transition is, to tell "not allowed for you" from "not now". */
const ACTION_OF: Record<WishTransition, WishAction> = {
  approve: 'review',
  reject: 'review',
  claim: 'claim',
  release: 'release',
  fulfil: 'fulfil',
  confirm: 'confirm',
  dispute: 'dispute',
  cancel: 'cancel',
}

/** What a request gives a transition: a note for the timeline, if any, and the transition's own input. */
export type TransitionRequest<T extends WishTransition> = { note?: string | null } & TransitionInputs[T]

/**
 * Moves a wish along its state machine in one statement: the status and who may make the change are conditions of
 * the UPDATE, so of any number of concurrent attempts exactly the allowed ones succeed. A failure is diagnosed
 * afterwards only to say why.
 */
export async function transitionWish<T extends WishTransition>(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  transition: T,
  request: TransitionRequest<T>,
  urls: UploadUrls,
): Promise<WishDetailDto> {
  const now = clock.now()
  if (transition === 'confirm' && (request as TransitionRequest<'confirm'>).rating === null) {
    await requireOwnersRating(db, actor, id, now)
  }
  const args = Object.assign({}, request, { id, now, viewer: sqlViewer(actor), note: request.note ?? null })
  const attempt = () => repo.applyTransition(db, transition, args)
  const row = await attempt()
  if (row) return toDetail(actor, row, urls)
  let state = await repo.findWishState(db, id, now, actor.id)
  if (state?.overdue) {
    // The claim lapsed (or the wish expired) before anyone looked: apply that first, then try once more.
    await repo.expireOverdue(db, now, [id])
    const retried = await attempt()
    if (retried) return toDetail(actor, retried, urls)
    state = await repo.findWishState(db, id, now, actor.id)
  }
  throw whyNot(actor, state, transition)
}

/**
 * A confirmation without stars: staff's, for the owner, who record none (issue #21). The owner rates their own
 * wish's help (400 otherwise), and so does anyone the wish is unknown to, as the missing field is the first error.
 */
async function requireOwnersRating(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  const state = await repo.findWishState(db, id, now, actor.id)
  if (!state || state.owner_id === actor.id) {
    throw AppError.validation([{ path: ['rating'], message: '请给志愿者打1-5星' }], '请给志愿者打分后再确认完成')
  }
}

function whyNot(actor: Actor, state: repo.WishState | null, transition: WishTransition): AppError {
  const viewer = state ? viewerOf(actor, state) : null
  if (!state || !viewer || (HIDDEN_FROM_OTHERS.includes(state.status) && !viewer.isOwner && !viewer.isStaff)) {
    return AppError.notFound('没有找到这个心愿，可能已被删除')
  }
  if (!TRANSITIONS[transition].from.includes(state.status)) return AppError.conflict(WRONG_STATE[transition])
  // The status allowed the change, so the viewer did not. If the action is theirs in some other status, the wish
  // is just not there now (409, "not now"); if it is never theirs, it is not for them (403).
  const action = ACTION_OF[transition]
  if (WISH_STATUSES.some((status) => wishActions(status, viewer).includes(action))) {
    return AppError.conflict(WRONG_STATE[transition])
  }
  if (transition === 'claim') {
    return AppError.forbidden(
      viewer.isOwner ? '不能认领自己的心愿' : '只有本社区通过审核的志愿者才能认领，请先在"我的"里申请成为志愿者',
    )
  }
  return AppError.forbidden()
}

/** Wishes waiting for review or rejected exist only for their owner and staff. */
const HIDDEN_FROM_OTHERS: readonly string[] = ['pending_review', 'rejected']

export async function listWishEvents(db: Db, clock: Clock, actor: Actor, id: string): Promise<WishEventDto[]> {
  const rows = await repo.listWishEvents(db, id, sqlViewer(actor))
  if (rows.length === 0) {
    const state = await repo.findWishState(db, id, clock.now())
    const hidden = !state || (HIDDEN_FROM_OTHERS.includes(state.status) && state.owner_id !== actor.id)
    throw hidden
      ? AppError.notFound('没有找到这个心愿，可能已被删除')
      : AppError.forbidden('只有心愿的发布者、认领的志愿者和社区工作人员可以查看进展')
  }
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    actorRole: r.actor_role,
    actorName: r.actor_name,
    actedByName: r.acted_by_name,
    note: r.note,
    createdAt: r.created_at.toISOString(),
  }))
}

export async function listVolunteerHours(
  db: Db,
  actor: Actor,
  query: { limit: number; cursor?: string },
): Promise<VolunteerHoursDto> {
  const before = decodeCursor(query.cursor, 'time')
  const { total, rows } = await repo.listVolunteerHours(db, actor.id, { limit: query.limit, before })
  const page = toPage(
    rows,
    query.limit,
    (r) => ({
      id: r.id,
      wishId: r.wish_id,
      activityId: r.activity_id,
      title: r.title,
      communityId: r.community_id,
      hours: Number(r.hours),
      confirmedAt: r.confirmed_at.toISOString(),
      confirmedByStaff: r.by_staff,
    }),
    (r) => [r.confirmed_at.toISOString(), r.id],
  )
  return { totalHours: total, ...page }
}
