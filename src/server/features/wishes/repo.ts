import type { WishCategory, WishEventType, WishStatus } from '../../../shared/wishes'
import { CLAIM_TIMEOUT_DAYS } from '../../../shared/wishes'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { nameFor, staffOf, type SqlViewer } from '../../db/viewer'
import { allAttached, attachUploads, photosJson, photosOf, type PhotoRow } from '../uploads/attach'

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
  /** 帮帮团: how many volunteers the wish asks for (1 for an ordinary wish), and how many have joined. */
  team_size: number
  team_count: number
  /** The viewer holds one of the wish's live claims (is its claimer, or a member of its team). */
  viewer_is_member: boolean
  /** A team wish's members, as the viewer may see them; phones only where `reachable` holds. Empty otherwise. */
  team: TeamMemberRow[]
  /** As the viewer may see them (`nameFor`). */
  owner_name: string
  claimer_name: string | null
  /** How the owner and the claimer reach each other: null unless `reachable` holds for the viewer. */
  claimer_real_name: string | null
  claimer_phone: string | null
  owner_registered_phone: string | null
  community_name: string | null
  community_phone: string | null
  /** Claimed for longer than the timeout: the reader expires it and reads again. */
  overdue: boolean
  /** Its photos, in order. */
  photos: PhotoRow[]
}

export interface TeamMemberRow {
  volunteer_id: string
  name: string
  real_name: string | null
  phone: string | null
}

/**
 * The viewer holds a claim of wish \`w\`: live, or the one that ended in its completion. For an ordinary wish the same
 * as being its claimer; for a team wish, being one of the team.
 */
const memberOf = (viewer: SqlViewer, m?: Membership) =>
  m === undefined
    ? sql`EXISTS (SELECT 1 FROM wish_claims k WHERE k.wish_id = w.id
  AND k.volunteer_id = ${viewer.id}::uuid AND (k.ended_at IS NULL OR k.end_reason = 'completed'))`
    : sql.raw(String(m))

/**
 * What the statement that changes a wish knows of the viewer's claim, when its own snapshot cannot see it: a claim
 * it made (true), or a claim it ended by a release (false). Undefined: read it from the claims.
 */
type Membership = boolean | undefined

const CLAIM_TIMEOUT = sql.raw(`make_interval(days => ${CLAIM_TIMEOUT_DAYS})`)
const OPEN_WISH_EXPIRY = sql.raw(`make_interval(days => ${OPEN_WISH_EXPIRY_DAYS})`)

/** Where a claim's week runs from: the claim, or the owner's latest dispute ("还没有完成"). */
const CLAIM_CLOCK = sql`COALESCE(w.disputed_at, w.claimed_at)`

/** Wish `w` is past the claim timeout, or open past expiry, at `now`. */
const overdue = (now: Date) => sql`((w.status = 'claimed' AND ${CLAIM_CLOCK} < ${now}::timestamptz - ${CLAIM_TIMEOUT})
  OR (w.status = 'open' AND w.opened_at < ${now}::timestamptz - ${OPEN_WISH_EXPIRY}))`

/** The viewer acts as staff of wish `w`'s community. */
const staffHere = (viewer: SqlViewer) => staffOf(viewer, sql`w.community_id`)

/** The viewer is the owner or the claimer of wish `w`, once claimed: the two see each other's names. */
const paired = (viewer: SqlViewer, m?: Membership) => sql`(w.status IN ('claimed', 'fulfilled', 'completed')
  AND (w.owner_id = ${viewer.id}::uuid OR ${memberOf(viewer, m)}))`

/**
 * While wish `w` is claimed or fulfilled, its owner, its claimer and staff of its community are given the phones
 * that let owner and claimer reach each other: the volunteer's registered phone, and for the owner the wish's
 * contact phone, the phone of their own registration, or at least the community's phone.
 */
const reachable = (viewer: SqlViewer, m?: Membership) => sql`(w.status IN ('claimed', 'fulfilled')
  AND (w.owner_id = ${viewer.id}::uuid OR ${memberOf(viewer, m)} OR ${staffHere(viewer)}))`

