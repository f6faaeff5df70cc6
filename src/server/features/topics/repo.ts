import type {
  BallotRule,
  PassRule,
  ResultsVisibility,
  TopicEventType,
  TopicPhase,
  TopicStatus,
  VoteRefusal,
} from '../../../shared/topics'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { memberOf, nameFor, staffOf, type SqlViewer } from '../../db/viewer'
import type { AuditAction } from '../../../shared/workbench'

/** Every SQL statement of 议事协商, each one round trip; `viewer` is who asks (`db/viewer.ts`). */

/** Staff of topic `t`'s community, or the admin. */
const staffHere = (viewer: SqlViewer) => staffOf(viewer, sql`t.community_id`)
/** The viewer lives in topic `t`'s community. */
const member = (viewer: SqlViewer) => sql`t.community_id = ${viewer.communityId}::uuid`
/** The viewer is a verified member of topic `t`'s community: who votes, comments and reports (issue #19). */
const verified = (viewer: SqlViewer) => memberOf(viewer, sql`t.community_id`)
/** Open and closed topics are seen by the community and its staff; waiting or rejected ones by the author and staff. */
const visible = (viewer: SqlViewer) =>
  sql`((t.status IN ('open', 'closed') AND (${member(viewer)} OR ${staffHere(viewer)}))
        OR t.author_id = ${viewer.id}::uuid OR ${staffHere(viewer)})`

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
  ballot_rule: BallotRule
  pass_rule: PassRule
  approve_option_index: number | null
  /** As the viewer may see it (`nameFor`). */
  author_name: string
  ballots: number
  comments: number
  eligible: number
}

export interface TopicDetailRow extends TopicRow {
  options: { id: string; label: string }[]
  eligible_buildings: { id: string; name: string }[] | null
  vote_refusal: VoteRefusal | null
  my_choices: string[] | null
  updates: { note: string; progress: number; created_at: string }[]
  /** The viewer's 1–5 rating of the topic (issue #21), and whether they voted or commented on it: who may rate. */
  my_rating: number | null
  took_part: boolean
}

/** The name of the author of topic `t` (joined as `a`), as the viewer may see it. */
const topicAuthor = (viewer: SqlViewer) =>
  nameFor(viewer, { id: sql`t.author_id`, nickname: sql`a.nickname`, community: sql`t.community_id` })

/** The name of the author of a comment (`comment`, its author joined as `user`) in topic `t`'s community. */
const commentAuthor = (viewer: SqlViewer, comment: string, user: string, community = sql`t.community_id`) =>
  nameFor(viewer, { id: sql.raw(`${comment}.author_id`), nickname: sql.raw(`${user}.nickname`), community })

/** The buildings topic `t` is for, NULL for the whole community; from CTE `tbs` when given (see detailSelect). */
const buildingIds = (fromCte = false) =>
  fromCte ? sql`(SELECT array_agg(x.building_id ORDER BY x.building_id) FROM tbs x)` : sql`topic_building_ids(t.id)`

/**
 * Counts shown with a topic `t`; turnout's denominator (who may vote: of the eligible buildings, owners only under a
 * pass rule) is frozen at close.
 */
const topicCounts = (fromCte = false) => sql`(SELECT count(*) FROM ballots b WHERE b.topic_id = t.id)::int AS ballots,
  (SELECT count(*) FROM topic_comments c WHERE c.topic_id = t.id AND NOT c.hidden)::int AS comments,
  COALESCE(t.eligible_at_close, topic_eligible_voters(t.community_id, t.pass_rule, ${buildingIds(fromCte)})) AS eligible`
const TOPIC_COUNTS = topicCounts()

/** The viewer's household (verified membership), whose ballot is theirs on a per-household topic. */
const viewerHousehold = (viewer: SqlViewer) =>
  sql`(SELECT m.household_id FROM memberships m WHERE m.user_id = ${viewer.id}::uuid AND m.status = 'verified')`

/**
 * A topic in full, from CTEs `t` (at most one topic row), `opts` (its options), `upds` (its progress updates) and
 * `tbs` (its eligible buildings): a statement that has just written any of them passes its own rows, which the
 * statement cannot read back.
 */
