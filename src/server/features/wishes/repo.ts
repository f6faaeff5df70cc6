import type { WishCategory, WishEventType, WishStatus } from '../../../shared/wishes'
import { CLAIM_TIMEOUT_DAYS } from '../../../shared/wishes'
import type { Queryable } from '../../db/types'

/** An open wish nobody has claimed for this long expires, so it stops counting against the owner's limit. */
export const OPEN_WISH_EXPIRY_DAYS = 30

export interface WishRow {
  id: string
  community_id: string
  owner_id: string
  title: string
  description: string
  category: WishCategory
  address: string | null
  contact_phone: string | null
  status: WishStatus
  reject_reason: string | null
  claimer_id: string | null
  claimed_at: Date | null
  fulfil_note: string | null
  hours: string | null
  rating: number | null
  thanks: string | null
  completed_at: Date | null
  created_at: Date
  owner_nickname: string
  claimer_nickname: string | null
  /** Claimed for longer than the timeout: the reader expires it and reads again. */
  overdue: boolean
}

/** Who is asking, as the SQL needs it: staff scope is a list of communities, or every one for the admin. */
export interface SqlViewer {
  id: string
  role: string
  staffCommunityIds: string[]
  isAdmin: boolean
}

/** Past the claim timeout, or open past expiry; the time is $2. */
const OVERDUE = `((w.status = 'claimed' AND w.claimed_at < $2::timestamptz - make_interval(days => ${CLAIM_TIMEOUT_DAYS}))
  OR (w.status = 'open' AND w.opened_at < $2::timestamptz - make_interval(days => ${OPEN_WISH_EXPIRY_DAYS})))`
const WISH_COLUMNS = `w.*, o.nickname AS owner_nickname, c.nickname AS claimer_nickname, ${OVERDUE} AS overdue`
const WISH_JOINS = 'JOIN users o ON o.id = w.owner_id LEFT JOIN users c ON c.id = w.claimer_id'

/** Staff of the wish's community, with the viewer's staff scope at $3 and admin flag at $4. */
const STAFF_HERE = '($4::boolean OR w.community_id = ANY($3::uuid[]))'

/** Wishes waiting for review or rejected are seen only by their owner (the viewer at $1) and staff. */
const VISIBLE_TO_VIEWER = `(w.status NOT IN ('pending_review', 'rejected') OR w.owner_id = $1 OR ${STAFF_HERE})`

/**
 * Whether showing wish `w` to the viewer (the parameter named) reveals its address or phone to someone other
 * than the owner: the current claimer, or staff of its community.
 */
const reveals = (viewer: string) => `((w.address IS NOT NULL OR w.contact_phone IS NOT NULL) AND w.owner_id <> ${viewer}
  AND ((w.claimer_id = ${viewer} AND w.status IN ('claimed', 'fulfilled')) OR ${STAFF_HERE}))`

export async function insertWish(
  q: Queryable,
  w: {
    communityId: string
    ownerId: string
    ownerRole: string
    title: string
    description: string
    category: WishCategory
    address?: string
    contactPhone?: string
    now: Date
  },
): Promise<WishRow> {
  const [row] = await q.query<WishRow>(
    `WITH w AS (
       INSERT INTO wishes (community_id, owner_id, title, description, category, address, contact_phone,
                           created_at, updated_at)
       VALUES ($1, $3, $5, $6, $7, $8, $9, $2, $2) RETURNING *
     ), e AS (
       INSERT INTO wish_events (wish_id, actor_id, actor_role, type, created_at)
       SELECT id, owner_id, $4, 'created', $2 FROM w
     )
     SELECT w.*, o.nickname AS owner_nickname, NULL AS claimer_nickname, false AS overdue
     FROM w JOIN users o ON o.id = w.owner_id`,
    [
      w.communityId,
      w.now,
      w.ownerId,
      w.ownerRole,
      w.title,
      w.description,
      w.category,
      w.address ?? null,
      w.contactPhone ?? null,
    ],
  )
  return row!
}

export interface WishFilter {
  communityId: string | null
  status: WishStatus | null
  category: WishCategory | null
  ownerId: string | null
  claimerId: string | null
  limit: number
  before?: readonly [string, string]
}

/**
 * A page of wishes, newest first. Wishes waiting for review or rejected are seen only by their owner and staff.
 */