/** Every column of wish `w`, the names and phones as the viewer may see them, and its photos. */
const wishColumns = (viewer: SqlViewer, overdueNow: Sql, m?: Membership, photos: Sql = photosOf('wish', sql`w.id`)) => {
  const reach = reachable(viewer, m)
  const pair = paired(viewer, m)
  const owner = { id: sql`w.owner_id`, nickname: sql`o.nickname`, community: sql`w.community_id` }
  const claimer = { id: sql`w.claimer_id`, nickname: sql`c.nickname`, community: sql`w.community_id` }
  return sql`w.*,
    ${nameFor(viewer, { ...owner, alsoFullWhen: pair })} AS owner_name,
    ${nameFor(viewer, { ...claimer, alsoFullWhen: pair })} AS claimer_name,
    CASE WHEN ${reach} THEN cv.real_name END AS claimer_real_name,
    CASE WHEN ${reach} THEN cv.phone END AS claimer_phone,
    CASE WHEN ${reach} THEN ov.phone END AS owner_registered_phone,
    CASE WHEN ${reach} THEN cm.name END AS community_name,
    CASE WHEN ${reach} THEN cm.phone END AS community_phone,
    ${memberOf(viewer, m)} AND w.status IN ('claimed', 'fulfilled', 'completed') AS viewer_is_member,
    CASE WHEN w.team_size > 1 AND (${pair} OR ${staffHere(viewer)}) THEN (
      SELECT COALESCE(json_agg(json_build_object(
               'volunteer_id', k.volunteer_id,
               'name', ${nameFor(viewer, { id: sql`k.volunteer_id`, nickname: sql`ku.nickname`, community: sql`w.community_id`, alsoFullWhen: pair })},
               'real_name', CASE WHEN ${reach} THEN kv.real_name END,
               'phone', CASE WHEN ${reach} THEN kv.phone END) ORDER BY k.claimed_at), '[]')
      FROM (SELECT c.volunteer_id, c.claimed_at FROM wish_claims c
            WHERE c.wish_id = w.id AND (c.ended_at IS NULL OR c.end_reason = 'completed')
              AND ${m === false ? sql`c.volunteer_id IS DISTINCT FROM ${viewer.id}::uuid` : sql`true`}
            UNION ALL
            SELECT ${viewer.id}::uuid, now() WHERE ${m === true}::boolean) k
      JOIN users ku ON ku.id = k.volunteer_id LEFT JOIN volunteers kv ON kv.user_id = k.volunteer_id
    ) ELSE '[]'::json END AS team,
    ${overdueNow} AS overdue,
    ${photos} AS photos`
}
const WISH_JOINS = sql`JOIN users o ON o.id = w.owner_id LEFT JOIN users c ON c.id = w.claimer_id
  JOIN communities cm ON cm.id = w.community_id
  LEFT JOIN volunteers ov ON ov.user_id = w.owner_id LEFT JOIN volunteers cv ON cv.user_id = w.claimer_id`

/** Wishes waiting for review or rejected are seen only by their owner and staff. The rule for their photos too. */
export const wishVisibleTo = (viewer: SqlViewer) =>
  sql`(w.status NOT IN ('pending_review', 'rejected') OR w.owner_id = ${viewer.id} OR ${staffHere(viewer)})`

/**
 * Whether showing wish `w` to the viewer reveals its address or phone to someone other than the owner: the current
 * claimer, or staff of its community.
 */
const reveals = (viewer: SqlViewer, m?: Membership) => sql`((w.address IS NOT NULL OR w.contact_phone IS NOT NULL)
  AND w.owner_id <> ${viewer.id}
  AND ((w.status IN ('claimed', 'fulfilled') AND ${memberOf(viewer, m)}) OR ${staffHere(viewer)}))`

