import type { ResultsVisibility, TopicEventType, TopicPhase, TopicStatus } from '../../../shared/topics'
import type { Queryable } from '../../db/types'

/**
 * Every SQL statement of 议事协商, each one round trip. Every statement takes the viewer first:
 * $1 viewer id (or null), $2 the community the viewer lives in, $3 their staff communities, $4 admin, $5 now,
 * $6 their role; its own parameters follow from $7.
 */

export interface SqlViewer {
  id: string | null
  communityId: string | null
  staffCommunityIds: string[]
  isAdmin: boolean
  role: string
}

const viewerParams = (v: SqlViewer, now: Date) => [v.id, v.communityId, v.staffCommunityIds, v.isAdmin, now, v.role]
/** Declares the viewer parameters' types, whether or not a statement uses them all. */
const ARGS = 'args AS (SELECT $1::uuid, $2::uuid, $3::uuid[], $4::boolean, $5::timestamptz, $6::text)'

/** Staff of topic `t`'s community, or the admin. */
const STAFF_HERE = '($4::boolean OR t.community_id = ANY($3::uuid[]))'
/** The viewer lives in topic `t`'s community. */
const MEMBER = 't.community_id = $2::uuid'
/** Open and closed topics are seen by the community and its staff; waiting or rejected ones by the author and staff. */
const VISIBLE = `((t.status IN ('open', 'closed') AND (${MEMBER} OR ${STAFF_HERE})) OR t.author_id = $1::uuid OR ${STAFF_HERE})`

export interface TopicRow {
  id: string
  community_id: string
  author_id: string
  title: string
  body: string
  status: TopicStatus
  reject_reason: string | null
  max_choices: number | null
  voting_opens_at: Date | null
  voting_closes_at: Date | null
  results_visibility: ResultsVisibility | null
  closed_at: Date | null
  outcome_summary: string | null
  outcome_at: Date | null
  progress: number | null
  created_at: Date
  author_nickname: string
  ballots: number
  comments: number
  eligible: number
}

export interface TopicDetailRow extends TopicRow {
  options: { id: string; label: string }[]
  my_choices: string[] | null
  updates: { note: string; progress: number; created_at: string }[]
}

/** Counts shown with a topic `t`; turnout's denominator is frozen at close. */
const TOPIC_COUNTS = `(SELECT count(*) FROM ballots b WHERE b.topic_id = t.id)::int AS ballots,
  (SELECT count(*) FROM topic_comments c WHERE c.topic_id = t.id AND NOT c.hidden)::int AS comments,
  COALESCE(t.eligible_at_close, eligible_voters(t.community_id)) AS eligible`

/**
 * A topic in full, from CTEs `t` (at most one topic row), `opts` (its options) and `upds` (its progress updates):
 * a statement that has just written any of them passes its own rows, which the statement cannot read back.
 */
const DETAIL_SELECT = `
  SELECT t.*, a.nickname AS author_nickname, ${TOPIC_COUNTS},
    (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'label', o.label) ORDER BY o.position), '[]') FROM opts o)
      AS options,
    (SELECT b.option_ids FROM ballots b WHERE b.topic_id = t.id AND b.user_id = $1::uuid) AS my_choices,
    (SELECT COALESCE(json_agg(json_build_object('note', x.note, 'progress', x.progress, 'created_at', x.created_at)
                              ORDER BY x.created_at), '[]') FROM upds x) AS updates
  FROM t JOIN users a ON a.id = t.author_id`

const existingOptions = (topic: string) => `opts AS (SELECT * FROM topic_options WHERE topic_id = ${topic})`
const existingUpdates = (topic: string) => `upds AS (SELECT * FROM topic_updates WHERE topic_id = ${topic})`

const event = (
  type: TopicEventType,
  note: string,
) => `INSERT INTO topic_events (topic_id, actor_id, actor_role, type, note, created_at)
  SELECT t.id, $1, $6, '${type}', ${note}, $5 FROM t`

