import { ScrollView, View } from '@tarojs/components'
import { control } from '@/components/aria'
import { STREET_FIGURES, STREET_FIGURE_LABELS, streetFigureText, type StreetCommunityRowDto } from '@/shared/street'
import './index.scss'

interface Props {
  rows: readonly StreetCommunityRowDto[]
  /** Opens a community's dashboard, read-only. */
  onOpen: (row: StreetCommunityRowDto) => void
}

/**
 * The street's communities side by side: one row per community, one column per figure. The table scrolls sideways
 * (the community's name stays first); each name opens that community's dashboard.
 */
export function StreetTable({ rows, onOpen }: Props) {
  return (
    <ScrollView scrollX className="street-table__scroll" enhanced showScrollbar>
      <View className="street-table" role="table" aria-label="各社区数据对比">
        <View className="street-table__row street-table__row--head" role="row">
          <View className="street-table__cell street-table__cell--name" role="columnheader">
            社区
          </View>
          {STREET_FIGURES.map((f) => (
            <View key={f} className="street-table__cell" role="columnheader">
              {STREET_FIGURE_LABELS[f]}
            </View>
          ))}
        </View>
        {rows.map((row) => (
          <View key={row.communityId} className="street-table__row" role="row">
            <View
              className="street-table__cell street-table__cell--name street-table__open"
              onClick={() => onOpen(row)}
              {...control('link', `查看${row.name}的数据统计`)}
            >
              {row.name} ›
            </View>
            {STREET_FIGURES.map((f) => (
              <View key={f} className="street-table__cell" role="cell">
                {streetFigureText(f, row[f])}
              </View>
            ))}
          </View>
        ))}
      </View>
    </ScrollView>
  )
}
