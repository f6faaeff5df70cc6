import { useState } from 'react'
import { Picker, View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { Field, SelectBox, TextInput } from '@/components/field'
import { addDays, shanghaiDate, type ClosureResultDto } from '@/shared/stations'
import { formatDateWithWeekday } from '@/utils/station'
import { useClosureForm } from '../../hooks/use-managed-stations'
import './index.scss'

interface Props {
  stationId: string
  onClosed: (result: ClosureResultDto) => void
  onCancel: () => void
}

/**
 * 设置闭站: a day and the reason residents will read. The confirmation says that day's bookings are cancelled and
 * their holders notified.
 */
export function ClosureForm({ stationId, onClosed, onCancel }: Props) {
  const today = shanghaiDate(new Date())
  const [date, setDate] = useState(addDays(today, 1))
  const [reason, setReason] = useState('')
  const form = useClosureForm(stationId, onClosed)

  return (
    <View className="closure-form">
      <View className="closure-form__warning">闭站当天的预约会全部取消，系统会通知预约的居民。</View>
      <Field label="闭站日期" error={form.errors.date}>
        <Picker
          mode="date"
          value={date}
          start={today}
          end={addDays(today, 365)}
          onChange={(e) => setDate(e.detail.value)}
        >
          <SelectBox text={formatDateWithWeekday(date)} placeholder="点这里选择日期" />
        </Picker>
      </Field>
      <Field label="闭站原因" error={form.errors.reason} hint="居民会看到，例如：驿站内部装修">
        <TextInput value={reason} onChange={setReason} maxlength={100} placeholder="写明原因，2-100个字" />
      </Field>
      {form.error ? <View className="closure-form__error">{form.error}</View> : null}
      <View className="closure-form__actions">
        <ActionButton variant="plain" disabled={form.submitting} onClick={onCancel}>
          取消
        </ActionButton>
        <ActionButton variant="danger" loading={form.submitting} onClick={() => void form.close({ date, reason })}>
          确定闭站
        </ActionButton>
      </View>
    </View>
  )
}
