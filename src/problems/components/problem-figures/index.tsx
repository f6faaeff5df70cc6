import { View } from '@tarojs/components'
import { Section } from '@/components/section'
import type { ProblemStatsDto } from '@/shared/problems'
import { hoursText, rateText } from '@/utils/problem'
import './index.scss'

/** 接诉即办 in figures, for everyone of the community to see (居务公开). */
export function ProblemFigures({ stats, title }: { stats: ProblemStatsDto; title: string }) {
  const figures = [
    { label: '收到问题', value: `${stats.received}件` },
    { label: '已办结', value: `${stats.resolved}件` },
    { label: '按时办结率', value: rateText(stats.onTimeRate) },
    { label: '满意率', value: rateText(stats.satisfactionRate), hint: '未评价的不计入' },
    { label: '办结用时', value: hoursText(stats.medianHoursToResolve), hint: '一半的问题在这么久内办结' },
  ]
  return (
    <Section title={title}>
      <View className="problem-figures" role="list">
        {figures.map((f) => (
          <View key={f.label} className="problem-figure" role="listitem" aria-label={`${f.label} ${f.value}`}>
            <View className="problem-figure__label">{f.label}</View>
            <View className="problem-figure__value">{f.value}</View>
            {f.hint ? <View className="problem-figure__hint">{f.hint}</View> : null}
          </View>
        ))}
      </View>
    </Section>
  )
}
