import type { Page } from '@/shared/api'
import type {
  BudgetDetailDto,
  BudgetResultsDto,
  BudgetSummaryDto,
  ExpenseDto,
  ProgressUpdateDto,
  ProposalDto,
  ProposalPageDto,
  budgetBallotSchema,
  createBudgetSchema,
  createExpenseSchema,
  createProgressSchema,
  createProposalSchema,
  reviewProposalSchema,
} from '@/shared/budgets'
import type * as z from 'zod'
import { http } from './http'

/** 社区微实事 API calls: one function per endpoint. Writes take the action's Idempotency-Key. */

const enc = encodeURIComponent

export type CreateBudgetInput = z.input<typeof createBudgetSchema>
export type CreateProposalInput = z.input<typeof createProposalSchema>
export type ReviewProposalInput = z.input<typeof reviewProposalSchema>
export type BallotInput = z.input<typeof budgetBallotSchema>
export type CreateExpenseInput = z.input<typeof createExpenseSchema>
export type CreateProgressInput = z.input<typeof createProgressSchema>

export function listBudgets(communityId: string, cursor?: string): Promise<Page<BudgetSummaryDto>> {
  return http.get<Page<BudgetSummaryDto>>(`/api/communities/${enc(communityId)}/budgets`, { query: { cursor } })
}

export function getBudget(id: string): Promise<BudgetDetailDto> {
  return http.get<BudgetDetailDto>(`/api/budgets/${enc(id)}`)
}

export function getBudgetResults(id: string): Promise<BudgetResultsDto> {
  return http.get<BudgetResultsDto>(`/api/budgets/${enc(id)}/results`)
}

export function getProposal(id: string): Promise<ProposalPageDto> {
  return http.get<ProposalPageDto>(`/api/proposals/${enc(id)}`)
}

export function createBudget(communityId: string, input: CreateBudgetInput, key: string): Promise<BudgetDetailDto> {
  return http.post<BudgetDetailDto>(`/api/communities/${enc(communityId)}/budgets`, input, { idempotencyKey: key })
}

export function createProposal(budgetId: string, input: CreateProposalInput, key: string): Promise<ProposalDto> {
  return http.post<ProposalDto>(`/api/budgets/${enc(budgetId)}/proposals`, input, { idempotencyKey: key })
}

export function reviewProposal(id: string, input: ReviewProposalInput, key: string): Promise<ProposalDto> {
  return http.post<ProposalDto>(`/api/proposals/${enc(id)}/review`, input, { idempotencyKey: key })
}

export function castBallot(
  budgetId: string,
  input: BallotInput,
  key: string,
): Promise<{ budgetId: string; proposalIds: string[]; updatedAt: string }> {
  return http.put(`/api/budgets/${enc(budgetId)}/ballot`, input, { idempotencyKey: key })
}

export function addExpense(proposalId: string, input: CreateExpenseInput, key: string): Promise<ExpenseDto> {
  return http.post<ExpenseDto>(`/api/proposals/${enc(proposalId)}/expenses`, input, { idempotencyKey: key })
}

export function addProgress(proposalId: string, input: CreateProgressInput, key: string): Promise<ProgressUpdateDto> {
  return http.post<ProgressUpdateDto>(`/api/proposals/${enc(proposalId)}/updates`, input, { idempotencyKey: key })
}
