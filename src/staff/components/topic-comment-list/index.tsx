import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, TextInput } from '@/components/field'
import { Tag } from '@/components/section'
import { REASON_MAX } from '@/shared/identity'
import type { CommentDto, CommentThreadDto } from '@/shared/topics'
import { formatDateTime } from '@/utils/format'
import type { Moderation } from '../../hooks/use-staff-topics'
import './index.scss'

interface Props {
  threads: CommentThreadDto[]
  decided: Record<string, Moderation>
  busy: string | null
  errors: Record<string, string>
  onModerate: (commentId: string, kind: Moderation, reason: string) => Promise<boolean>
}

function CommentItem({ comment, reply, ...props }: Omit<Props, 'threads'> & { comment: CommentDto; reply: boolean }) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const decided = props.decided[comment.id]
  const hidden = decided ? decided === 'hide' : comment.hidden
  const kind: Moderation = hidden ? 'restore' : 'hide'
  const error = props.errors[comment.id]

  const submit = async () => {
    if (await props.onModerate(comment.id, kind, reason)) {
      setOpen(false)
      setReason('')
    }
  }

  return (
    <View className={['staff-comment', reply ? 'staff-comment--reply' : ''].filter(Boolean).join(' ')}>
      <View className="staff-comment__head">
        <View className="staff-comment__author">{comment.authorName}</View>
        {hidden ? <Tag tone="danger">已隐藏</Tag> : null}
        <View className="staff-comment__when">{formatDateTime(comment.createdAt)}</View>
      </View>
      <View className={['staff-comment__body', hidden ? 'staff-comment__body--hidden' : ''].filter(Boolean).join(' ')}>
        {comment.body ?? '（内容无法显示）'}
      </View>
      {open ? (
        <View className="staff-comment__decide">
          <Field label={hidden ? '恢复显示的原因' : '隐藏的原因'} error={error} hint="记入操作记录">
            <TextInput
              value={reason}
              onChange={setReason}
              maxlength={REASON_MAX}
              placeholder={hidden ? '例如：属于正常意见表达' : '例如：含有人身攻击'}
            />
          </Field>
          <View className="staff-comment__actions">
            <ActionButton small variant="plain" disabled={props.busy === comment.id} onClick={() => setOpen(false)}>
              取消
            </ActionButton>
            <ActionButton
              small
              variant={hidden ? 'primary' : 'danger'}
              loading={props.busy === comment.id}
              onClick={() => void submit()}
            >
              {hidden ? '确认恢复' : '确认隐藏'}
            </ActionButton>
          </View>
        </View>
      ) : (
        <View className="staff-comment__actions">
          <ActionButton small variant={hidden ? 'secondary' : 'plain'} onClick={() => setOpen(true)}>
            {hidden ? '恢复显示' : '隐藏'}
          </ActionButton>
        </View>
      )}
    </View>
  )
}

/** The topic's discussion as staff see it (hidden comments too), each with 隐藏 or 恢复显示 and a reason. */
export function TopicCommentList({ threads, ...props }: Props) {
  return (
    <View className="staff-comments">
      {threads.map((thread) => (
        <View key={thread.id} className="staff-comments__thread">
          <CommentItem comment={thread} reply={false} {...props} />
          {thread.replies.map((r) => (
            <CommentItem key={r.id} comment={r} reply {...props} />
          ))}
        </View>
      ))}
    </View>
  )
}
