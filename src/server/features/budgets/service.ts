import type * as z from 'zod'
import type { Page } from '../../../shared/api'
import {
  budgetPhase,
  selectionReason,
  type BudgetDetailDto,
  type BudgetResultsDto,
  type BudgetSummaryDto,
  type ExpenseDto,
  type ProgressUpdateDto,
  type ProposalDto,
  type ProposalPageDto,
  type budgetBallotSchema,
  type createBudgetSchema,
  type createExpenseSchema,
  type createProgressSchema,
  type createProposalSchema,
  type reviewProposalSchema,
} from '../../../shared/budgets'
import { sqlViewer, staffCan, type Actor } from '../../auth/actor'
import { requireMembership } from '../../auth/guards'
import type { Db } from '../../db/types'
import type { Clock } from '../../lib/clock'
import { decodeCursor, toPage } from '../../lib/cursor'
import { AppError } from '../../lib/errors'
import { assertStartsNow } from '../../lib/windows'
import type { UploadUrls } from '../uploads/urls'
import * as repo from './repo'

const BUDGET_NOT_FOUND = '没有找到这个微实事，可能已被删除'
const PROPOSAL_NOT_FOUND = '没有找到这个项目，可能已被删除'

const num = (v: string | number | null): number | null => (v === null ? null : Number(v))

function phaseOf(row: repo.BudgetRow, now: Date) {
  return budgetPhase(
    {
      proposalsOpenAt: row.proposals_open_at,
      proposalsCloseAt: row.proposals_close_at,
      votingOpensAt: row.voting_opens_at,
      votingClosesAt: row.voting_closes_at,
    },
    now,
  )
}

function toSummary(row: repo.BudgetRow, now: Date): BudgetSummaryDto {
  return {
    id: row.id,
    communityId: row.community_id,
    title: row.title,
    amount: Number(row.amount),
    proposalsOpenAt: row.proposals_open_at.toISOString(),
    proposalsCloseAt: row.proposals_close_at.toISOString(),
    votingOpensAt: row.voting_opens_at.toISOString(),
    votingClosesAt: row.voting_closes_at.toISOString(),
    ballotRule: row.ballot_rule,
    phase: phaseOf(row, now),
    createdAt: row.created_at.toISOString(),
  }
}

const iso = (v: string | Date) => new Date(v).toISOString()

function toExpense(
  e: repo.ExpenseRow | repo.ProposalRow['expenses'][number],
  proposalId: string,
  urls: UploadUrls,
): ExpenseDto {
  return {
    id: e.id,
    proposalId,
    amount: Number(e.amount),
    payee: e.payee,
    note: e.note,
    spentAfter: Number(e.spent_after),
    // Signed for whoever was shown the expense: spending is public to everyone signed in.
    receipts: e.receipts.map((r) => ({ id: r.id, url: urls.url(r.id), width: r.width, height: r.height })),
    createdAt: iso(e.created_at),
  }
}

function toUpdate(u: { id: string; progress: number; note: string; created_at: string | Date }, proposalId: string) {
  return { id: u.id, proposalId, progress: u.progress, note: u.note, createdAt: iso(u.created_at) }
}

function toProposal(actor: Actor, row: repo.ProposalRow, urls: UploadUrls): ProposalDto {
  const selected = row.selected
  return {
    id: row.id,
    budgetId: row.budget_id,
    title: row.title,
    description: row.description,
    estimatedCost: Number(row.estimated_cost),
    status: row.status,
    cost: num(row.cost),
    rejectReason: row.reject_reason,
    proposerName: row.proposer_name,
    mine: row.proposer_id === actor.id,
    createdAt: row.created_at.toISOString(),
    selected,
    spent: selected ? Number(row.spent) : null,
    progress: selected ? (row.progress ?? 0) : null,
    expenses: selected ? row.expenses.map((e) => toExpense(e, row.id, urls)) : null,
    updates: selected ? row.updates.map((u) => toUpdate(u, row.id)) : null,
  }
}

export async function createBudget(
  db: Db,
  clock: Clock,
  actor: Actor,
  communityId: string,
  input: z.output<typeof createBudgetSchema>,
): Promise<BudgetDetailDto> {
  if (!staffCan(actor, communityId)) throw AppError.forbidden('只有本社区的工作人员可以发起微实事')
  const now = clock.now()
  assertStartsNow(input.proposalsOpenAt, now, 'proposalsOpenAt', '征集开始时间')
  const row = await repo.insertBudget(
    db,
    sqlViewer(actor),
    { communityId, ...input, ballotRule: input.ballotRule ?? 'per_resident' },
    now,
  )
  if (!row) throw AppError.notFound('没有找到这个社区')
  return { ...toSummary(row, now), proposals: [], myBallot: null }
}

