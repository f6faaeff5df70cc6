import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { isId } from '@/shared/api'
import { surveyResponseSchema } from '@/shared/surveys'
import { useAsync } from '@/hooks/use-async'
import { usePagedList } from '@/hooks/use-paged-list'
import { useSubmit } from '@/hooks/use-submit'
import * as api from '@/services/surveys'
import { firstIssue } from '@/utils/validation'

/** A community's surveys, newest first, a page at a time. */
export function useSurveyList(communityId: string | null | undefined) {
  return usePagedList((cursor) => api.listSurveys(communityId ?? '', cursor), communityId ?? '', Boolean(communityId))
}

/**
 * One survey: its items and my answer; while open, the scores I am choosing (starting from my answer) and sending
 * them; after close, the results.
 */
export function useSurvey(id: string) {
  const survey = useAsync(() => api.getSurvey(id), [id], isId(id))
  const closed = survey.data?.status === 'closed'
  const results = useAsync(() => api.getSurveyResults(id), [id, closed], closed)
  const [scores, setScores] = useState<(number | null)[]>([])
  const [comment, setComment] = useState('')
  const data = survey.data
  // My answer, once loaded, is where the choosing starts; a new item count starts empty.
  useEffect(() => {
    if (!data) return
    setScores(data.items.map((_, i) => data.myResponse?.scores[i] ?? null))
    setComment(data.myResponse?.comment ?? '')
  }, [data])
  const choose = useCallback(
    (index: number, score: number) => setScores((s) => s.map((v, i) => (i === index ? score : v))),
    [],
  )
  const { reload } = survey
  const send = useCallback(
    (input: { scores: number[]; comment?: string }, key: string) => api.answerSurvey(id, input, key),
    [id],
  )
  const validate = useCallback(
    (input: { scores: number[]; comment?: string }) =>
      input.scores.length < scores.length
        ? '还有没打分的项目，请每一项都打分'
        : firstIssue(surveyResponseSchema, input),
    [scores.length],
  )
  const onSuccess = useCallback(() => {
    void Taro.showToast({ title: '已提交，谢谢您', icon: 'success' })
    void reload()
  }, [reload])
  const form = useSubmit(send, { validate, onSuccess })
  const submit = () =>
    void form.submit({
      scores: scores.filter((s): s is number => s !== null),
      comment: comment.trim() || undefined,
    })
  return { survey, results, scores, choose, comment, setComment, submit, form }
}
