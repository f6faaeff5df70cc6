import { useState, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import { REASON_MAX } from '@/shared/identity'
import type { PendingApplication } from '@/staff/hooks/use-volunteer-review'
import { formatDateTime, formatPhone } from '@/utils/format'
import { ActionButton } from '../action-button'
import { control } from '../aria'
import { Card } from '../card'
import { Field, TextInput } from '../field'
import './index.scss'

interface ReviewCardProps {
  /** What is being reviewed: the lines above the buttons. */
  children: ReactNode
  busy: boolean
  error?: string
  onApprove: () => void
  /** Resolves true when the rejection was saved. */
  onReject: (reason: string) => Promise<boolean>
  /** Who reads the reason, said under the box. */
  reasonHint: string
  reasonPlaceholder: string
}

/** A card of the staff queue with 通过 and 不通过 (which asks for a reason first). */
export function ReviewCard({
  children,
  busy,
  error,
  onApprove,
  onReject,
  reasonHint,
  reasonPlaceholder,
}: ReviewCardProps) {
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')

  return (
    <Card className="application">
      {children}
      {rejecting ? (
        <View className="application__reject">
          <Field label="不通过的原因" error={error} hint={reasonHint}>
            <TextInput value={reason} onChange={setReason} maxlength={REASON_MAX} placeholder={reasonPlaceholder} />
          </Field>
          <View className="application__actions">
            <ActionButton variant="plain" onClick={() => setRejecting(false)}>
              取消
            </ActionButton>
            <ActionButton variant="danger" loading={busy} onClick={() => void onReject(reason)}>
              确认不通过
            </ActionButton>
          </View>
        </View>
      ) : (
        <>
          {error ? <View className="application__error">{error}</View> : null}
          <View className="application__actions">
            <ActionButton variant="danger" disabled={busy} onClick={() => setRejecting(true)}>
              不通过
            </ActionButton>
            <ActionButton loading={busy} onClick={onApprove}>
              通过
            </ActionButton>
          </View>
        </>
      )}
    </Card>
  )
}

interface Props {
  application: PendingApplication
  busy: boolean
  error?: string
  onApprove: () => void
  /** Resolves true when the rejection was saved. */
  onReject: (reason: string) => Promise<boolean>
  onCall: () => void
}

/** One pending volunteer application. */
export function ApplicationCard({ application, busy, error, onApprove, onReject, onCall }: Props) {
  return (
    <ReviewCard
      busy={busy}
      error={error}
      onApprove={onApprove}
      onReject={onReject}
      reasonHint="申请人会看到这段话"
      reasonPlaceholder="例如：电话无法接通"
    >
      <View className="application__head">
        <View className="application__name">{application.realName}</View>
        <View className="application__nick">昵称：{application.nickname}</View>
      </View>
      <View className="application__line" onClick={onCall} {...control('button', `拨打 ${application.phone}`)}>
        电话：<View className="application__phone">{formatPhone(application.phone)}</View>
      </View>
      {application.communityName ? <View className="application__line">社区：{application.communityName}</View> : null}
      <View className="application__line application__line--soft">申请于 {formatDateTime(application.appliedAt)}</View>
    </ReviewCard>
  )
}