export async function listBudgets(
  db: Db,
  clock: Clock,
  communityId: string,
  query: { limit: number; cursor?: string },
): Promise<Page<BudgetSummaryDto>> {
  const now = clock.now()
  const rows = await repo.listBudgets(db, {
    communityId,
    limit: query.limit,
    before: decodeCursor(query.cursor, 'time'),
  })
  return toPage(
    rows,
    query.limit,
    (r) => toSummary(r, now),
    (r) => [r.created_at.toISOString(), r.id],
  )
}

export async function getBudget(
  db: Db,
  clock: Clock,
  urls: UploadUrls,
  actor: Actor,
  id: string,
): Promise<BudgetDetailDto> {
  const now = clock.now()
  const viewer = sqlViewer(actor)
  const row = await repo.findBudgetFor(db, viewer, id)
  if (!row) throw AppError.notFound(BUDGET_NOT_FOUND)
  const proposals = await repo.listProposals(db, viewer, id, phaseOf(row, now) === 'decided')
  return {
    ...toSummary(row, now),
    proposals: proposals.map((p) => toProposal(actor, p, urls)),
    myBallot: row.my_ballot,
  }
}

/**
 * One proposal with its budget, as the caller sees them: a proposal under review or rejected only to its proposer
 * and staff (others are told it was not found), so the proposer reads why it was rejected.
 */
export async function getProposal(
  db: Db,
  clock: Clock,
  urls: UploadUrls,
  actor: Actor,
  id: string,
): Promise<ProposalPageDto> {
  const now = clock.now()
  const budget = await repo.findBudgetOfProposal(db, id)
  if (!budget) throw AppError.notFound(PROPOSAL_NOT_FOUND)
  const rows = await repo.listProposals(db, sqlViewer(actor), budget.id, phaseOf(budget, now) === 'decided')
  const row = rows.find((r) => r.id === id)
  if (!row) throw AppError.notFound(PROPOSAL_NOT_FOUND)
  return { ...toProposal(actor, row, urls), budget: toSummary(budget, now) }
}

export async function createProposal(
  db: Db,
  clock: Clock,
  urls: UploadUrls,
  actor: Actor,
  id: string,
  input: z.output<typeof createProposalSchema>,
): Promise<ProposalDto> {
  const now = clock.now()
  const budget = await repo.findBudget(db, id)
  if (!budget) throw AppError.notFound(BUDGET_NOT_FOUND)
  requireMembership(actor, budget.community_id)
  const written = await repo.insertProposal(db, sqlViewer(actor), id, input, now)
  // The statement wrote nothing: the window (the only other condition) was closed when it ran.
  if (!written) throw AppError.conflict('PROPOSALS_CLOSED')
  return proposalOf(db, urls, actor, id, written.id)
}

/** A proposal as the caller sees it, while the budget is undecided (proposing or reviewing). */
async function proposalOf(db: Db, urls: UploadUrls, actor: Actor, budgetId: string, id: string): Promise<ProposalDto> {
  const rows = await repo.listProposals(db, sqlViewer(actor), budgetId, false)
  const row = rows.find((r) => r.id === id)
  if (!row) throw AppError.notFound(PROPOSAL_NOT_FOUND)
  return toProposal(actor, row, urls)
}

/** The proposal for a staff action, or why the action is refused: not found, or not staff of its community. */
async function proposalForStaff(db: Db, actor: Actor, id: string): Promise<repo.ProposalContext> {
  const p = await repo.findProposal(db, id)
  if (!p) throw AppError.notFound(PROPOSAL_NOT_FOUND)
  if (!staffCan(actor, p.community_id)) throw AppError.notFound(PROPOSAL_NOT_FOUND)
  return p
}

export async function reviewProposal(
  db: Db,
  clock: Clock,
  urls: UploadUrls,
  actor: Actor,
  id: string,
  input: z.output<typeof reviewProposalSchema>,
): Promise<ProposalDto> {
  const now = clock.now()
  const written = await repo.reviewProposal(
    db,
    sqlViewer(actor),
    id,
    {
      feasible: input.feasible,
      cost: input.feasible ? input.cost! : null,
      reason: input.feasible ? null : input.reason!,
    },
    now,
  )
  if (!written) {
    const p = await proposalForStaff(db, actor, id)
    if (p.status !== 'pending_review') throw AppError.conflict('PROPOSAL_NOT_PENDING')
    throw AppError.conflict('REVIEW_CLOSED')
  }
  return proposalOf(db, urls, actor, written.budget_id, id)
}

