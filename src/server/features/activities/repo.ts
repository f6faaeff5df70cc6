import type { ActivityStatus, SignupStatus } from '../../../shared/activities'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { nameFor, staffOf, type SqlViewer } from '../../db/viewer'

/** The only SQL of 社区活动: activities, sign-ups, posts and their claims, and the hours a completion records. */

const staffHere = (viewer: SqlViewer) => staffOf(viewer, sql`a.community_id`)

/** An audit row written in the statement of the change, from rows the statement names. */
const auditInsert = (
  viewer: SqlViewer,
  now: Date,
  e: { action: string; entityId: Sql; communityId: Sql; before: Sql; after: Sql },
) =>
  sql`INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
   SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${sql.raw(`'${e.action}'`)}, 'activity', ${e.entityId},
          ${e.communityId}, ${e.before}, ${e.after}, ${now}::timestamptz`

export interface PostRow {
  id: string
  name: string
  count: number
  hours: string
  taken: number
  holders: { volunteer_id: string; name: string; absent: boolean }[]
}

export interface SignupRow {
  id: string
  party_size: number
  code: string
  status: SignupStatus
  created_at: string
}

export interface ActivityRow {
  id: string
  community_id: string
  title: string
  description: string
  location: string
  starts_at: Date
  ends_at: Date
  signup_closes_at: Date
  capacity: number | null
  seats_taken: number
  status: ActivityStatus
  completed_at: Date | null
  posts_left: number
  /** Filled by the detail read only. */
  posts?: PostRow[]
  my_signup?: SignupRow | null
  holds_post?: boolean
  is_staff?: boolean
}

const SUMMARY_COLUMNS = sql`a.id, a.community_id, a.title, a.description, a.location, a.starts_at, a.ends_at,
  a.signup_closes_at, a.capacity, a.seats_taken, a.status, a.completed_at,
  (SELECT COALESCE(sum(p.count - p.taken), 0)::int FROM activity_posts p WHERE p.activity_id = a.id) AS posts_left`

/** Every column of activity `a` as the viewer sees it, with its posts, the viewer's sign-up and post. */
const detailColumns = (viewer: SqlViewer) => sql`${SUMMARY_COLUMNS},
  ${staffHere(viewer)} AS is_staff,
  (SELECT COALESCE(json_agg(x ORDER BY x.position), '[]') FROM (
     SELECT p.id, p.name, p.count, p.hours::text AS hours, p.taken, p.position,
       (SELECT COALESCE(json_agg(json_build_object('volunteer_id', k.volunteer_id, 'absent', k.absent,
                 'name', ${nameFor(viewer, { id: sql`k.volunteer_id`, nickname: sql`u.nickname`, community: sql`a.community_id` })})
                 ORDER BY k.claimed_at), '[]')
        FROM activity_post_claims k JOIN users u ON u.id = k.volunteer_id
        WHERE k.post_id = p.id AND k.released_at IS NULL) AS holders
     FROM activity_posts p WHERE p.activity_id = a.id) x) AS posts,
  (SELECT row_to_json(s) FROM (
     SELECT s.id, s.party_size, s.code, s.status, s.created_at FROM activity_signups s
     WHERE s.activity_id = a.id AND s.user_id = ${viewer.id}::uuid AND s.status <> 'cancelled') s) AS my_signup,
  EXISTS (SELECT 1 FROM activity_post_claims k WHERE k.activity_id = a.id AND k.volunteer_id = ${viewer.id}::uuid
          AND k.released_at IS NULL) AS holds_post`

export interface NewActivity {
  communityId: string
  title: string
  description: string
  location: string
  startsAt: string
  endsAt: string
  signupClosesAt: string
  capacity: number | null
  posts: { name: string; count: number; hours: number }[]
}

