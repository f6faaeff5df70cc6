import * as z from 'zod'
import { instant } from './dates'
import { BALLOT_RULES } from './topics'
import { photoSchema } from './uploads'

/** 社区微实事 (issue #23): a yearly participatory budget, its proposals, ballots, results and spending. */

export const PROPOSAL_STATUSES = ['pending_review', 'feasible', 'rejected'] as const
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number]
export const PROPOSAL_STATUS_LABELS: Record<ProposalStatus, string> = {
  pending_review: '待审核',
  feasible: '可行',
  rejected: '未通过',
}

export const BUDGET_PHASES = ['upcoming', 'proposing', 'reviewing', 'voting', 'decided'] as const
export type BudgetPhase = (typeof BUDGET_PHASES)[number]
export const BUDGET_PHASE_LABELS: Record<BudgetPhase, string> = {
  upcoming: '即将开始征集',
  proposing: '征集项目中',
  reviewing: '审核中',
  voting: '投票中',
  decided: '已公布结果',
}

/** The largest amount in yuan a budget, a cost or an expense may name. */
export const BUDGET_AMOUNT_MAX = 100_000_000

const yuan = (what: string) =>
  z
    .number({ error: `请填写${what}（元）` })
    .int(`${what}请填写整数（元）`)
    .min(1, `${what}至少1元`)
    .max(BUDGET_AMOUNT_MAX, `${what}不能超过1亿元`)

export const createBudgetSchema = z
  .object({
    title: z.string().trim().min(2, '标题至少2个字').max(60, '标题最多60个字'),
    amount: yuan('资金总额'),
    proposalsOpenAt: instant('征集开始时间'),
    proposalsCloseAt: instant('征集截止时间'),
    votingOpensAt: instant('投票开始时间'),
    votingClosesAt: instant('投票截止时间'),
    ballotRule: z.enum(BALLOT_RULES, { error: '请选择计票方式' }).optional(),
  })
  .strict()
  .refine((v) => Date.parse(v.proposalsCloseAt) > Date.parse(v.proposalsOpenAt), {
    message: '征集截止时间要晚于开始时间',
    path: ['proposalsCloseAt'],
  })
  .refine((v) => Date.parse(v.votingOpensAt) >= Date.parse(v.proposalsCloseAt), {
    message: '投票开始时间不能早于征集截止时间',
    path: ['votingOpensAt'],
  })
  .refine((v) => Date.parse(v.votingClosesAt) > Date.parse(v.votingOpensAt), {
    message: '投票截止时间要晚于开始时间',
    path: ['votingClosesAt'],
  })

export const createProposalSchema = z
  .object({
    title: z.string().trim().min(2, '项目名称至少2个字').max(60, '项目名称最多60个字'),
    description: z.string().trim().min(1, '请说明项目内容').max(2000, '项目说明最多2000字'),
    estimatedCost: yuan('预计费用'),
  })
  .strict()

export const reviewProposalSchema = z
  .object({
    feasible: z.boolean({ error: '请选择是否可行' }),
    cost: yuan('核定费用').optional(),
    reason: z.string().trim().min(1, '请填写不通过的原因').max(500, '原因最多500字').optional(),
  })
  .strict()
  .refine((v) => !v.feasible || v.cost !== undefined, { message: '可行的项目请填写核定费用', path: ['cost'] })
  .refine((v) => v.feasible || v.reason !== undefined, {
    message: '请填写不通过的原因，提议人会看到',
    path: ['reason'],
  })
  .refine((v) => v.feasible || v.cost === undefined, { message: '不通过的项目不用填写费用', path: ['cost'] })

export const budgetBallotSchema = z
  .object({
    proposalIds: z
      .array(z.uuid())
      .min(1, '请至少选择一个项目')
      .max(100, '最多选择100个项目')
      .refine((ids) => new Set(ids).size === ids.length, { message: '同一个项目只能选一次' }),
  })
  .strict()

export const createExpenseSchema = z
  .object({
    amount: z
      .number({ error: '请填写金额（元）' })
      .int('金额请填写整数（元）')
      .min(-BUDGET_AMOUNT_MAX, '金额超出范围')
      .max(BUDGET_AMOUNT_MAX, '金额不能超过1亿元')
      .refine((n) => n !== 0, '金额不能为0；更正请填写负数'),
    payee: z.string().trim().min(1, '请填写收款方').max(100, '收款方最多100个字'),
    note: z.string().trim().min(1, '请填写用途说明').max(500, '说明最多500字'),
    receiptIds: z
      .array(z.uuid())
      .max(9, '最多9张票据照片')
      .refine((ids) => new Set(ids).size === ids.length, { message: '同一张照片只能用一次' })
      .optional(),
  })
  .strict()

export const createProgressSchema = z
  .object({
    progress: z
      .number({ error: '请填写进度' })
      .int('进度请填写整数')
      .min(0, '进度在0到100之间')
      .max(100, '进度在0到100之间'),
    note: z.string().trim().min(1, '请填写进展说明').max(500, '说明最多500字'),
  })
  .strict()

