import type { BudgetPhase, BudgetSummaryDto, ProposalDto } from '@/shared/budgets'
import { PROPOSAL_STATUS_LABELS } from '@/shared/budgets'
import { formatDateTime } from '@/utils/format'

type Tone = 'neutral' | 'success' | 'warning' | 'danger'

export const PHASE_TONES: Record<BudgetPhase, Tone> = {
  upcoming: 'neutral',
  proposing: 'success',
  reviewing: 'neutral',
  voting: 'warning',
  decided: 'success',
}

/** The next date of a round, as its card and page say it. */
export function phaseLine(b: BudgetSummaryDto): string {
  switch (b.phase) {
    case 'upcoming':
      return `${formatDateTime(b.proposalsOpenAt)} 开始征集项目`
    case 'proposing':
      return `征集项目到 ${formatDateTime(b.proposalsCloseAt)}`
    case 'reviewing':
      return `工作人员审核项目，${formatDateTime(b.votingOpensAt)} 开始投票`
    case 'voting':
      return `投票到 ${formatDateTime(b.votingClosesAt)}，截止前可以改`
    case 'decided':
      return `${formatDateTime(b.votingClosesAt)} 投票结束，结果已公布`
  }
}

/** A proposal's tag: after close whether it was selected, before it the review's status. */
export function proposalTag(p: ProposalDto): { text: string; tone: Tone } {
  if (p.selected === true) return { text: '入选', tone: 'success' }
  if (p.selected === false && p.status === 'feasible') return { text: '未入选', tone: 'neutral' }
  const tone: Tone = p.status === 'feasible' ? 'success' : p.status === 'rejected' ? 'danger' : 'warning'
  return { text: PROPOSAL_STATUS_LABELS[p.status], tone }
}