/** Publishes an activity with its posts in a community the viewer is staff of, audited; null when they are not. */
export async function insertActivity(
  q: Queryable,
  viewer: SqlViewer,
  input: NewActivity,
  now: Date,
): Promise<ActivityRow | null> {
  const posts = JSON.stringify(input.posts.map((p, i) => ({ ...p, position: i })))
  const [row] = await q.query<{ id: string }>(
    sql`WITH a AS (
       INSERT INTO activities (community_id, title, description, location, starts_at, ends_at, signup_closes_at,
                               capacity, created_by, created_at)
       SELECT ${input.communityId}::uuid, ${input.title}, ${input.description}, ${input.location},
              ${input.startsAt}::timestamptz, ${input.endsAt}::timestamptz, ${input.signupClosesAt}::timestamptz,
              ${input.capacity}::int, ${viewer.id}::uuid, ${now}::timestamptz
       WHERE ${staffOf(viewer, sql`${input.communityId}::uuid`)}
       RETURNING *
     ), p AS (
       INSERT INTO activity_posts (activity_id, name, count, hours, position)
       SELECT a.id, x.name, x.count, x.hours, x.position
       FROM a, jsonb_to_recordset(${posts}::jsonb) AS x(name text, count smallint, hours numeric, position smallint)
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'activity.published',
         entityId: sql`a.id::text`,
         communityId: sql`a.community_id`,
         before: sql`NULL::jsonb`,
         after: sql`jsonb_build_object('title', a.title, 'startsAt', a.starts_at, 'capacity', a.capacity)`,
       })}
       FROM a
     )
     SELECT id FROM a`,
  )
  return row ? findActivity(q, viewer, row.id) : null
}

/** One activity with its posts and the viewer's sign-up and post. */
export async function findActivity(q: Queryable, viewer: SqlViewer, id: string): Promise<ActivityRow | null> {
  const [row] = await q.query<ActivityRow>(sql`SELECT ${detailColumns(viewer)} FROM activities a WHERE a.id = ${id}`)
  return row ?? null
}

/** A page of a community's activities: upcoming (not ended) soonest first, or past latest first. */
export async function listActivities(
  q: Queryable,
  f: { communityId: string; when: 'upcoming' | 'past'; limit: number; after?: readonly [string, string] },
  now: Date,
): Promise<ActivityRow[]> {
  const upcoming = f.when === 'upcoming'
  const not = sql.raw(upcoming ? '' : 'NOT')
  const cmp = sql.raw(upcoming ? '>' : '<')
  const order = sql.raw(upcoming ? 'ASC' : 'DESC')
  const [afterTime, afterId] = f.after ?? [null, null]
  return q.query<ActivityRow>(
    sql`SELECT ${SUMMARY_COLUMNS} FROM activities a
     WHERE a.community_id = ${f.communityId} AND a.status <> 'cancelled'
       AND ${not} (a.status = 'published' AND a.ends_at > ${now})
       AND (${afterTime}::timestamptz IS NULL OR (a.starts_at, a.id::text) ${cmp} (${afterTime}::timestamptz, ${afterId}::text))
     ORDER BY a.starts_at ${order}, a.id::text ${order}
     LIMIT ${f.limit + 1}`,
  )
}

/** What a refused write is diagnosed from. */
export interface ActivityState {
  community_id: string
  status: ActivityStatus
  starts_at: Date
  signup_closes_at: Date
  capacity: number | null
  seats_taken: number
}

export async function findActivityState(q: Queryable, id: string): Promise<ActivityState | null> {
  const [row] = await q.query<ActivityState>(
    sql`SELECT community_id, status, starts_at, signup_closes_at, capacity, seats_taken FROM activities WHERE id = ${id}`,
  )
  return row ?? null
}

/**
 * Signs a resident of the activity's community up: one statement. The seats are taken by a conditional UPDATE of the
 * activity row (its lock serialises racing sign-ups, its WHERE is re-read after the wait, and a CHECK backs it); the
 * sign-up is inserted only from the row it returned, with a check-in code drawn among those not in use. A second
 * live sign-up of the same person meets the unique index, and the seats go back with the failed statement.
 */