const audit = (action: string, before: string, after: string) => `INSERT INTO audit_log (actor_id, actor_role, action,
    entity_type, entity_id, community_id, before, after, created_at)
  SELECT $1, $6, '${action}', 'topic', t.id::text, t.community_id, ${before}, ${after}, $5 FROM t`

/** Everyone who voted on or commented in topic `t`, except the viewer: they hear of its outcome and progress. */
const notifyParticipants = (kind: string, title: string, body: string) => `INSERT INTO notifications
    (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT p.user_id, '${kind}', '${title}', ${body}, 'topic', t.id::text, $5
  FROM t, (SELECT b.user_id FROM ballots b, t WHERE b.topic_id = t.id
           UNION SELECT c.author_id FROM topic_comments c, t WHERE c.topic_id = t.id) p
  WHERE p.user_id IS DISTINCT FROM $1::uuid`

export interface OpeningRow {
  options: string[]
  maxChoices: number
  votingOpensAt: string
  votingClosesAt: string
  resultsVisibility: ResultsVisibility
}

const openingParams = (o: OpeningRow | undefined) =>
  o ? [o.options, o.maxChoices, o.votingOpensAt, o.votingClosesAt, o.resultsVisibility] : [null, null, null, null, null]

/**
 * A topic proposed by a resident of the community (pending review), or opened at once by its staff with the
 * opening fields ($10–$14). Null when the viewer may do neither, or the community does not exist.
 */
export async function insertTopic(
  q: Queryable,
  viewer: SqlViewer,
  input: { communityId: string; title: string; body: string; opening?: OpeningRow },
  now: Date,
): Promise<TopicDetailRow | null> {
  const [row] = await q.query<TopicDetailRow>(
    `WITH ${ARGS}, t AS (
       INSERT INTO topics (community_id, author_id, title, body, status, max_choices, voting_opens_at,
                           voting_closes_at, results_visibility, created_at, updated_at)
       SELECT cm.id, $1, $8, $9, CASE WHEN $10::text[] IS NULL THEN 'pending_review' ELSE 'open' END,
              $11, $12, $13, $14, $5, $5
       FROM communities cm
       WHERE cm.id = $7 AND ($2::uuid = $7 OR $4::boolean OR $7 = ANY($3::uuid[]))
         AND ($10::text[] IS NULL OR $4::boolean OR $7 = ANY($3::uuid[]))
       RETURNING *
     ), opts AS (
       INSERT INTO topic_options (topic_id, position, label)
       SELECT t.id, x.position, x.label FROM t, unnest($10::text[]) WITH ORDINALITY AS x (label, position)
       RETURNING *
     ), upds AS (
       SELECT * FROM topic_updates WHERE false
     ), events AS (
       -- One statement, in order: two CTEs of the same statement would number their rows in either order.
       INSERT INTO topic_events (topic_id, actor_id, actor_role, type, note, created_at)
       SELECT t.id, $1, $6, e.type, e.note, $5
       FROM t, (VALUES (1, 'proposed', NULL), (2, 'approved', '工作人员直接发布')) AS e (n, type, note)
       WHERE e.n = 1 OR t.status = 'open'
       ORDER BY e.n
     ), audited AS (
       ${audit('topic.opened', 'NULL', "jsonb_build_object('status', 'open')")} WHERE t.status = 'open'
     )
     ${DETAIL_SELECT}`,
    [...viewerParams(viewer, now), input.communityId, input.title, input.body, ...openingParams(input.opening)],
  )
  return row ?? null
}

export interface TopicFilter {
  communityId: string
  status: TopicStatus | null
  phase: TopicPhase | null
  /** Only the viewer's own proposals. */
  mine: boolean
  limit: number
  before?: readonly [string, string]
}

