import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { createSurveySchema } from '@/shared/surveys'
import { useAsync } from '@/hooks/use-async'
import { usePagedList } from '@/hooks/use-paged-list'
import { useSubmit } from '@/hooks/use-submit'
import * as api from '@/services/surveys'
import { fieldIssues } from '@/utils/validation'

export type SurveyFieldErrors = Partial<Record<keyof api.CreateSurveyInput, string>>

/** Staff's 满意度测评: the community's surveys, opening a new one, and one survey's results at any time. */
export function useStaffSurveys(communityId: string) {
  const list = usePagedList((cursor) => api.listSurveys(communityId, cursor), communityId, Boolean(communityId))
  const [errors, setErrors] = useState<SurveyFieldErrors>({})
  const { reload } = list
  const send = useCallback(
    (input: api.CreateSurveyInput, key: string) => api.createSurvey(communityId, input, key),
    [communityId],
  )
  const validate = useCallback((input: api.CreateSurveyInput) => {
    const issues = fieldIssues<keyof api.CreateSurveyInput>(createSurveySchema, input)
    setErrors(issues)
    return Object.keys(issues).length ? '请按红字提示修改后再发起' : null
  }, [])
  const onSuccess = useCallback(() => {
    void Taro.showToast({ title: '已发起', icon: 'success' })
    void reload()
  }, [reload])
  const form = useSubmit(send, { validate, onSuccess })
  const [openId, setOpenId] = useState<string | null>(null)
  const results = useAsync(() => api.getSurveyResults(openId ?? ''), [openId], Boolean(openId))
  const toggle = useCallback((id: string) => setOpenId((current) => (current === id ? null : id)), [])
  return { list, form, errors, openId, results, toggle }
}