export async function insertSignup(
  q: Queryable,
  s: { activityId: string; userId: string; partySize: number; now: Date },
): Promise<SignupRow | null> {
  const [row] = await q.query<SignupRow>(
    sql`WITH a AS (
       UPDATE activities a SET seats_taken = a.seats_taken + ${s.partySize}::int
       WHERE a.id = ${s.activityId} AND a.status = 'published' AND a.signup_closes_at > ${s.now}
         AND (a.capacity IS NULL OR a.seats_taken + ${s.partySize}::int <= a.capacity)
         AND EXISTS (SELECT 1 FROM users u WHERE u.id = ${s.userId} AND u.community_id = a.community_id)
       RETURNING a.id
     )
     INSERT INTO activity_signups (activity_id, user_id, party_size, code, created_at)
     SELECT a.id, ${s.userId}::uuid, ${s.partySize}::int, new_activity_code(), ${s.now}::timestamptz FROM a
     RETURNING id, party_size, code, status, created_at`,
  )
  return row ?? null
}

/** Cancels the person's live sign-up before the deadline and gives its seats back; null when nothing changed. */
export async function cancelSignup(
  q: Queryable,
  s: { activityId: string; userId: string; now: Date },
): Promise<{ id: string } | null> {
  const [row] = await q.query<{ id: string }>(
    sql`WITH s AS (
       UPDATE activity_signups s SET status = 'cancelled', cancelled_at = ${s.now}
       FROM activities a
       WHERE s.activity_id = ${s.activityId} AND s.user_id = ${s.userId} AND s.status = 'signed_up'
         AND a.id = s.activity_id AND a.status = 'published' AND a.signup_closes_at > ${s.now}
       RETURNING s.id, s.activity_id, s.party_size
     ), a AS (
       UPDATE activities a SET seats_taken = a.seats_taken - s.party_size FROM s WHERE a.id = s.activity_id
     )
     SELECT id FROM s`,
  )
  return row ?? null
}

export async function hasLiveSignup(q: Queryable, activityId: string, userId: string): Promise<boolean> {
  const [row] = await q.query<{ live: boolean }>(
    sql`SELECT EXISTS (SELECT 1 FROM activity_signups WHERE activity_id = ${activityId} AND user_id = ${userId}
                                 AND status <> 'cancelled') AS live`,
  )
  return row?.live ?? false
}

export interface CheckInRow {
  signup_id: string
  activity_id: string
  activity_title: string
  name: string
  party_size: number
  status: SignupStatus
  checked_in_at: Date | null
  manages: boolean
  activity_status: ActivityStatus
}

/**
 * Staff of the activity's community check a sign-up in by its code, audited; a second time changes nothing.
 * Returns the sign-up as it is after the statement (`manages` false for anyone else), or null for an unknown code.
 */
export async function checkIn(q: Queryable, viewer: SqlViewer, code: string, now: Date): Promise<CheckInRow | null> {
  const [row] = await q.query<CheckInRow>(
    sql`WITH target AS (
       SELECT s.id, s.status, s.checked_in_at, s.party_size, a.id AS activity_id, a.title, a.community_id,
              a.status AS activity_status, u.nickname, ${staffHere(viewer)} AS manages
       FROM activity_signups s JOIN activities a ON a.id = s.activity_id JOIN users u ON u.id = s.user_id
       WHERE s.code = ${code}
       ORDER BY s.status = 'cancelled', s.created_at DESC LIMIT 1
     ), done AS (
       UPDATE activity_signups s SET status = 'checked_in', checked_in_at = ${now}, checked_in_by = ${viewer.id}
       FROM target t
       WHERE s.id = t.id AND t.manages AND s.status = 'signed_up' AND t.activity_status = 'published'
       RETURNING s.id, s.checked_in_at
     ), audited AS (
       ${auditInsert(viewer, now, {
         action: 'activity.checked_in',
         entityId: sql`t.activity_id::text`,
         communityId: sql`t.community_id`,
         before: sql`jsonb_build_object('signupId', t.id, 'status', 'signed_up')`,
         after: sql`jsonb_build_object('signupId', t.id, 'status', 'checked_in')`,
       })}
       FROM target t WHERE EXISTS (SELECT 1 FROM done)
     )
     SELECT t.id AS signup_id, t.activity_id, t.title AS activity_title, t.nickname AS name, t.party_size,
            CASE WHEN d.id IS NOT NULL THEN 'checked_in' ELSE t.status END AS status,
            COALESCE(d.checked_in_at, t.checked_in_at) AS checked_in_at, t.manages, t.activity_status
     FROM target t LEFT JOIN done d ON d.id = t.id`,
  )
  return row ?? null
}

