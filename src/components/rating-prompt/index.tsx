import { useState } from 'react'
import { View } from '@tarojs/components'
import { RATING_COMMENT_MAX } from '@/shared/ratings'
import { ActionButton } from '../action-button'
import { Field, TextArea } from '../field'
import { ScorePicker } from '../score-picker'
import './index.scss'

interface Props {
  /** What is rated, as the question reads: "这次服务您满意吗？". */
  question: string
  /** The score already given, null while it may still be given. */
  given: number | null
  /** Whether a few words may go with the score. */
  withComment?: boolean
  submitting: boolean
  error: string | null
  onSubmit: (score: number, comment: string) => void
}

/** 满意度 where it happens: five stars (and a few words), sent once; afterwards the score given. */
export function RatingPrompt({ question, given, withComment = false, submitting, error, onSubmit }: Props) {
  const [score, setScore] = useState<number | null>(null)
  const [comment, setComment] = useState('')
  if (given !== null) {
    return (
      <View className="rating-prompt">
        <View className="rating-prompt__question">您的评价</View>
        <ScorePicker value={given} label="您的评价" readOnly />
      </View>
    )
  }
  return (
    <View className="rating-prompt">
      <View className="rating-prompt__question">{question}</View>
      <ScorePicker value={score} onChange={setScore} label={question} />
      {withComment ? (
        <Field label="想说的话（选填）">
          <TextArea
            value={comment}
            onChange={setComment}
            maxlength={RATING_COMMENT_MAX}
            placeholder="说说哪里好、哪里还能改进"
          />
        </Field>
      ) : null}
      {error ? <View className="rating-prompt__error">{error}</View> : null}
      <ActionButton
        block
        disabled={score === null}
        loading={submitting}
        onClick={() => score && onSubmit(score, comment)}
      >
        提交评价
      </ActionButton>
    </View>
  )
}
