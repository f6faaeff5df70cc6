import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, TextArea } from '@/components/field'
import type { SubmitState } from '@/hooks/use-submit'
import type { ObjectionDto } from '@/shared/notices'
import { formatDateTime } from '@/utils/format'
import './index.scss'

interface Props {
  objections: ObjectionDto[]
  /** Staff of the notice's community: each objection without a reply gets a reply box. */
  reply: SubmitState<{ objectionId: string; body: string }> | null
}

/** Residents' objections to a notice, in public (names masked), each with the community's reply. */
export function ObjectionList({ objections, reply }: Props) {
  if (objections.length === 0) return <View className="objection-list__none">公示期内还没有居民提出意见</View>
  return (
    <View className="objection-list" role="list" aria-label={`居民意见，共${objections.length}条`}>
      {objections.map((o) => (
        <View key={o.id} className="objection-list__item" role="listitem">
          <View className="objection-list__meta">
            {o.authorName}
            {o.mine ? '（我）' : ''} · {formatDateTime(o.createdAt)}
          </View>
          <View className="objection-list__body">{o.body}</View>
          {o.reply ? (
            <View className="objection-list__reply">
              <View className="objection-list__reply-head">社区答复 · {formatDateTime(o.reply.createdAt)}</View>
              <View className="objection-list__body">{o.reply.body}</View>
            </View>
          ) : reply ? (
            <ReplyBox objectionId={o.id} reply={reply} />
          ) : (
            <View className="objection-list__waiting">等待社区答复</View>
          )}
        </View>
      ))}
    </View>
  )
}

function ReplyBox({ objectionId, reply }: { objectionId: string; reply: NonNullable<Props['reply']> }) {
  const [body, setBody] = useState('')
  return (
    <View className="objection-list__reply-box">
      <Field label="答复这条意见" error={reply.error}>
        <TextArea value={body} onChange={setBody} placeholder="答复会公开显示，并通知提出意见的居民" maxlength={500} />
      </Field>
      <ActionButton
        block
        loading={reply.submitting}
        label="提交答复"
        onClick={() => void reply.submit({ objectionId, body: body.trim() })}
      >
        答复
      </ActionButton>
    </View>
  )
}
