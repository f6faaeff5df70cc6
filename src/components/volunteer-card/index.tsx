import { useState } from 'react'
import { View } from '@tarojs/components'
import { REAL_NAME_MAX, type MeDto, type VolunteerStatus } from '@/shared/identity'
import { useVolunteerApplication, volunteerView } from '@/hooks/use-volunteer'
import { formatDateTime } from '@/utils/format'
import { ActionButton } from '../action-button'
import { Field, TextInput } from '../field'
import { Section, Tag } from '../section'
import './index.scss'

const TONES: Record<VolunteerStatus, 'neutral' | 'success' | 'warning' | 'danger'> = {
  pending: 'warning',
  active: 'success',
  rejected: 'danger',
  suspended: 'neutral',
}

/** The volunteer registration: its status, and the form when the user may apply. */
export function VolunteerCard({ me }: { me: MeDto }) {
  const view = volunteerView(me)
  const application = useVolunteerApplication()
  const [open, setOpen] = useState(false)
  const [realName, setRealName] = useState('')
  const [phone, setPhone] = useState('')

  const submit = async () => {
    if (await application.submit({ realName: realName.trim(), phone: phone.trim() })) setOpen(false)
  }

  return (
    <Section title="志愿者" extra={view.status ? <Tag tone={TONES[view.status]}>{view.statusLabel}</Tag> : null}>
      <View className="volunteer__hint">{view.hint}</View>
      {view.reason && (view.status === 'rejected' || view.status === 'suspended') ? (
        <View className="volunteer__reason">原因：{view.reason}</View>
      ) : null}
      {me.volunteer ? (
        <View className="volunteer__meta">申请时间：{formatDateTime(me.volunteer.appliedAt)}</View>
      ) : null}

      {view.canApply && view.needsCommunity ? (
        <View className="volunteer__notice">请先在上方选择您所在的社区，再申请成为志愿者。</View>
      ) : null}

      {view.canApply && !view.needsCommunity && !open ? (
        <ActionButton block className="volunteer__open" onClick={() => setOpen(true)}>
          {view.status === 'rejected' ? '重新申请' : '申请成为志愿者'}
        </ActionButton>
      ) : null}

      {view.canApply && !view.needsCommunity && open ? (
        <View className="volunteer__form">
          <Field label="真实姓名" hint="只有社区工作人员能看到" error={application.fieldErrors.realName}>
            <TextInput value={realName} onChange={setRealName} maxlength={REAL_NAME_MAX} placeholder="请输入真实姓名" />
          </Field>
          <Field label="手机号码" hint="方便社区工作人员联系您" error={application.fieldErrors.phone}>
            <TextInput
              value={phone}
              onChange={setPhone}
              type="number"
              maxlength={11}
              placeholder="请输入11位手机号码"
            />
          </Field>
          {application.error ? <View className="volunteer__error">{application.error}</View> : null}
          <View className="volunteer__actions">
            <ActionButton variant="plain" onClick={() => setOpen(false)}>
              取消
            </ActionButton>
            <ActionButton onClick={submit} loading={application.submitting}>
              提交申请
            </ActionButton>
          </View>
        </View>
      ) : null}
    </Section>
  )
}