export async function listWishes(q: Queryable, viewer: SqlViewer, f: WishFilter, now: Date): Promise<WishRow[]> {
  return q.query<WishRow>(
    `SELECT ${WISH_COLUMNS} FROM wishes w ${WISH_JOINS}
     WHERE ($5::uuid IS NULL OR w.community_id = $5)
       AND ($6::text IS NULL OR w.status = $6)
       AND ($7::text IS NULL OR w.category = $7)
       AND ($8::uuid IS NULL OR w.owner_id = $8)
       AND ($9::uuid IS NULL OR w.claimer_id = $9)
       AND ${VISIBLE_TO_VIEWER}
       AND ($10::timestamptz IS NULL OR (w.created_at, w.id::text) < ($10::timestamptz, $11::text))
     ORDER BY w.created_at DESC, w.id::text DESC
     LIMIT $12`,
    [
      viewer.id,
      now,
      viewer.staffCommunityIds,
      viewer.isAdmin,
      f.communityId,
      f.status,
      f.category,
      f.ownerId,
      f.claimerId,
      f.before?.[0] ?? null,
      f.before?.[1] ?? null,
      f.limit + 1,
    ],
  )
}

/**
 * One wish as the viewer may see it. When its address or phone is shown to someone other than the owner,
 * the same statement writes that read to the audit log.
 */
export async function findWishForViewer(
  q: Queryable,
  id: string,
  viewer: SqlViewer,
  now: Date,
): Promise<WishRow | null> {
  const [row] = await q.query<WishRow>(
    `WITH found AS (
       SELECT ${WISH_COLUMNS}, ${reveals('$1')} AS reveals
       FROM wishes w ${WISH_JOINS}
       WHERE w.id = $5
         AND ${VISIBLE_TO_VIEWER}
     ), audit AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, created_at)
       SELECT $1, $6, 'wish.read_private', 'wish', id::text, community_id, $2 FROM found WHERE reveals AND NOT overdue
     )
     SELECT * FROM found`,
    [viewer.id, now, viewer.staffCommunityIds, viewer.isAdmin, id, viewer.role],
  )
  return row ?? null
}

export type WishState = Pick<WishRow, 'status' | 'community_id' | 'owner_id' | 'claimer_id' | 'overdue'>

/** What a failed transition is diagnosed from. */
export async function findWishState(q: Queryable, id: string, now: Date): Promise<WishState | null> {
  const [row] = await q.query<WishState>(
    `SELECT w.status, w.community_id, w.owner_id, w.claimer_id, ${OVERDUE} AS overdue FROM wishes w WHERE w.id = $1`,
    [id, now],
  )
  return row ?? null
}

/**
 * A change of a wish's status as one statement. `who` and `set` are SQL over the wish `w` and the parameters:
 * $1 wish id, $2 now, $3 viewer's staff communities, $4 viewer is admin, $5 viewer id, $6 viewer role, $7 note,
 * then `extra` from $8 on.
 */
export interface TransitionSpec {
  from: readonly WishStatus[]
  to: WishStatus
  who: string
  set?: string
  event: WishEventType
  /** Ends the live claim with this reason. */
  endClaim?: 'released' | 'timed_out' | 'completed' | 'cancelled'
  startClaim?: boolean
  creditHours?: boolean
  /** Writes the staff action to the audit log when this SQL condition holds. */
  auditWhen?: string
}

/** Every change of a wish's status: where it may start, who may make it, and what it writes besides. */
export const TRANSITIONS = {
  approve: {
    from: ['pending_review'],
    to: 'open',
    who: STAFF_HERE,
    set: 'opened_at = $2',
    event: 'approved',
    auditWhen: 'true',
  },
  reject: {
    from: ['pending_review'],
    to: 'rejected',
    who: STAFF_HERE,
    set: 'reject_reason = $7',
    event: 'rejected',
    auditWhen: 'true',
  },
  claim: {
    from: ['open'],
    to: 'claimed',
    who: `w.owner_id <> $5 AND EXISTS (SELECT 1 FROM volunteers v
             WHERE v.user_id = $5 AND v.status = 'active' AND v.community_id = w.community_id)`,
    set: 'claimer_id = $5, claimed_at = $2',
    event: 'claimed',
    startClaim: true,
  },
  release: {
    from: ['claimed'],
    to: 'open',
    who: 'w.claimer_id = $5',
    set: 'claimer_id = NULL, claimed_at = NULL, opened_at = $2',
    event: 'released',
    endClaim: 'released',
  },
  fulfil: {
    from: ['claimed'],
    to: 'fulfilled',
    set: 'fulfil_note = $7, hours = $8, fulfilled_at = $2',
    // A claim past its timeout can no longer be fulfilled: it is going back to open.
    who: `w.claimer_id = $5 AND w.claimed_at >= $2::timestamptz - make_interval(days => ${CLAIM_TIMEOUT_DAYS})`,
    event: 'fulfilled',
  },
  confirm: {
    from: ['fulfilled'],
    to: 'completed',
    who: `(w.owner_id = $5 OR ${STAFF_HERE})`,
    set: 'rating = $8, thanks = $9, completed_at = $2',
    event: 'confirmed',
    endClaim: 'completed',
    creditHours: true,
    auditWhen: 'w.owner_id <> $5',
  },
  dispute: {
    from: ['fulfilled'],
    to: 'claimed',
    who: `(w.owner_id = $5 OR ${STAFF_HERE})`,
    // The volunteer gets a fresh week to finish.
    set: 'claimed_at = $2, hours = NULL, fulfilled_at = NULL',
    event: 'disputed',
    auditWhen: 'w.owner_id <> $5',
  },
  cancel: {
    from: ['pending_review', 'open', 'claimed'],
    to: 'cancelled',
    who: `((w.owner_id = $5 AND w.status IN ('pending_review', 'open')) OR ${STAFF_HERE})`,
    set: 'claimer_id = NULL, claimed_at = NULL',
    event: 'cancelled',
    endClaim: 'cancelled',
    auditWhen: 'w.owner_id <> $5',
  },
} as const satisfies Record<string, TransitionSpec>

