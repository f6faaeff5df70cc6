import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import {
  VOLUNTEER_STATUS_LABELS,
  volunteerApplySchema,
  type MeDto,
  type VolunteerApplicationDto,
  type VolunteerApplyInput,
  type VolunteerStatus,
} from '@/shared/identity'
import { applyAsVolunteer } from '@/services/me'
import { fieldIssues } from '@/utils/validation'
import { getSession, setMe } from './session-store'
import { useSubmit } from './use-submit'

export interface VolunteerView {
  status: VolunteerStatus | null
  statusLabel: string | null
  /** What the status means for the user, in one sentence. */
  hint: string
  reason: string | null
  /** Whether the application form is offered: never applied, or turned down. */
  canApply: boolean
  /** Applying needs a community: its staff review the application. */
  needsCommunity: boolean
}

const HINTS: Record<VolunteerStatus, string> = {
  pending: '社区工作人员会尽快审核，请耐心等待。',
  active: '感谢您为邻里出力！您可以在"心愿"里认领居民的小心愿。',
  rejected: '这次申请没有通过，您可以修改后重新申请。',
  suspended: '您的志愿者身份已暂停，如有疑问请联系社区工作人员。',
}

/** How the volunteer section of 我的 looks for this user. */
export function volunteerView(me: MeDto): VolunteerView {
  const application = me.volunteer
  const status = application?.status ?? null
  return {
    status,
    statusLabel: status ? VOLUNTEER_STATUS_LABELS[status] : null,
    hint: status ? HINTS[status] : '成为志愿者，帮邻居完成小心愿。填写后由社区工作人员审核。',
    reason: application?.reason ?? null,
    canApply: status === null || status === 'rejected',
    needsCommunity: !me.communityId,
  }
}

function applied(application: VolunteerApplicationDto): void {
  const me = getSession().me
  if (me) setMe({ ...me, volunteer: application })
  void Taro.showToast({ title: '申请已提交', icon: 'success' })
}

export type VolunteerFieldErrors = Partial<Record<keyof VolunteerApplyInput, string>>

/**
 * The volunteer application form: the shared schema's messages under each field, then POST /api/me/volunteer.
 * `error` is left for what the server says.
 */
export function useVolunteerApplication() {
  const [fieldErrors, setFieldErrors] = useState<VolunteerFieldErrors>({})
  const send = useCallback((input: VolunteerApplyInput, key: string) => applyAsVolunteer(input, key), [])
  const validate = useCallback((input: VolunteerApplyInput) => {
    const issues = fieldIssues<keyof VolunteerApplyInput>(volunteerApplySchema, input)
    setFieldErrors(issues)
    // The messages are under the fields; the form-level line only points at them.
    return Object.keys(issues).length ? '请按红字提示修改后再提交' : null
  }, [])
  const submit = useSubmit(send, { validate, onSuccess: applied })
  return { ...submit, fieldErrors }
}
