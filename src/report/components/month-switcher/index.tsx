import { View } from '@tarojs/components'
import { control } from '@/components/aria'
import { monthLabel, shiftMonth } from '@/shared/reports'
import './index.scss'

interface Props {
  month: string
  /** The latest month there is (this month): no going past it. */
  latest: string
  onPrevious: () => void
  onNext: () => void
}

/** ‹ 上个月 · 2026年3月 · 下个月 ›: one month at a time, never into the future. */
export function MonthSwitcher({ month, latest, onPrevious, onNext }: Props) {
  const atLatest = month >= latest
  return (
    <View className="month-switcher" role="group" aria-label="选择月份">
      <View
        className="month-switcher__step"
        onClick={onPrevious}
        {...control('button', `看${monthLabel(shiftMonth(month, -1))}`)}
      >
        ‹ 上个月
      </View>
      <View className="month-switcher__month" role="heading" aria-level={2}>
        {monthLabel(month)}
      </View>
      <View
        className={['month-switcher__step', atLatest ? 'month-switcher__step--off' : ''].filter(Boolean).join(' ')}
        onClick={atLatest ? undefined : onNext}
        {...control('button', atLatest ? '已经是本月' : `看${monthLabel(shiftMonth(month, 1))}`, atLatest)}
      >
        下个月 ›
      </View>
    </View>
  )
}
