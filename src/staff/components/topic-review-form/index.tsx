import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, TextArea, TextInput } from '@/components/field'
import { Stepper } from '@/components/stepper'
import { REASON_MAX } from '@/shared/identity'
import { OPTION_LABEL_MAX, OPTIONS_MAX, OPTIONS_MIN, RESULTS_VISIBILITIES } from '@/shared/topics'
import type { useTopicReview } from '../../hooks/use-staff-topics'
import { TopicRulesFields } from '../topic-rules-fields'
import { WhenPicker } from '../when-picker'
import {
  addOption,
  canAddOption,
  canRemoveOption,
  removeOption,
  VISIBILITY_EXPLAINED,
  type ReviewFormValues,
} from '../../utils/topics'
import { choice, control } from '@/components/aria'
import './index.scss'

/** Usual first options, offered as placeholders so staff see what an option looks like. */
const PLACEHOLDERS = ['例如：同意', '例如：不同意', '例如：暂不表态']

interface Props {
  topicId: string
  review: ReturnType<typeof useTopicReview>
  values: ReviewFormValues
  onChange: (values: ReviewFormValues) => void
  onCancel: () => void
}

/**
 * 审核议题: 通过 opens the topic with its options, how many each resident may choose, the voting window and when
 * results are shown; 不通过 asks for the reason the proposer will read.
 */
export function TopicReviewForm({ topicId, review, values, onChange, onCancel }: Props) {
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState('')
  const { fields, rows } = review.errors
  const set = <K extends keyof ReviewFormValues>(key: K, value: ReviewFormValues[K]) =>
    onChange({ ...values, [key]: value })

  if (rejecting) {
    return (
      <View className="review-form">
        <Field label="不通过的原因" error={review.reasonError} hint="提出议题的居民会看到这段话，请写清楚可以怎么改">
          <TextArea
            value={reason}
            onChange={setReason}
            maxlength={REASON_MAX}
            placeholder="例如：涉及个人纠纷，请通过调解渠道反映"
          />
        </Field>
        {review.error ? <View className="review-form__error">{review.error}</View> : null}
        <View className="review-form__actions">
          <ActionButton
            variant="plain"
            disabled={review.busy !== null}
            onClick={() => {
              setRejecting(false)
              review.clear()
            }}
          >
            返回
          </ActionButton>
          <ActionButton
            variant="danger"
            loading={review.busy === 'reject'}
            onClick={() => void review.reject(topicId, reason)}
          >
            确认不通过
          </ActionButton>
        </View>
      </View>
    )
  }

  return (
    <View className="review-form">
      <Field label={`投票选项（${OPTIONS_MIN}-${OPTIONS_MAX}个）`} error={fields.options}>
        {values.options.map((row, i) => (
          <View key={row.key} className="review-form__option">
            <View className="review-form__option-line">
              <View className="review-form__option-no">{i + 1}</View>
              <View className={['review-form__option-input', rows[row.key] ? 'field--invalid' : ''].join(' ')}>
                <TextInput
                  value={row.label}
                  onChange={(label) =>
                    set(
                      'options',
                      values.options.map((r) => (r.key === row.key ? { ...r, label } : r)),
                    )
                  }
                  maxlength={OPTION_LABEL_MAX}
                  placeholder={PLACEHOLDERS[i] ?? `选项${i + 1}`}
                />
              </View>
              {canRemoveOption(values.options) ? (
                <View
                  className="review-form__option-remove"
                  {...control('button', `删除选项${i + 1}`)}
                  onClick={() => onChange(removeOption(values, row.key))}
                >
                  删除
                </View>
              ) : null}
            </View>
            {rows[row.key] ? <View className="field__error">{rows[row.key]}</View> : null}
          </View>
        ))}
        <ActionButton
          block
          variant="secondary"
          disabled={!canAddOption(values.options)}
          onClick={() => onChange(addOption(values))}
        >
          {canAddOption(values.options) ? '＋ 添加选项' : `最多${OPTIONS_MAX}个选项`}
        </ActionButton>
      </Field>

      <Field
        label="每人最多可选"
        error={fields.maxChoices}
        hint={values.maxChoices === 1 ? '单选：每人只能选一项' : `多选：每人可以选1-${values.maxChoices}项`}
      >
        <Stepper
          value={values.maxChoices}
          min={1}
          max={values.passRule === 'none' ? Math.max(1, values.options.length) : 1}
          unit="项"
          onChange={(n) => set('maxChoices', n)}
        />
      </Field>

      <Field label="投票开始" error={fields.votingOpensAt} hint="北京时间；默认现在开始，通过后居民马上可以投票">
        <WhenPicker
          label="投票开始"
          date={values.opensDate}
          time={values.opensTime}
          onDate={(d) => set('opensDate', d)}
          onTime={(t) => set('opensTime', t)}
        />
      </Field>
      <Field label="投票截止" error={fields.votingClosesAt} hint="到时自动停止投票；默认一周后">
        <WhenPicker
          label="投票截止"
          date={values.closesDate}
          time={values.closesTime}
          onDate={(d) => set('closesDate', d)}
          onTime={(t) => set('closesTime', t)}
        />
      </Field>

      <Field label="居民什么时候能看到票数" error={fields.resultsVisibility}>
        {RESULTS_VISIBILITIES.map((v) => {
          const on = values.resultsVisibility === v
          return (
            <View
              key={v}
              className={['review-form__choice', on ? 'review-form__choice--on' : ''].filter(Boolean).join(' ')}
              {...choice('radio', on)}
              onClick={() => set('resultsVisibility', v)}
            >
              <View className="review-form__radio">{on ? <View className="review-form__radio-dot" /> : null}</View>
              <View className="review-form__choice-text">
                <View className="review-form__choice-title">{VISIBILITY_EXPLAINED[v].title}</View>
                <View className="review-form__choice-desc">{VISIBILITY_EXPLAINED[v].description}</View>
              </View>
            </View>
          )
        })}
        <View className="field__hint">工作人员随时都能看到票数。</View>
      </Field>

      <TopicRulesFields topicId={topicId} values={values} errors={fields} onChange={onChange} />

      {review.error ? <View className="review-form__error">{review.error}</View> : null}
      <ActionButton
        block
        loading={review.busy === 'approve'}
        disabled={review.busy === 'reject'}
        onClick={() => void review.approve(topicId, values)}
      >
        通过并公开议题
      </ActionButton>
      <View className="review-form__actions">
        <ActionButton variant="plain" disabled={review.busy !== null} onClick={onCancel}>
          返回列表
        </ActionButton>
        <ActionButton
          variant="danger"
          disabled={review.busy !== null}
          onClick={() => {
            setRejecting(true)
            review.clear()
          }}
        >
          不通过
        </ActionButton>
      </View>
    </View>
  )
}
