import { useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { ActionButton } from '@/components/action-button'
import { FilterChips, type Chip } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { Section } from '@/components/section'
import { EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { useSession } from '@/hooks/use-session'
import { ROUTES } from '@/routes'
import { PROBLEM_STATUSES, PROBLEM_STATUS_LABELS, type ProblemStatus } from '@/shared/problems'
import { addDays, shanghaiDate } from '@/shared/stations'
import { ProblemCard } from '@/components/problem-card'
import { ProblemFigures } from '../../components/problem-figures'
import { useProblemList, useProblemStats } from '../../hooks/use-problems'
import { openProblem, openReportProblem } from '../../navigation'
import './index.scss'

type Scope = 'mine' | 'community'
const SCOPE_CHIPS: Chip<Scope>[] = [
  { value: 'mine', label: '我反映的' },
  { value: 'community', label: '社区的' },
]
type StatusFilter = ProblemStatus | 'all'
const STATUS_CHIPS: Chip<StatusFilter>[] = [
  { value: 'all', label: '全部' },
  ...PROBLEM_STATUSES.map((s) => ({ value: s, label: PROBLEM_STATUS_LABELS[s] })),
]

/** 问题反馈: report a problem, follow mine and the community's, and see how the community answers them. */
export default function ProblemsHomePage() {
  const { me } = useSession()
  const verified = me?.membership?.status === 'verified' ? me.membership : null
  const communityId = verified?.communityId ?? me?.communityId ?? null
  const [scope, setScope] = useState<Scope>('mine')
  const [status, setStatus] = useState<StatusFilter>('all')
  const list = useProblemList(
    {
      mine: scope === 'mine' ? true : undefined,
      communityId: scope === 'community' ? (communityId ?? undefined) : undefined,
      status: status === 'all' ? undefined : status,
    },
    Boolean(me) && (scope === 'mine' || Boolean(communityId)),
  )
  const period = useMemo(() => {
    const today = shanghaiDate(new Date())
    return { from: addDays(today, -29), to: today }
  }, [])
  const stats = useProblemStats(verified?.communityId, period)
  usePullRefresh(async () => {
    await Promise.all([list.reload(), stats.reload()])
  })
  useReloadOnReturn(list.reload, Boolean(me))

  return (
    <PageShell>
      <PageHeader title="问题反馈" lead="楼道灯坏了、垃圾没清运？告诉社区，限时办理，办完请您评价" />
      {verified ? (
        <ActionButton block className="problems__report" onClick={openReportProblem}>
          我要反映问题
        </ActionButton>
      ) : (
        <Section>
          <View className="problems__note">完成住户认证后就可以反映问题了。请在"我的"里完成认证。</View>
        </Section>
      )}
      {me && me.handlerOrgIds.length > 0 ? (
        <ActionButton
          block
          variant="secondary"
          className="problems__report"
          onClick={() => void Taro.navigateTo({ url: ROUTES.handlerQueue }).catch(() => undefined)}
        >
          待我处理的问题
        </ActionButton>
      ) : null}
      {stats.data ? <ProblemFigures stats={stats.data} title="近30天办理情况" /> : null}
      <FilterChips chips={SCOPE_CHIPS} value={scope} onChange={setScope} />
      <FilterChips chips={STATUS_CHIPS} value={status} onChange={setStatus} />
      <PagedListView
        list={list}
        renderItem={(p) => <ProblemCard key={p.id} problem={p} onOpen={() => openProblem(p.id)} />}
        empty={
          <EmptyState
            icon="问"
            title={scope === 'mine' ? '您还没有反映过问题' : '社区还没有问题反馈'}
            description={status === 'all' ? '发现小区里的问题，随时告诉社区。' : '换个状态看看。'}
          />
        }
      />
    </PageShell>
  )
}
