import { View } from '@tarojs/components'
import { FilterChips } from '@/components/filter-chips'
import {
  STREET_FIGURES,
  STREET_FIGURE_LABELS,
  streetFigureText,
  type StreetCommunityRowDto,
  type StreetFigure,
} from '@/shared/street'
import { barPercent } from '../../utils/dashboard'
import './index.scss'

interface Props {
  rows: readonly StreetCommunityRowDto[]
  figure: StreetFigure
  onFigure: (figure: StreetFigure) => void
}

const CHIPS = STREET_FIGURES.map((f) => ({
  value: f,
  label: STREET_FIGURE_LABELS[f].replace(/（.*）/, ''),
}))

/**
 * One figure of every community as horizontal bars drawn with plain Views (no chart library: the package budget),
 * each bar's length against the largest; a community with nothing to show says so.
 */
export function StreetChart({ rows, figure, onFigure }: Props) {
  const max = Math.max(0, ...rows.map((r) => r[figure] ?? 0))
  return (
    <View>
      <FilterChips chips={CHIPS} value={figure} onChange={onFigure} />
      <View className="street-chart" role="list" aria-label={`各社区${STREET_FIGURE_LABELS[figure]}`}>
        {rows.map((row) => {
          const value = row[figure]
          const text = streetFigureText(figure, value)
          return (
            <View
              key={row.communityId}
              className="street-chart__item"
              role="listitem"
              aria-label={`${row.name} ${text}`}
            >
              <View className="street-chart__head">
                <View className="street-chart__name">{row.name}</View>
                <View className="street-chart__value">{text}</View>
              </View>
              <View className="street-chart__track">
                <View
                  className="street-chart__fill"
                  style={{ width: `${value === null || max === 0 ? 0 : barPercent(value / max)}%` }}
                />
              </View>
            </View>
          )
        })}
      </View>
    </View>
  )
}
