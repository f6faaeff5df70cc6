import { View } from '@tarojs/components'
import { PARTY_SIZE_MAX, type SlotDto } from '@/shared/stations'
import type { SlotChoice, SlotIntent } from '@/hooks/use-stations'
import { formatSlotTime, slotState } from '@/utils/station'
import { ActionButton } from '../action-button'
import { Tag } from '../section'
import { Stepper } from '../stepper'
import './index.scss'

interface PanelProps {
  choice: SlotChoice
  /** 健康咨询 · 11月24日 周一 */
  title: string
  partySize: number
  onPartySize: (n: number) => void
  busy: boolean
  error: string | null
  onConfirm: () => void
  onClose: () => void
}

/** Under the chosen slot: how many people, what happens next, and the one button that sends it. */
function ChoicePanel({ choice, title, partySize, onPartySize, busy, error, onConfirm, onClose }: PanelProps) {
  const booking = choice.intent === 'book'
  const max = booking ? Math.max(1, Math.min(PARTY_SIZE_MAX, choice.slot.remaining)) : PARTY_SIZE_MAX
  return (
    <View className="slot-panel">
      <View className="slot-panel__title">{booking ? '预约这个时段' : '候补这个时段'}</View>
      <View className="slot-panel__what">
        {title} {formatSlotTime(choice.slot)}
      </View>
      <View className="slot-panel__row">
        <View className="slot-panel__label">到场人数</View>
        <Stepper value={partySize} min={1} max={max} unit="人" onChange={onPartySize} />
      </View>
      <View className="slot-panel__hint">
        {booking
          ? `含您本人，最多${max}人。预约后会给您一个签到码，到驿站时出示即可。`
          : `现在排第${choice.slot.waiting + 1}位。有人取消时，按候补顺序自动为您转成预约，并通知您。`}
      </View>
      {error ? (
        <View className="slot-panel__error" role="alert">
          {error}
        </View>
      ) : null}
      <View className="slot-panel__actions">
        <ActionButton block loading={busy} onClick={onConfirm}>
          {booking ? '确认预约' : '确认候补'}
        </ActionButton>
        <ActionButton block variant="plain" disabled={busy} onClick={onClose}>
          先不约了
        </ActionButton>
      </View>
    </View>
  )
}

function SlotRow({ slot, onChoose }: { slot: SlotDto; onChoose: (intent: SlotIntent) => void }) {
  const state = slotState(slot)
  return (
    <View className={['slot', `slot--${state.kind}`].join(' ')}>
      <View className="slot__main">
        <View className="slot__time">{formatSlotTime(slot)}</View>
        <View className="slot__state">
          {state.kind === 'mine' ? (
            <Tag tone={slot.mine === 'waiting' ? 'warning' : 'success'}>{state.label}</Tag>
          ) : (
            state.label
          )}
          {state.kind === 'full' && state.waiting > 0 ? (
            <View className="slot__waiting">{state.waiting}人候补</View>
          ) : null}
        </View>
      </View>
      {state.kind === 'available' ? (
        <ActionButton
          small
          className="slot__action"
          label={`预约 ${formatSlotTime(slot)}`}
          onClick={() => onChoose('book')}
        >
          预约
        </ActionButton>
      ) : state.kind === 'full' ? (
        <ActionButton
          small
          variant="secondary"
          className="slot__action"
          label={`候补 ${formatSlotTime(slot)}`}
          onClick={() => onChoose('waitlist')}
        >
          候补
        </ActionButton>
      ) : null}
    </View>
  )
}

interface Props extends Omit<PanelProps, 'choice'> {
  slots: readonly SlotDto[]
  choice: SlotChoice | null
  onChoose: (slot: SlotDto, intent: SlotIntent) => void
}

/** A day's slots, each with its seats (or the viewer's own place) and what can be done with it. */
export function SlotList({ slots, choice, onChoose, ...panel }: Props) {
  return (
    <View className="slot-list">
      {slots.map((slot) => (
        <View key={slot.id}>
          <SlotRow slot={slot} onChoose={(intent) => onChoose(slot, intent)} />
          {choice?.slot.id === slot.id ? <ChoicePanel choice={choice} {...panel} /> : null}
        </View>
      ))}
    </View>
  )
}