export async function castBallot(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: z.output<typeof budgetBallotSchema>,
): Promise<{ budgetId: string; proposalIds: string[]; updatedAt: string }> {
  const now = clock.now()
  const budget = await repo.findBudget(db, id)
  if (!budget) throw AppError.notFound(BUDGET_NOT_FOUND)
  requireMembership(actor, budget.community_id)
  const row = await repo.castBallot(db, sqlViewer(actor), id, input.proposalIds, now)
  if (row?.budget_id && row.proposal_ids && row.updated_at) {
    return { budgetId: row.budget_id, proposalIds: row.proposal_ids, updatedAt: row.updated_at.toISOString() }
  }
  if (now < budget.voting_opens_at) throw AppError.conflict('VOTING_NOT_OPEN')
  if (now >= budget.voting_closes_at) throw AppError.conflict('VOTING_CLOSED')
  if (!row?.valid) {
    throw AppError.validation(
      [{ path: ['proposalIds'], message: '只能选择本次微实事中通过可行性审核的项目' }],
      '所选项目中有未通过审核或不属于本次微实事的，请刷新后重新选择',
    )
  }
  throw new AppError(
    'OVER_BUDGET',
    400,
    `所选项目的费用合计${Number(row.total)}元，超过了资金总额${Number(row.amount)}元，请少选几个再提交`,
  )
}

export async function getResults(db: Db, clock: Clock, actor: Actor, id: string): Promise<BudgetResultsDto> {
  const now = clock.now()
  const budget = await repo.findBudget(db, id)
  if (!budget) throw AppError.notFound(BUDGET_NOT_FOUND)
  const staff = staffCan(actor, budget.community_id)
  const final = now >= budget.voting_closes_at
  if (!staff && !final) throw AppError.forbidden('投票结束后才公布结果，请到时再来查看')
  // Anyone signed in may read a budget (公开), and so its results once voting closed.
  const rows = await repo.results(db, sqlViewer(actor), id)
  const ballots = rows[0]?.ballots ?? 0
  const proposals = rows.map((r) => ({
    proposalId: r.id,
    title: r.title,
    status: r.status,
    votes: r.votes,
    cost: num(r.cost),
    selected: r.selected,
    reason: selectionReason({
      status: r.status,
      votes: r.votes,
      cost: num(r.cost),
      rank: r.rank,
      leftBefore: num(r.left_before),
      selected: r.selected,
    }),
  }))
  const allocated = proposals.reduce((sum, p) => sum + (p.selected ? (p.cost ?? 0) : 0), 0)
  return { budgetId: id, amount: Number(budget.amount), final, allocated, ballots, proposals }
}

/** Why an expense or update on a proposal was not written. */
async function refuseSpending(db: Db, clock: Clock, actor: Actor, id: string): Promise<never> {
  const p = await proposalForStaff(db, actor, id)
  if (clock.now() < p.voting_closes_at) throw AppError.conflict('BUDGET_NOT_DECIDED')
  if (!p.selected) throw AppError.conflict('PROPOSAL_NOT_SELECTED')
  throw AppError.conflict('BUDGET_NOT_DECIDED')
}

export async function addExpense(
  db: Db,
  clock: Clock,
  urls: UploadUrls,
  actor: Actor,
  id: string,
  input: z.output<typeof createExpenseSchema>,
): Promise<ExpenseDto> {
  const row = await repo.insertExpense(
    db,
    sqlViewer(actor),
    id,
    { ...input, receiptIds: input.receiptIds ?? [] },
    clock.now(),
  )
  if (!row) return refuseSpending(db, clock, actor, id)
  return toExpense(row, row.proposal_id, urls)
}

export async function addUpdate(
  db: Db,
  clock: Clock,
  actor: Actor,
  id: string,
  input: z.output<typeof createProgressSchema>,
): Promise<ProgressUpdateDto> {
  const row = await repo.insertUpdate(db, sqlViewer(actor), id, input, clock.now())
  if (!row) return refuseSpending(db, clock, actor, id)
  return toUpdate(row, row.proposal_id)
}

/** The hourly run: results messages for the rounds whose voting has closed (see repo.writeBudgetResults). */
export function writeResultsMessages(db: Db, clock: Clock): Promise<number> {
  return repo.writeBudgetResults(db, clock.now())
}
