import { View } from '@tarojs/components'
import './index.scss'

export interface ReportFigure {
  label: string
  /** The number in words: 12, 6.5, 75%. */
  value: string
  /** What it counts (个, 小时), smaller after it. */
  unit?: string
  hint?: string
}

/** Figure cards, two to a row (one in elder mode), each read out as "label value unit". */
export function ReportFigures({ figures }: { figures: readonly ReportFigure[] }) {
  return (
    <View className="report-figures" role="list">
      {figures.map((f) => (
        <View
          key={f.label}
          className="report-figure"
          role="listitem"
          aria-label={`${f.label} ${f.value}${f.unit ?? ''}${f.hint ? `，${f.hint}` : ''}`}
        >
          <View className="report-figure__label">{f.label}</View>
          <View className="report-figure__value">
            {f.value}
            {f.unit ? <View className="report-figure__unit">{f.unit}</View> : null}
          </View>
          {f.hint ? <View className="report-figure__hint">{f.hint}</View> : null}
        </View>
      ))}
    </View>
  )
}
