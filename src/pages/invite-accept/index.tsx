import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, TextInput } from '@/components/field'
import { PageHeader, PageShell } from '@/components/page-shell'
import { Section } from '@/components/section'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { toApiError } from '@/services/http'
import { acceptInvite } from '@/services/places'
import { INVITE_ROLE_LABELS, normalizeInviteCode, type AcceptedInviteDto } from '@/shared/places'
import './index.scss'

/** WeChat can scan; the browser build cannot, so there the code is typed. */
const CAN_SCAN = process.env.TARO_ENV === 'weapp'
const CODE = /[A-HJ-NP-Z2-9]{8}$/

/** Whether the answer asks for the name and phone a grid worker or building head shows on the 楼道联系牌. */
const asksForContact = (details: unknown) =>
  Array.isArray(details) &&
  details.some((d) => ['realName', 'phone'].includes((d as { path?: string[] }).path?.[0] ?? ''))

/** 输入邀请码: anyone signed in takes a role a community gave them by invite, typing the code or scanning it. */
export default function InviteAcceptPage() {
  const actions = useKeyedActions()
  const [code, setCode] = useState('')
  const [contact, setContact] = useState<{ realName: string; phone: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [accepted, setAccepted] = useState<AcceptedInviteDto | null>(null)

  const submit = async (typed = code) => {
    const normalized = normalizeInviteCode(typed)
    if (!CODE.test(normalized) || normalized.length !== 8) {
      setError('邀请码是8位字母和数字，请检查后重新输入')
      return
    }
    const input = { code: normalized, ...(contact ?? {}) }
    setBusy(true)
    setError(null)
    try {
      setAccepted(await actions.run('accept', input, (key) => acceptInvite(input, key)))
    } catch (e) {
      const failure = toApiError(e)
      if (failure.status === 400 && asksForContact(failure.details) && !contact) setContact({ realName: '', phone: '' })
      setError(failure.message)
    } finally {
      setBusy(false)
    }
  }

  const scan = async () => {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
      const found = CODE.exec(normalizeInviteCode(result))?.[0]
      if (!found) {
        setError('这不是邻里通的邀请码，请扫工作人员出示的邀请二维码')
        return
      }
      setCode(found)
      await submit(found)
    } catch {
      // Cancelled: nothing to do.
    }
  }

  if (accepted) {
    return (
      <PageShell>
        <PageHeader title="已接受邀请" />
        <Section>
          <View className="invite-accept__done" role="status">
            您现在是 {accepted.placeName} 的{INVITE_ROLE_LABELS[accepted.role]}。
          </View>
          <ActionButton block onClick={() => void Taro.navigateBack().catch(() => undefined)}>
            返回
          </ActionButton>
        </Section>
      </PageShell>
    )
  }

  return (
    <PageShell>
      <PageHeader title="输入邀请码" lead="社区或街道工作人员给您的8位邀请码，大小写和空格都不要紧" />
      <Section>
        {CAN_SCAN ? (
          <ActionButton block className="invite-accept__scan" onClick={() => void scan()}>
            扫码接受邀请
          </ActionButton>
        ) : null}
        <Field label="邀请码" error={contact ? null : error}>
          <TextInput value={code} onChange={setCode} maxlength={20} placeholder="例如 ABCD EFGH" label="邀请码" />
        </Field>
        {contact ? (
          <View>
            <View className="invite-accept__note">{error}</View>
            <Field label="真实姓名">
              <TextInput
                value={contact.realName}
                onChange={(realName) => setContact({ ...contact, realName })}
                maxlength={20}
                placeholder="楼道联系牌上显示的姓名"
                label="真实姓名"
              />
            </Field>
            <Field label="手机号">
              <TextInput
                value={contact.phone}
                onChange={(phone) => setContact({ ...contact, phone })}
                type="number"
                maxlength={11}
                placeholder="11位手机号"
                label="手机号"
              />
            </Field>
          </View>
        ) : null}
        <ActionButton block variant={CAN_SCAN ? 'secondary' : 'primary'} loading={busy} onClick={() => void submit()}>
          接受邀请
        </ActionButton>
      </Section>
    </PageShell>
  )
}
