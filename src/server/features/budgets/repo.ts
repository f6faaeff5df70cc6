import type { BallotRule } from '../../../shared/topics'
import type { ProposalStatus } from '../../../shared/budgets'
import type { AuditAction } from '../../../shared/workbench'
import { sql, type Sql } from '../../db/sql'
import type { Queryable } from '../../db/types'
import { memberOf, nameFor, staffOf, type SqlViewer } from '../../db/viewer'
import { allAttached, attachUploads, photosJson, photosOf, type PhotoRow } from '../uploads/attach'

/** Every SQL statement of 社区微实事, each one round trip; `viewer` is who asks (`db/viewer.ts`). */

/** Staff of budget `b`'s community, or the admin. */
const staffHere = (viewer: SqlViewer) => staffOf(viewer, sql`b.community_id`)

const audit = (viewer: SqlViewer, now: Date, action: AuditAction, entity: string, id: Sql, after: Sql) =>
  sql`INSERT INTO audit_log (actor_id, actor_role, action, entity_type, entity_id, community_id, before, after, created_at)
     SELECT ${viewer.id}::uuid, ${viewer.role}::text, ${action}::text, ${entity}::text, (${id})::text, b.community_id,
            NULL, ${after}, ${now}::timestamptz`

export interface BudgetRow {
  id: string
  community_id: string
  title: string
  amount: string
  proposals_open_at: Date
  proposals_close_at: Date
  voting_opens_at: Date
  voting_closes_at: Date
  ballot_rule: BallotRule
  created_at: Date
}

export async function insertBudget(
  q: Queryable,
  viewer: SqlViewer,
  b: {
    communityId: string
    title: string
    amount: number
    proposalsOpenAt: string
    proposalsCloseAt: string
    votingOpensAt: string
    votingClosesAt: string
    ballotRule: BallotRule
  },
  now: Date,
): Promise<BudgetRow | null> {
  const [row] = await q.query<BudgetRow>(
    sql`WITH b AS (
       INSERT INTO budgets (community_id, title, amount, proposals_open_at, proposals_close_at, voting_opens_at,
                            voting_closes_at, ballot_rule, created_by, created_at)
       SELECT c.id, ${b.title}, ${b.amount}, ${b.proposalsOpenAt}::timestamptz, ${b.proposalsCloseAt}::timestamptz,
              ${b.votingOpensAt}::timestamptz, ${b.votingClosesAt}::timestamptz, ${b.ballotRule}, ${viewer.id}::uuid,
              ${now}::timestamptz
       FROM communities c WHERE c.id = ${b.communityId} AND ${staffOf(viewer, sql`c.id`)}
       RETURNING *
     ), a AS (
       ${audit(viewer, now, 'budget.created', 'budget', sql`b.id`, sql`json_build_object('title', b.title, 'amount', b.amount)::jsonb`)} FROM b
     )
     SELECT * FROM b`,
  )
  return row ?? null
}

export async function listBudgets(
  q: Queryable,
  f: { communityId: string; limit: number; before?: readonly [string, string] },
): Promise<BudgetRow[]> {
  const [beforeAt, beforeId] = f.before ?? [null, null]
  return q.query<BudgetRow>(
    sql`SELECT b.* FROM budgets b
     WHERE b.community_id = ${f.communityId}
       AND (${beforeAt}::timestamptz IS NULL OR (b.created_at, b.id::text) < (${beforeAt}::timestamptz, ${beforeId}::text))
     ORDER BY b.created_at DESC, b.id DESC
     LIMIT ${f.limit + 1}`,
  )
}

export async function findBudget(q: Queryable, id: string): Promise<BudgetRow | null> {
  const [row] = await q.query<BudgetRow>(sql`SELECT * FROM budgets WHERE id = ${id}`)
  return row ?? null
}

export interface ProposalRow {
  id: string
  budget_id: string
  title: string
  description: string
  estimated_cost: string
  status: ProposalStatus
  cost: string | null
  reject_reason: string | null
  proposer_id: string
  proposer_name: string
  spent: string
  created_at: Date
  selected: boolean | null
  progress: number | null
  expenses: {
    id: string
    amount: number
    payee: string
    note: string
    spent_after: number
    created_at: string
    receipts: PhotoRow[]
  }[]
  updates: { id: string; progress: number; note: string; created_at: string }[]
}