const detailSelect = (viewer: SqlViewer) => sql`
  SELECT t.*, ${topicAuthor(viewer)} AS author_name, ${topicCounts(true)},
    (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'label', o.label) ORDER BY o.position), '[]') FROM opts o)
      AS options,
    (SELECT json_agg(json_build_object('id', bl.id, 'name', bl.name) ORDER BY bl.name)
     FROM tbs x JOIN buildings bl ON bl.id = x.building_id) AS eligible_buildings,
    CASE WHEN ${viewer.id}::uuid IS NOT NULL THEN
      (SELECT v.refusal FROM topic_voter(t.community_id, t.ballot_rule, t.pass_rule, ${buildingIds(true)},
                                         ${viewer.id}::uuid) v)
    END AS vote_refusal,
    (SELECT b.option_ids FROM ballots b
     WHERE b.topic_id = t.id
       AND b.voter_key = CASE WHEN t.ballot_rule = 'per_household' THEN ${viewerHousehold(viewer)}
                              ELSE ${viewer.id}::uuid END) AS my_choices,
    (SELECT COALESCE(json_agg(json_build_object('note', x.note, 'progress', x.progress, 'created_at', x.created_at)
                              ORDER BY x.created_at), '[]') FROM upds x) AS updates,
    (SELECT r.score FROM topic_ratings r WHERE r.topic_id = t.id AND r.user_id = ${viewer.id}::uuid) AS my_rating,
    (EXISTS (SELECT 1 FROM ballots b WHERE b.topic_id = t.id AND b.user_id = ${viewer.id}::uuid)
     OR EXISTS (SELECT 1 FROM topic_comments c WHERE c.topic_id = t.id AND c.author_id = ${viewer.id}::uuid)) AS took_part
  FROM t JOIN users a ON a.id = t.author_id`

const existingOptions = (topicId: string) => sql`opts AS (SELECT * FROM topic_options WHERE topic_id = ${topicId})`
const existingUpdates = (topicId: string) =>
  sql`upds AS (SELECT * FROM topic_updates WHERE topic_id = ${topicId}),
    tbs AS (SELECT * FROM topic_buildings WHERE topic_id = ${topicId})`

/** The viewer's entry in topic `t`'s public timeline. */
const event = (viewer: SqlViewer, now: Date, type: TopicEventType, note: Sql) => sql`INSERT INTO topic_events
    (topic_id, actor_id, actor_role, type, note, created_at)
  SELECT t.id, ${viewer.id}::uuid, ${viewer.role}::text, ${sql.raw(`'${type}'`)}, ${note}, ${now}::timestamptz FROM t`

const audit = (viewer: SqlViewer, now: Date, action: AuditAction, before: Sql, after: Sql) => sql`INSERT INTO audit_log
    (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
  SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${sql.raw(`'${action}'`)}, 'topic', t.id::text, t.community_id,
         ${before}, ${after}, ${now}::timestamptz
  FROM t`

/** Everyone who voted on or commented in topic `t`, except the viewer: they hear of its outcome and progress. */
const notifyParticipants = (viewer: SqlViewer, now: Date, kind: string, title: string, body: Sql) => sql`INSERT INTO
    notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
  SELECT p.user_id, ${sql.raw(`'${kind}'`)}, ${sql.raw(`'${title}'`)}, ${body}, 'topic', t.id::text, ${now}::timestamptz
  FROM t, (SELECT b.user_id FROM ballots b, t WHERE b.topic_id = t.id
           UNION SELECT c.author_id FROM topic_comments c, t WHERE c.topic_id = t.id) p
  WHERE p.user_id IS DISTINCT FROM ${viewer.id}::uuid`

export interface OpeningRow {
  options: string[]
  maxChoices: number
  votingOpensAt: string
  votingClosesAt: string
  resultsVisibility: ResultsVisibility
}

/**
 * A topic proposed by a resident of the community (pending review), or opened at once by its staff with the
 * opening fields. Null when the viewer may do neither, or the community does not exist.
 */
