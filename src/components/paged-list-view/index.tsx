import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { useReachBottom } from '@tarojs/taro'
import type { PagedList } from '@/hooks/use-paged-list'
import { AsyncContent, MoreFooter } from '../state-views'

interface Props<T> {
  list: PagedList<T>
  /** One item, as a keyed element (`<StationCard key={station.id} … />`). */
  renderItem: (item: T) => ReactNode
  /** What shows instead of an empty list, usually an <EmptyState>; null shows the (empty) list itself. */
  empty: ReactNode
  /** Above the items, when there are some: a count, a 全部标为已读. */
  head?: ReactNode
  /** Below the list once it has loaded, empty or not: what the page shows after it. */
  children?: ReactNode
  /** The footer's words once everything is shown; nothing at all without it. */
  end?: string
  loadingText?: string
}

/**
 * A list of pages of items: loading, then the error with 重试, then the empty state or the items with the footer
 * that loads more (as does reaching the bottom of the page). Pull-down refresh stays with the page, which may
 * reload more than the list.
 */
export function PagedListView<T>({ list, renderItem, empty, head, children, end, loadingText }: Props<T>) {
  useReachBottom(() => void list.loadMore())
  return (
    <AsyncContent
      loading={list.loading}
      error={list.error}
      onRetry={() => void list.reload()}
      loadingText={loadingText}
    >
      {list.items.length === 0 && empty ? (
        empty
      ) : (
        <View>
          {head}
          {list.items.map(renderItem)}
          <MoreFooter list={list} end={end} />
        </View>
      )}
      {children}
    </AsyncContent>
  )
}
