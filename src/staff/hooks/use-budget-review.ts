import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { isId } from '@/shared/api'
import { reviewProposalSchema } from '@/shared/budgets'
import { useAsync } from '@/hooks/use-async'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { toApiError } from '@/services/http'
import * as api from '@/services/budgets'
import { firstIssue } from '@/utils/validation'

/**
 * The review of a round's proposals: each pending one found feasible with staff's cost, or rejected with a reason
 * the proposer reads. One proposal's answer or error at a time, under its own key.
 */
export function useBudgetReview(budgetId: string) {
  const budget = useAsync(() => api.getBudget(budgetId), [budgetId], isId(budgetId))
  const actions = useKeyedActions()
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})

  const review = useCallback(
    async (id: string, input: api.ReviewProposalInput) => {
      const invalid = firstIssue(reviewProposalSchema, input)
      if (invalid) {
        setErrors((e) => ({ ...e, [id]: invalid }))
        return false
      }
      setBusy(id)
      setErrors(({ [id]: _, ...rest }) => rest)
      try {
        await actions.run(`review:${id}`, input, (key) => api.reviewProposal(id, input, key))
        void Taro.showToast({ title: input.feasible ? '已通过' : '已退回', icon: 'success' })
        await budget.reload()
        return true
      } catch (e) {
        setErrors((all) => ({ ...all, [id]: toApiError(e).message }))
        return false
      } finally {
        setBusy(null)
      }
    },
    [actions, budget],
  )

  const proposals = budget.data?.proposals ?? []
  return {
    budget: budget.data,
    loading: budget.loading && !budget.data,
    error: budget.data ? null : budget.error,
    reload: budget.reload,
    pending: proposals.filter((p) => p.status === 'pending_review'),
    reviewed: proposals.filter((p) => p.status !== 'pending_review'),
    review,
    busy,
    errors,
  }
}
