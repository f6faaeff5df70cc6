import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { isId } from '@/shared/api'
import { createProblemSchema, type CreateProblemInput, type ProblemDetailDto } from '@/shared/problems'
import { useAsync } from '@/hooks/use-async'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { usePagedList } from '@/hooks/use-paged-list'
import { useSubmit } from '@/hooks/use-submit'
import { toApiError } from '@/services/http'
import { listBuildings } from '@/services/places'
import * as api from '@/services/problems'
import { fieldIssues } from '@/utils/validation'
import { askToSubscribe } from '@/utils/subscribe'
import { openProblem } from '../navigation'

/** A community's problems, or mine, a page at a time; a change of `query` starts over. */
export function useProblemList(query: api.ProblemQuery, enabled = true) {
  return usePagedList((cursor) => api.listProblems({ ...query, cursor }), JSON.stringify(query), enabled)
}

/** The handler's queue, oldest due first. */
export function useHandlerQueue() {
  return usePagedList((cursor) => api.handlerQueue({ cursor }), 'queue')
}

/** The community's buildings, to say which one a problem is in; none while they load or when it has none. */
export function useCommunityBuildings(communityId: string) {
  const found = useAsync(() => listBuildings(communityId), [communityId], isId(communityId))
  return { items: found.data?.items ?? [], loading: found.loading }
}

export type ProblemFieldErrors = Partial<Record<keyof CreateProblemInput, string>>

/** The report form: the shared schema's messages under each field; on success, the new problem opens. */
export function useReportProblem() {
  const [fieldErrors, setFieldErrors] = useState<ProblemFieldErrors>({})
  // Asked within the submit tap, before sending: may WeChat tell them when it is assigned, resolved?
  const send = useCallback(
    (input: CreateProblemInput, key: string) => askToSubscribe('problem').then(() => api.createProblem(input, key)),
    [],
  )
  const validate = useCallback((input: CreateProblemInput) => {
    const issues = fieldIssues<keyof CreateProblemInput>(createProblemSchema, input)
    setFieldErrors(issues)
    return Object.keys(issues).length ? '请按红字提示修改后再提交' : null
  }, [])
  const onSuccess = useCallback((problem: ProblemDetailDto) => {
    void Taro.showToast({ title: '已提交', icon: 'success' })
    openProblem(problem.id, { replace: true })
  }, [])
  const submit = useSubmit(send, { validate, onSuccess })
  return { ...submit, fieldErrors }
}

const DONE_TOASTS: Record<api.ProblemActionBody['action'], string> = {
  assign: '已分派',
  accept: '已接单',
  return: '已退回',
  resolve: '已办结',
  rate: '谢谢您的评价',
  escalate: '已上报街道',
}

/** A problem, its timeline, the organisations staff may assign it to, and the actions the server allows. */
export function useProblemDetail(id: string) {
  const detail = useAsync(() => api.getProblem(id), [id], isId(id))
  // After an action the server's answer is the truth until the next reload.
  const [answer, setAnswer] = useState<ProblemDetailDto | null>(null)
  useEffect(() => setAnswer(null), [detail.data])
  const problem = answer ?? detail.data ?? null
  const events = useAsync(() => api.listProblemEvents(id), [id, problem?.status, problem?.escalated], Boolean(problem))
  const canAssign = Boolean(problem?.actions.includes('assign'))
  const orgs = useAsync(() => api.listProblemOrgs(problem!.communityId), [problem?.communityId, canAssign], canAssign)

  const actions = useKeyedActions()
  const [busy, setBusy] = useState<api.ProblemActionBody['action'] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const run = useCallback(
    async (body: api.ProblemActionBody) => {
      if (busy) return false
      setBusy(body.action)
      setError(null)
      try {
        const result = await actions.run(body.action, body, (key) => api.actOnProblem(id, body, key))
        setAnswer(result)
        void Taro.showToast({ title: DONE_TOASTS[body.action], icon: 'success' })
        return true
      } catch (e) {
        setError(toApiError(e).message)
        return false
      } finally {
        setBusy(null)
      }
    },
    [busy, id, actions],
  )
  const reload = useCallback(async () => {
    await detail.reload()
    await events.reload()
  }, [detail, events])

  return {
    problem,
    loading: detail.loading && !problem,
    error: problem ? null : detail.error,
    events: events.data?.items ?? [],
    orgs: orgs.data?.items ?? [],
    reload,
    run,
    busy,
    actionError: error,
  }
}

/** The figures of a community's problems in the last 30 days (Shanghai dates), for members and staff. */
export function useProblemStats(communityId: string | null | undefined, period: { from: string; to: string }) {
  return useAsync(
    () => api.getProblemStats(communityId!, period),
    [communityId, period.from, period.to],
    Boolean(communityId),
  )
}
