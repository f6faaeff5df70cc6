import type { ReactNode } from 'react'
import type { DetailHead } from '@/hooks/use-detail-page'
import { PageShell } from '../page-shell'
import { AsyncContent } from '../state-views'

interface Props<T> {
  /** From useDetailPage. */
  head: DetailHead
  /** The thing loaded; the page's content shows once it is there. */
  item: T | null | undefined
  /** Pages a visitor may open without logging in (驿站). */
  requireLogin?: boolean
  children: (item: T) => ReactNode
}

/**
 * The frame of every detail page: loading, then the error with 重试, the not-found state (no id, a malformed one or
 * the server's 404) with 返回 and 回到首页, then the content.
 */
export function DetailPage<T>({ head, item, requireLogin, children }: Props<T>) {
  const { what, id, detail } = head
  return (
    <PageShell requireLogin={requireLogin}>
      <AsyncContent
        loading={detail.loading}
        error={detail.error}
        onRetry={() => void detail.reload()}
        detail={{ what, id }}
      >
        {item ? children(item) : null}
      </AsyncContent>
    </PageShell>
  )
}
