import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { CommunityDto } from '@/shared/identity'
import type { CommentDto, TopicDetailDto, TopicStatus, TopicSummaryDto } from '@/shared/topics'
import { useAsync } from '@/hooks/use-async'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { usePagedList } from '@/hooks/use-paged-list'
import { toApiError } from '@/services/http'
import * as api from '@/services/topics'
import { formatDateTime } from '@/utils/format'
import { confirmAction } from '@/utils/confirm'
import {
  checkApproval,
  moderationIssue,
  outcomeIssue,
  progressIssue,
  rejectionIssue,
  type ReviewErrors,
  type ReviewFormValues,
} from '../utils/topics'

const PAGE_LIMIT = 50
const MAX_PAGES = 4

/** A topic with the name of its community, for staff who work for more than one. */
export interface StaffTopic extends TopicSummaryDto {
  communityName: string
}

async function topicsOf(communityId: string, status: TopicStatus): Promise<TopicSummaryDto[]> {
  const items: TopicSummaryDto[] = []
  let cursor: string | undefined
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await api.listTopics({ communityId, status, limit: PAGE_LIMIT, cursor })
    items.push(...page.items)
    if (!page.nextCursor) break
    cursor = page.nextCursor
  }
  return items
}

/**
 * Topics of the staff member's communities in the given states, newest first (pending ones oldest first: the
 * longest waiting is reviewed first).
 */
export function useCommunityTopics(
  communities: readonly CommunityDto[],
  statuses: readonly TopicStatus[],
  enabled: boolean,
) {
  const ids = communities.map((c) => c.id)
  const names = new Map(communities.map((c) => [c.id, c.name]))
  const state = useAsync(
    async () => {
      const lists = await Promise.all(ids.flatMap((id) => statuses.map((status) => topicsOf(id, status))))
      return lists.flat()
    },
    [ids.join(','), statuses.join(',')],
    enabled && ids.length > 0,
  )
  const oldestFirst = statuses.length === 1 && statuses[0] === 'pending_review'
  const topics: StaffTopic[] = (state.data ?? [])
    .map((t) => ({ ...t, communityName: names.get(t.communityId) ?? '' }))
    .sort((a, b) => (oldestFirst ? 1 : -1) * a.createdAt.localeCompare(b.createdAt))
  return { ...state, topics, loading: state.loading && !state.data }
}

const NO_REVIEW_ERRORS: ReviewErrors = { fields: {}, rows: {} }

/**
 * 审核议题: approve with the opening fields, or reject with the reason residents read. Checked with the shared schema
 * first; `onDone` gets the topic as it is after the decision.
 */
export function useTopicReview(onDone: (topic: TopicDetailDto, approved: boolean) => void) {
  const actions = useKeyedActions()
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null)
  const [errors, setErrors] = useState<ReviewErrors>(NO_REVIEW_ERRORS)
  const [reasonError, setReasonError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const send = useCallback(
    async (topicId: string, kind: 'approve' | 'reject', input: Parameters<typeof api.reviewTopic>[1]) => {
      setBusy(kind)
      setError(null)
      try {
        const topic = await actions.run(`${kind}:${topicId}`, input, (key) => api.reviewTopic(topicId, input, key))
        void Taro.showToast({ title: kind === 'approve' ? '已通过并公开' : '已退回', icon: 'success' })
        onDone(topic, kind === 'approve')
        return true
      } catch (e) {
        setError(toApiError(e).message)
        return false
      } finally {
        setBusy(null)
      }
    },
    [actions, onDone],
  )

  const approve = useCallback(
    async (topicId: string, values: ReviewFormValues) => {
      if (busy) return false
      const checked = checkApproval(values, new Date())
      setErrors(checked.ok ? NO_REVIEW_ERRORS : checked.errors)
      setReasonError(null)
      if (!checked.ok) {
        setError('请按红字提示修改后再提交')
        return false
      }
      return send(topicId, 'approve', checked.input)
    },
    [busy, send],
  )

  const reject = useCallback(
    async (topicId: string, reason: string) => {
      if (busy) return false
      const invalid = rejectionIssue(reason)
      setReasonError(invalid)
      setErrors(NO_REVIEW_ERRORS)
      if (invalid) {
        setError(null)
        return false
      }
      return send(topicId, 'reject', { approve: false, reason: reason.trim() })
    },
    [busy, send],
  )

  const clear = useCallback(() => {
    setErrors(NO_REVIEW_ERRORS)
    setReasonError(null)
    setError(null)
  }, [])

  return { approve, reject, busy, errors, reasonError, error, clear }
}