/** The proposals of budget `id` the viewer may see: feasible ones to all, the others to their proposer and staff. */
export async function listProposals(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  decided: boolean,
): Promise<ProposalRow[]> {
  return q.query<ProposalRow>(
    sql`SELECT p.*, ${nameFor(viewer, { id: sql`p.proposer_id`, nickname: sql`u.nickname`, community: sql`b.community_id` })}
              AS proposer_name,
            CASE WHEN ${decided}::boolean THEN COALESCE(s.selected, false) END AS selected,
            (SELECT x.progress FROM budget_updates x WHERE x.proposal_id = p.id ORDER BY x.seq DESC
             LIMIT 1) AS progress,
            COALESCE((SELECT json_agg(json_build_object('id', e.id, 'amount', e.amount, 'payee', e.payee, 'note', e.note,
                        'spent_after', e.spent_after, 'created_at', e.created_at,
                        'receipts', ${photosOf('budget_expense', sql`e.id`)}) ORDER BY e.seq)
                      FROM budget_expenses e WHERE e.proposal_id = p.id), '[]'::json) AS expenses,
            COALESCE((SELECT json_agg(json_build_object('id', x.id, 'progress', x.progress, 'note', x.note,
                        'created_at', x.created_at) ORDER BY x.seq)
                      FROM budget_updates x WHERE x.proposal_id = p.id), '[]'::json) AS updates
     FROM budget_proposals p
     JOIN budgets b ON b.id = p.budget_id
     JOIN users u ON u.id = p.proposer_id
     LEFT JOIN budget_selection(CASE WHEN ${decided}::boolean THEN b.id END) s ON s.proposal_id = p.id
     WHERE p.budget_id = ${id}
       AND (p.status = 'feasible' OR p.proposer_id = ${viewer.id}::uuid OR ${staffHere(viewer)})
     ORDER BY p.seq`,
  )
}

/** Budget `id` with the proposals of the viewer's ballot (their household's on a per-household budget). */
export async function findBudgetFor(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
): Promise<(BudgetRow & { my_ballot: string[] | null }) | null> {
  const [row] = await q.query<BudgetRow & { my_ballot: string[] | null }>(
    sql`SELECT b.*, (SELECT bb.proposal_ids FROM budget_ballots bb
        WHERE bb.budget_id = b.id
          AND bb.voter_key = CASE WHEN b.ballot_rule = 'per_household'
            THEN (SELECT m.household_id FROM memberships m WHERE m.user_id = ${viewer.id}::uuid AND m.status = 'verified'
                  AND m.community_id = b.community_id)
            ELSE ${viewer.id}::uuid END) AS my_ballot
     FROM budgets b WHERE b.id = ${id}`,
  )
  return row ?? null
}

/** A verified member's proposal, in the proposal window; null when it was not written. */
export async function insertProposal(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  p: { title: string; description: string; estimatedCost: number },
  now: Date,
): Promise<{ id: string } | null> {
  const [row] = await q.query<{ id: string }>(
    sql`INSERT INTO budget_proposals (budget_id, proposer_id, title, description, estimated_cost, created_at)
     SELECT b.id, ${viewer.id}::uuid, ${p.title}, ${p.description}, ${p.estimatedCost}, ${now}::timestamptz
     FROM budgets b
     WHERE b.id = ${id} AND ${memberOf(viewer, sql`b.community_id`)}
       AND ${now}::timestamptz >= b.proposals_open_at AND ${now}::timestamptz < b.proposals_close_at
     RETURNING id`,
  )
  return row ?? null
}

export interface ProposalContext {
  id: string
  budget_id: string
  community_id: string
  status: ProposalStatus
  voting_opens_at: Date
  voting_closes_at: Date
  selected: boolean
}

export async function findProposal(q: Queryable, id: string): Promise<ProposalContext | null> {
  const [row] = await q.query<ProposalContext>(
    sql`SELECT p.id, p.budget_id, b.community_id, p.status, b.voting_opens_at, b.voting_closes_at,
            COALESCE((SELECT s.selected FROM budget_selection(b.id) s WHERE s.proposal_id = p.id), false) AS selected
     FROM budget_proposals p JOIN budgets b ON b.id = p.budget_id WHERE p.id = ${id}`,
  )
  return row ?? null
}

/** The budget proposal `id` belongs to. */
export async function findBudgetOfProposal(q: Queryable, id: string): Promise<BudgetRow | null> {
  const [row] = await q.query<BudgetRow>(
    sql`SELECT b.* FROM budgets b JOIN budget_proposals p ON p.budget_id = b.id WHERE p.id = ${id}`,
  )
  return row ?? null
}

