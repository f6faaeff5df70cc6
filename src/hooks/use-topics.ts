import { isId } from '@/shared/api'
import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import type { CreateTopicInput, TopicDetailDto } from '@/shared/topics'
import { ApiError, toApiError } from '@/services/http'
import * as api from '@/services/topics'
import { openTopic } from '@/utils/navigation'
import { askToSubscribe } from '@/utils/subscribe'
import {
  contentRejectedMessage,
  reportIssue,
  resultsVisible,
  topicFormIssues,
  topicQueryFor,
  type TopicFieldErrors,
  type TopicFilter,
} from '@/utils/topic'
import { firstIssue } from '@/utils/validation'
import { createCommentSchema } from '@/shared/topics'
import { useAsync } from './use-async'
import { useKeyedActions } from './use-keyed-actions'
import { usePagedList } from './use-paged-list'
import { useSubmit } from './use-submit'

/** Turns the sensitive-word refusal into words that say which text to change. */
function explainRejected(where: string) {
  return (e: unknown): never => {
    const error = toApiError(e)
    if (error.code === 'CONTENT_REJECTED') throw new ApiError(error.status, error.code, contentRejectedMessage(where))
    throw error
  }
}

/** The 议事 tab's list under a chip, newest first, a page at a time. */
export function useTopicList(communityId: string | undefined, filter: TopicFilter) {
  const query = { communityId, ...topicQueryFor(filter) }
  return usePagedList((cursor) => api.listTopics({ ...query, cursor }), JSON.stringify(query), Boolean(communityId))
}

/** The propose form: the shared schema's messages under each field; on success, the new topic opens. */
export function useCreateTopic(communityId: string | undefined) {
  const [fieldErrors, setFieldErrors] = useState<TopicFieldErrors>({})
  const send = useCallback(
    (input: CreateTopicInput, key: string) => api.createTopic(input, key).catch(explainRejected('标题或说明')),
    [],
  )
  const validate = useCallback((input: CreateTopicInput) => {
    if (!input.communityId) return '请先在"我的"里选择您住的社区，再提出议题'
    const issues = topicFormIssues(input)
    setFieldErrors(issues)
    return Object.keys(issues).length ? '请按红字提示修改后再提交' : null
  }, [])
  const onSuccess = useCallback((topic: TopicDetailDto) => {
    void Taro.showToast({ title: '已提交，等待审核', icon: 'success' })
    openTopic(topic.id, { replace: true })
  }, [])
  const submit = useSubmit(send, { validate, onSuccess })
  const { submit: run } = submit
  const submitTopic = useCallback(
    (title: string, body: string) => run({ communityId: communityId ?? '', title, body }),
    [run, communityId],
  )
  return { ...submit, submit: submitTopic, fieldErrors }
}

/**
 * A topic with everything its page shows: my ballot (and voting on it), the results when residents may see them,
 * the comments (posting, replying, reporting) and the public timeline.
 */
