import type { AuditAction } from '../../../shared/workbench'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { memberOf, staffOf, type SqlViewer } from '../../db/viewer'

/** Every SQL statement of 群众满意度测评, each one round trip; `viewer` is who asks (`db/viewer.ts`). */

export interface SurveyRow {
  id: string
  community_id: string
  title: string
  items: string[]
  opens_at: Date
  closes_at: Date
  created_at: Date
}

const audit = (viewer: SqlViewer, now: Date, action: AuditAction, id: Sql, after: Sql) =>
  sql`INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
     SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${action}::text, 'survey', (${id})::text, s.community_id,
            NULL, ${after}, ${now}::timestamptz`

/**
 * The inbox messages of the surveys `source` gives (rows with id, community_id, title, closes_at and a boolean
 * `closed`) for every verified member of their community: "it opened, answer it", or "its results are published".
 */
const tellMembers = (now: Date, source: Sql) =>
  sql`INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
     SELECT m.user_id,
            CASE WHEN s.closed THEN 'survey.results' ELSE 'survey.opened' END,
            CASE WHEN s.closed THEN '满意度测评结果已公布' ELSE '满意度测评开始了' END,
            CASE WHEN s.closed THEN '「' || s.title || '」已结束，评价结果已公开，欢迎查看。'
                 ELSE '「' || s.title || '」请您为社区工作打分，' || slot_label(s.closes_at) || '截止。' END,
            'survey', s.id::text, ${now}::timestamptz
     FROM (${source}) s JOIN memberships m ON m.community_id = s.community_id AND m.status = 'verified'
     JOIN users u ON u.id = m.user_id AND u.deleted_at IS NULL`

const SURVEY_COLUMNS = sql`s.id, s.community_id, s.title, s.items, s.opens_at, s.closes_at, s.created_at`

/** A survey by staff of its community; members hear of it at once when it opens now. Null: not staff there. */
export async function insertSurvey(
  q: Queryable,
  viewer: SqlViewer,
  s: { communityId: string; title: string; items: string[]; opensAt: string; closesAt: string },
  now: Date,
): Promise<SurveyRow | null> {
  const [row] = await q.query<SurveyRow>(
    sql`WITH s AS (
       INSERT INTO surveys (community_id, title, items, opens_at, closes_at, created_by, created_at, opened_notified_at)
       SELECT c.id, ${s.title}::text, ${s.items}::text[], ${s.opensAt}::timestamptz, ${s.closesAt}::timestamptz,
              ${viewer.id}::uuid, ${now}::timestamptz,
              CASE WHEN ${s.opensAt}::timestamptz <= ${now}::timestamptz THEN ${now}::timestamptz END
       FROM communities c WHERE c.id = ${s.communityId}::uuid AND ${staffOf(viewer, sql`c.id`)}
       RETURNING *
     ), a AS (
       ${audit(viewer, now, 'survey.created', sql`s.id`, sql`json_build_object('title', s.title, 'items', s.items, 'opensAt', s.opens_at, 'closesAt', s.closes_at)::jsonb`)}
       FROM s
     ), n AS (
       ${tellMembers(now, sql`SELECT s.*, false AS closed FROM s WHERE s.opened_notified_at IS NOT NULL`)}
     )
     SELECT ${SURVEY_COLUMNS} FROM s`,
  )
  return row ?? null
}

/**
 * Tells members of every survey that opened since the last run, and of every survey that closed, that its results
 * are published: each once, as the UPDATE that marks it told is the statement that writes the messages. A survey
 * that opened and closed between two runs gets the results message alone. Returns how many surveys it told of.
 */
export async function notifySurveys(q: Queryable, now: Date): Promise<number> {
  const [row] = await q.query<{ n: number }>(
    sql`WITH s AS (
       UPDATE surveys s SET opened_notified_at = COALESCE(s.opened_notified_at, ${now}::timestamptz),
              results_notified_at = CASE WHEN s.closes_at <= ${now}::timestamptz THEN ${now}::timestamptz END
       WHERE s.results_notified_at IS NULL AND s.opens_at <= ${now}::timestamptz
         AND (s.opened_notified_at IS NULL OR s.closes_at <= ${now}::timestamptz)
       RETURNING s.id, s.community_id, s.title, s.closes_at, s.closes_at <= ${now}::timestamptz AS closed
     ), n AS (
       ${tellMembers(now, sql`SELECT * FROM s`)}
     )
     SELECT count(*)::int AS n FROM s`,
  )
  return row?.n ?? 0
}

export type SurveyListRow = SurveyRow & { answered: boolean }