/** A page of the topics of a community the viewer may see, newest first. */
export async function listTopics(q: Queryable, viewer: SqlViewer, f: TopicFilter, now: Date): Promise<TopicRow[]> {
  return q.query<TopicRow>(
    `WITH ${ARGS}
     SELECT t.*, a.nickname AS author_nickname, ${TOPIC_COUNTS}
     FROM topics t JOIN users a ON a.id = t.author_id
     WHERE t.community_id = $7 AND ($8::text IS NULL OR t.status = $8) AND ${VISIBLE}
       AND ($9::timestamptz IS NULL OR (t.created_at, t.id::text) < ($9::timestamptz, $10::text))
       AND CASE $12::text
             WHEN 'collecting' THEN t.status = 'open' AND $5 < t.voting_opens_at
             WHEN 'voting' THEN t.status = 'open' AND t.voting_opens_at <= $5 AND $5 < t.voting_closes_at
             WHEN 'ended' THEN t.status = 'closed' OR (t.status = 'open' AND t.voting_closes_at <= $5)
             ELSE true
           END
       AND (NOT $13 OR t.author_id = $1)
     ORDER BY t.created_at DESC, t.id::text DESC
     LIMIT $11`,
    [
      ...viewerParams(viewer, now),
      f.communityId,
      f.status,
      f.before?.[0] ?? null,
      f.before?.[1] ?? null,
      f.limit + 1,
      f.phase,
      f.mine,
    ],
  )
}

export async function findTopic(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  now: Date,
): Promise<TopicDetailRow | null> {
  const [row] = await q.query<TopicDetailRow>(
    `WITH ${ARGS}, t AS (
       SELECT t.* FROM topics t WHERE t.id = $7 AND ${VISIBLE}
     ), ${existingOptions('$7')}, ${existingUpdates('$7')}
     ${DETAIL_SELECT}`,
    [...viewerParams(viewer, now), id],
  )
  return row ?? null
}

export type TopicState = Pick<
  TopicRow,
  'id' | 'status' | 'community_id' | 'author_id' | 'voting_opens_at' | 'voting_closes_at' | 'outcome_summary'
>

/** What a refused write is diagnosed from. */
export async function findTopicState(q: Queryable, id: string): Promise<TopicState | null> {
  const [row] = await q.query<TopicState>(
    `SELECT id, status, community_id, author_id, voting_opens_at, voting_closes_at, outcome_summary
     FROM topics WHERE id = $1`,
    [id],
  )
  return row ?? null
}

/** Staff of the community approve (with the opening fields) or reject a topic waiting for review. */
export async function reviewTopic(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  decision: { approve: true; opening: OpeningRow } | { approve: false; reason: string },
  now: Date,
): Promise<TopicDetailRow | null> {
  const approve = decision.approve
  const [row] = await q.query<TopicDetailRow>(
    `WITH ${ARGS}, decision AS (
       SELECT $8::text[], $9::int, $10::timestamptz, $11::timestamptz, $12::text, $13::text
     ), t AS (
       UPDATE topics t SET status = ${approve ? "'open'" : "'rejected'"}, updated_at = $5,
         ${approve ? 'max_choices = $9, voting_opens_at = $10, voting_closes_at = $11, results_visibility = $12' : 'reject_reason = $13'}
       WHERE t.id = $7 AND t.status = 'pending_review' AND ${STAFF_HERE}
       RETURNING t.*
     ), opts AS (
       INSERT INTO topic_options (topic_id, position, label)
       SELECT t.id, x.position, x.label FROM t, unnest($8::text[]) WITH ORDINALITY AS x (label, position)
       RETURNING *
     ), upds AS (
       SELECT * FROM topic_updates WHERE false
     ), ev AS (
       ${event(approve ? 'approved' : 'rejected', '$13::text')}
     ), audited AS (
       ${audit(
         approve ? 'topic.approved' : 'topic.rejected',
         "jsonb_build_object('status', 'pending_review')",
         "jsonb_build_object('status', t.status, 'reason', $13::text)",
       )}
     )
     ${DETAIL_SELECT}`,
    [
      ...viewerParams(viewer, now),
      id,
      ...(decision.approve ? openingParams(decision.opening) : [null, null, null, null, null]),
      decision.approve ? null : decision.reason,
    ],
  )
  return row ?? null
}