/** One topic as staff manage it, with its tally (staff always see the counts). */
export function useManagedTopic(id: string | null) {
  const detail = useAsync(() => api.getTopic(id ?? ''), [id], Boolean(id))
  const topic = detail.data ?? null
  const hasTally = topic?.status === 'open' || topic?.status === 'closed'
  const results = useAsync(() => api.getResults(id ?? ''), [id, hasTally], Boolean(id) && hasTally)
  const { reload: reloadDetail } = detail
  const { reload: reloadResults } = results
  const [updated, setUpdated] = useState<TopicDetailDto | null>(null)

  const reload = useCallback(async () => {
    await reloadDetail()
    setUpdated(null)
    await reloadResults()
  }, [reloadDetail, reloadResults])

  /** A decision's answer replaces the topic at once; the tally is loaded again (closing freezes it). */
  const apply = useCallback(
    (next: TopicDetailDto) => {
      setUpdated(next)
      void reloadResults()
    },
    [reloadResults],
  )

  const current = updated && updated.id === topic?.id ? updated : topic
  return {
    topic: current,
    loading: detail.loading && !detail.data,
    error: detail.error,
    results: results.data ?? null,
    resultsLoading: results.loading && !results.data,
    resultsError: results.error,
    reloadResults,
    reload,
    apply,
  }
}

type ManageAction = 'close' | 'outcome' | 'update'

/** 结束投票, 公布处理结果, 发布办理进展: each checked, then sent with its own Idempotency-Key. */
export function useTopicActions(topic: TopicDetailDto | null, onChanged: (topic: TopicDetailDto) => void) {
  const actions = useKeyedActions()
  const [busy, setBusy] = useState<ManageAction | null>(null)
  const [errors, setErrors] = useState<Partial<Record<ManageAction, string>>>({})
  const topicId = topic?.id ?? ''

  const run = useCallback(
    async (kind: ManageAction, input: unknown, send: (key: string) => Promise<TopicDetailDto>, toast: string) => {
      setBusy(kind)
      setErrors((e) => ({ ...e, [kind]: undefined }))
      try {
        // A success forgets the key: the next update is a new action.
        const next = await actions.run(`${kind}:${topicId}`, input, send)
        void Taro.showToast({ title: toast, icon: 'success' })
        onChanged(next)
        return true
      } catch (e) {
        setErrors((errs) => ({ ...errs, [kind]: toApiError(e).message }))
        return false
      } finally {
        setBusy(null)
      }
    },
    [actions, topicId, onChanged],
  )

  const close = useCallback(async () => {
    if (busy || !topic) return false
    const closesAt = topic.votingClosesAt ? formatDateTime(topic.votingClosesAt) : ''
    const early = topic.votingClosesAt ? Date.parse(topic.votingClosesAt) > Date.now() : false
    const confirmed = await confirmAction({
      title: '结束投票',
      content:
        `结束后居民不能再投票或改票，计票结果将被冻结，不能再更改。` +
        (early ? `原定截止时间是${closesAt}，现在提前结束。` : '') +
        '确定结束吗？',
      confirmText: '结束投票',
      danger: true,
    })
    if (!confirmed) return false
    return run('close', null, (key) => api.closeTopic(topicId, key), '已结束投票')
  }, [busy, topic, topicId, run])

  const publishOutcome = useCallback(
    async (summary: string) => {
      if (busy) return false
      const invalid = outcomeIssue(summary)
      if (invalid) {
        setErrors((e) => ({ ...e, outcome: invalid }))
        return false
      }
      const text = summary.trim()
      // Published, it cannot be changed (the form's hint says so): asked first, as closing is.
      const confirmed = await confirmAction({
        title: '公布处理结果',
        content: '公布后所有居民都能看到，参与投票和讨论的居民会收到通知，公布后不能修改。确定公布吗？',
        confirmText: '确定公布',
      })
      if (!confirmed) return false
      return run('outcome', text, (key) => api.publishOutcome(topicId, text, key), '已公布')
    },
    [busy, topicId, run],
  )

  const postProgress = useCallback(
    async (note: string, progress: number) => {
      if (busy) return false
      const invalid = progressIssue(note, progress)
      if (invalid) {
        setErrors((e) => ({ ...e, update: invalid }))
        return false
      }
      const input = { note: note.trim(), progress }
      return run('update', input, (key) => api.postProgress(topicId, input, key), '已发布进展')
    },
    [busy, topicId, run],
  )

  return { busy, errors, close, publishOutcome, postProgress }
}

