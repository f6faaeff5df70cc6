import { sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { staffOf, type SqlViewer } from '../../db/viewer'
import type { MeanFigure } from '../../../shared/ratings'
import { bookingRatingFigure, surveyScoreFigure, topicRatingFigure, wishRatingFigure } from './figures'

/** Every SQL statement of 满意度 on bookings and topics, each one round trip; `viewer` is who asks (`db/viewer.ts`). */

export interface RatingRow {
  score: number
  comment: string | null
  created_at: Date
}

/** Why a rating was not written, read in the same statement as the attempt. */
export interface RatingAttempt {
  rating: RatingRow | null
  /** Null when the booking or topic does not exist. */
  found: boolean
  /** The booker; for a topic, whether the viewer voted or commented on it. */
  mine: boolean
  /** Checked in; for a topic, its outcome published. */
  ready: boolean
  already: boolean
}

/**
 * The booker's rating of their booking, after check-in, once: one INSERT whose WHERE reads the booker and the status,
 * and whose primary key (the booking) refuses a second (ON CONFLICT DO NOTHING: the attempt answers why).
 */
export async function rateBooking(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  r: { score: number; comment: string | null },
  now: Date,
): Promise<RatingAttempt> {
  const [row] = await q.query<
    RatingAttempt & { score: number | null; comment: string | null; created_at: Date | null }
  >(
    sql`WITH target AS (
       SELECT b.id, b.user_id = ${viewer.id}::uuid AS mine, b.status = 'checked_in' AS ready, st.community_id
       FROM bookings b JOIN slots sl ON sl.id = b.slot_id JOIN station_services sv ON sv.id = sl.service_id
       JOIN stations st ON st.id = sv.station_id
       WHERE b.id = ${id}
     ), w AS (
       INSERT INTO booking_ratings (booking_id, user_id, community_id, score, comment, created_at)
       SELECT t.id, ${viewer.id}::uuid, t.community_id, ${r.score}::smallint, ${r.comment}::text, ${now}::timestamptz
       FROM target t WHERE t.mine AND t.ready
       ON CONFLICT (booking_id) DO NOTHING
       RETURNING score, comment, created_at
     )
     SELECT w.score, w.comment, w.created_at, (t.id IS NOT NULL) AS found, COALESCE(t.mine, false) AS mine,
            COALESCE(t.ready, false) AS ready,
            EXISTS (SELECT 1 FROM booking_ratings x WHERE x.booking_id = ${id}) AS already
     FROM (SELECT 1) one LEFT JOIN target t ON true LEFT JOIN w ON true`,
  )
  return attemptOf(row!)
}

/**
 * A participant's rating of a topic after its outcome was published, once: who voted (their ballot, or the one they
 * cast last for their household) or commented; the primary key (topic, user) refuses a second.
 */
export async function rateTopic(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  score: number,
  now: Date,
): Promise<RatingAttempt> {
  const [row] = await q.query<
    RatingAttempt & { score: number | null; comment: string | null; created_at: Date | null }
  >(
    sql`WITH target AS (
       SELECT t.id, t.community_id, t.outcome_at IS NOT NULL AS ready,
              (EXISTS (SELECT 1 FROM ballots b WHERE b.topic_id = t.id AND b.user_id = ${viewer.id}::uuid)
               OR EXISTS (SELECT 1 FROM topic_comments c WHERE c.topic_id = t.id AND c.author_id = ${viewer.id}::uuid))
                AS mine
       FROM topics t WHERE t.id = ${id} AND t.status IN ('open', 'closed')
     ), w AS (
       INSERT INTO topic_ratings (topic_id, user_id, community_id, score, created_at)
       SELECT t.id, ${viewer.id}::uuid, t.community_id, ${score}::smallint, ${now}::timestamptz
       FROM target t WHERE t.mine AND t.ready
       ON CONFLICT (topic_id, user_id) DO NOTHING
       RETURNING score, NULL::text AS comment, created_at
     )
     SELECT w.score, w.comment, w.created_at, (t.id IS NOT NULL) AS found, COALESCE(t.mine, false) AS mine,
            COALESCE(t.ready, false) AS ready,
            EXISTS (SELECT 1 FROM topic_ratings x WHERE x.topic_id = ${id} AND x.user_id = ${viewer.id}::uuid) AS already
     FROM (SELECT 1) one LEFT JOIN target t ON true LEFT JOIN w ON true`,
  )
  return attemptOf(row!)
}

function attemptOf(
  row: RatingAttempt & { score: number | null; comment: string | null; created_at: Date | null },
): RatingAttempt {
  const { score, comment, created_at, found, mine, ready, already } = row
  return {
    rating: score !== null && created_at ? { score, comment, created_at } : null,
    found,
    mine,
    ready,
    already,
  }
}

export interface FiguresRow {
  found: boolean
  bookings: MeanFigure
  topics: MeanFigure
  wishes: MeanFigure
  surveys: MeanFigure
}

/** A community's mean ratings over Shanghai dates `from`..`to` (both included), for its staff; null otherwise. */
export async function ratingFigures(
  q: Queryable,
  viewer: SqlViewer,
  f: { communityId: string; from: string; to: string },
): Promise<FiguresRow | null> {
  const [row] = await q.query<FiguresRow>(
    sql`WITH p AS (
       SELECT c.id, (${f.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai') AS t0,
              ((${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS t1
       FROM communities c WHERE c.id = ${f.communityId}::uuid AND ${staffOf(viewer, sql`c.id`)}
     )
     SELECT true AS found,
            ${bookingRatingFigure(sql`p.id`, sql`p.t0`, sql`p.t1`)} AS bookings,
            ${topicRatingFigure(sql`p.id`, sql`p.t0`, sql`p.t1`)} AS topics,
            ${wishRatingFigure(sql`p.id`, sql`p.t0`, sql`p.t1`)} AS wishes,
            ${surveyScoreFigure(sql`p.id`, sql`p.t0`, sql`p.t1`)} AS surveys
     FROM p`,
  )
  return row ?? null
}