/** A community's surveys, newest first, with whether the viewer answered each. */
export async function listSurveys(
  q: Queryable,
  viewer: SqlViewer,
  f: { communityId: string; limit: number; before?: readonly [string, string] },
): Promise<SurveyListRow[]> {
  const [beforeAt, beforeId] = f.before ?? [null, null]
  return q.query<SurveyListRow>(
    sql`SELECT ${SURVEY_COLUMNS},
            EXISTS (SELECT 1 FROM survey_responses r WHERE r.survey_id = s.id AND r.user_id = ${viewer.id}::uuid) AS answered
     FROM surveys s
     WHERE s.community_id = ${f.communityId}::uuid
       AND (${beforeAt}::timestamptz IS NULL OR (s.created_at, s.id::text) < (${beforeAt}::timestamptz, ${beforeId}::text))
     ORDER BY s.created_at DESC, s.id DESC
     LIMIT ${f.limit + 1}`,
  )
}

export type SurveyDetailRow = SurveyRow & {
  my_scores: number[] | null
  my_comment: string | null
  my_updated_at: Date | null
}

/** Survey `id` with the viewer's own response. */
export async function findSurveyFor(q: Queryable, viewer: SqlViewer, id: string): Promise<SurveyDetailRow | null> {
  const [row] = await q.query<SurveyDetailRow>(
    sql`SELECT ${SURVEY_COLUMNS}, r.scores AS my_scores, r.comment AS my_comment, r.updated_at AS my_updated_at
     FROM surveys s LEFT JOIN survey_responses r ON r.survey_id = s.id AND r.user_id = ${viewer.id}::uuid
     WHERE s.id = ${id}`,
  )
  return row ?? null
}

export interface ResponseAttempt {
  found: boolean
  community_id: string | null
  opens_at: Date | null
  closes_at: Date | null
  item_count: number | null
  scores: number[] | null
  comment: string | null
  updated_at: Date | null
}

/**
 * A verified member's response: written (or replacing theirs) only while the survey is open and with one score per
 * item, the window and the count read in the same statement as the upsert, so nothing lands outside the window and
 * one member has one row however many answers arrive at once.
 */
export async function upsertResponse(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  r: { scores: number[]; comment: string | null },
  now: Date,
): Promise<ResponseAttempt> {
  const [row] = await q.query<ResponseAttempt>(
    sql`WITH s AS (
       SELECT * FROM surveys WHERE id = ${id}
     ), w AS (
       INSERT INTO survey_responses (survey_id, user_id, scores, comment, created_at, updated_at)
       SELECT s.id, ${viewer.id}::uuid, ${r.scores}::smallint[], ${r.comment}::text, ${now}::timestamptz, ${now}::timestamptz
       FROM s
       WHERE ${memberOf(viewer, sql`s.community_id`)} AND cardinality(s.items) = cardinality(${r.scores}::smallint[])
         AND ${now}::timestamptz >= s.opens_at AND ${now}::timestamptz < s.closes_at
       ON CONFLICT (survey_id, user_id) DO UPDATE
         SET scores = EXCLUDED.scores, comment = EXCLUDED.comment, updated_at = EXCLUDED.updated_at
       RETURNING scores, comment, updated_at
     )
     SELECT (s.id IS NOT NULL) AS found, s.community_id, s.opens_at, s.closes_at, cardinality(s.items) AS item_count,
            w.scores, w.comment, w.updated_at
     FROM (SELECT 1) one LEFT JOIN s ON true LEFT JOIN w ON true`,
  )
  return row!
}

export interface ResultsRow extends SurveyRow {
  staff: boolean
  respondents: number
  eligible: number
  results: { text: string; mean: number | null; count: number; distribution: number[] }[]
}

/**
 * Survey `id`'s results in one statement: per item the mean (two decimals), the count and how many gave each score;
 * the respondents, and the verified members of the community now (eligible_voters, migration 0015). Whether the
 * viewer is staff of its community comes with them, for the service to decide who may see them before close.
 */
export async function surveyResults(q: Queryable, viewer: SqlViewer, id: string): Promise<ResultsRow | null> {
  const [row] = await q.query<ResultsRow>(
    sql`SELECT ${SURVEY_COLUMNS}, ${staffOf(viewer, sql`s.community_id`)} AS staff,
            (SELECT count(*)::int FROM survey_responses r WHERE r.survey_id = s.id) AS respondents,
            eligible_voters(s.community_id) AS eligible,
            (SELECT json_agg(json_build_object('text', i.text, 'mean', f.mean, 'count', f.count,
                                               'distribution', f.distribution) ORDER BY i.n)
             FROM unnest(s.items) WITH ORDINALITY AS i (text, n)
             CROSS JOIN LATERAL (
               SELECT round(avg(r.scores[i.n])::numeric, 2) AS mean, count(r.scores[i.n])::int AS count,
                      json_build_array(count(*) FILTER (WHERE r.scores[i.n] = 1), count(*) FILTER (WHERE r.scores[i.n] = 2),
                                       count(*) FILTER (WHERE r.scores[i.n] = 3), count(*) FILTER (WHERE r.scores[i.n] = 4),
                                       count(*) FILTER (WHERE r.scores[i.n] = 5)) AS distribution
               FROM survey_responses r WHERE r.survey_id = s.id
             ) f) AS results
     FROM surveys s WHERE s.id = ${id}`,
  )
  return row ?? null
}