/** Staff's review of a pending proposal before voting opens; null when it was not written. */
export async function reviewProposal(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  r: { feasible: boolean; cost: number | null; reason: string | null },
  now: Date,
): Promise<{ id: string; budget_id: string } | null> {
  const action: AuditAction = r.feasible ? 'budget.proposal_feasible' : 'budget.proposal_rejected'
  const [row] = await q.query<{ id: string; budget_id: string }>(
    sql`WITH p AS (
       UPDATE budget_proposals p
       SET status = ${r.feasible ? 'feasible' : 'rejected'}::text, cost = ${r.cost}::bigint, reject_reason = ${r.reason}::text,
           reviewed_by = ${viewer.id}::uuid, reviewed_at = ${now}::timestamptz
       FROM budgets b
       WHERE p.id = ${id} AND b.id = p.budget_id AND p.status = 'pending_review' AND ${staffHere(viewer)}
         AND ${now}::timestamptz < b.voting_opens_at
       RETURNING p.id, p.budget_id, p.cost, p.reject_reason
     ), a AS (
       ${audit(viewer, now, action, 'budget_proposal', sql`p.id`, sql`json_build_object('cost', p.cost, 'reason', p.reject_reason)::jsonb`)}
       FROM p JOIN budgets b ON b.id = p.budget_id
     )
     SELECT id, budget_id FROM p`,
  )
  return row ?? null
}

export interface BallotWrite {
  budget_id: string | null
  proposal_ids: string[] | null
  updated_at: Date | null
  /** Why nothing was written, when nothing was. */
  valid: boolean
  total: string
  amount: string
}

/**
 * The viewer's ballot, written only in the voting window, when every proposal is a feasible one of this budget and
 * their costs sum to at most the amount: the check and the write are one statement, over the costs it reads.
 */
export async function castBallot(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  proposalIds: string[],
  now: Date,
): Promise<BallotWrite | null> {
  const [row] = await q.query<BallotWrite>(
    sql`WITH b AS (
       SELECT b.* FROM budgets b WHERE b.id = ${id}
     ), chosen AS (
       SELECT count(p.id)::int = cardinality(${proposalIds}::uuid[]) AS valid, COALESCE(sum(p.cost), 0) AS total
       FROM budget_proposals p
       WHERE p.id = ANY (${proposalIds}::uuid[]) AND p.budget_id = ${id} AND p.status = 'feasible'
     ), w AS (
       INSERT INTO budget_ballots (budget_id, voter_key, user_id, proposal_ids, created_at, updated_at)
       SELECT b.id, ${viewer.id}::uuid, ${viewer.id}::uuid, ${proposalIds}::uuid[], ${now}::timestamptz, ${now}::timestamptz
       FROM b, chosen
       WHERE chosen.valid AND chosen.total <= b.amount AND ${memberOf(viewer, sql`b.community_id`)}
         AND ${now}::timestamptz >= b.voting_opens_at AND ${now}::timestamptz < b.voting_closes_at
       ON CONFLICT (budget_id, voter_key) DO UPDATE
         SET user_id = EXCLUDED.user_id, proposal_ids = EXCLUDED.proposal_ids, updated_at = EXCLUDED.updated_at
       RETURNING budget_id, proposal_ids, updated_at
     )
     SELECT w.budget_id, w.proposal_ids, w.updated_at, chosen.valid, chosen.total, b.amount
     FROM b CROSS JOIN chosen LEFT JOIN w ON true`,
  )
  return row ?? null
}

export interface ResultRow {
  id: string
  title: string
  status: ProposalStatus
  cost: string | null
  votes: number
  rank: number | null
  left_before: string | null
  selected: boolean
}

/** The selection of budget `id` with every proposal the viewer may see, and the count of ballots on each row. */
export async function results(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
): Promise<(ResultRow & { ballots: number })[]> {
  return q.query<ResultRow & { ballots: number }>(
    sql`SELECT (SELECT count(*)::int FROM budget_ballots WHERE budget_id = ${id}) AS ballots, p.id, p.title, p.status, p.cost, COALESCE(s.votes, 0) AS votes, s.rank, s.left_before,
            COALESCE(s.selected, false) AS selected
     FROM budget_proposals p JOIN budgets b ON b.id = p.budget_id
     LEFT JOIN budget_selection(b.id) s ON s.proposal_id = p.id
     WHERE p.budget_id = ${id} AND (p.status = 'feasible' OR p.proposer_id = ${viewer.id}::uuid OR ${staffHere(viewer)})
     ORDER BY s.rank NULLS LAST, p.seq`,
  )
}

const selectedAfterClose = (viewer: SqlViewer, now: Date) =>
  sql`${staffHere(viewer)} AND ${now}::timestamptz >= b.voting_closes_at
     AND EXISTS (SELECT 1 FROM budget_selection(b.id) s WHERE s.proposal_id = p.id AND s.selected)`

export interface ExpenseRow {
  id: string
  proposal_id: string
  amount: string
  payee: string
  note: string
  spent_after: string
  created_at: Date
  receipts: PhotoRow[]
}

