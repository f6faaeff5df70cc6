import { View } from '@tarojs/components'
import './index.scss'

export interface Figure {
  label: string
  /** The number in words, e.g. 12 or 2.5天. */
  value: string
  /** What the number counts (个, 人), set smaller after it. */
  unit?: string
  /** A line under the number, e.g. what a median is of. */
  hint?: string
}

/** Big numbers in tiles, two to a row (one in elder mode), each saying what it counts. */
export function DashboardFigures({ figures }: { figures: readonly Figure[] }) {
  return (
    <View className="dashboard-figures">
      {figures.map((figure) => (
        <View key={figure.label} className="dashboard-figure">
          <View className="dashboard-figure__label">{figure.label}</View>
          <View className="dashboard-figure__value">
            {figure.value}
            {figure.unit ? <View className="dashboard-figure__unit">{figure.unit}</View> : null}
          </View>
          {figure.hint ? <View className="dashboard-figure__hint">{figure.hint}</View> : null}
        </View>
      ))}
    </View>
  )
}
