import { useState } from 'react'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { ActivityCard } from '../../components/activity-card'
import { useActivityList, type ActivityScope } from '../../hooks/use-activities'
import { openActivity } from '@/utils/navigation'

const TABS: Chip<ActivityScope>[] = [
  { value: 'upcoming', label: '报名中' },
  { value: 'past', label: '往期活动' },
]

export default function ActivityListPage() {
  const [scope, setScope] = useState<ActivityScope>('upcoming')
  const list = useActivityList(scope)
  usePullRefresh(list.reload)
  // Back from signing up: the seats left have moved.
  useReloadOnReturn(list.reload)
  return (
    <PageShell>
      <PageHeader title="社区活动" lead="报名参加社区活动，或认领一个志愿岗位" />
      <FilterChips chips={TABS} value={scope} onChange={setScope} />
      <PagedListView
        list={list}
        renderItem={(a) => <ActivityCard key={a.id} activity={a} onOpen={() => openActivity(a.id)} />}
        empty={
          <EmptyState
            icon="活"
            title={scope === 'upcoming' ? '近期没有活动' : '还没有往期活动'}
            description={scope === 'upcoming' ? '社区发布活动后会显示在这里。' : '结束的活动会显示在这里。'}
          />
        }
        end="没有更多了"
      />
    </PageShell>
  )
}
