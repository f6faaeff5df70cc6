import { useState } from 'react'
import Taro from '@tarojs/taro'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { ProblemCard } from '@/components/problem-card'
import { EmptyState } from '@/components/state-views'
import { usePagedList } from '@/hooks/use-paged-list'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { ROUTES } from '@/routes'
import { listProblems, type ProblemQuery } from '@/services/problems'
import { StaffOnly } from '../../components/staff-only'
import { useStaffScope } from '../../hooks/use-staff-scope'

type View = 'submitted' | 'reopened' | 'in_progress' | 'escalated' | 'all'
const VIEW_CHIPS: Chip<View>[] = [
  { value: 'submitted', label: '待分派' },
  { value: 'reopened', label: '居民不满意' },
  { value: 'in_progress', label: '处理中' },
  { value: 'escalated', label: '已上报街道' },
  { value: 'all', label: '全部' },
]

const openProblem = (id: string) =>
  void Taro.navigateTo({ url: `${ROUTES.problemDetail}?id=${encodeURIComponent(id)}` }).catch(() => undefined)

/** 问题反馈 for staff: what waits to be assigned, what came back, and what went to the street. Tap to act. */
export default function StaffProblemsPage() {
  const scope = useStaffScope()
  const [communityId, setCommunityId] = useState<string>('')
  const [view, setView] = useState<View>('submitted')
  const community = communityId || scope.communities[0]?.id || ''
  // Escalated problems are listed across all the communities the staff member (or street staff) works for.
  const query: ProblemQuery =
    view === 'escalated' ? { escalated: true } : { communityId: community, status: view === 'all' ? undefined : view }
  const list = usePagedList((cursor) => listProblems({ ...query, cursor }), JSON.stringify(query), Boolean(community))
  usePullRefresh(list.reload)
  useReloadOnReturn(list.reload, Boolean(community))
  const communityChips: Chip<string>[] = scope.communities.map((c) => ({ value: c.id, label: c.name }))

  return (
    <PageShell>
      <PageHeader title="问题反馈" lead="分派给物业或居委会限时办理；超期的自动上报街道" />
      <StaffOnly scope={scope}>
        {communityChips.length > 1 && view !== 'escalated' ? (
          <FilterChips chips={communityChips} value={community} onChange={setCommunityId} />
        ) : null}
        <FilterChips chips={VIEW_CHIPS} value={view} onChange={setView} />
        <PagedListView
          list={list}
          renderItem={(p) => <ProblemCard key={p.id} problem={p} onOpen={() => openProblem(p.id)} />}
          empty={<EmptyState icon="✓" title="这里没有问题" description="居民反映新问题时，会发消息告诉您。" />}
        />
      </StaffOnly>
    </PageShell>
  )
}