export interface BallotRow {
  topic_id: string
  option_ids: string[]
  created_at: Date
  updated_at: Date
}

/**
 * Casts or replaces the viewer's ballot: only a resident of the topic's community, only while it is open and the
 * window is. The trigger checks the options and holds the topic open against a concurrent close.
 */
export async function castBallot(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  optionIds: string[],
  now: Date,
): Promise<BallotRow | null> {
  const [row] = await q.query<BallotRow>(
    `WITH ${ARGS}, t AS (
       SELECT t.* FROM topics t
       WHERE t.id = $7 AND t.status = 'open' AND ${MEMBER} AND $1::uuid IS NOT NULL
         AND $5 >= t.voting_opens_at AND $5 < t.voting_closes_at
     )
     INSERT INTO ballots (topic_id, user_id, option_ids, created_at, updated_at)
     SELECT t.id, $1, $8::uuid[], $5, $5 FROM t
     ON CONFLICT (topic_id, user_id) DO UPDATE SET option_ids = EXCLUDED.option_ids, updated_at = EXCLUDED.updated_at
     RETURNING topic_id, option_ids, created_at, updated_at`,
    [...viewerParams(viewer, now), id, optionIds],
  )
  return row ?? null
}

export interface ResultsRow {
  id: string
  status: TopicStatus
  results_visibility: ResultsVisibility | null
  community_id: string
  ballots: number
  eligible: number
  options: { id: string; label: string; count: number }[]
}

/** The tally of a topic the viewer may see: live while open, the frozen counts once closed. */
export async function findResults(q: Queryable, viewer: SqlViewer, id: string, now: Date): Promise<ResultsRow | null> {
  const [row] = await q.query<ResultsRow>(
    `WITH ${ARGS}
     SELECT t.id, t.status, t.results_visibility, t.community_id, ${TOPIC_COUNTS},
       (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'label', o.label, 'count',
                 COALESCE(o.final_count, (SELECT count(*) FROM ballots b WHERE b.topic_id = t.id AND o.id = ANY (b.option_ids))))
               ORDER BY o.position), '[]')
        FROM topic_options o WHERE o.topic_id = t.id) AS options
     FROM topics t WHERE t.id = $7 AND t.status IN ('open', 'closed') AND (${MEMBER} OR ${STAFF_HERE})`,
    [...viewerParams(viewer, now), id],
  )
  return row ?? null
}

export interface CommentRow {
  id: string
  topic_id: string
  /** The topic's community, whose staff read hidden comments. */
  community_id: string
  parent_id: string | null
  author_id: string
  author_nickname: string
  body: string
  hidden: boolean
  created_at: Date
}

/** Residents of the community and its staff comment on an open topic; a reply answers a top-level comment. */
export async function insertComment(
  q: Queryable,
  viewer: SqlViewer,
  topicId: string,
  input: { body: string; parentId?: string },
  now: Date,
): Promise<CommentRow | null> {
  const [row] = await q.query<CommentRow>(
    `WITH ${ARGS}, t AS (
       SELECT t.* FROM topics t WHERE t.id = $7 AND t.status = 'open' AND (${MEMBER} OR ${STAFF_HERE})
     ), c AS (
       INSERT INTO topic_comments (topic_id, author_id, parent_id, body, created_at)
       SELECT t.id, $1, $8, $9, $5 FROM t
       RETURNING *
     )
     SELECT c.id, c.topic_id, t.community_id, c.parent_id, c.author_id, u.nickname AS author_nickname, c.body, c.hidden,
            c.created_at
     FROM c JOIN t ON t.id = c.topic_id JOIN users u ON u.id = c.author_id`,
    [...viewerParams(viewer, now), topicId, input.parentId ?? null, input.body],
  )
  return row ?? null
}