export function useTopicDetail(id: string) {
  const detail = useAsync(() => api.getTopic(id), [id], isId(id))
  const topic = detail.data ?? null
  const isPublic = topic?.status === 'open' || topic?.status === 'closed'
  const showResults = topic ? resultsVisible(topic) : false

  const results = useAsync(() => api.getResults(id), [id, topic?.status, topic?.ballots], showResults)
  const timeline = useAsync(() => api.listTimeline(id), [id, topic?.status], Boolean(topic))
  const comments = usePagedList((cursor) => api.listComments(id, { cursor }), id, Boolean(id) && isPublic)

  const actions = useKeyedActions()

  // My ballot: what is ticked now, starting from what the server has.
  const [choices, setChoices] = useState<string[]>([])
  useEffect(() => setChoices(topic?.myChoices ?? []), [topic?.myChoices])
  const [voting, setVoting] = useState(false)
  const [voteError, setVoteError] = useState<string | null>(null)

  const { reload: reloadDetail } = detail
  const { reload: reloadResults } = results
  const { reload: reloadTimeline } = timeline
  const { reload: reloadComments } = comments

  const vote = useCallback(async () => {
    if (voting || !topic) return false
    if (choices.length === 0) {
      setVoteError('请先选择一项，再点提交')
      return false
    }
    setVoting(true)
    setVoteError(null)
    const changed = Boolean(topic.myChoices?.length)
    try {
      const ids = [...choices]
      // Asked within the tap, before sending (see askToSubscribe).
      await actions.run('vote', ids, (key) => askToSubscribe('vote').then(() => api.castBallot(id, ids, key)))
      void Taro.showToast({ title: changed ? '已修改投票' : '投票成功', icon: 'success' })
      await reloadDetail()
      return true
    } catch (e) {
      setVoteError(toApiError(e).message)
      // Voting may have closed meanwhile: show the topic as it is now.
      if (toApiError(e).status === 409) void reloadDetail()
      return false
    } finally {
      setVoting(false)
    }
  }, [voting, topic, choices, actions, id, reloadDetail])

  const [posting, setPosting] = useState(false)
  const [postError, setPostError] = useState<string | null>(null)
  const post = useCallback(
    async (body: string, parentId?: string) => {
      if (posting) return false
      const input = { body, parentId }
      const invalid = firstIssue(createCommentSchema, input)
      if (invalid) {
        setPostError(invalid)
        return false
      }
      setPosting(true)
      setPostError(null)
      try {
        await actions.run(`comment:${parentId ?? ''}`, input, (key) =>
          api.addComment(id, { body: body.trim(), parentId }, key).catch(explainRejected('您的发言')),
        )
        void Taro.showToast({ title: parentId ? '已回复' : '已发表', icon: 'success' })
        await Promise.all([reloadComments(), reloadDetail()])
        return true
      } catch (e) {
        setPostError(toApiError(e).message)
        return false
      } finally {
        setPosting(false)
      }
    },
    [posting, actions, id, reloadComments, reloadDetail],
  )

  const [reporting, setReporting] = useState<string | null>(null)
  const [reportErrors, setReportErrors] = useState<Record<string, string>>({})
  const [reported, setReported] = useState<ReadonlySet<string>>(new Set())
  const report = useCallback(
    async (commentId: string, reason: string) => {
      const invalid = reason.trim() ? reportIssue(reason) : '请选一个原因，或自己写几个字'
      if (invalid) {
        setReportErrors((e) => ({ ...e, [commentId]: invalid }))
        return false
      }
      setReporting(commentId)
      setReportErrors((e) => ({ ...e, [commentId]: '' }))
      try {
        await actions.run(`report:${commentId}`, reason, (key) => api.reportComment(commentId, reason.trim(), key))
        setReported((r) => new Set(r).add(commentId))
        void Taro.showToast({ title: '已举报，谢谢', icon: 'success' })
        // Reports may hide it, and the topic's count with it.
        void Promise.all([reloadComments(), reloadDetail()])
        return true
      } catch (e) {
        const error = toApiError(e)
        // Reported before (maybe on another phone): it counts already, so say so and close the form.
        if (error.code === 'ALREADY_REPORTED') {
          setReported((r) => new Set(r).add(commentId))
          void Taro.showToast({ title: '您已举报过', icon: 'none' })
          return true
        }
        setReportErrors((errs) => ({ ...errs, [commentId]: error.message }))
        return false
      } finally {
        setReporting(null)
      }
    },
    [actions, reloadComments, reloadDetail],
  )

  const reload = useCallback(async () => {
    await reloadDetail()
    await Promise.all([isPublic ? reloadComments() : null, reloadTimeline(), showResults ? reloadResults() : null])
  }, [reloadDetail, reloadComments, reloadTimeline, reloadResults, isPublic, showResults])

  return {
    topic,
    loading: detail.loading && !topic,
    error: topic ? null : detail.error,
    reload,
    choices,
    setChoices,
    vote,
    voting,
    voteError,
    clearVoteError: useCallback(() => setVoteError(null), []),
    showResults,
    results: results.data ?? null,
    resultsLoading: results.loading && !results.data,
    resultsError: results.error,
    reloadResults,
    timeline: timeline.data?.items ?? [],
    timelineError: timeline.error,
    reloadTimeline,
    comments,
    post,
    posting,
    postError,
    report,
    reporting,
    reportErrors,
    reported,
  }
}
