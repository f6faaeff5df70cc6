import { useCallback, useEffect, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { isId } from '@/shared/api'
import { ballotTotal, createProposalSchema, type BudgetDetailDto } from '@/shared/budgets'
import { useAsync } from '@/hooks/use-async'
import { usePagedList } from '@/hooks/use-paged-list'
import { useMe } from '@/hooks/use-session'
import { useSubmit } from '@/hooks/use-submit'
import * as api from '@/services/budgets'
import { fieldIssues } from '@/utils/validation'
import { openProposal } from '../navigation'

/** A community's rounds, newest first, a page at a time. */
export function useBudgetList(communityId: string | null | undefined) {
  return usePagedList((cursor) => api.listBudgets(communityId!, cursor), communityId ?? '', Boolean(communityId))
}

/** A round with its proposals (and after close the selected projects' spending). */
export function useBudget(id: string) {
  return useAsync(() => api.getBudget(id), [id], isId(id))
}

/** The results, once voting has closed (members may not read them before). */
export function useBudgetResults(id: string, decided: boolean) {
  return useAsync(() => api.getBudgetResults(id), [id, decided], decided && isId(id))
}

export function useProposal(id: string) {
  return useAsync(() => api.getProposal(id), [id], isId(id))
}

/** What the signed-in user may do in a community's rounds: verified members propose and vote, its staff manage. */
export function useRoundRoles(communityId: string | null | undefined) {
  const { me } = useMe()
  const member = Boolean(
    communityId && me?.membership?.status === 'verified' && me.membership.communityId === communityId,
  )
  const staff = Boolean(communityId && (me?.role === 'admin' || me?.staffCommunityIds.includes(communityId)))
  return { me, member, staff }
}

export type ProposalFieldErrors = Partial<Record<keyof api.CreateProposalInput, string>>

/** The proposal form: the shared schema's messages under each field; on success the proposal opens. */
export function usePropose(budgetId: string) {
  const [fieldErrors, setFieldErrors] = useState<ProposalFieldErrors>({})
  const send = useCallback(
    (input: api.CreateProposalInput, key: string) => api.createProposal(budgetId, input, key),
    [budgetId],
  )
  const validate = useCallback((input: api.CreateProposalInput) => {
    const issues = fieldIssues<keyof api.CreateProposalInput>(createProposalSchema, input)
    setFieldErrors(issues)
    return Object.keys(issues).length ? '请按红字提示修改后再提交' : null
  }, [])
  const onSuccess = useCallback((proposal: { id: string }) => {
    void Taro.showToast({ title: '已提交', icon: 'success' })
    openProposal(proposal.id, { replace: true })
  }, [])
  return { ...useSubmit(send, { validate, onSuccess }), fieldErrors }
}

/**
 * The ballot: the projects chosen (starting from the saved ballot), the running total against the fund, and sending.
 * A choice over the amount is refused before sending, by the rule the server refuses it with (OVER_BUDGET).
 */
export function useBallot(budget: BudgetDetailDto | undefined) {
  const [chosen, setChosen] = useState<string[]>([])
  const [saved, setSaved] = useState<string[] | null>(null)
  useEffect(() => {
    setChosen(budget?.myBallot ?? [])
    setSaved(budget?.myBallot ?? null)
  }, [budget])
  const feasible = useMemo(() => (budget?.proposals ?? []).filter((p) => p.status === 'feasible'), [budget])
  const sum = ballotTotal(budget?.amount ?? 0, feasible, chosen)
  const toggle = useCallback(
    (id: string) => setChosen((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id])),
    [],
  )
  const send = useCallback((input: api.BallotInput, key: string) => api.castBallot(budget!.id, input, key), [budget])
  const validate = useCallback(
    (input: api.BallotInput) => {
      if (input.proposalIds.length === 0) return '请至少选择一个项目'
      const check = ballotTotal(budget?.amount ?? 0, feasible, input.proposalIds)
      return check.over
        ? `所选项目合计${check.total}元，超过了资金总额${budget?.amount ?? 0}元，请少选几个再提交`
        : null
    },
    [budget, feasible],
  )
  const onSuccess = useCallback((reply: { proposalIds: string[] }) => {
    setSaved(reply.proposalIds)
    void Taro.showToast({ title: '已保存投票', icon: 'success' })
  }, [])
  const submit = useSubmit(send, { validate, onSuccess })
  const changed = saved === null || saved.length !== chosen.length || chosen.some((id) => !saved.includes(id))
  return {
    feasible,
    chosen,
    toggle,
    sum,
    saved,
    changed,
    ...submit,
    submit: () => submit.submit({ proposalIds: chosen }),
  }
}
