import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { choice } from '@/components/aria'
import { Field, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section, Tag } from '@/components/section'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { useAsync } from '@/hooks/use-async'
import { useSession } from '@/hooks/use-session'
import { useSubmit } from '@/hooks/use-submit'
import * as api from '@/services/contacts'
import {
  ORGANIZATION_MAX,
  PARTY_STATUS_LABELS,
  registerPartySchema,
  type PartyRegistrationDto,
  type RegisterPartyInput,
} from '@/shared/contacts'
import { formatDateTime, formatPhone } from '@/utils/format'
import { goToMe } from '@/utils/navigation'
import { fieldIssues } from '@/utils/validation'
import './index.scss'

/** A box to tick: whether the party member's name and phone go on their building's 楼道联系牌. */
function ListedBox({ checked, onToggle, busy }: { checked: boolean; onToggle: () => void; busy?: boolean }) {
  return (
    <View
      className={['party__listed', checked ? 'party__listed--on' : ''].join(' ')}
      {...choice('checkbox', checked, '在本楼的楼道联系牌上展示我的姓名和电话', busy)}
      onClick={() => !busy && onToggle()}
    >
      <View className="party__box">{checked ? '✓' : ''}</View>
      <View className="party__listed-text">在本楼的楼道联系牌上展示我的姓名和电话</View>
    </View>
  )
}

function RegisterForm({ onDone }: { onDone: (r: PartyRegistrationDto) => void }) {
  const [organization, setOrganization] = useState('')
  const [phone, setPhone] = useState('')
  const [listed, setListed] = useState(false)
  const [errors, setErrors] = useState<Partial<Record<keyof RegisterPartyInput, string>>>({})
  const form = useSubmit((input: RegisterPartyInput, key: string) => api.registerParty(input, key), {
    validate: (input) => {
      const issues = fieldIssues<keyof RegisterPartyInput>(registerPartySchema, input)
      setErrors(issues)
      return Object.keys(issues).length ? '请按红字提示修改后再提交' : null
    },
    onSuccess: onDone,
  })
  return (
    <Section title="报到信息">
      <Field label="所在党组织" error={errors.organization} hint="例如：幸福街道阳光社区党支部">
        <TextInput
          value={organization}
          onChange={setOrganization}
          maxlength={ORGANIZATION_MAX}
          placeholder="请输入党组织名称"
        />
      </Field>
      <Field label="手机号码（选填）" error={errors.phone} hint="在联系牌上展示时需要填写">
        <TextInput value={phone} onChange={setPhone} type="number" maxlength={11} placeholder="请输入11位手机号码" />
      </Field>
      <ListedBox checked={listed} onToggle={() => setListed(!listed)} />
      {form.error ? <View className="party__error">{form.error}</View> : null}
      <ActionButton block loading={form.submitting} onClick={() => void form.submit({ organization, phone, listed })}>
        提交报到
      </ActionButton>
    </Section>
  )
}

function Registration({
  registration,
  onChange,
}: {
  registration: PartyRegistrationDto
  onChange: (r: PartyRegistrationDto) => void
}) {
  const confirmed = registration.status === 'confirmed'
  const listing = useSubmit((listed: boolean, key: string) => api.setPartyListing({ listed }, key), {
    onSuccess: onChange,
  })
  return (
    <Section
      title="我的报到"
      extra={<Tag tone={confirmed ? 'success' : 'warning'}>{PARTY_STATUS_LABELS[registration.status]}</Tag>}
    >
      <View className="party__line">党组织：{registration.organization}</View>
      {registration.phone ? <View className="party__line">电话：{formatPhone(registration.phone)}</View> : null}
      <View className="party__meta">报到时间：{formatDateTime(registration.appliedAt)}</View>
      {confirmed ? null : <View className="party__note">社区工作人员确认后会通知您。</View>}
      {registration.phone ? (
        <ListedBox
          checked={registration.listed}
          busy={listing.submitting}
          onToggle={() => void listing.submit(!registration.listed)}
        />
      ) : null}
      {registration.listed && !confirmed ? <View className="party__note">确认后会展示在本楼的联系牌上。</View> : null}
      {listing.error ? <View className="party__error">{listing.error}</View> : null}
    </Section>
  )
}

/** 党员报到: a verified resident registers with their party organisation; staff confirm it. */
export default function PartyPage() {
  const { me } = useSession()
  const member = me?.membership?.status === 'verified'
  const mine = useAsync(api.getMyParty, [me?.id], member)
  const [answer, setAnswer] = useState<PartyRegistrationDto | null>(null)
  const registration = answer ?? mine.data?.registration ?? null

  return (
    <PageShell>
      <PageHeader title="党员报到" lead="在职党员到居住地社区报到，亮明身份，就近为邻居服务" />
      {!member ? (
        <EmptyState icon="!" title="认证住户后才能报到" description="请先在“我的”里完成住户认证。">
          <ActionButton onClick={goToMe}>回到“我的”</ActionButton>
        </EmptyState>
      ) : (
        <AsyncContent loading={mine.loading} error={mine.error} onRetry={() => void mine.reload()}>
          {registration ? (
            <Registration registration={registration} onChange={setAnswer} />
          ) : (
            <RegisterForm onDone={setAnswer} />
          )}
        </AsyncContent>
      )}
    </PageShell>
  )
}
