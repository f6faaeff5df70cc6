import { useState } from 'react'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, TextArea, TextInput } from '@/components/field'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { PhotoPicker, usePhotoPicker } from '@/components/photo-picker'
import { Section } from '@/components/section'
import { REASON_MAX } from '@/shared/identity'
import {
  DEFAULT_DUE_HOURS,
  ORG_KIND_LABELS,
  PROBLEM_RESULT_MAX,
  RATING_COMMENT_MAX,
  SAFETY_DUE_HOURS,
  SATISFACTIONS,
  SATISFACTION_LABELS,
  type OrgDto,
  type ProblemAction,
  type ProblemCategory,
  type Satisfaction,
} from '@/shared/problems'
import type { ProblemActionBody } from '@/services/problems'
import './index.scss'

/** The actions that need a choice or a few words first open a small form in place. */
type FormKind = Exclude<ProblemAction, 'accept'>

const FORM_TITLES: Record<FormKind, string> = {
  assign: '分派给处理单位',
  return: '退回问题',
  resolve: '办结问题',
  rate: '评价处理结果',
  escalate: '上报街道',
}

/** Due choices, in hours from now; 0 is the default for the category. */
type DueChoice = '0' | '24' | '72' | '168'
const DUE_LABELS: Record<DueChoice, string> = { '0': '默认', '24': '24小时', '72': '3天', '168': '7天' }

interface Props {
  actions: ProblemAction[]
  category: ProblemCategory
  orgs: OrgDto[]
  busy: ProblemActionBody['action'] | null
  error: string | null
  onRun: (body: ProblemActionBody) => Promise<boolean>
}

/** The buttons for what the viewer may do now (as the server says), and the small forms they need. */
export function ProblemActions({ actions, category, orgs, busy, error, onRun }: Props) {
  const [form, setForm] = useState<FormKind | null>(null)
  const [text, setText] = useState('')
  const [orgId, setOrgId] = useState('')
  const [due, setDue] = useState<DueChoice>('0')
  const [satisfaction, setSatisfaction] = useState<Satisfaction>('satisfied')
  // Photos of the result, with the resolve form.
  const photos = usePhotoPicker()

  if (actions.length === 0) return null
  const run = async (body: ProblemActionBody) => {
    if (await onRun(body)) setForm(null)
  }
  const open = (kind: FormKind) => {
    setText('')
    photos.onChange([], 0)
    setForm(kind)
  }

  if (form) {
    const dueAt = due === '0' ? undefined : new Date(Date.now() + Number(due) * 3_600_000).toISOString()
    const submit: Record<FormKind, () => void> = {
      assign: () => void run({ action: 'assign', orgId, dueAt }),
      return: () => void run({ action: 'return', reason: text.trim() }),
      resolve: () => {
        if (photos.ready()) void run({ action: 'resolve', result: text.trim(), photoIds: photos.ids })
      },
      rate: () => void run({ action: 'rate', satisfaction, comment: text.trim() || undefined }),
      escalate: () => void run({ action: 'escalate', reason: text.trim() }),
    }
    const orgChips: Chip<string>[] = orgs.map((o) => ({
      value: o.id,
      label: `${o.name}（${ORG_KIND_LABELS[o.kind]}）`,
    }))
    const dueChips: Chip<DueChoice>[] = (Object.keys(DUE_LABELS) as DueChoice[]).map((value) => ({
      value,
      label: DUE_LABELS[value],
    }))
    const satisfactionChips: Chip<Satisfaction>[] = SATISFACTIONS.map((value) => ({
      value,
      label: SATISFACTION_LABELS[value],
    }))
    return (
      <Section title={FORM_TITLES[form]} className="problem-actions">
        {form === 'assign' ? (
          <View>
            <Field label="处理单位">
              {orgChips.length ? (
                <FilterChips chips={orgChips} value={orgId} onChange={setOrgId} />
              ) : (
                <View className="problem-actions__note">本社区还没有处理单位，请先在社区管理里添加。</View>
              )}
            </Field>
            <Field
              label="办理时限"
              hint={`默认${category === 'safety' ? `${SAFETY_DUE_HOURS}小时（安全隐患）` : `${DEFAULT_DUE_HOURS}小时`}，超时会自动上报街道`}
            >
              <FilterChips chips={dueChips} value={due} onChange={setDue} />
            </Field>
          </View>
        ) : null}
        {form === 'rate' ? (
          <Field label="您对处理结果满意吗">
            <FilterChips chips={satisfactionChips} value={satisfaction} onChange={setSatisfaction} />
          </Field>
        ) : null}
        {form !== 'assign' ? (
          <Field
            label={
              form === 'resolve'
                ? '处理结果'
                : form === 'rate'
                  ? satisfaction === 'unsatisfied'
                    ? '哪里还没有解决'
                    : '想说的话（选填）'
                  : '原因'
            }
            hint={form === 'rate' && satisfaction === 'unsatisfied' ? '社区会根据您说的重新安排办理' : undefined}
          >
            {form === 'resolve' || form === 'rate' ? (
              <TextArea
                value={text}
                onChange={setText}
                maxlength={form === 'resolve' ? PROBLEM_RESULT_MAX : RATING_COMMENT_MAX}
                placeholder={form === 'resolve' ? '例如：已更换楼道灯泡，恢复照明' : '写下您的看法'}
              />
            ) : (
              <TextInput value={text} onChange={setText} maxlength={REASON_MAX} placeholder="请写明原因" />
            )}
          </Field>
        ) : null}
        {form === 'resolve' ? (
          <Field label="处理后的照片（选填）" hint="拍下处理好的样子，居民看得更明白">
            <PhotoPicker onChange={photos.onChange} />
          </Field>
        ) : null}
        {error ? <View className="problem-actions__error">{error}</View> : null}
        <View className="problem-actions__row">
          <ActionButton variant="plain" disabled={busy !== null} onClick={() => setForm(null)}>
            返回
          </ActionButton>
          <ActionButton
            variant={form === 'return' ? 'danger' : 'primary'}
            loading={busy !== null}
            disabled={form === 'assign' && !orgId}
            onClick={submit[form]}
          >
            提交
          </ActionButton>
        </View>
      </Section>
    )
  }

  const has = (a: ProblemAction) => actions.includes(a)
  const idle = busy !== null
  return (
    <Section title="我能做的" className="problem-actions">
      {error ? <View className="problem-actions__error">{error}</View> : null}
      <View className="problem-actions__list">
        {has('rate') ? (
          <ActionButton block disabled={idle} onClick={() => open('rate')}>
            评价处理结果
          </ActionButton>
        ) : null}
        {has('assign') ? (
          <ActionButton block disabled={idle} onClick={() => open('assign')}>
            分派处理单位
          </ActionButton>
        ) : null}
        {has('accept') ? (
          <ActionButton block loading={busy === 'accept'} onClick={() => void run({ action: 'accept' })}>
            接单处理
          </ActionButton>
        ) : null}
        {has('resolve') ? (
          <ActionButton block disabled={idle} onClick={() => open('resolve')}>
            办结，填写处理结果
          </ActionButton>
        ) : null}
        {has('return') ? (
          <ActionButton block variant="secondary" disabled={idle} onClick={() => open('return')}>
            不归我们处理，退回
          </ActionButton>
        ) : null}
        {has('escalate') ? (
          <ActionButton block variant="secondary" disabled={idle} onClick={() => open('escalate')}>
            上报街道
          </ActionButton>
        ) : null}
      </View>
    </Section>
  )
}