export type WishTransition = keyof typeof TRANSITIONS

export async function applyTransition(
  q: Queryable,
  transition: WishTransition,
  args: { id: string; now: Date; viewer: SqlViewer; note?: string | null; extra?: unknown[] },
): Promise<WishRow | null> {
  const spec: TransitionSpec = TRANSITIONS[transition]
  const statuses = spec.from.map((s) => `'${s}'`).join(', ')
  const parts = [
    // Declares every base parameter's type, whether or not this transition's fragments use it.
    `args AS (SELECT $1::uuid, $2::timestamptz, $3::uuid[], $4::boolean, $5::uuid, $6::text, $7::text)`,
    `w AS (
       UPDATE wishes w SET status = '${spec.to}', updated_at = $2 ${spec.set ? `, ${spec.set}` : ''}
       FROM wishes old
       WHERE w.id = $1 AND old.id = w.id AND w.status IN (${statuses}) AND (${spec.who})
       RETURNING w.*, old.status AS old_status
     )`,
    `e AS (
       INSERT INTO wish_events (wish_id, actor_id, actor_role, type, note, created_at)
       SELECT id, $5, $6, '${spec.event}', $7, $2 FROM w
     )`,
  ]
  if (spec.endClaim) {
    parts.push(`ended AS (
       UPDATE wish_claims SET ended_at = $2, end_reason = '${spec.endClaim}'
       WHERE wish_id IN (SELECT id FROM w) AND ended_at IS NULL
     )`)
  }
  if (spec.startClaim) {
    parts.push(`started AS (
       INSERT INTO wish_claims (wish_id, volunteer_id, claimed_at) SELECT id, claimer_id, claimed_at FROM w
     )`)
  }
  if (spec.creditHours) {
    parts.push(`credited AS (
       INSERT INTO volunteer_hours (wish_id, volunteer_id, community_id, hours, confirmed_by, confirmed_at)
       SELECT id, claimer_id, community_id, hours, $5, $2 FROM w
     )`)
  }
  if (spec.auditWhen) {
    parts.push(`audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
       SELECT $5, $6, 'wish.${spec.event}', 'wish', w.id::text, w.community_id,
              jsonb_build_object('status', w.old_status), jsonb_build_object('status', w.status, 'note', $7::text), $2
       FROM w WHERE ${spec.auditWhen}
     )`)
  }
  // The answer shows the wish as the viewer may see it: a claimer or staff member who now sees the address or
  // phone has read it, and that read is recorded like any other.
  parts.push(`revealed AS (
     INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, created_at)
     SELECT $5, $6, 'wish.read_private', 'wish', w.id::text, w.community_id, $2 FROM w
     WHERE ${reveals('$5')}
   )`)
  const [row] = await q.query<WishRow>(
    `WITH ${parts.join(',\n')}
     SELECT w.*, o.nickname AS owner_nickname, c.nickname AS claimer_nickname, false AS overdue
     FROM w ${WISH_JOINS}`,
    [
      args.id,
      args.now,
      args.viewer.staffCommunityIds,
      args.viewer.isAdmin,
      args.viewer.id,
      args.viewer.role,
      args.note ?? null,
      ...(args.extra ?? []),
    ],
  )
  return row ?? null
}

/**
 * Claims with no fulfilment after the timeout go back to open, with the reason recorded; open wishes nobody
 * claimed for 30 days expire. All of them, or only the given wishes. Returns how many changed.
 */