export type Moderation = 'hide' | 'restore'

/**
 * Hiding and restoring comments, with the reason the audit log keeps. A decided comment is kept here with its new
 * state, so the list can show what was done until it is loaded again.
 */
export function useCommentModeration(onDone?: (comment: CommentDto, kind: Moderation) => void) {
  const actions = useKeyedActions()
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [decided, setDecided] = useState<Record<string, Moderation>>({})

  const moderate = useCallback(
    async (commentId: string, kind: Moderation, reason: string) => {
      if (busy) return false
      const invalid = moderationIssue(reason)
      if (invalid) {
        setErrors((e) => ({ ...e, [commentId]: invalid }))
        return false
      }
      setBusy(commentId)
      setErrors((e) => ({ ...e, [commentId]: '' }))
      const text = reason.trim()
      try {
        const comment = await actions.run(`${kind}:${commentId}`, text, (key) =>
          kind === 'hide' ? api.hideComment(commentId, text, key) : api.restoreComment(commentId, text, key),
        )
        setDecided((d) => ({ ...d, [commentId]: kind }))
        void Taro.showToast({ title: kind === 'hide' ? '已隐藏' : '已恢复显示', icon: 'success' })
        onDone?.(comment, kind)
        return true
      } catch (e) {
        setErrors((errs) => ({ ...errs, [commentId]: toApiError(e).message }))
        return false
      } finally {
        setBusy(null)
      }
    },
    [busy, actions, onDone],
  )

  const forget = useCallback(() => setDecided({}), [])
  return { moderate, busy, errors, decided, forget }
}

/** 举报处理: the comments residents reported in the staff member's communities, most recently reported first. */
export function useReportedComments(enabled: boolean) {
  const list = usePagedList((cursor) => api.listReportedComments({ cursor }), 'reported', enabled)
  const moderation = useCommentModeration()
  const { reload: reloadList } = list
  const { forget } = moderation
  const reload = useCallback(async () => {
    await reloadList()
    forget()
  }, [reloadList, forget])
  return { ...list, reload, moderation }
}

/** A topic's comments, for hiding one from the manage page. */
export function useTopicComments(topicId: string | null) {
  const list = usePagedList((cursor) => api.listComments(topicId ?? '', { cursor }), topicId ?? '', Boolean(topicId))
  const moderation = useCommentModeration()
  const { reload: reloadList } = list
  const { forget } = moderation
  const reload = useCallback(async () => {
    await reloadList()
    forget()
  }, [reloadList, forget])
  return { ...list, reload, moderation }
}

const PENDING_ONLY: readonly TopicStatus[] = ['pending_review']
const OPEN_ONLY: readonly TopicStatus[] = ['open']

/** How many, for a line of the workbench: "3", "50+" when there is another page, null while unknown. */
function countText(n: number, more: boolean): string {
  return more ? `${n}+` : String(n)
}

/**
 * 议事协商 on the workbench: how many topics wait for review, comments for a decision, topics are open. A count
 * that cannot be loaded leaves its line saying what is there instead; it never blocks the workbench.
 */
export function useTopicWorkload(communities: readonly CommunityDto[], enabled: boolean) {
  const pending = useCommunityTopics(communities, PENDING_ONLY, enabled)
  const open = useCommunityTopics(communities, OPEN_ONLY, enabled)
  const reported = useAsync(() => api.listReportedComments({ limit: PAGE_LIMIT }), [], enabled)
  const { reload: reloadPending } = pending
  const { reload: reloadOpen } = open
  const { reload: reloadReported } = reported
  const reload = useCallback(async () => {
    await Promise.all([reloadPending(), reloadOpen(), reloadReported()])
  }, [reloadPending, reloadOpen, reloadReported])

  const known = (loading: boolean, failed: boolean, text: () => string) => (loading || failed ? null : text())
  return {
    pending: known(pending.loading, Boolean(pending.error), () => String(pending.topics.length)),
    open: known(open.loading, Boolean(open.error), () => String(open.topics.length)),
    reported: known(reported.loading && !reported.data, Boolean(reported.error) || !reported.data, () =>
      countText(reported.data?.items.length ?? 0, Boolean(reported.data?.nextCursor)),
    ),
    reload,
  }
}
