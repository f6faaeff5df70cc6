import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { FULFIL_NOTE_MAX, THANKS_MAX, type WishAction } from '@/shared/wishes'
import { REASON_MAX } from '@/shared/identity'
import type { WishActionBody } from '@/hooks/use-wishes'
import { HOURS_OPTIONS } from '@/utils/wish'
import { ActionButton } from '../action-button'
import { choice } from '../aria'
import { Field, SelectBox, TextArea, TextInput } from '../field'
import { Section } from '../section'
import './index.scss'
import { confirmAction } from '@/utils/confirm'

/** The actions that need a few words first open a small form in place. */
type FormKind = 'release' | 'fulfil' | 'confirm' | 'dispute' | 'reject'

interface Props {
  actions: WishAction[]
  /** A 帮帮团 wish: claiming joins its team. */
  team?: boolean
  /** Whether confirming asks for stars: the owner's alone; staff confirming for the owner give none (issue #21). */
  rates?: boolean
  busy: WishActionBody['action'] | null
  error: string | null
  onRun: (body: WishActionBody) => Promise<boolean>
  onClearError: () => void
}

const FORM_TITLES: Record<FormKind, string> = {
  release: '放弃认领',
  fulfil: '我已完成',
  confirm: '确认完成',
  dispute: '还没有完成',
  reject: '审核不通过',
}

/** The buttons for what the viewer may do now (as the server says), and the small forms some of them need. */
export function WishActions({ actions, team = false, rates = true, busy, error, onRun, onClearError }: Props) {
  const [form, setForm] = useState<FormKind | null>(null)
  const [text, setText] = useState('')
  const [hoursIndex, setHoursIndex] = useState(1)
  const [rating, setRating] = useState(5)

  if (actions.length === 0) return null
  const has = (a: WishAction) => actions.includes(a)

  const open = (kind: FormKind) => {
    onClearError()
    setText('')
    setForm(kind)
  }
  const run = async (body: WishActionBody) => {
    if (await onRun(body)) setForm(null)
  }
  const cancelWish = async () => {
    const confirmed = await confirmAction({
      title: '取消这个心愿？',
      content: '取消后志愿者将看不到它，不能再恢复。',
      confirmText: '取消心愿',
      danger: true,
    })
    if (confirmed) void run({ action: 'cancel' })
  }

  if (form) {
    const hours = HOURS_OPTIONS[hoursIndex] ?? 1
    const submit: Record<FormKind, () => void> = {
      release: () => void run({ action: 'release', reason: text }),
      dispute: () => void run({ action: 'dispute', reason: text }),
      reject: () => void run({ action: 'review', approve: false, reason: text }),
      fulfil: () => void run({ action: 'fulfil', note: text, hours }),
      confirm: () => void run({ action: 'confirm', rating: rates ? rating : undefined, thanks: text }),
    }
    const busyHere = busy !== null
    return (
      <Section title={FORM_TITLES[form]} className="wish-actions">
        {form === 'fulfil' ? (
          <Field label="服务时长" hint="以半小时为单位，居民确认后记入您的志愿时长">
            <Picker
              mode="selector"
              range={HOURS_OPTIONS.map((h) => `${h} 小时`)}
              value={hoursIndex}
              onChange={(e) => setHoursIndex(Number(e.detail.value))}
            >
              <SelectBox text={`${hours} 小时`} placeholder="请选择服务时长" />
            </Picker>
          </Field>
        ) : null}
        {form === 'confirm' && rates ? (
          <Field label="给志愿者打分">
            <View className="wish-actions__stars" role="radiogroup" aria-label="给志愿者打分">
              {[1, 2, 3, 4, 5].map((n) => (
                <View
                  key={n}
                  className={['wish-actions__star', n <= rating ? 'wish-actions__star--on' : ''].join(' ')}
                  onClick={() => setRating(n)}
                  {...choice('radio', n === rating, `${n}星`)}
                >
                  {n <= rating ? '★' : '☆'}
                </View>
              ))}
              <View className="wish-actions__rating">{rating} 星</View>
            </View>
          </Field>
        ) : null}
        <Field
          label={
            form === 'fulfil'
              ? '完成情况'
              : form === 'confirm'
                ? '感谢的话（选填）'
                : form === 'reject'
                  ? '不通过的原因'
                  : '原因'
          }
          hint={form === 'reject' ? '居民会看到这段话' : undefined}
        >
          {form === 'fulfil' || form === 'confirm' ? (
            <TextArea
              value={text}
              onChange={setText}
              maxlength={form === 'fulfil' ? FULFIL_NOTE_MAX : THANKS_MAX}
              placeholder={form === 'fulfil' ? '例如：已把米和油送到家里' : '想对志愿者说的话'}
            />
          ) : (
            <TextInput value={text} onChange={setText} maxlength={REASON_MAX} placeholder="请写明原因" />
          )}
        </Field>
        {error ? <View className="wish-actions__error">{error}</View> : null}
        <View className="wish-actions__row">
          <ActionButton variant="plain" disabled={busyHere} onClick={() => setForm(null)}>
            返回
          </ActionButton>
          <ActionButton
            variant={form === 'reject' || form === 'release' ? 'danger' : 'primary'}
            loading={busyHere}
            onClick={submit[form]}
          >
            提交
          </ActionButton>
        </View>
      </Section>
    )
  }

  const loading = (a: WishActionBody['action']) => busy === a
  return (
    <Section title="我能做的" className="wish-actions">
      {error ? <View className="wish-actions__error">{error}</View> : null}
      <View className="wish-actions__list">
        {has('review') ? (
          <>
            <ActionButton
              block
              loading={loading('review')}
              onClick={() => void run({ action: 'review', approve: true })}
            >
              审核通过，发布
            </ActionButton>
            <ActionButton block variant="danger" disabled={busy !== null} onClick={() => open('reject')}>
              不通过
            </ActionButton>
          </>
        ) : null}
        {has('claim') ? (
          <ActionButton block loading={loading('claim')} onClick={() => void run({ action: 'claim' })}>
            {team ? '加入帮帮团' : '我来认领'}
          </ActionButton>
        ) : null}
        {has('fulfil') ? (
          <ActionButton block disabled={busy !== null} onClick={() => open('fulfil')}>
            我已完成
          </ActionButton>
        ) : null}
        {has('confirm') ? (
          <ActionButton block disabled={busy !== null} onClick={() => open('confirm')}>
            确认完成并感谢
          </ActionButton>
        ) : null}
        {has('dispute') ? (
          <ActionButton block variant="secondary" disabled={busy !== null} onClick={() => open('dispute')}>
            还没有完成
          </ActionButton>
        ) : null}
        {has('release') ? (
          <ActionButton block variant="plain" disabled={busy !== null} onClick={() => open('release')}>
            放弃认领
          </ActionButton>
        ) : null}
        {has('cancel') ? (
          <ActionButton block variant="danger" loading={loading('cancel')} onClick={() => void cancelWish()}>
            取消心愿
          </ActionButton>
        ) : null}
      </View>
    </Section>
  )
}
