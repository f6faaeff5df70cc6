import { sql, type Sql } from '../../db/sql'

/**
 * 满意度 figures as SQL fragments, for any statement that reports on a community and a period: the staff dashboard
 * here, and the month report and the street's table (features/reports, the street's stats) compose the same ones.
 *
 * Each fragment is a scalar subquery giving `json {"mean": numeric(3,2) | null, "count": int}` for the community
 * `community` names (a uuid expression) and the period [t0, t1) (two timestamptz expressions): the mean of the 1–5
 * scores given, to two decimals, null when there were none, and how many scores it is the mean of. Ratings that were
 * never given (null) are not scores and count nowhere: avg and count(score) skip them.
 *
 *   bookingRatingFigure — booking ratings given in the period, of bookings of the community's stations;
 *   topicRatingFigure   — topic ratings given in the period, of the community's topics;
 *   wishRatingFigure    — ratings owners gave confirming a wish of the community in the period (a wish staff
 *                         confirmed for its owner has none);
 *   surveyScoreFigure   — every item score of every response to the community's surveys that closed in the period.
 *
 * Example: sql`SELECT ${bookingRatingFigure(sql`c.id`, sql`p.t0`, sql`p.t1`)} AS bookings FROM communities c, p`.
 * To read the mean alone: `(${fragment} ->> 'mean')::numeric`.
 */
export type RatingFigure = (community: Sql, t0: Sql, t1: Sql) => Sql

const figureOf = (score: Sql, from: Sql) =>
  sql`(SELECT json_build_object('mean', round(avg(${score})::numeric, 2), 'count', count(${score})::int) ${from})`

export const bookingRatingFigure: RatingFigure = (community, t0, t1) =>
  figureOf(
    sql`r.score`,
    sql`FROM booking_ratings r WHERE r.community_id = ${community} AND r.created_at >= ${t0} AND r.created_at < ${t1}`,
  )

export const topicRatingFigure: RatingFigure = (community, t0, t1) =>
  figureOf(
    sql`r.score`,
    sql`FROM topic_ratings r WHERE r.community_id = ${community} AND r.created_at >= ${t0} AND r.created_at < ${t1}`,
  )

export const wishRatingFigure: RatingFigure = (community, t0, t1) =>
  figureOf(
    sql`w.rating`,
    sql`FROM wishes w WHERE w.community_id = ${community} AND w.status = 'completed'
          AND w.completed_at >= ${t0} AND w.completed_at < ${t1}`,
  )

export const surveyScoreFigure: RatingFigure = (community, t0, t1) =>
  figureOf(
    sql`x.score`,
    sql`FROM surveys s JOIN survey_responses r ON r.survey_id = s.id CROSS JOIN LATERAL unnest(r.scores) AS x (score)
        WHERE s.community_id = ${community} AND s.closes_at >= ${t0} AND s.closes_at < ${t1}`,
  )
