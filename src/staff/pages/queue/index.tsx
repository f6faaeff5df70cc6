import { useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useReachBottom } from '@tarojs/taro'
import { ActionButton } from '@/components/action-button'
import { FilterChips } from '@/components/filter-chips'
import { PageHeader, PageShell } from '@/components/page-shell'
import { AsyncContent, EmptyState } from '@/components/state-views'
import { usePullRefresh } from '@/hooks/use-pull-refresh'
import { ROUTES } from '@/routes'
import { QUEUE_KIND_LABELS, type QueueItemDto } from '@/shared/workbench'
import { QueueItem } from '../../components/queue-item'
import { queueChips, queueItemUrl, type QueueFilter } from '../../components/queue-item/waited'
import { StaffOnly } from '../../components/staff-only'
import { useStaffScope } from '../../hooks/use-staff-scope'
import { useQueue } from '../../hooks/use-workbench'
import './index.scss'

/**
 * Opens where an item is dealt with. Volunteer applications are on the workbench, which is usually the page
 * before this one: going back there keeps the page stack short.
 */
function openItem(item: QueueItemDto): void {
  const url = queueItemUrl(item)
  const pages = Taro.getCurrentPages()
  const previous = pages[pages.length - 2]?.route?.replace(/^\//, '')
  if (url === ROUTES.staffWorkbench && previous && `/${previous}` === url) {
    void Taro.navigateBack().catch(() => undefined)
    return
  }
  void Taro.navigateTo({ url }).catch(() => undefined)
}

export default function QueuePage() {
  const scope = useStaffScope()
  const [filter, setFilter] = useState<QueueFilter>('all')
  const queue = useQueue(filter, scope.allowed && scope.communities.length > 0)
  const { reload } = queue
  usePullRefresh(async () => {
    await scope.reload()
    await reload()
  })
  useReachBottom(() => void queue.loadMore())

  const now = new Date()
  const total = queue.summary?.total ?? null
  const chips = queueChips(queue.summary?.counts ?? null, total, filter)

  return (
    <PageShell>
      <PageHeader title="待办" lead="等您处理的事项，等得最久的排在最前面" />
      <StaffOnly scope={scope}>
        {total !== null && total > 0 ? <FilterChips chips={chips} value={filter} onChange={setFilter} /> : null}
        <AsyncContent loading={queue.loading} error={queue.error} onRetry={() => void reload()}>
          {queue.items.length === 0 ? (
            filter === 'all' ? (
              <EmptyState
                icon="✓"
                title="没有待办事项"
                description="新的心愿、议题、举报、志愿者申请和问题反馈会出现在这里，下拉可以刷新。"
              />
            ) : (
              <EmptyState
                icon="✓"
                title={`没有「${QUEUE_KIND_LABELS[filter]}」的事项`}
                description="这一类都处理完了，点「全部」看看其他待办。"
              />
            )
          ) : (
            <View>
              <View className="queue__count">
                {filter === 'all'
                  ? `共 ${total ?? queue.items.length} 项等待处理，点一项去处理`
                  : `「${QUEUE_KIND_LABELS[filter]}」共 ${queue.summary?.counts[filter] ?? queue.items.length} 项`}
              </View>
              {queue.items.map((item) => (
                <QueueItem
                  key={`${item.kind}:${item.id}`}
                  item={item}
                  showCommunity={scope.communities.length > 1}
                  now={now}
                  onOpen={() => openItem(item)}
                />
              ))}
              {queue.moreError ? <View className="queue__error">{queue.moreError}</View> : null}
              {queue.hasMore ? (
                <ActionButton block variant="plain" loading={queue.loadingMore} onClick={() => void queue.loadMore()}>
                  加载更多
                </ActionButton>
              ) : null}
            </View>
          )}
        </AsyncContent>
      </StaffOnly>
    </PageShell>
  )
}