export const budgetSummarySchema = z.object({
  id: z.string(),
  communityId: z.string(),
  title: z.string(),
  amount: z.number(),
  proposalsOpenAt: z.string(),
  proposalsCloseAt: z.string(),
  votingOpensAt: z.string(),
  votingClosesAt: z.string(),
  ballotRule: z.enum(BALLOT_RULES),
  phase: z.enum(BUDGET_PHASES),
  createdAt: z.string(),
})
export type BudgetSummaryDto = z.infer<typeof budgetSummarySchema>

/** A receipt photo of an expense, with its signed link as any photo of the API. */
export const receiptSchema = photoSchema

export const expenseSchema = z.object({
  id: z.string(),
  proposalId: z.string(),
  amount: z.number(),
  payee: z.string(),
  note: z.string(),
  spentAfter: z.number(),
  receipts: z.array(receiptSchema),
  createdAt: z.string(),
})
export type ExpenseDto = z.infer<typeof expenseSchema>

export const progressUpdateSchema = z.object({
  id: z.string(),
  proposalId: z.string(),
  progress: z.number(),
  note: z.string(),
  createdAt: z.string(),
})
export type ProgressUpdateDto = z.infer<typeof progressUpdateSchema>

export const proposalSchema = z.object({
  id: z.string(),
  budgetId: z.string(),
  title: z.string(),
  description: z.string(),
  estimatedCost: z.number(),
  status: z.enum(PROPOSAL_STATUSES),
  cost: z.number().nullable(),
  rejectReason: z.string().nullable(),
  proposerName: z.string(),
  mine: z.boolean(),
  createdAt: z.string(),
  /** After voting closes: whether it was selected, and for selected projects what was spent and the progress. */
  selected: z.boolean().nullable(),
  spent: z.number().nullable(),
  progress: z.number().nullable(),
  expenses: z.array(expenseSchema).nullable(),
  updates: z.array(progressUpdateSchema).nullable(),
})
export type ProposalDto = z.infer<typeof proposalSchema>

/** One proposal with the budget it belongs to (GET /api/proposals/:id). */
export const proposalPageSchema = proposalSchema.extend({ budget: budgetSummarySchema })
export type ProposalPageDto = z.infer<typeof proposalPageSchema>

export const budgetDetailSchema = budgetSummarySchema.extend({
  proposals: z.array(proposalSchema),
  /** The proposals of the caller's ballot (their household's on a per-household budget), null when none. */
  myBallot: z.array(z.string()).nullable(),
})
export type BudgetDetailDto = z.infer<typeof budgetDetailSchema>

export const ballotReplySchema = z.object({
  budgetId: z.string(),
  proposalIds: z.array(z.string()),
  updatedAt: z.string(),
})

export const resultRowSchema = z.object({
  proposalId: z.string(),
  title: z.string(),
  status: z.enum(PROPOSAL_STATUSES),
  votes: z.number(),
  cost: z.number().nullable(),
  selected: z.boolean(),
  reason: z.string(),
})
export type ResultRowDto = z.infer<typeof resultRowSchema>

export const budgetResultsSchema = z.object({
  budgetId: z.string(),
  amount: z.number(),
  final: z.boolean(),
  allocated: z.number(),
  ballots: z.number(),
  proposals: z.array(resultRowSchema),
})
export type BudgetResultsDto = z.infer<typeof budgetResultsSchema>

/** The phase of a budget at `now`. */
export function budgetPhase(
  b: { proposalsOpenAt: Date; proposalsCloseAt: Date; votingOpensAt: Date; votingClosesAt: Date },
  now: Date,
): BudgetPhase {
  const t = now.getTime()
  if (t < b.proposalsOpenAt.getTime()) return 'upcoming'
  if (t < b.proposalsCloseAt.getTime()) return 'proposing'
  if (t < b.votingOpensAt.getTime()) return 'reviewing'
  if (t < b.votingClosesAt.getTime()) return 'voting'
  return 'decided'
}

/** One feasible or other proposal as the selection saw it. */
export interface SelectionRow {
  status: ProposalStatus
  votes: number
  cost: number | null
  rank: number | null
  leftBefore: number | null
  selected: boolean
}

/** Why a proposal was selected or not, in words residents read. */
export function selectionReason(r: SelectionRow): string {
  if (r.status === 'pending_review') return '尚未完成可行性审核'
  if (r.status === 'rejected') return '未通过可行性审核'
  if (r.votes === 0 || r.rank === null) return '没有获得投票'
  if (r.selected) return `票数第${r.rank}，剩余资金足够`
  return `票数第${r.rank}，剩余资金不足（需${r.cost}元，剩${r.leftBefore}元）`
}

/**
 * What a ballot of `chosen` costs and what is left of the fund: the ballot page's running total, by the rule the
 * server refuses a ballot with (OVER_BUDGET: the feasible costs chosen sum to more than the amount).
 */
export function ballotTotal(
  amount: number,
  proposals: readonly { id: string; cost: number | null }[],
  chosen: readonly string[],
): { total: number; left: number; over: boolean } {
  const total = proposals.reduce((sum, p) => sum + (chosen.includes(p.id) ? (p.cost ?? 0) : 0), 0)
  return { total, left: amount - total, over: total > amount }
}

/** A sum of yuan as residents read it: 12,000元 → "1.2万元" from ten thousand up, else "800元". */
export function formatYuan(yuan: number): string {
  if (Math.abs(yuan) >= 10_000) return `${Number((yuan / 10_000).toFixed(2))}万元`
  return `${yuan}元`
}
