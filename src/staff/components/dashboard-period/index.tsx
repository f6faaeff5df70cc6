import { Picker, View } from '@tarojs/components'
import { SelectBox } from '@/components/field'
import { FilterChips } from '@/components/filter-chips'
import type { CommunityDto } from '@/shared/identity'
import {
  formatDay,
  PERIOD_PRESET_LABELS,
  PERIOD_PRESETS,
  periodText,
  type Period,
  type PeriodPreset,
} from '../../utils/period'
import './index.scss'

/** A community chooser grows a long row of chips past this many; then it is a picker. */
const MAX_COMMUNITY_CHIPS = 4

interface Props {
  communities: readonly CommunityDto[]
  communityId: string
  onCommunity: (id: string) => void
  preset: PeriodPreset
  onPreset: (preset: PeriodPreset) => void
  period: Period
  onFrom: (date: string) => void
  onTo: (date: string) => void
  /** Why the custom period cannot be used, in red under the dates. */
  problem: string | null
}

const PRESET_CHIPS = PERIOD_PRESETS.map((value) => ({ value, label: PERIOD_PRESET_LABELS[value] }))

/** What the figures are of: the community (when there is a choice) and the days, as chips or two dates. */
export function DashboardPeriod({
  communities,
  communityId,
  onCommunity,
  preset,
  onPreset,
  period,
  onFrom,
  onTo,
  problem,
}: Props) {
  const index = Math.max(
    0,
    communities.findIndex((c) => c.id === communityId),
  )
  return (
    <View className="dashboard-period">
      {communities.length > MAX_COMMUNITY_CHIPS ? (
        <View className="dashboard-period__community">
          <Picker
            mode="selector"
            range={communities.map((c) => c.name)}
            value={index}
            onChange={(e) => onCommunity(communities[Number(e.detail.value)]?.id ?? communityId)}
          >
            <SelectBox text={communities[index]?.name} placeholder="选择社区" />
          </Picker>
        </View>
      ) : communities.length > 1 ? (
        <FilterChips
          chips={communities.map((c) => ({ value: c.id, label: c.name }))}
          value={communityId}
          onChange={onCommunity}
        />
      ) : null}
      <FilterChips chips={PRESET_CHIPS} value={preset} onChange={onPreset} />
      {preset === 'custom' ? (
        <View className="dashboard-period__dates">
          <View className="dashboard-period__date">
            <View className="dashboard-period__label">开始日期</View>
            <Picker
              className="dashboard-period__picker"
              mode="date"
              value={period.from}

              onChange={(e) => onFrom(e.detail.value)}
            >
              <SelectBox text={formatDay(period.from)} placeholder="选择日期" />
            </Picker>
          </View>
          <View className="dashboard-period__date">
            <View className="dashboard-period__label">结束日期</View>
            <Picker
              className="dashboard-period__picker"
              mode="date"
              value={period.to}

              onChange={(e) => onTo(e.detail.value)}
            >
              <SelectBox text={formatDay(period.to)} placeholder="选择日期" />
            </Picker>
          </View>
        </View>
      ) : null}
      {problem ? (
        <View className="dashboard-period__problem">{problem}</View>
      ) : (
        <View className="dashboard-period__text">统计范围：{periodText(period)}</View>
      )}
    </View>
  )
}