export interface ThreadRow extends CommentRow {
  replies: (Omit<CommentRow, 'created_at' | 'community_id'> & { created_at: string })[]
}

/**
 * A page of a topic's top-level comments, oldest first, each with all its replies; null when the viewer may not
 * read the topic's discussion (its community and staff may).
 */
export async function listComments(
  q: Queryable,
  viewer: SqlViewer,
  topicId: string,
  page: { limit: number; after?: readonly [string, string] },
  now: Date,
): Promise<{ visible: boolean; threads: ThreadRow[] }> {
  const rows = await q.query<ThreadRow & { visible: boolean }>(
    `WITH ${ARGS}, t AS (
       SELECT t.* FROM topics t WHERE t.id = $7 AND t.status IN ('open', 'closed') AND (${MEMBER} OR ${STAFF_HERE})
     )
     SELECT true AS visible, c.id, c.topic_id, t.community_id, c.parent_id, c.author_id, u.nickname AS author_nickname, c.body,
            c.hidden, c.created_at,
            (SELECT COALESCE(json_agg(json_build_object('id', r.id, 'topic_id', r.topic_id, 'parent_id', r.parent_id,
                      'author_id', r.author_id, 'author_nickname', ru.nickname, 'body', r.body, 'hidden', r.hidden,
                      'created_at', r.created_at) ORDER BY r.created_at, r.id), '[]')
             FROM topic_comments r JOIN users ru ON ru.id = r.author_id WHERE r.parent_id = c.id) AS replies
     FROM t LEFT JOIN topic_comments c ON c.topic_id = t.id AND c.parent_id IS NULL
       AND ($8::timestamptz IS NULL OR (c.created_at, c.id::text) > ($8::timestamptz, $9::text))
     LEFT JOIN users u ON u.id = c.author_id
     ORDER BY c.created_at, c.id::text
     LIMIT $10`,
    [...viewerParams(viewer, now), topicId, page.after?.[0] ?? null, page.after?.[1] ?? null, page.limit + 1],
  )
  return { visible: rows.length > 0, threads: rows.filter((r) => r.id !== null) }
}

/**
 * A resident of the community reports someone else's comment, once; the trigger hides it at the third report.
 * Null when the viewer may not report it.
 */
export async function insertReport(
  q: Queryable,
  viewer: SqlViewer,
  commentId: string,
  reason: string,
  now: Date,
): Promise<{ comment_id: string } | null> {
  const [row] = await q.query<{ comment_id: string }>(
    `WITH ${ARGS}, c AS (
       SELECT c.id FROM topic_comments c JOIN topics t ON t.id = c.topic_id
       WHERE c.id = $7 AND t.status IN ('open', 'closed') AND ${MEMBER} AND c.author_id <> $1::uuid
     )
     INSERT INTO comment_reports (comment_id, reporter_id, reason, created_at)
     SELECT c.id, $1, $8, $5 FROM c
     RETURNING comment_id`,
    [...viewerParams(viewer, now), commentId, reason],
  )
  return row ?? null
}

export interface CommentState {
  id: string
  topic_id: string
  author_id: string
  hidden: boolean
  staff_decided: boolean
  community_id: string
  topic_status: TopicStatus
}

export async function findCommentState(q: Queryable, id: string): Promise<CommentState | null> {
  const [row] = await q.query<CommentState>(
    `SELECT c.id, c.topic_id, c.author_id, c.hidden, c.staff_decided, t.community_id, t.status AS topic_status
     FROM topic_comments c JOIN topics t ON t.id = c.topic_id WHERE c.id = $1`,
    [id],
  )
  return row ?? null
}

/**
 * Staff hide a comment (or keep hidden one that reports hid), or restore it: show a hidden one again, or keep a
 * reported one shown (dismissing its reports). With a reason, in the audit log, and in the public timeline (all but
 * keeping a shown comment shown, which changes nothing residents see). From then on reports no longer decide it.
 */
