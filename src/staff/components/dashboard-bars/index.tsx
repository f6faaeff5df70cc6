import { View } from '@tarojs/components'
import type { StationStatsDto, TopicStatsDto } from '@/shared/workbench'
import { barPercent, isHighNoShow, percentText } from '../../utils/dashboard'
import './index.scss'

interface MeterProps {
  label: string
  ratio: number
  /** warning: a share that should be low (no-shows). */
  tone?: 'primary' | 'warning'
}

/** One share as a labelled bar of plain Views: the label, the percent, and the track filled to it. */
export function Meter({ label, ratio, tone = 'primary' }: MeterProps) {
  return (
    <View className="meter">
      <View className="meter__head">
        <View className="meter__label">{label}</View>
        <View className={`meter__figure meter__figure--${tone}`}>{percentText(ratio)}</View>
      </View>
      <View className="meter__track">
        <View className={`meter__fill meter__fill--${tone}`} style={{ width: `${barPercent(ratio)}%` }} />
      </View>
    </View>
  )
}

/** A row of short counts that wraps between them, never inside one. */
function Facts({ facts }: { facts: readonly string[] }) {
  return (
    <View className="dashboard-bars__facts">
      {facts.map((fact) => (
        <View key={fact} className="dashboard-bars__fact">
          {fact}
        </View>
      ))}
    </View>
  )
}

/** Each station: how full its slots were, and how many who booked did not come. */
export function StationBars({ stations }: { stations: readonly StationStatsDto[] }) {
  return (
    <View className="dashboard-bars">
      {stations.map((s) => (
        <View key={s.stationId} className="dashboard-bars__item dashboard-station">
          <View className="dashboard-bars__title">{s.name}</View>
          {s.seats === 0 ? (
            <View className="dashboard-bars__none">这段时间没有预约记录</View>
          ) : (
            <View>
              <Meter label="预约率（已约 ÷ 可约）" ratio={s.utilisation} />
              <Facts
                facts={[`可约 ${s.seats} 位`, `已约 ${s.booked} 位`, `到场 ${s.checkedIn} 位`, `未到 ${s.noShows} 位`]}
              />
              {s.checkedIn + s.noShows === 0 ? (
                <View className="dashboard-bars__none">爽约率：暂无，预约的时段都还没到</View>
              ) : (
                <Meter
                  label="爽约率（未到 ÷ 应到）"
                  ratio={s.noShowRate}
                  tone={isHighNoShow(s.noShowRate) ? 'warning' : 'primary'}
                />
              )}
            </View>
          )}
        </View>
      ))}
    </View>
  )
}

/** Each topic voted on in the period: how many of those who could vote did. */
export function TopicBars({ topics }: { topics: readonly TopicStatsDto[] }) {
  return (
    <View className="dashboard-bars">
      {topics.map((t) => (
        <View key={t.topicId} className="dashboard-bars__item dashboard-topic">
          <View className="dashboard-bars__title">{t.title}</View>
          <Meter label="参与率" ratio={t.turnout} />
          <Facts facts={[`${t.ballots} 人投票`, `可投票居民 ${t.eligible} 位`]} />
        </View>
      ))}
    </View>
  )
}