export async function insertTopic(
  q: Queryable,
  viewer: SqlViewer,
  input: { communityId: string; title: string; body: string; opening?: OpeningRow },
  now: Date,
): Promise<TopicDetailRow | null> {
  const opening = input.opening
  const options = opening?.options ?? null
  const [row] = await q.query<TopicDetailRow>(
    sql`WITH t AS (
       INSERT INTO topics (community_id, author_id, title, body, status, max_choices, voting_opens_at,
                           voting_closes_at, results_visibility, created_at, updated_at)
       SELECT cm.id, ${viewer.id}::uuid, ${input.title}::text, ${input.body}::text,
              CASE WHEN ${options}::text[] IS NULL THEN 'pending_review' ELSE 'open' END,
              ${opening?.maxChoices ?? null}::int, ${opening?.votingOpensAt ?? null}::timestamptz,
              ${opening?.votingClosesAt ?? null}::timestamptz, ${opening?.resultsVisibility ?? null}::text,
              ${now}::timestamptz, ${now}::timestamptz
       FROM communities cm
       WHERE cm.id = ${input.communityId} AND (${memberOf(viewer, sql`cm.id`)} OR ${staffOf(viewer, sql`cm.id`)})
         AND (${options}::text[] IS NULL OR ${staffOf(viewer, sql`cm.id`)})
       RETURNING *
     ), opts AS (
       INSERT INTO topic_options (topic_id, position, label)
       SELECT t.id, x.position, x.label FROM t, unnest(${options}::text[]) WITH ORDINALITY AS x (label, position)
       RETURNING *
     ), upds AS (
       SELECT * FROM topic_updates WHERE false
     ), tbs AS (
       SELECT * FROM topic_buildings WHERE false
     ), events AS (
       -- One statement, in order: two CTEs of the same statement would number their rows in either order.
       INSERT INTO topic_events (topic_id, actor_id, actor_role, type, note, created_at)
       SELECT t.id, ${viewer.id}::uuid, ${viewer.role}::text, e.type, e.note, ${now}::timestamptz
       FROM t, (VALUES (1, 'proposed', NULL), (2, 'approved', '工作人员直接发布')) AS e (n, type, note)
       WHERE e.n = 1 OR t.status = 'open'
       ORDER BY e.n
     ), audited AS (
       ${audit(viewer, now, 'topic.opened', sql`NULL`, sql`jsonb_build_object('status', 'open')`)}
       WHERE t.status = 'open'
     )
     ${detailSelect(viewer)}`,
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
  const [beforeAt, beforeId] = f.before ?? [null, null]
  return q.query<TopicRow>(
    sql`SELECT t.*, ${topicAuthor(viewer)} AS author_name, ${TOPIC_COUNTS}
     FROM topics t JOIN users a ON a.id = t.author_id
     WHERE t.community_id = ${f.communityId} AND (${f.status}::text IS NULL OR t.status = ${f.status}::text)
       AND ${visible(viewer)}
       AND (${beforeAt}::timestamptz IS NULL
            OR (t.created_at, t.id::text) < (${beforeAt}::timestamptz, ${beforeId}::text))
       AND CASE ${f.phase}::text
             WHEN 'collecting' THEN t.status = 'open' AND ${now}::timestamptz < t.voting_opens_at
             WHEN 'voting' THEN t.status = 'open' AND t.voting_opens_at <= ${now}::timestamptz
                                AND ${now}::timestamptz < t.voting_closes_at
             WHEN 'ended' THEN t.status = 'closed' OR (t.status = 'open' AND t.voting_closes_at <= ${now}::timestamptz)
             ELSE true
           END
       AND (NOT ${f.mine}::boolean OR t.author_id = ${viewer.id}::uuid)
     ORDER BY t.created_at DESC, t.id::text DESC
     LIMIT ${f.limit + 1}`,
  )
}

export async function findTopic(q: Queryable, viewer: SqlViewer, id: string): Promise<TopicDetailRow | null> {
  const [row] = await q.query<TopicDetailRow>(
    sql`WITH t AS (
       SELECT t.* FROM topics t WHERE t.id = ${id} AND ${visible(viewer)}
     ), ${existingOptions(id)}, ${existingUpdates(id)}
     ${detailSelect(viewer)}`,
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
    sql`SELECT id, status, community_id, author_id, voting_opens_at, voting_closes_at, outcome_summary
     FROM topics WHERE id = ${id}`,
  )
  return row ?? null
}

/** Who votes on a topic and how its ballots count (DESIGN: set in review). */
export interface TopicRules {
  /** Null: the whole community. */
  buildingIds: string[] | null
  ballotRule: BallotRule
  passRule: PassRule
  approveOptionIndex: number | null
}

/**
 * Staff of the community approve (with the opening fields and the rules) or reject a topic waiting for review. The
 * eligible buildings must be the community's: the foreign keys of topic_buildings refuse any other.
 */
export async function reviewTopic(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  decision: { approve: true; opening: OpeningRow; rules: TopicRules } | { approve: false; reason: string },
  now: Date,
): Promise<TopicDetailRow | null> {
  const approve = decision.approve
  const options = decision.approve ? decision.opening.options : null
  const reason = decision.approve ? null : decision.reason
  const buildings = decision.approve ? decision.rules.buildingIds : null
  const decided = decision.approve
    ? sql`max_choices = ${decision.opening.maxChoices}, voting_opens_at = ${decision.opening.votingOpensAt},
         voting_closes_at = ${decision.opening.votingClosesAt},
         results_visibility = ${decision.opening.resultsVisibility}, ballot_rule = ${decision.rules.ballotRule},
         pass_rule = ${decision.rules.passRule}, approve_option_index = ${decision.rules.approveOptionIndex}::int`
    : sql`reject_reason = ${decision.reason}`
  const rulesAudit = decision.approve
    ? sql`, 'ballotRule', t.ballot_rule, 'passRule', t.pass_rule, 'approveOptionIndex', t.approve_option_index,
          'buildingIds', ${buildings}::uuid[]`
    : sql.empty
  const [row] = await q.query<TopicDetailRow>(
    sql`WITH t AS (
       UPDATE topics t SET status = ${sql.raw(approve ? "'open'" : "'rejected'")}, updated_at = ${now}, ${decided}
       WHERE t.id = ${id} AND t.status = 'pending_review' AND ${staffHere(viewer)}
       RETURNING t.*
     ), opts AS (
       INSERT INTO topic_options (topic_id, position, label)
       SELECT t.id, x.position, x.label FROM t, unnest(${options}::text[]) WITH ORDINALITY AS x (label, position)
       RETURNING *
     ), upds AS (
       SELECT * FROM topic_updates WHERE false
     ), tbs AS (
       INSERT INTO topic_buildings (topic_id, building_id, community_id)
       SELECT t.id, x, t.community_id FROM t, unnest(${buildings}::uuid[]) AS x
       RETURNING *
     ), ev AS (
       ${event(viewer, now, approve ? 'approved' : 'rejected', sql`${reason}::text`)}
     ), audited AS (
       ${audit(
         viewer,
         now,
         approve ? 'topic.approved' : 'topic.rejected',
         sql`jsonb_build_object('status', 'pending_review')`,
         sql`jsonb_build_object('status', t.status, 'reason', ${reason}::text${rulesAudit})`,
       )}
     )
     ${detailSelect(viewer)}`,
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
 * Casts or replaces the viewer's ballot, in one statement: only a verified member of the topic's community whom its
 * rules let vote (topic_voter, the one place that asks: membership, the eligible buildings, owners under a pass rule),
 * only while it is open and the window is. The trigger keys the ballot by its voter — the caster, or the caster's household on a per-household topic — so
 * the upsert makes the household's latest ballot its one ballot; it also checks the options and holds the topic open
 * against a concurrent close.
 */
export async function castBallot(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  optionIds: string[],
  now: Date,
): Promise<BallotRow | null> {
  const [row] = await q.query<BallotRow>(
    sql`WITH t AS (
       SELECT t.* FROM topics t
       WHERE t.id = ${id} AND t.status = 'open' AND ${viewer.id}::uuid IS NOT NULL
         AND ${now}::timestamptz >= t.voting_opens_at AND ${now}::timestamptz < t.voting_closes_at
         AND (SELECT v.refusal FROM topic_voter(t.community_id, t.ballot_rule, t.pass_rule, topic_building_ids(t.id),
                                                ${viewer.id}::uuid) v) IS NULL
     )
     INSERT INTO ballots (topic_id, user_id, option_ids, created_at, updated_at)
     SELECT t.id, ${viewer.id}::uuid, ${optionIds}::uuid[], ${now}::timestamptz, ${now}::timestamptz FROM t
     ON CONFLICT (topic_id, voter_key) DO UPDATE
       SET user_id = EXCLUDED.user_id, option_ids = EXCLUDED.option_ids, updated_at = EXCLUDED.updated_at
     RETURNING topic_id, option_ids, created_at, updated_at`,
  )
  return row ?? null
}

/** Why the viewer may not vote on a topic by its rules, null when they may: what a refused vote is diagnosed from. */
export async function findVoteRefusal(q: Queryable, viewer: SqlViewer, id: string): Promise<VoteRefusal | null> {
  const [row] = await q.query<{ refusal: VoteRefusal | null }>(
    sql`SELECT v.refusal FROM topics t,
       topic_voter(t.community_id, t.ballot_rule, t.pass_rule, topic_building_ids(t.id), ${viewer.id}::uuid) v
     WHERE t.id = ${id}`,
  )
  return row?.refusal ?? null
}

export interface TopicBuildingRow {
  id: string
  name: string
  households: number
  area_m2: string
  missing_area: number
}

/** The buildings of topic `id`'s community, for its staff; null when the viewer is not (or there is no topic). */
export async function listTopicBuildings(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
): Promise<TopicBuildingRow[] | null> {
  const rows = await q.query<TopicBuildingRow & { topic: string }>(
    sql`SELECT t.id AS topic, bl.id, bl.name, count(x.id)::int AS households,
            COALESCE(sum(x.area_m2), 0) AS area_m2, (count(x.id) - count(x.area_m2))::int AS missing_area
     FROM topics t
     LEFT JOIN buildings bl ON bl.community_id = t.community_id
     LEFT JOIN households x ON x.building_id = bl.id
     WHERE t.id = ${id} AND ${staffHere(viewer)}
     GROUP BY t.id, bl.id, bl.name
     ORDER BY bl.name`,
  )
  if (rows.length === 0) return null
  return rows.filter((r) => r.id !== null)
}

export interface ResultsRow {
  id: string
  status: TopicStatus
  results_visibility: ResultsVisibility | null
  community_id: string
  ballot_rule: BallotRule
  pass_rule: PassRule
  ballots: number
  eligible: number
  options: { id: string; label: string; count: number; area_m2: string | null }[]
  /** Per-household topics (numerics as text, exact). */
  households: number | null
  area: string | null
  area_missing: number | null
  area_voted: string | null
  passed: boolean | null
}

/**
 * The tally of a topic the viewer may see: live while open, the frozen counts once closed. Per-household topics add
 * the households and floor area that could vote and that voted, per option too; under a pass rule, whether it passes
 * by 民法典 art. 278 (civil_code_passed, exact arithmetic).
 */
export async function findResults(q: Queryable, viewer: SqlViewer, id: string): Promise<ResultsRow | null> {
  const [row] = await q.query<ResultsRow>(
    sql`WITH t AS (
       SELECT t.* FROM topics t
       WHERE t.id = ${id} AND t.status IN ('open', 'closed') AND (${member(viewer)} OR ${staffHere(viewer)})
     ), o AS (
       SELECT o.id, o.label, o.position,
         COALESCE(o.final_count,
                  (SELECT count(*) FROM ballots b WHERE b.topic_id = t.id AND o.id = ANY (b.option_ids)))::int AS count,
         CASE WHEN t.ballot_rule = 'per_household' THEN
           COALESCE(o.final_area_m2,
                    (SELECT COALESCE(sum(h.area_m2), 0) FROM ballots b JOIN households h ON h.id = b.household_id
                     WHERE b.topic_id = t.id AND o.id = ANY (b.option_ids)))
         END AS area_m2
       FROM t JOIN topic_options o ON o.topic_id = t.id
     ), base AS (
       SELECT
         CASE WHEN t.ballot_rule = 'per_household' THEN COALESCE(t.households_at_close, live.households) END
           AS households,
         CASE WHEN t.ballot_rule = 'per_household' THEN COALESCE(t.area_at_close, live.area) END AS area,
         CASE WHEN t.ballot_rule = 'per_household' THEN COALESCE(t.area_missing_at_close, live.missing) END
           AS area_missing,
         CASE WHEN t.ballot_rule = 'per_household' THEN COALESCE(t.area_voted_at_close,
           (SELECT COALESCE(sum(h.area_m2), 0) FROM ballots b JOIN households h ON h.id = b.household_id
            WHERE b.topic_id = t.id)) END AS area_voted
       FROM t LEFT JOIN LATERAL topic_households(t.community_id, topic_building_ids(t.id)) live
         ON t.ballot_rule = 'per_household' AND t.households_at_close IS NULL
     ), counted AS (
       SELECT t.id, t.status, t.results_visibility, t.community_id, t.ballot_rule, t.pass_rule,
              t.approve_option_index, ${TOPIC_COUNTS}
       FROM t
     )
     SELECT c.id, c.status, c.results_visibility, c.community_id, c.ballot_rule, c.pass_rule, c.ballots, c.eligible,
       (SELECT COALESCE(json_agg(json_build_object('id', o.id, 'label', o.label, 'count', o.count,
                                                   'area_m2', o.area_m2) ORDER BY o.position), '[]') FROM o)
         AS options,
       base.households, base.area, base.area_missing, base.area_voted,
       civil_code_passed(c.pass_rule, base.households, base.area, c.ballots, base.area_voted, yes.count, yes.area_m2)
         AS passed
     FROM counted c CROSS JOIN base
     LEFT JOIN o yes ON yes.position = c.approve_option_index + 1`,
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
  /** As the viewer may see it (`nameFor`). */
  author_name: string
  body: string
  hidden: boolean
  created_at: Date
}

/** Verified members of the community and its staff comment on an open topic; a reply answers a top-level comment. */
export async function insertComment(
  q: Queryable,
  viewer: SqlViewer,
  topicId: string,
  input: { body: string; parentId?: string },
  now: Date,
): Promise<CommentRow | null> {
  const [row] = await q.query<CommentRow>(
    sql`WITH t AS (
       SELECT t.* FROM topics t
       WHERE t.id = ${topicId} AND t.status = 'open' AND (${verified(viewer)} OR ${staffHere(viewer)})
     ), c AS (
       INSERT INTO topic_comments (topic_id, author_id, parent_id, body, created_at)
       SELECT t.id, ${viewer.id}::uuid, ${input.parentId ?? null}::uuid, ${input.body}::text, ${now}::timestamptz FROM t
       RETURNING *
     )
     SELECT c.id, c.topic_id, t.community_id, c.parent_id, c.author_id, ${commentAuthor(viewer, 'c', 'u')} AS author_name,
            c.body, c.hidden, c.created_at
     FROM c JOIN t ON t.id = c.topic_id JOIN users u ON u.id = c.author_id`,
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
): Promise<{ visible: boolean; threads: ThreadRow[] }> {
  const [afterAt, afterId] = page.after ?? [null, null]
  const rows = await q.query<ThreadRow & { visible: boolean }>(
    sql`WITH t AS (
       SELECT t.* FROM topics t
       WHERE t.id = ${topicId} AND t.status IN ('open', 'closed') AND (${member(viewer)} OR ${staffHere(viewer)})
     )
     SELECT true AS visible, c.id, c.topic_id, t.community_id, c.parent_id, c.author_id,
            ${commentAuthor(viewer, 'c', 'u')} AS author_name, c.body, c.hidden, c.created_at,
            (SELECT COALESCE(json_agg(json_build_object('id', r.id, 'topic_id', r.topic_id, 'parent_id', r.parent_id,
                      'author_id', r.author_id, 'author_name', ${commentAuthor(viewer, 'r', 'ru')}, 'body', r.body,
                      'hidden', r.hidden,
                      'created_at', r.created_at) ORDER BY r.created_at, r.id), '[]')
             FROM topic_comments r JOIN users ru ON ru.id = r.author_id WHERE r.parent_id = c.id) AS replies
     FROM t LEFT JOIN topic_comments c ON c.topic_id = t.id AND c.parent_id IS NULL
       AND (${afterAt}::timestamptz IS NULL OR (c.created_at, c.id::text) > (${afterAt}::timestamptz, ${afterId}::text))
     LEFT JOIN users u ON u.id = c.author_id
     ORDER BY c.created_at, c.id::text
     LIMIT ${page.limit + 1}`,
  )
  return { visible: rows.length > 0, threads: rows.filter((r) => r.id !== null) }
}

/**
 * A verified member of the community reports someone else's comment, once; the trigger hides it at the third
 * report by verified members (migration 0018).
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
    sql`WITH c AS (
       SELECT c.id FROM topic_comments c JOIN topics t ON t.id = c.topic_id
       WHERE c.id = ${commentId} AND t.status IN ('open', 'closed') AND ${verified(viewer)}
         AND c.author_id <> ${viewer.id}::uuid
     )
     INSERT INTO comment_reports (comment_id, reporter_id, reason, created_at)
     SELECT c.id, ${viewer.id}::uuid, ${reason}::text, ${now}::timestamptz FROM c
     RETURNING comment_id`,
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
    sql`SELECT c.id, c.topic_id, c.author_id, c.hidden, c.staff_decided, t.community_id, t.status AS topic_status
     FROM topic_comments c JOIN topics t ON t.id = c.topic_id WHERE c.id = ${id}`,
  )
  return row ?? null
}

/** A comment `c` staff may hide: not hidden yet, or hidden by reports alone. */
const HIDEABLE = sql`(NOT c.hidden OR NOT c.staff_decided)`
/** A comment `c` staff may restore: hidden, or reported and not decided yet. */
const RESTORABLE = sql`(c.hidden OR (c.report_count > 0 AND NOT c.staff_decided))`

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
    sql`WITH c AS (
       UPDATE topic_comments c SET hidden = ${hide}, staff_decided = true
       FROM topics t, (SELECT hidden FROM topic_comments WHERE id = ${commentId}) old
       WHERE c.id = ${commentId} AND t.id = c.topic_id AND ${staffHere(viewer)}
         AND ${hide ? HIDEABLE : RESTORABLE}
       RETURNING c.*, t.community_id, old.hidden AS was_hidden
     ), t AS (
       SELECT t.* FROM topics t JOIN c ON c.topic_id = t.id
     ), ev AS (
       ${event(viewer, now, hide ? 'comment_hidden' : 'comment_restored', sql`${reason}::text`)}
       ${hide ? sql.empty : sql`WHERE (SELECT was_hidden FROM c)`}
     ), audited AS (
       INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
       SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${sql.raw(hide ? "'comment.hidden'" : "'comment.restored'")},
              'comment', c.id::text, c.community_id, jsonb_build_object('hidden', c.was_hidden),
              jsonb_build_object('hidden', ${hide}::boolean, 'reason', ${reason}::text), ${now}::timestamptz
       FROM c
     )
     SELECT c.id, c.topic_id, c.community_id, c.parent_id, c.author_id,
            ${commentAuthor(viewer, 'c', 'u', sql`c.community_id`)} AS author_name, c.body, c.hidden, c.created_at
     FROM c JOIN users u ON u.id = c.author_id`,
  )
  return row ?? null
}

/** Staff close an open topic; the trigger freezes the tally. */
export async function closeTopic(q: Queryable, viewer: SqlViewer, id: string, now: Date) {
  const [row] = await q.query<TopicDetailRow>(
    sql`WITH t AS (
       UPDATE topics t SET status = 'closed', closed_at = ${now}, updated_at = ${now}
       WHERE t.id = ${id} AND t.status = 'open' AND ${staffHere(viewer)}
       RETURNING t.*
     ), ${existingOptions(id)}, ${existingUpdates(id)}, ev AS (
       ${event(viewer, now, 'closed', sql`NULL`)}
     ), audited AS (
       ${audit(
         viewer,
         now,
         'topic.closed',
         sql`jsonb_build_object('status', 'open')`,
         sql`jsonb_build_object('status', 'closed')`,
       )}
     )
     ${detailSelect(viewer)}`,
  )
  return row ?? null
}

/** Staff publish the outcome of a closed topic, once; everyone who took part is notified. */
export async function publishOutcome(q: Queryable, viewer: SqlViewer, id: string, summary: string, now: Date) {
  const [row] = await q.query<TopicDetailRow>(
    sql`WITH t AS (
       UPDATE topics t SET outcome_summary = ${summary}, outcome_at = ${now}, updated_at = ${now}
       WHERE t.id = ${id} AND t.status = 'closed' AND t.outcome_summary IS NULL AND ${staffHere(viewer)}
       RETURNING t.*
     ), ${existingOptions(id)}, ${existingUpdates(id)}, ev AS (
       ${event(viewer, now, 'outcome', sql`${summary}::text`)}
     ), audited AS (
       ${audit(viewer, now, 'topic.outcome', sql`NULL`, sql`jsonb_build_object('summary', ${summary}::text)`)}
     ), notified AS (
       ${notifyParticipants(
         viewer,
         now,
         'topic.outcome',
         '议题公布了处理结果',
         sql`format('您参与的议题「%s」公布了处理结果，点击查看。', t.title)`,
       )}
     )
     ${detailSelect(viewer)}`,
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
  const { note, progress } = input
  const [row] = await q.query<TopicDetailRow>(
    sql`WITH t AS (
       UPDATE topics t SET progress = ${progress}, updated_at = ${now}
       WHERE t.id = ${id} AND t.status = 'closed' AND t.outcome_summary IS NOT NULL AND ${staffHere(viewer)}
       RETURNING t.*
     ), ${existingOptions(id)}, added AS (
       INSERT INTO topic_updates (topic_id, author_id, note, progress, created_at)
       SELECT t.id, ${viewer.id}::uuid, ${note}::text, ${progress}::int, ${now}::timestamptz FROM t
       RETURNING *
     ), upds AS (
       SELECT * FROM topic_updates WHERE topic_id = ${id} UNION ALL SELECT * FROM added
     ), tbs AS (
       SELECT * FROM topic_buildings WHERE topic_id = ${id}
     ), ev AS (
       ${event(viewer, now, 'update', sql`${note}::text || '（进度' || ${progress}::int || '%）'`)}
     ), audited AS (
       ${audit(
         viewer,
         now,
         'topic.update',
         sql`NULL`,
         sql`jsonb_build_object('note', ${note}::text, 'progress', ${progress}::int)`,
       )}
     ), notified AS (
       ${notifyParticipants(
         viewer,
         now,
         'topic.update',
         '议题有新进展',
         sql`format('您参与的议题「%s」办理进度更新为%s%%。', t.title, ${progress}::int)`,
       )}
     )
     ${detailSelect(viewer)}`,
  )
  return row ?? null
}

export interface TopicEventRow {
  id: string
  type: TopicEventType
  actor_role: string
  /** As the viewer may see it (`nameFor`); staff and the admin act in office, by name (居务公开). */
  actor_name: string | null
  note: string | null
  created_at: Date
}

/** The public timeline of a topic, oldest first, for its community and staff; none when not theirs. */
export async function listTopicEvents(q: Queryable, viewer: SqlViewer, id: string) {
  return q.query<TopicEventRow>(
    sql`WITH t AS (
       SELECT t.* FROM topics t
       WHERE t.id = ${id} AND ${visible(viewer)}
         AND (${member(viewer)} OR ${staffHere(viewer)} OR t.author_id = ${viewer.id}::uuid)
     )
     SELECT e.id::text, e.type, e.actor_role, ${nameFor(viewer, {
       id: sql`e.actor_id`,
       nickname: sql`u.nickname`,
       community: sql`t.community_id`,
       alsoFullWhen: sql`e.actor_role IN ('staff', 'admin')`,
     })} AS actor_name, e.note, e.created_at
     FROM t JOIN topic_events e ON e.topic_id = t.id LEFT JOIN users u ON u.id = e.actor_id
     ORDER BY e.id`,
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
): Promise<ReportedCommentRow[]> {
  const [beforeAt, beforeId] = f.before ?? [null, null]
  return q.query<ReportedCommentRow>(
    sql`SELECT c.id, c.topic_id, t.community_id, c.parent_id, c.author_id, ${commentAuthor(viewer, 'c', 'u')} AS author_name,
            c.body, c.hidden, c.created_at, t.title AS topic_title, c.report_count, c.last_reported_at,
            (SELECT array_agg(r.reason ORDER BY r.created_at DESC, r.reporter_id)
             FROM comment_reports r WHERE r.comment_id = c.id) AS reasons
     FROM topic_comments c JOIN topics t ON t.id = c.topic_id JOIN users u ON u.id = c.author_id
     WHERE c.report_count > 0 AND NOT c.staff_decided AND ${staffHere(viewer)}
       AND (${f.communityId}::uuid IS NULL OR t.community_id = ${f.communityId}::uuid)
       AND (${beforeAt}::timestamptz IS NULL
            OR (c.last_reported_at, c.id::text) < (${beforeAt}::timestamptz, ${beforeId}::text))
     ORDER BY c.last_reported_at DESC, c.id::text DESC
     LIMIT ${f.limit + 1}`,
  )
}