/**
 * An active volunteer of the activity's community takes a place on one of its posts, before it starts: the post's
 * `taken` moves in a conditional UPDATE (its lock serialises racing claims; a CHECK backs the count), and the claim
 * is inserted only from the row it returned. One post per volunteer and activity is a unique index.
 */
export async function claimPost(
  q: Queryable,
  c: { activityId: string; postId: string; volunteerId: string; now: Date },
): Promise<boolean> {
  const rows = await q.query(
    sql`WITH p AS (
       UPDATE activity_posts p SET taken = p.taken + 1
       FROM activities a
       WHERE p.id = ${c.postId} AND p.activity_id = ${c.activityId} AND a.id = p.activity_id
         AND p.taken < p.count AND a.status = 'published' AND a.starts_at > ${c.now}
         AND EXISTS (SELECT 1 FROM volunteers v WHERE v.user_id = ${c.volunteerId} AND v.status = 'active'
                       AND v.community_id = a.community_id)
       RETURNING p.id, p.activity_id
     )
     INSERT INTO activity_post_claims (post_id, activity_id, volunteer_id, claimed_at)
     SELECT p.id, p.activity_id, ${c.volunteerId}::uuid, ${c.now}::timestamptz FROM p
     RETURNING id`,
  )
  return rows.length > 0
}

export interface PostState {
  exists: boolean
  taken: number
  count: number
  holds: boolean
  holds_other: boolean
}

export async function findPostState(
  q: Queryable,
  activityId: string,
  postId: string,
  volunteerId: string,
): Promise<PostState | null> {
  const [row] = await q.query<PostState>(
    sql`SELECT true AS exists, p.taken, p.count,
       EXISTS (SELECT 1 FROM activity_post_claims k WHERE k.post_id = p.id AND k.volunteer_id = ${volunteerId}
               AND k.released_at IS NULL) AS holds,
       EXISTS (SELECT 1 FROM activity_post_claims k WHERE k.activity_id = p.activity_id AND k.post_id <> p.id
               AND k.volunteer_id = ${volunteerId} AND k.released_at IS NULL) AS holds_other
     FROM activity_posts p WHERE p.id = ${postId} AND p.activity_id = ${activityId}`,
  )
  return row ?? null
}

/** The holder gives a post back before the activity starts. */
export async function releasePost(
  q: Queryable,
  c: { activityId: string; postId: string; volunteerId: string; now: Date },
): Promise<boolean> {
  const rows = await q.query(
    sql`WITH k AS (
       UPDATE activity_post_claims k SET released_at = ${c.now}
       FROM activities a
       WHERE k.post_id = ${c.postId} AND k.activity_id = ${c.activityId} AND k.volunteer_id = ${c.volunteerId}
         AND k.released_at IS NULL AND a.id = k.activity_id AND a.status = 'published' AND a.starts_at > ${c.now}
       RETURNING k.post_id
     )
     UPDATE activity_posts p SET taken = p.taken - 1 FROM k WHERE p.id = k.post_id RETURNING p.id`,
  )
  return rows.length > 0
}

/**
 * Staff complete a started activity: one statement moves it to completed (once: its WHERE asks for published), marks
 * the named volunteers absent, and records the post's hours for every other holder, in the records wish hours are
 * kept in. A retry finds it completed and changes nothing; the unique index keeps one record per post and person.
 * Returns whether this statement completed it, and how many hour records it wrote.
 */