export async function expireOverdue(q: Queryable, now: Date, wishIds: string[] | null): Promise<number> {
  const [row] = await q.query<{ changed: number }>(
    `WITH due AS (
       SELECT id, status FROM wishes
       WHERE ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
         AND ((status = 'claimed' AND claimed_at < $1::timestamptz - make_interval(days => ${CLAIM_TIMEOUT_DAYS}))
           OR (status = 'open' AND opened_at < $1::timestamptz - make_interval(days => ${OPEN_WISH_EXPIRY_DAYS})))
       FOR UPDATE SKIP LOCKED
     ), w AS (
       UPDATE wishes w
       SET status = CASE WHEN due.status = 'claimed' THEN 'open' ELSE 'expired' END,
           opened_at = CASE WHEN due.status = 'claimed' THEN $1 ELSE w.opened_at END,
           claimer_id = NULL, claimed_at = NULL, updated_at = $1
       FROM due WHERE w.id = due.id AND w.status = due.status
       RETURNING w.id, due.status AS was
     ), ended AS (
       UPDATE wish_claims SET ended_at = $1, end_reason = 'timed_out'
       WHERE wish_id IN (SELECT id FROM w WHERE was = 'claimed') AND ended_at IS NULL
     ), e AS (
       INSERT INTO wish_events (wish_id, actor_role, type, note, created_at)
       SELECT id, 'system', CASE WHEN was = 'claimed' THEN 'timed_out' ELSE 'expired' END,
              CASE WHEN was = 'claimed' THEN '认领${CLAIM_TIMEOUT_DAYS}天未完成，心愿已重新开放'
                   ELSE '${OPEN_WISH_EXPIRY_DAYS}天无人认领，心愿已过期' END, $1
       FROM w
     )
     SELECT count(*)::int AS changed FROM w`,
    [now, wishIds],
  )
  return row?.changed ?? 0
}

export interface WishEventRow {
  id: string
  type: WishEventType
  actor_role: string
  actor_nickname: string | null
  note: string | null
  created_at: Date
}

/** The timeline, for the owner, anyone who has claimed the wish, and staff of its community. */
export async function listWishEvents(q: Queryable, id: string, viewer: SqlViewer): Promise<WishEventRow[]> {
  return q.query<WishEventRow>(
    `SELECT e.id::text AS id, e.type, e.actor_role, u.nickname AS actor_nickname, e.note, e.created_at
     FROM wish_events e LEFT JOIN users u ON u.id = e.actor_id
     WHERE e.wish_id = $2 AND EXISTS (
       SELECT 1 FROM wishes w WHERE w.id = $2 AND (w.owner_id = $1 OR ${STAFF_HERE}
         OR EXISTS (SELECT 1 FROM wish_claims c WHERE c.wish_id = w.id AND c.volunteer_id = $1)))
     ORDER BY e.id`,
    [viewer.id, id, viewer.staffCommunityIds, viewer.isAdmin],
  )
}

export interface HoursRow {
  wish_id: string
  title: string
  community_id: string
  hours: string
  confirmed_at: Date
  by_staff: boolean
}

/** A page of a volunteer's hour records, newest first, and the total of all of them, in one query. */
export async function listVolunteerHours(
  q: Queryable,
  volunteerId: string,
  page: { limit: number; before?: readonly [string, string] },
): Promise<{ total: number; rows: HoursRow[] }> {
  const rows = await q.query<{ total: string; page: HoursRow[] | null }>(
    `SELECT (SELECT COALESCE(sum(hours), 0)::text FROM volunteer_hours WHERE volunteer_id = $1) AS total,
            (SELECT json_agg(p ORDER BY p.confirmed_at DESC, p.wish_id DESC) FROM (
               SELECT h.wish_id::text, w.title, h.community_id::text, h.hours::text, h.confirmed_at,
                      h.confirmed_by <> w.owner_id AS by_staff
               FROM volunteer_hours h JOIN wishes w ON w.id = h.wish_id
               WHERE h.volunteer_id = $1
                 AND ($2::timestamptz IS NULL OR (h.confirmed_at, h.wish_id::text) < ($2::timestamptz, $3::text))
               ORDER BY h.confirmed_at DESC, h.wish_id::text DESC
               LIMIT $4) p) AS page`,
    [volunteerId, page.before?.[0] ?? null, page.before?.[1] ?? null, page.limit + 1],
  )
  const { total, page: found } = rows[0]!
  // json_agg gives timestamps as text.
  return {
    total: Number(total),
    rows: (found ?? []).map((r) => Object.assign(r, { confirmed_at: new Date(r.confirmed_at) })),
  }
}
