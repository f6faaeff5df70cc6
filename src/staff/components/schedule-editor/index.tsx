import { Picker, View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { control } from '@/components/aria'
import { WEEKDAY_LABELS } from '@/shared/stations'
import { newRow, WEEKDAY_OPTIONS, type ScheduleRow } from '../../utils/schedule'
import './index.scss'

/** Weekly ranges per service are capped by the shared schema (28); the button stops there too. */
const MAX_ROWS = 28

interface Props {
  rows: ScheduleRow[]
  onChange: (rows: ScheduleRow[]) => void
  /** Messages by row key. */
  errors: Record<number, string>
}

function TimeBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <View className="schedule-row__cell schedule-row__cell--time">
      <Picker mode="time" value={value} onChange={(e) => onChange(e.detail.value)}>
        <View className="schedule-row__time" {...control('button', `时间 ${value}`)}>
          {value}
        </View>
      </Picker>
    </View>
  )
}

/** The weekly schedule: one row per opening range (周一 09:00 至 11:30), added and removed one by one. */
export function ScheduleEditor({ rows, onChange, errors }: Props) {
  const update = (key: number, change: Partial<ScheduleRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)))

  return (
    <View className="schedule-editor">
      {rows.length === 0 ? <View className="schedule-editor__none">还没有服务时段，点下面的按钮添加。</View> : null}
      {rows.map((row) => (
        <View key={row.key} className={['schedule-row', errors[row.key] ? 'schedule-row--invalid' : ''].join(' ')}>
          <View className="schedule-row__line">
            <View className="schedule-row__cell schedule-row__cell--day">
              <Picker
                mode="selector"
                range={WEEKDAY_OPTIONS}
                value={row.weekday - 1}
                onChange={(e) => update(row.key, { weekday: Number(e.detail.value) + 1 })}
              >
                <View className="schedule-row__day" {...control()}>
                  {WEEKDAY_LABELS[row.weekday]}
                  <View className="schedule-row__arrow">›</View>
                </View>
              </Picker>
            </View>
            <View className="schedule-row__break" />
            <TimeBox value={row.start} onChange={(start) => update(row.key, { start })} />
            <View className="schedule-row__to">至</View>
            <TimeBox value={row.end} onChange={(end) => update(row.key, { end })} />
            <View
              className="schedule-row__remove"
              {...control('button', '删除这个时段')}
              onClick={() => onChange(rows.filter((r) => r.key !== row.key))}
            >
              删除
            </View>
          </View>
          {errors[row.key] ? <View className="schedule-row__error">{errors[row.key]}</View> : null}
        </View>
      ))}
      <ActionButton
        block
        variant="secondary"
        disabled={rows.length >= MAX_ROWS}
        onClick={() => onChange([...rows, newRow(rows)])}
      >
        ＋ 添加时段
      </ActionButton>
    </View>
  )
}