export async function insertWish(
  q: Queryable,
  viewer: SqlViewer,
  w: {
    communityId: string
    ownerId: string
    ownerRole: string
    title: string
    description: string
    category: WishCategory
    address?: string
    contactPhone?: string
    /** Uploads of the poster's (the owner, or staff acting for them), attached to nothing yet: refused (LU001) otherwise. */
    photoIds: string[]
    /** The staff member who posted it for the owner (代办). */
    actedBy?: string
    teamSize?: number
    now: Date
  },
): Promise<WishRow> {
  const [row] = await q.query<WishRow>(
    sql`WITH w AS (
       INSERT INTO wishes (community_id, owner_id, title, description, category, address, contact_phone,
                           team_size, created_at, updated_at, acted_by)
       VALUES (${w.communityId}, ${w.ownerId}, ${w.title}, ${w.description}, ${w.category}, ${w.address ?? null},
               ${w.contactPhone ?? null}, ${w.teamSize ?? 1}::int, ${w.now}, ${w.now}, ${w.actedBy ?? null}::uuid)
       RETURNING *
     ), e AS (
       INSERT INTO wish_events (wish_id, actor_id, actor_role, type, created_at, acted_by)
       SELECT id, owner_id, ${w.ownerRole}::text, 'created', ${w.now}::timestamptz, acted_by FROM w
     ), attached AS (
       ${attachUploads({ type: 'wish', ownerId: sql`(SELECT id FROM w)`, uploaderId: w.actedBy ?? w.ownerId, ids: w.photoIds, now: w.now })}
     )
     SELECT ${wishColumns(viewer, sql`false`, undefined, photosJson(sql`attached`))} FROM w ${WISH_JOINS}
     WHERE ${allAttached(sql`attached`, w.photoIds.length)}`,
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
  const [beforeTime, beforeId] = f.before ?? [null, null]
  return q.query<WishRow>(
    sql`SELECT ${wishColumns(viewer, overdue(now))} FROM wishes w ${WISH_JOINS}
     WHERE (${f.communityId}::uuid IS NULL OR w.community_id = ${f.communityId}::uuid)
       AND (${f.status}::text IS NULL OR w.status = ${f.status}::text)
       AND (${f.category}::text IS NULL OR w.category = ${f.category}::text)
       AND (${f.ownerId}::uuid IS NULL OR w.owner_id = ${f.ownerId}::uuid)
       AND (${f.claimerId}::uuid IS NULL OR w.id IN (SELECT k.wish_id FROM wish_claims k
             WHERE k.volunteer_id = ${f.claimerId}::uuid AND (k.ended_at IS NULL OR k.end_reason = 'completed')))
       AND ${wishVisibleTo(viewer)}
       AND (${beforeTime}::timestamptz IS NULL
         OR (w.created_at, w.id::text) < (${beforeTime}::timestamptz, ${beforeId}::text))
     ORDER BY w.created_at DESC, w.id::text DESC
     LIMIT ${f.limit + 1}`,
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
    sql`WITH found AS (
       SELECT ${wishColumns(viewer, overdue(now))}, ${reveals(viewer)} AS reveals
       FROM wishes w ${WISH_JOINS}
       WHERE w.id = ${id}
         AND ${wishVisibleTo(viewer)}
     ), audit AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, created_at)
       SELECT ${viewer.id}::uuid, ${viewer.role}::text, 'wish.read_private', 'wish', id::text, community_id,
              ${now}::timestamptz
       FROM found WHERE reveals AND NOT overdue
     )
     SELECT * FROM found`,
  )
  return row ?? null
}

export type WishState = Pick<
  WishRow,
  'status' | 'community_id' | 'owner_id' | 'claimer_id' | 'overdue' | 'team_size' | 'team_count' | 'viewer_is_member'
>

/** What a failed transition is diagnosed from. */
export async function findWishState(
  q: Queryable,
  id: string,
  now: Date,
  viewerId: string | null = null,
): Promise<WishState | null> {
  const [row] = await q.query<WishState>(
    sql`SELECT w.status, w.community_id, w.owner_id, w.claimer_id, w.team_size, w.team_count, ${overdue(now)} AS overdue,
            EXISTS (SELECT 1 FROM wish_claims k WHERE k.wish_id = w.id AND k.volunteer_id = ${viewerId}::uuid
                    AND k.ended_at IS NULL) AS viewer_is_member
     FROM wishes w WHERE w.id = ${id}`,
  )
  return row ?? null
}

/** What each transition takes from its request besides the note: most nothing; fulfil the hours, confirm the rating. */
export interface TransitionInputs {
  approve: NoInput
  reject: NoInput
  claim: NoInput
  release: NoInput
  fulfil: { hours: number }
  confirm: { rating: number | null; thanks: string | null }
  dispute: NoInput
  cancel: NoInput
}
type NoInput = Record<never, never>

export type WishTransition = keyof TransitionInputs

/** What a transition's SQL is written from: the wish, the time, who is asking, the note, and its own input. */
export type TransitionArgs<T extends WishTransition> = {
  id: string
  now: Date
  viewer: SqlViewer
  /** Goes to the timeline (and, for a staff action, the audit log). */
  note: string | null
} & TransitionInputs[T]

/** SQL over the wish `w` being changed, written from the transition's arguments. */
type TransitionSql<T extends WishTransition> = (args: TransitionArgs<T>) => Sql

export interface TransitionSpec<T extends WishTransition> {
  from: readonly WishStatus[]
  to: WishStatus
  /** When the status it goes to depends on the wish (a team member leaving a team that stays): SQL for it. */
  toSql?: Sql
  /** Who may make the change: a condition of the UPDATE. */
  who: TransitionSql<T>
  /** More columns to set, besides the status. */
  set?: TransitionSql<T>
  event: WishEventType
  /** Ends the live claims (with \`ownClaimOnly\`, only the viewer's) with this reason. */
  endClaim?: 'released' | 'timed_out' | 'completed' | 'cancelled'
  ownClaimOnly?: boolean
  startClaim?: boolean
  creditHours?: boolean
  /** Writes the staff action to the audit log when this condition holds. */
  auditWhen?: TransitionSql<T>
}

const always = () => sql`true`

/** The viewer holds a live claim of wish \`w\`: its claimer, or a member of its team. */
const liveMember = (viewer: SqlViewer) => sql`EXISTS (SELECT 1 FROM wish_claims k
  WHERE k.wish_id = w.id AND k.volunteer_id = ${viewer.id}::uuid AND k.ended_at IS NULL)`

/** Another live member of wish \`w\`'s team than the viewer, the earliest: the claimer when the claimer leaves. */
const nextMember = (viewer: SqlViewer) => sql`(SELECT k.volunteer_id FROM wish_claims k
  WHERE k.wish_id = w.id AND k.ended_at IS NULL AND k.volunteer_id <> ${viewer.id}::uuid
  ORDER BY k.claimed_at, k.id LIMIT 1)`

/** Every change of a wish's status: where it may start, who may make it, and what it writes besides. */
export const TRANSITIONS: { readonly [T in WishTransition]: TransitionSpec<T> } = {
  approve: {
    from: ['pending_review'],
    to: 'open',
    who: ({ viewer }) => staffHere(viewer),
    set: ({ now }) => sql`opened_at = ${now}`,
    event: 'approved',
    auditWhen: always,
  },
  reject: {
    from: ['pending_review'],
    to: 'rejected',
    who: ({ viewer }) => staffHere(viewer),
    set: ({ note }) => sql`reject_reason = ${note}`,
    event: 'rejected',
    auditWhen: always,
  },
  // An open wish, or a team wish already claimed with room in its team (帮帮团): the first claim makes it claimed
  // and its claimer; each claim takes one place of the team, and the CHECK on team_count backs the WHERE.
  claim: {
    from: ['open', 'claimed'],
    to: 'claimed',
    who: ({ viewer }) => sql`w.owner_id <> ${viewer.id} AND EXISTS (SELECT 1 FROM volunteers v
             WHERE v.user_id = ${viewer.id} AND v.status = 'active' AND v.community_id = w.community_id)
           AND (w.status = 'open' OR (w.team_count < w.team_size AND NOT ${liveMember(viewer)}))`,
    set: ({ viewer, now }) => sql`claimer_id = COALESCE(w.claimer_id, ${viewer.id}::uuid),
             claimed_at = COALESCE(w.claimed_at, ${now}::timestamptz),
             disputed_at = CASE WHEN w.status = 'open' THEN NULL ELSE w.disputed_at END,
             team_count = w.team_count + 1`,
    event: 'claimed',
    startClaim: true,
  },
  // The claimer gives the wish back; a member of a team leaves it, and the wish stays claimed while anyone is left.
  release: {
    from: ['claimed'],
    to: 'open',
    toSql: sql`CASE WHEN w.team_count > 1 THEN 'claimed' ELSE 'open' END`,
    who: ({ viewer }) => liveMember(viewer),
    set: ({ now, viewer }) => sql`team_count = w.team_count - 1,
             claimer_id = CASE WHEN w.team_count <= 1 THEN NULL
                               WHEN w.claimer_id = ${viewer.id}::uuid THEN ${nextMember(viewer)}
                               ELSE w.claimer_id END,
             claimed_at = CASE WHEN w.team_count <= 1 THEN NULL ELSE w.claimed_at END,
             disputed_at = CASE WHEN w.team_count <= 1 THEN NULL ELSE w.disputed_at END,
             opened_at = CASE WHEN w.team_count <= 1 THEN ${now}::timestamptz ELSE w.opened_at END`,
    event: 'released',
    endClaim: 'released',
    ownClaimOnly: true,
  },
  fulfil: {
    from: ['claimed'],
    to: 'fulfilled',
    set: ({ note, hours, now }) => sql`fulfil_note = ${note}, hours = ${hours}, fulfilled_at = ${now}`,
    // A claim past its timeout can no longer be fulfilled: it is going back to open.
    who: ({ viewer, now }) => sql`${liveMember(viewer)} AND ${CLAIM_CLOCK} >= ${now}::timestamptz - ${CLAIM_TIMEOUT}`,
    event: 'fulfilled',
  },
  confirm: {
    from: ['fulfilled'],
    to: 'completed',
    who: ({ viewer }) => sql`(w.owner_id = ${viewer.id} OR ${staffHere(viewer)})`,
    // Only the owner's own stars are a rating: staff confirming on their behalf record none (issue #21).
    set: ({ rating, thanks, now, viewer }) =>
      sql`rating = CASE WHEN w.owner_id = ${viewer.id}::uuid THEN ${rating}::smallint END, thanks = ${thanks},
          completed_at = ${now}`,
    event: 'confirmed',
    endClaim: 'completed',
    creditHours: true,
    auditWhen: ({ viewer }) => sql`w.owner_id <> ${viewer.id}`,
  },
  dispute: {
    from: ['fulfilled'],
    to: 'claimed',
    who: ({ viewer }) => sql`(w.owner_id = ${viewer.id} OR ${staffHere(viewer)})`,
    // The volunteer gets a fresh week to finish, from now; the claim keeps its time. The note told of a fulfilment
    // the owner did not accept: it stays in the timeline, not on the wish.
    set: ({ now }) => sql`disputed_at = ${now}, fulfil_note = NULL, hours = NULL, fulfilled_at = NULL`,
    event: 'disputed',
    auditWhen: ({ viewer }) => sql`w.owner_id <> ${viewer.id}`,
  },
  cancel: {
    from: ['pending_review', 'open', 'claimed'],
    to: 'cancelled',
    who: ({ viewer }) =>
      sql`((w.owner_id = ${viewer.id} AND w.status IN ('pending_review', 'open')) OR ${staffHere(viewer)})`,
    set: () => sql`claimer_id = NULL, claimed_at = NULL, team_count = 0`,
    event: 'cancelled',
    endClaim: 'cancelled',
    auditWhen: ({ viewer }) => sql`w.owner_id <> ${viewer.id}`,
  },
}

export async function applyTransition<T extends WishTransition>(
  q: Queryable,
  transition: T,
  args: TransitionArgs<T>,
): Promise<WishRow | null> {
  const spec: TransitionSpec<T> = TRANSITIONS[transition]
  const { id, now, viewer, note } = args
  // The statement's snapshot does not see the claim it starts or ends.
  const m: Membership = spec.startClaim ? true : spec.ownClaimOnly ? false : undefined
  const statuses = sql.raw(spec.from.map((s) => `'${s}'`).join(', '))
  const parts = [
    sql`w AS (
       UPDATE wishes w SET status = ${spec.toSql ?? sql.raw(`'${spec.to}'`)}, updated_at = ${now}
         ${spec.set ? sql`, ${spec.set(args)}` : sql.empty}
       FROM wishes old
       WHERE w.id = ${id} AND old.id = w.id AND w.status IN (${statuses}) AND (${spec.who(args)})
       RETURNING w.*, old.status AS old_status
     )`,
    sql`e AS (
       INSERT INTO wish_events (wish_id, actor_id, actor_role, type, note, created_at)
       SELECT id, ${viewer.id}::uuid, ${viewer.role}::text, ${sql.raw(`'${spec.event}'`)}, ${note}::text,
              ${now}::timestamptz
       FROM w
     )`,
  ]
  if (spec.endClaim) {
    parts.push(sql`ended AS (
       UPDATE wish_claims SET ended_at = ${now}, end_reason = ${sql.raw(`'${spec.endClaim}'`)}
       WHERE wish_id IN (SELECT id FROM w) AND ended_at IS NULL
         ${spec.ownClaimOnly ? sql`AND volunteer_id = ${viewer.id}::uuid` : sql.empty}
     )`)
  }
  if (spec.startClaim) {
    parts.push(sql`started AS (
       INSERT INTO wish_claims (wish_id, volunteer_id, claimed_at, team)
       SELECT id, ${viewer.id}::uuid, ${now}::timestamptz, team_size > 1 FROM w
     )`)
  }
  if (spec.creditHours) {
    parts.push(sql`credited AS (
       INSERT INTO volunteer_hours (wish_id, volunteer_id, community_id, hours, confirmed_by, confirmed_at)
       SELECT w.id, k.volunteer_id, w.community_id, w.hours, ${viewer.id}::uuid, ${now}::timestamptz
       FROM w JOIN wish_claims k ON k.wish_id = w.id AND k.ended_at IS NULL
     )`)
  }
  if (spec.auditWhen) {
    parts.push(sql`audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
       SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${sql.raw(`'wish.${spec.event}'`)}, 'wish', w.id::text,
              w.community_id, jsonb_build_object('status', w.old_status),
              jsonb_build_object('status', w.status, 'note', ${note}::text), ${now}::timestamptz
       FROM w WHERE ${spec.auditWhen(args)}
     )`)
  }
  // The answer shows the wish as the viewer may see it: a claimer or staff member who now sees the address or
  // phone has read it, and that read is recorded like any other.
  parts.push(sql`revealed AS (
     INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, created_at)
     SELECT ${viewer.id}::uuid, ${viewer.role}::text, 'wish.read_private', 'wish', w.id::text, w.community_id,
            ${now}::timestamptz
     FROM w
     WHERE ${reveals(viewer, m)}
   )`)
  const [row] = await q.query<WishRow>(
    sql`WITH ${sql.join(parts, sql`,\n`)}
     SELECT ${wishColumns(viewer, sql`false`, m)} FROM w ${WISH_JOINS}`,
  )
  return row ?? null
}

/**
 * Claims with no fulfilment after the timeout go back to open, with the reason recorded; open wishes nobody
 * claimed for 30 days expire. All of them, or only the given wishes. Returns how many changed.
 */
/** The timeline's notes for a claim that lapsed and for an open wish that expired. */
const TIMED_OUT_NOTE = sql.raw(`'认领${CLAIM_TIMEOUT_DAYS}天未完成，心愿已重新开放'`)
const EXPIRED_NOTE = sql.raw(`'${OPEN_WISH_EXPIRY_DAYS}天无人认领，心愿已过期'`)

export async function expireOverdue(q: Queryable, now: Date, wishIds: string[] | null): Promise<number> {
  const [row] = await q.query<{ changed: number }>(
    sql`WITH due AS (
       SELECT w.id, w.status FROM wishes w
       WHERE (${wishIds}::uuid[] IS NULL OR w.id = ANY(${wishIds}::uuid[]))
         AND ${overdue(now)}
       FOR UPDATE SKIP LOCKED
     ), w AS (
       UPDATE wishes w
       SET status = CASE WHEN due.status = 'claimed' THEN 'open' ELSE 'expired' END,
           opened_at = CASE WHEN due.status = 'claimed' THEN ${now}::timestamptz ELSE w.opened_at END,
           claimer_id = NULL, claimed_at = NULL, disputed_at = NULL, team_count = 0, updated_at = ${now}
       FROM due WHERE w.id = due.id AND w.status = due.status
       RETURNING w.id, due.status AS was
     ), ended AS (
       UPDATE wish_claims SET ended_at = ${now}, end_reason = 'timed_out'
       WHERE wish_id IN (SELECT id FROM w WHERE was = 'claimed') AND ended_at IS NULL
     ), e AS (
       INSERT INTO wish_events (wish_id, actor_role, type, note, created_at)
       SELECT id, 'system', CASE WHEN was = 'claimed' THEN 'timed_out' ELSE 'expired' END,
              CASE WHEN was = 'claimed' THEN ${TIMED_OUT_NOTE} ELSE ${EXPIRED_NOTE} END, ${now}::timestamptz
       FROM w
     )
     SELECT count(*)::int AS changed FROM w`,
  )
  return row?.changed ?? 0
}

export interface WishEventRow {
  id: string
  type: WishEventType
  actor_role: string
  /** As the viewer may see it (`nameFor`); staff and the admin act in office, by name. */
  actor_name: string | null
  /** Staff acting for the actor (代办), in office, by name. */
  acted_by_name: string | null
  note: string | null
  created_at: Date
}

/** The timeline, for the owner, anyone who has claimed the wish, and staff of its community. */
export async function listWishEvents(q: Queryable, id: string, viewer: SqlViewer): Promise<WishEventRow[]> {
  return q.query<WishEventRow>(
    sql`SELECT e.id::text AS id, e.type, e.actor_role, ${nameFor(viewer, {
      id: sql`e.actor_id`,
      nickname: sql`u.nickname`,
      community: sql`w.community_id`,
      // The owner and everyone of the claim (the claimer, or each member of a team) see each other's names.
      alsoFullWhen: sql`e.actor_role IN ('staff', 'admin') OR (${paired(viewer)} AND (e.actor_id = w.owner_id
        OR e.actor_id IN (SELECT k.volunteer_id FROM wish_claims k WHERE k.wish_id = w.id
                            AND (k.ended_at IS NULL OR k.end_reason = 'completed'))))`,
    })} AS actor_name, ab.nickname AS acted_by_name, e.note, e.created_at
     FROM wish_events e JOIN wishes w ON w.id = e.wish_id LEFT JOIN users u ON u.id = e.actor_id
       LEFT JOIN users ab ON ab.id = e.acted_by
     WHERE e.wish_id = ${id} AND (w.owner_id = ${viewer.id} OR ${staffHere(viewer)}
       OR EXISTS (SELECT 1 FROM wish_claims k WHERE k.wish_id = w.id AND k.volunteer_id = ${viewer.id}))
     ORDER BY e.id`,
  )
}

export interface HoursRow {
  id: string
  wish_id: string | null
  activity_id: string | null
  title: string
  community_id: string
  hours: string
  confirmed_at: Date
  by_staff: boolean
}

/**
 * A page of a volunteer's hour records (from wishes and from activities' posts), newest first, and the total of all
 * of them, in one query.
 */
export async function listVolunteerHours(
  q: Queryable,
  volunteerId: string,
  page: { limit: number; before?: readonly [string, string] },
): Promise<{ total: number; rows: HoursRow[] }> {
  const [beforeTime, beforeId] = page.before ?? [null, null]
  const rows = await q.query<{ total: string; page: HoursRow[] | null }>(
    sql`SELECT (SELECT COALESCE(sum(hours), 0)::text FROM volunteer_hours WHERE volunteer_id = ${volunteerId}) AS total,
            (SELECT json_agg(p ORDER BY p.confirmed_at DESC, p.id DESC) FROM (
               SELECT h.id::text, h.wish_id::text, a.id::text AS activity_id,
                      COALESCE(w.title, a.title || '·' || ap.name) AS title, h.community_id::text, h.hours::text,
                      h.confirmed_at, h.confirmed_by IS DISTINCT FROM w.owner_id AS by_staff
               FROM volunteer_hours h LEFT JOIN wishes w ON w.id = h.wish_id
               LEFT JOIN activity_posts ap ON ap.id = h.activity_post_id LEFT JOIN activities a ON a.id = ap.activity_id
               WHERE h.volunteer_id = ${volunteerId}
                 AND (${beforeTime}::timestamptz IS NULL
                   OR (h.confirmed_at, h.id::text) < (${beforeTime}::timestamptz, ${beforeId}::text))
               ORDER BY h.confirmed_at DESC, h.id::text DESC
               LIMIT ${page.limit + 1}) p) AS page`,
  )
  const { total, page: found } = rows[0]!
  // json_agg gives timestamps as text.
  return {
    total: Number(total),
    rows: (found ?? []).map((r) => Object.assign(r, { confirmed_at: new Date(r.confirmed_at) })),
  }
}