export async function completeActivity(
  q: Queryable,
  viewer: SqlViewer,
  c: { id: string; absent: string[]; now: Date },
): Promise<{ completed: boolean; credited: number }> {
  const [row] = await q.query<{ completed: boolean; credited: number }>(
    sql`WITH a AS (
       UPDATE activities a SET status = 'completed', completed_at = ${c.now}, completed_by = ${viewer.id}
       WHERE a.id = ${c.id} AND a.status = 'published' AND a.starts_at <= ${c.now} AND ${staffHere(viewer)}
       RETURNING a.id, a.community_id
     ), marked AS (
       UPDATE activity_post_claims k SET absent = true
       FROM a WHERE k.activity_id = a.id AND k.released_at IS NULL AND k.volunteer_id = ANY (${c.absent}::uuid[])
     ), credited AS (
       INSERT INTO volunteer_hours (activity_post_id, volunteer_id, community_id, hours, confirmed_by, confirmed_at)
       SELECT k.post_id, k.volunteer_id, a.community_id, p.hours, ${viewer.id}::uuid, ${c.now}::timestamptz
       FROM a JOIN activity_post_claims k ON k.activity_id = a.id AND k.released_at IS NULL
       JOIN activity_posts p ON p.id = k.post_id
       WHERE NOT k.volunteer_id = ANY (${c.absent}::uuid[])
       ON CONFLICT DO NOTHING
       RETURNING 1
     ), audited AS (
       ${auditInsert(viewer, c.now, {
         action: 'activity.completed',
         entityId: sql`a.id::text`,
         communityId: sql`a.community_id`,
         before: sql`jsonb_build_object('status', 'published')`,
         after: sql`jsonb_build_object('status', 'completed', 'absentVolunteerIds', to_jsonb(${c.absent}::uuid[]),
                                       'credited', (SELECT count(*) FROM credited))`,
       })}
       FROM a
     )
     SELECT EXISTS (SELECT 1 FROM a) AS completed, (SELECT count(*)::int FROM credited) AS credited`,
  )
  return row ?? { completed: false, credited: 0 }
}

/**
 * The reminder the day before: an `activity.reminder` for everyone signed up or holding a post of an activity
 * starting tomorrow in Shanghai, written during the reminder hours; one per person and activity (their sign-up's,
 * else their post's) however often this runs. Returns how many it wrote.
 */
export async function writeActivityReminders(q: Queryable, now: Date, hours: readonly [number, number]) {
  const rows = await q.query(
    sql`WITH tomorrow AS (
       SELECT (date_trunc('day', ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai') + interval '1 day')
                AT TIME ZONE 'Asia/Shanghai' AS starts
       WHERE extract(hour FROM ${now}::timestamptz AT TIME ZONE 'Asia/Shanghai') BETWEEN ${hours[0]} AND ${hours[1]}
     ), due AS (
       SELECT s.user_id, 1 AS entity, a.id AS activity_id, a.title, a.location, a.starts_at,
              format('%s人，签到码 %s', s.party_size, s.code) AS what
       FROM tomorrow t JOIN activities a ON a.starts_at >= t.starts AND a.starts_at < t.starts + interval '1 day'
       JOIN activity_signups s ON s.activity_id = a.id AND s.status = 'signed_up'
       WHERE a.status = 'published'
       UNION ALL
       SELECT k.volunteer_id, 2, a.id, a.title, a.location, a.starts_at, '志愿岗位：' || p.name
       FROM tomorrow t JOIN activities a ON a.starts_at >= t.starts AND a.starts_at < t.starts + interval '1 day'
       JOIN activity_post_claims k ON k.activity_id = a.id AND k.released_at IS NULL
       JOIN activity_posts p ON p.id = k.post_id
       WHERE a.status = 'published'
     )
     INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
     SELECT DISTINCT ON (d.user_id, d.activity_id) d.user_id, 'activity.reminder', '明天有活动',
            format('明天 %s「%s」（%s），%s。请按时到场。',
                   to_char(d.starts_at AT TIME ZONE 'Asia/Shanghai', 'HH24:MI'), d.title, d.location, d.what),
            'activity', d.activity_id::text, ${now}::timestamptz
     FROM due d
     ORDER BY d.user_id, d.activity_id, d.entity
     ON CONFLICT (user_id, entity_id) WHERE kind = 'activity.reminder' DO NOTHING
     RETURNING id`,
  )
  return rows.length
}