export async function moderateComment(
  q: Queryable,
  viewer: SqlViewer,
  commentId: string,
  hide: boolean,
  reason: string,
  now: Date,
): Promise<CommentRow | null> {
  const [row] = await q.query<CommentRow>(
    `WITH ${ARGS}, c AS (
       UPDATE topic_comments c SET hidden = $8, staff_decided = true
       FROM topics t, (SELECT hidden FROM topic_comments WHERE id = $7) old
       WHERE c.id = $7 AND t.id = c.topic_id AND ${STAFF_HERE}
         AND ${hide ? '(NOT c.hidden OR NOT c.staff_decided)' : '(c.hidden OR (c.report_count > 0 AND NOT c.staff_decided))'}
       RETURNING c.*, t.community_id, old.hidden AS was_hidden
     ), t AS (
       SELECT t.* FROM topics t JOIN c ON c.topic_id = t.id
     ), ev AS (
       ${event(hide ? 'comment_hidden' : 'comment_restored', '$9::text')} ${hide ? '' : 'WHERE (SELECT was_hidden FROM c)'}
     ), audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
       SELECT $1, $6, '${hide ? 'comment.hidden' : 'comment.restored'}', 'comment', c.id::text, c.community_id,
              jsonb_build_object('hidden', c.was_hidden), jsonb_build_object('hidden', $8::boolean, 'reason', $9::text), $5
       FROM c
     )
     SELECT c.id, c.topic_id, c.community_id, c.parent_id, c.author_id, u.nickname AS author_nickname, c.body,
            c.hidden, c.created_at
     FROM c JOIN users u ON u.id = c.author_id`,
    [...viewerParams(viewer, now), commentId, hide, reason],
  )
  return row ?? null
}

/** Staff close an open topic; the trigger freezes the tally. */
export async function closeTopic(q: Queryable, viewer: SqlViewer, id: string, now: Date) {
  const [row] = await q.query<TopicDetailRow>(
    `WITH ${ARGS}, t AS (
       UPDATE topics t SET status = 'closed', closed_at = $5, updated_at = $5
       WHERE t.id = $7 AND t.status = 'open' AND ${STAFF_HERE}
       RETURNING t.*
     ), ${existingOptions('$7')}, ${existingUpdates('$7')}, ev AS (
       ${event('closed', 'NULL')}
     ), audited AS (
       ${audit('topic.closed', "jsonb_build_object('status', 'open')", "jsonb_build_object('status', 'closed')")}
     )
     ${DETAIL_SELECT}`,
    [...viewerParams(viewer, now), id],
  )
  return row ?? null
}

/** Staff publish the outcome of a closed topic, once; everyone who took part is notified. */
export async function publishOutcome(q: Queryable, viewer: SqlViewer, id: string, summary: string, now: Date) {
  const [row] = await q.query<TopicDetailRow>(
    `WITH ${ARGS}, t AS (
       UPDATE topics t SET outcome_summary = $8, outcome_at = $5, updated_at = $5
       WHERE t.id = $7 AND t.status = 'closed' AND t.outcome_summary IS NULL AND ${STAFF_HERE}
       RETURNING t.*
     ), ${existingOptions('$7')}, ${existingUpdates('$7')}, ev AS (
       ${event('outcome', '$8::text')}
     ), audited AS (
       ${audit('topic.outcome', 'NULL', "jsonb_build_object('summary', $8::text)")}
     ), notified AS (
       ${notifyParticipants('topic.outcome', '议题公布了处理结果', "format('您参与的议题「%s」公布了处理结果，点击查看。', t.title)")}
     )
     ${DETAIL_SELECT}`,
    [...viewerParams(viewer, now), id, summary],
  )
  return row ?? null
}

