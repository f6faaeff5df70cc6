import { View } from '@tarojs/components'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { EmptyState } from '@/components/state-views'
import { StationCard } from '@/components/station-card'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useStationList, type StationScope } from '@/hooks/use-stations'
import { openStation } from '@/utils/navigation'
import { control } from '@/components/aria'
import './index.scss'

const SCOPE_CHIPS: Chip<StationScope>[] = [
  { value: 'community', label: '我的社区' },
  { value: 'all', label: '全部驿站' },
]

export default function StationsPage() {
  const list = useStationList()
  usePullRefresh(list.reload)
  // Back from booking: open-now and the hours may have moved on.
  useReloadOnReturn(list.reload, !list.loading)

  const byDistance = list.locationStatus === 'located'
  const note =
    list.locationStatus === 'unavailable'
      ? list.community
        ? '未获取到位置，按社区显示'
        : '未获取到位置，显示全部驿站'
      : null

  return (
    <PageShell requireLogin={false}>
      <PageHeader title="驿站预约" lead={byDistance ? '离您最近的排在前面' : '家门口的服务，十分钟就能到'} />
      {note ? (
        <View className="stations__note">
          <View className="stations__note-text">{note}</View>
          <View className="stations__relocate" {...control()} onClick={() => void list.relocate()}>
            重新定位
          </View>
        </View>
      ) : null}
      {list.community ? <FilterChips chips={SCOPE_CHIPS} value={list.scope} onChange={list.setScope} /> : null}
      <PagedListView
        list={list}
        loadingText={list.locationStatus === 'locating' ? '正在查找您附近的驿站…' : undefined}
        renderItem={(station) => (
          <StationCard key={station.id} station={station} onOpen={() => openStation(station.id)} />
        )}
        empty={
          <EmptyState
            icon="站"
            title={list.scope === 'community' && list.community ? '您的社区还没有驿站' : '还没有驿站'}
            description={
              list.scope === 'community' && list.community
                ? '点上面的"全部驿站"，看看附近其他社区的。'
                : '社区开设驿站后会显示在这里。'
            }
          />
        }
        end="没有更多了"
      />
    </PageShell>
  )
}