export interface PartyServiceRow {
  user_id: string
  name: string
  is_party_member: boolean
  wishes: number
  wish_hours: string
  posts: number
  post_hours: string
  activities: number
}

/** Counts of one year's service (Shanghai calendar) for the given people, or every party member of a community. */
const serviceColumns = (year: number) => {
  const t0 = sql`make_timestamptz(${year}::int, 1, 1, 0, 0, 0, 'Asia/Shanghai')`
  const t1 = sql`make_timestamptz(${year + 1}::int, 1, 1, 0, 0, 0, 'Asia/Shanghai')`
  return sql`
    (SELECT count(*)::int FROM volunteer_hours h WHERE h.volunteer_id = u.id AND h.wish_id IS NOT NULL
       AND h.confirmed_at >= ${t0} AND h.confirmed_at < ${t1}) AS wishes,
    (SELECT COALESCE(sum(h.hours), 0)::text FROM volunteer_hours h WHERE h.volunteer_id = u.id AND h.wish_id IS NOT NULL
       AND h.confirmed_at >= ${t0} AND h.confirmed_at < ${t1}) AS wish_hours,
    (SELECT count(*)::int FROM volunteer_hours h WHERE h.volunteer_id = u.id AND h.activity_post_id IS NOT NULL
       AND h.confirmed_at >= ${t0} AND h.confirmed_at < ${t1}) AS posts,
    (SELECT COALESCE(sum(h.hours), 0)::text FROM volunteer_hours h WHERE h.volunteer_id = u.id
       AND h.activity_post_id IS NOT NULL AND h.confirmed_at >= ${t0} AND h.confirmed_at < ${t1}) AS post_hours,
    (SELECT count(*)::int FROM activity_signups s WHERE s.user_id = u.id AND s.status = 'checked_in'
       AND s.checked_in_at >= ${t0} AND s.checked_in_at < ${t1}) AS activities`
}

/**
 * Who counts as a party member: a confirmed 党员 of the 双报到 register (migration 0015), or a volunteer whose
 * registration says so (the older flag, still kept).
 */
const PARTY_MEMBER = sql`(EXISTS (SELECT 1 FROM party_members pm WHERE pm.user_id = u.id AND pm.status = 'confirmed')
  OR EXISTS (SELECT 1 FROM volunteers v WHERE v.user_id = u.id AND v.is_party_member))`

export async function findPartyService(q: Queryable, userId: string, year: number): Promise<PartyServiceRow> {
  const [row] = await q.query<PartyServiceRow>(
    sql`SELECT u.id AS user_id, u.nickname AS name, ${PARTY_MEMBER} AS is_party_member, ${serviceColumns(year)}
     FROM users u WHERE u.id = ${userId}`,
  )
  return row!
}

/** The community's party members: confirmed in its register, or volunteers of it flagged as members. */
export async function listCommunityPartyService(
  q: Queryable,
  communityId: string,
  year: number,
): Promise<PartyServiceRow[]> {
  return q.query<PartyServiceRow>(
    sql`SELECT u.id AS user_id, COALESCE(v.real_name, u.nickname) AS name, true AS is_party_member,
            ${serviceColumns(year)}
     FROM users u LEFT JOIN volunteers v ON v.user_id = u.id
     WHERE u.deleted_at IS NULL AND u.id IN (
       SELECT pm.user_id FROM party_members pm WHERE pm.community_id = ${communityId} AND pm.status = 'confirmed'
       UNION
       SELECT x.user_id FROM volunteers x WHERE x.community_id = ${communityId} AND x.is_party_member)
     ORDER BY name, u.id`,
  )
}
