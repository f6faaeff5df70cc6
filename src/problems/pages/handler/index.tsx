import { PageHeader, PageShell } from '@/components/page-shell'
import { PagedListView } from '@/components/paged-list-view'
import { EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { useReloadOnReturn } from '@/hooks/use-reload-on-return'
import { ProblemCard } from '@/components/problem-card'
import { useHandlerQueue } from '../../hooks/use-problems'
import { openProblem } from '../../navigation'

/** A handler's queue: their organisation's problems to accept, in progress, or reopened, the soonest due first. */
export default function HandlerQueuePage() {
  const queue = useHandlerQueue()
  usePullRefresh(queue.reload)
  // Back from accepting, returning or resolving one: show the queue as it is now.
  useReloadOnReturn(queue.reload)
  return (
    <PageShell>
      <PageHeader title="待我处理" lead="社区分派给您单位的问题，最快到期的在前；点开可接单、退回或办结" />
      <PagedListView
        list={queue}
        renderItem={(p) => <ProblemCard key={p.id} problem={p} onOpen={() => openProblem(p.id)} />}
        empty={<EmptyState icon="✓" title="没有待处理的问题" description="社区分派新问题时，会发消息告诉您。" />}
      />
    </PageShell>
  )
}