/**
 * An expense of a selected project after voting closed, by staff: the running total moves in the same statement, so
 * concurrent entries serialise on the proposal row and the CHECK keeps it from going below zero.
 */
export async function insertExpense(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  e: { amount: number; payee: string; note: string; receiptIds: string[] },
  now: Date,
): Promise<ExpenseRow | null> {
  const [row] = await q.query<ExpenseRow>(
    sql`WITH p AS (
       UPDATE budget_proposals p SET spent = p.spent + ${e.amount}::bigint
       FROM budgets b
       WHERE p.id = ${id} AND b.id = p.budget_id AND ${selectedAfterClose(viewer, now)}
       RETURNING p.id, p.spent, p.budget_id
     ), e AS (
       INSERT INTO budget_expenses (proposal_id, amount, payee, note, spent_after, recorded_by, created_at)
       SELECT p.id, ${e.amount}::bigint, ${e.payee}, ${e.note}, p.spent, ${viewer.id}::uuid, ${now}::timestamptz FROM p
       RETURNING *
     ), attached AS (
       ${attachUploads({ type: 'budget_expense', ownerId: sql`(SELECT id FROM e)`, uploaderId: viewer.id ?? '', ids: e.receiptIds, now })}
     ), a AS (
       ${audit(viewer, now, 'budget.expense', 'budget_expense', sql`e.id`, sql`json_build_object('proposalId', e.proposal_id, 'amount', e.amount, 'payee', e.payee, 'spentAfter', e.spent_after)::jsonb`)}
       FROM e JOIN p ON p.id = e.proposal_id JOIN budgets b ON b.id = p.budget_id
     )
     SELECT e.*, ${photosJson(sql`attached`)} AS receipts FROM e WHERE ${allAttached(sql`attached`, e.receiptIds.length)}`,
  )
  return row ?? null
}

export interface UpdateRow {
  id: string
  proposal_id: string
  progress: number
  note: string
  created_at: Date
}

export async function insertUpdate(
  q: Queryable,
  viewer: SqlViewer,
  id: string,
  u: { progress: number; note: string },
  now: Date,
): Promise<UpdateRow | null> {
  const [row] = await q.query<UpdateRow>(
    sql`WITH x AS (
       INSERT INTO budget_updates (proposal_id, progress, note, author_id, created_at)
       SELECT p.id, ${u.progress}, ${u.note}, ${viewer.id}::uuid, ${now}::timestamptz
       FROM budget_proposals p JOIN budgets b ON b.id = p.budget_id
       WHERE p.id = ${id} AND ${selectedAfterClose(viewer, now)}
       RETURNING *
     ), a AS (
       ${audit(viewer, now, 'budget.update', 'budget_proposal', sql`x.proposal_id`, sql`json_build_object('progress', x.progress, 'note', x.note)::jsonb`)}
       FROM x JOIN budget_proposals p ON p.id = x.proposal_id JOIN budgets b ON b.id = p.budget_id
     )
     SELECT * FROM x`,
  )
  return row ?? null
}

/** How long after voting closes the hourly run still writes a round's results messages (a missed run catches up). */
const RESULTS_CATCH_UP = '7 days'

/**
 * The results messages: a `budget.results` notification to each participant of every round whose voting has closed
 * (within RESULTS_CATCH_UP), dated when it closed, naming how many projects were selected and for how much. A unique
 * index (migration 0027) keeps it to one per person and round however often this runs. Returns how many it wrote.
 */
export async function writeBudgetResults(q: Queryable, now: Date): Promise<number> {
  const rows = await q.query(
    sql`INSERT INTO notifications (user_id, kind, title, body, entity_type, entity_id, created_at)
     SELECT who, 'budget.results', '微实事投票结果公布了',
            CASE WHEN s.n = 0 THEN '「' || b.title || '」投票已结束，没有项目入选。点开看每个项目的情况。'
                 ELSE '「' || b.title || '」投票已结束，选出' || s.n || '个项目，共' || s.total
                      || '元。点开看每个项目入选或没有入选的原因。' END,
            'budget', b.id::text, b.voting_closes_at
     FROM budgets b
     CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE x.selected) AS n,
                                COALESCE(sum(x.cost) FILTER (WHERE x.selected), 0) AS total
                         FROM budget_selection(b.id) x) s
     CROSS JOIN LATERAL budget_participants(b.id) AS who
     WHERE b.voting_closes_at <= ${now}::timestamptz
       AND b.voting_closes_at > ${now}::timestamptz - ${RESULTS_CATCH_UP}::interval
     ON CONFLICT (user_id, entity_id) WHERE kind = 'budget.results' DO NOTHING
     RETURNING id`,
  )
  return rows.length
}
