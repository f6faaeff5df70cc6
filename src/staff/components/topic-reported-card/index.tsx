import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Card } from '@/components/card'
import { Field, TextInput } from '@/components/field'
import { Tag } from '@/components/section'
import { REASON_MAX } from '@/shared/identity'
import type { ReportedCommentDto } from '@/shared/topics'
import { formatDateTime } from '@/utils/format'
import type { Moderation } from '../../hooks/use-staff-topics'
import './index.scss'

interface Props {
  comment: ReportedCommentDto
  /** What staff decided here, once they have. */
  decided?: Moderation
  busy: boolean
  error?: string
  onModerate: (kind: Moderation, reason: string) => Promise<boolean>
  onOpenTopic: () => void
}

/** What each decision says on its button and in its confirmation, by whether the comment is hidden now. */
const DECISIONS: Record<Moderation, { button: string; confirm: string; hint: string; placeholder: string }> = {
  hide: {
    button: '隐藏',
    confirm: '确认隐藏',
    hint: '记入操作记录；居民只看到"该评论已被隐藏"',
    placeholder: '例如：含有人身攻击',
  },
  restore: {
    button: '恢复显示',
    confirm: '确认恢复',
    hint: '记入操作记录；恢复后所有居民都能看到这条评论',
    placeholder: '例如：属于正常意见表达',
  },
}

/** Restoring a comment still shown keeps it shown: the reports are dismissed. */
const KEEP_SHOWN = {
  button: '保持显示',
  confirm: '确认保持显示',
  hint: '举报不成立：评论继续显示，之后的举报也不会再自动隐藏它；记入操作记录',
  placeholder: '例如：属于正常意见表达',
}

/**
 * A reported comment in the queue: its text (staff see it even when hidden), the topic, how many reported it and
 * why; then 保持隐藏 / 恢复显示 for one the reports hid, 隐藏 / 保持显示 for one still shown. Each asks for a reason.
 */
export function TopicReportedCard({ comment, decided, busy, error, onModerate, onOpenTopic }: Props) {
  const [choosing, setChoosing] = useState<Moderation | null>(null)
  const [reason, setReason] = useState('')
  const hideLabel = comment.hidden ? '保持隐藏' : '隐藏'
  const restore = comment.hidden ? DECISIONS.restore : KEEP_SHOWN
  const wording = choosing === 'restore' ? restore : choosing ? DECISIONS.hide : null

  return (
    <Card className="reported">
      <View className="reported__topic" onClick={onOpenTopic}>
        议题：{comment.topicTitle} ›
      </View>
      <View className="reported__head">
        <View className="reported__author">{comment.authorName}</View>
        {decided ? (
          <Tag tone={decided === 'hide' ? 'danger' : 'success'}>
            {decided === 'hide' ? '已隐藏' : comment.hidden ? '已恢复显示' : '已保持显示'}
          </Tag>
        ) : comment.hidden ? (
          <Tag tone="danger">已被举报隐藏</Tag>
        ) : (
          <Tag tone="warning">仍在显示</Tag>
        )}
      </View>
      <View className="reported__body">{comment.body ?? '（评论内容无法显示）'}</View>
      <View className="reported__when">发表于 {formatDateTime(comment.createdAt)}</View>

      <View className="reported__reports">
        <View className="reported__count">
          被举报 {comment.reports} 次 · 最近 {formatDateTime(comment.lastReportedAt)}
        </View>
        {comment.reasons.map((r, i) => (
          <View key={`${i}-${r}`} className="reported__reason">
            “{r}”
          </View>
        ))}
      </View>

      {decided ? null : choosing && wording ? (
        <View className="reported__decide">
          <Field
            label={choosing === 'hide' ? `${hideLabel}的原因` : `${restore.button}的原因`}
            error={error}
            hint={wording.hint}
          >
            <TextInput value={reason} onChange={setReason} maxlength={REASON_MAX} placeholder={wording.placeholder} />
          </Field>
          <View className="reported__actions">
            <ActionButton variant="plain" disabled={busy} onClick={() => setChoosing(null)}>
              取消
            </ActionButton>
            <ActionButton
              variant={choosing === 'hide' ? 'danger' : 'primary'}
              loading={busy}
              onClick={() => void onModerate(choosing, reason)}
            >
              {choosing === 'hide' ? `确认${hideLabel}` : restore.confirm}
            </ActionButton>
          </View>
        </View>
      ) : (
        <View>
          {error ? <View className="reported__error">{error}</View> : null}
          <View className="reported__actions">
            <ActionButton variant="secondary" onClick={() => setChoosing('restore')}>
              {restore.button}
            </ActionButton>
            <ActionButton variant="danger" onClick={() => setChoosing('hide')}>
              {hideLabel}
            </ActionButton>
          </View>
        </View>
      )}
    </Card>
  )
}
