import { useRouter, useShareAppMessage } from '@tarojs/taro'
import type { ApiError } from '@/services/http'
import { usePullRefresh } from './use-pull-refresh'

/** What every detail hook answers with: whether it is loading, what went wrong, and how to load it again. */
export interface DetailLoad {
  loading: boolean
  error: ApiError | null
  reload: () => Promise<void>
}

/** What a detail page shows (心愿, 驿站…), the id it was opened with and its loading state: DetailPage reads it. */
export interface DetailHead {
  what: string
  id: string
  detail: DetailLoad
}

/**
 * The head of every detail page: the id the router opened it with (empty when there is none, which the detail
 * hooks send no request for and DetailPage shows as not found), the thing `load` loads, and pull-down refresh
 * (`refresh`, when given, runs instead of plain reload, e.g. to tell children to load theirs again too).
 */
export function useDetailPage<D extends DetailLoad>(
  what: string,
  load: (id: string) => D,
  refresh?: (reload: () => Promise<void>) => Promise<void>,
) {
  const params = useRouter().params
  const id = params.id ?? ''
  const detail = load(id)
  usePullRefresh(() => (refresh ? refresh(detail.reload) : detail.reload()))
  const head: DetailHead = { what, id, detail }
  return { id, params, detail, head }
}

/** A detail page's 分享卡片 (the page config must enable sharing): `title` is read when the user shares. */
export function useDetailShare(route: string, id: string, title: () => string): void {
  useShareAppMessage(() => ({ title: title(), path: `${route}?id=${encodeURIComponent(id)}` }))
}