/** Staff post progress (0–100 %) after the outcome; everyone who took part is notified. */
export async function postUpdate(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  input: { note: string; progress: number },
  now: Date,
) {
  const [row] = await q.query<TopicDetailRow>(
    `WITH ${ARGS}, t AS (
       UPDATE topics t SET progress = $9, updated_at = $5
       WHERE t.id = $7 AND t.status = 'closed' AND t.outcome_summary IS NOT NULL AND ${STAFF_HERE}
       RETURNING t.*
     ), ${existingOptions('$7')}, added AS (
       INSERT INTO topic_updates (topic_id, author_id, note, progress, created_at)
       SELECT t.id, $1, $8, $9, $5 FROM t
       RETURNING *
     ), upds AS (
       SELECT * FROM topic_updates WHERE topic_id = $7 UNION ALL SELECT * FROM added
     ), ev AS (
       ${event('update', "$8::text || '（进度' || $9::int || '%）'")}
     ), audited AS (
       ${audit('topic.update', 'NULL', "jsonb_build_object('note', $8::text, 'progress', $9::int)")}
     ), notified AS (
       ${notifyParticipants('topic.update', '议题有新进展', "format('您参与的议题「%s」办理进度更新为%s%%。', t.title, $9::int)")}
     )
     ${DETAIL_SELECT}`,
    [...viewerParams(viewer, now), id, input.note, input.progress],
  )
  return row ?? null
}

export interface TopicEventRow {
  id: string
  type: TopicEventType
  actor_role: string
  actor_nickname: string | null
  note: string | null
  created_at: Date
}

/** The public timeline of a topic, oldest first, for its community and staff; none when not theirs. */
export async function listTopicEvents(q: Queryable, viewer: SqlViewer, id: string, now: Date) {
  return q.query<TopicEventRow>(
    `WITH ${ARGS}, t AS (
       SELECT t.* FROM topics t WHERE t.id = $7 AND ${VISIBLE} AND (${MEMBER} OR ${STAFF_HERE} OR t.author_id = $1::uuid)
     )
     SELECT e.id::text, e.type, e.actor_role, u.nickname AS actor_nickname, e.note, e.created_at
     FROM t JOIN topic_events e ON e.topic_id = t.id LEFT JOIN users u ON u.id = e.actor_id
     ORDER BY e.id`,
    [...viewerParams(viewer, now), id],
  )
}

export interface ReportedCommentRow extends CommentRow {
  topic_title: string
  report_count: number
  last_reported_at: Date
  reasons: string[]
}

/**
 * The staff's queue: comments residents reported that staff have not decided yet (hidden by reports, or reported
 * and still shown), in the communities the viewer serves (the admin: all), or only `communityId`; most recently
 * reported first.
 */
export async function listReportedComments(
  q: Queryable,
  viewer: SqlViewer,
  f: { communityId: string | null; limit: number; before?: readonly [string, string] },
  now: Date,
): Promise<ReportedCommentRow[]> {
  return q.query<ReportedCommentRow>(
    `WITH ${ARGS}
     SELECT c.id, c.topic_id, t.community_id, c.parent_id, c.author_id, u.nickname AS author_nickname, c.body,
            c.hidden, c.created_at, t.title AS topic_title, c.report_count, c.last_reported_at,
            (SELECT array_agg(r.reason ORDER BY r.created_at DESC, r.reporter_id)
             FROM comment_reports r WHERE r.comment_id = c.id) AS reasons
     FROM topic_comments c JOIN topics t ON t.id = c.topic_id JOIN users u ON u.id = c.author_id
     WHERE c.report_count > 0 AND NOT c.staff_decided AND ${STAFF_HERE}
       AND ($7::uuid IS NULL OR t.community_id = $7::uuid)
       AND ($8::timestamptz IS NULL OR (c.last_reported_at, c.id::text) < ($8::timestamptz, $9::text))
     ORDER BY c.last_reported_at DESC, c.id::text DESC
     LIMIT $10`,
    [...viewerParams(viewer, now), f.communityId, f.before?.[0] ?? null, f.before?.[1] ?? null, f.limit + 1],
  )
}
