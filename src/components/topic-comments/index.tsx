import { useState, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import { COMMENT_MAX, type CommentDto, type CommentThreadDto } from '@/shared/topics'
import { REASON_MAX } from '@/shared/identity'
import { formatAge } from '@/utils/wish'
import { commentText, REPORT_REASONS } from '@/utils/topic'
import { ActionButton } from '../action-button'
import { control } from '../aria'
import { TextArea, TextInput } from '../field'
import { FilterChips, type Chip } from '../filter-chips'
import { Section } from '../section'
import './index.scss'

interface Props {
  threads: CommentThreadDto[]
  /**
   * How many comments residents can read: the topic's own count, the one the list of topics shows (hidden ones are
   * not counted, nor are they counted by what this page has loaded so far).
   */
  count: number
  /** The viewer may post (the topic is open and theirs to discuss). */
  canComment: boolean
  /** Why they may not, when they may not (e.g. 议题已结束，评论已关闭). */
  closedNote?: ReactNode
  /** Sends a comment, or a reply when `parentId` is given; resolves true when posted. */
  onPost: (body: string, parentId?: string) => Promise<boolean>
  posting: boolean
  postError: string | null
  /** Sends a report; resolves true when taken. */
  onReport: (commentId: string, reason: string) => Promise<boolean>
  /** The comment being reported now. */
  reporting: string | null
  reportErrors: Record<string, string>
  /** Comments this viewer has reported in this visit: their 举报 reads 已举报. */
  reported: ReadonlySet<string>
  /** Below the list: load more, or its error. */
  footer?: ReactNode
}

function Composer({
  placeholder,
  busy,
  error,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  placeholder: string
  busy: boolean
  error: string | null
  submitLabel: string
  onSubmit: (text: string) => Promise<boolean>
  onCancel?: () => void
}) {
  const [text, setText] = useState('')
  return (
    <View className="comment-composer">
      <TextArea value={text} onChange={setText} maxlength={COMMENT_MAX} placeholder={placeholder} />
      {error ? <View className="comment-list__error">{error}</View> : null}
      <View className="comment-composer__row">
        {onCancel ? (
          <ActionButton small variant="plain" disabled={busy} onClick={onCancel}>
            取消
          </ActionButton>
        ) : null}
        <ActionButton
          small
          loading={busy}
          onClick={() =>
            void onSubmit(text).then((ok) => {
              if (ok) setText('')
            })
          }
        >
          {submitLabel}
        </ActionButton>
      </View>
    </View>
  )
}

const REASON_CHIPS: Chip<string>[] = REPORT_REASONS.map((r) => ({ value: r, label: r }))

function ReportForm({
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  busy: boolean
  error?: string
  onSubmit: (reason: string) => void
  onCancel: () => void
}) {
  const [reason, setReason] = useState('')
  return (
    <View className="comment-report">
      <View className="comment-report__title">举报这条评论的原因</View>
      <FilterChips chips={REASON_CHIPS} value={reason} onChange={setReason} />
      <TextInput value={reason} onChange={setReason} maxlength={REASON_MAX} placeholder="也可以自己写原因" />
      <View className="comment-report__hint">多位居民举报后，评论会先隐藏，由社区工作人员核实处理。</View>
      {error ? <View className="comment-list__error">{error}</View> : null}
      <View className="comment-composer__row">
        <ActionButton small variant="plain" disabled={busy} onClick={onCancel}>
          取消
        </ActionButton>
        <ActionButton small variant="danger" loading={busy} onClick={() => onSubmit(reason)}>
          提交举报
        </ActionButton>
      </View>
    </View>
  )
}

/** 大家的意见: comments with one level of replies, a box to comment, 回复 and 举报 on each. */
export function CommentList({
  threads,
  count,
  canComment,
  closedNote,
  onPost,
  posting,
  postError,
  onReport,
  reporting,
  reportErrors,
  reported,
  footer,
}: Props) {
  const [replyTo, setReplyTo] = useState<string | null>(null)
  const [reportFor, setReportFor] = useState<string | null>(null)

  const item = (comment: CommentDto, reply: boolean) => {
    const hiddenForMe = comment.hidden && !comment.mine
    const canReport = !comment.mine && !comment.hidden
    return (
      <View key={comment.id} className={['comment', reply ? 'comment--reply' : ''].filter(Boolean).join(' ')}>
        <View className="comment__head">
          <View className="comment__author">
            {comment.authorName}
            {comment.mine ? <View className="comment__me">我</View> : null}
          </View>
          <View className="comment__age">{formatAge(comment.createdAt)}</View>
        </View>
        <View className={['comment__body', hiddenForMe ? 'comment__body--hidden' : ''].filter(Boolean).join(' ')}>
          {commentText(comment)}
        </View>
        {comment.hidden && comment.mine ? (
          <View className="comment__note">这条评论已被隐藏，只有您和社区工作人员能看到</View>
        ) : null}
        <View className="comment__actions">
          {!reply && canComment && !hiddenForMe ? (
            <View
              className="comment__action"
              {...control()}
              onClick={() => {
                setReportFor(null)
                setReplyTo(replyTo === comment.id ? null : comment.id)
              }}
            >
              回复
            </View>
          ) : null}
          {canReport ? (
            reported.has(comment.id) ? (
              <View className="comment__action comment__action--done">已举报</View>
            ) : (
              <View
                className="comment__action comment__action--muted"
                {...control()}
                onClick={() => {
                  setReplyTo(null)
                  setReportFor(reportFor === comment.id ? null : comment.id)
                }}
              >
                举报
              </View>
            )
          ) : null}
        </View>
        {reportFor === comment.id ? (
          <ReportForm
            busy={reporting === comment.id}
            error={reportErrors[comment.id]}
            onCancel={() => setReportFor(null)}
            onSubmit={(reason) =>
              void onReport(comment.id, reason).then((ok) => {
                if (ok) setReportFor(null)
              })
            }
          />
        ) : null}
      </View>
    )
  }

  return (
    <Section title={count > 0 ? `大家的意见（${count}）` : '大家的意见'} className="comment-list">
      {canComment ? (
        <Composer
          placeholder="说说您的看法，文明发言"
          busy={posting && replyTo === null}
          error={replyTo === null ? postError : null}
          submitLabel="发表意见"
          onSubmit={(text) => onPost(text)}
        />
      ) : closedNote ? (
        <View className="comment-list__closed">{closedNote}</View>
      ) : null}
      {threads.length === 0 ? (
        <View className="comment-list__empty">还没有人发表意见{canComment ? '，来说第一句吧' : ''}。</View>
      ) : (
        threads.map((thread) => (
          <View key={thread.id} className="comment-thread">
            {item(thread, false)}
            {thread.replies.length > 0 ? (
              <View className="comment-thread__replies">{thread.replies.map((r) => item(r, true))}</View>
            ) : null}
            {replyTo === thread.id ? (
              <View className="comment-thread__reply-box">
                <Composer
                  placeholder={`回复 ${thread.authorName}`}
                  busy={posting}
                  error={postError}
                  submitLabel="回复"
                  onCancel={() => setReplyTo(null)}
                  onSubmit={async (text) => {
                    const ok = await onPost(text, thread.id)
                    if (ok) setReplyTo(null)
                    return ok
                  }}
                />
              </View>
            ) : null}
          </View>
        ))
      )}
      {footer}
    </Section>
  )
}
