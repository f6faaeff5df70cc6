import { useCallback, useEffect, useRef, useState } from 'react'
import type { Page } from '@/shared/api'
import { toApiError, type ApiError } from '@/services/http'
import { useAsync } from './use-async'

export interface PagedList<T> {
  items: T[]
  loading: boolean
  error: ApiError | null
  reload: () => Promise<void>
  hasMore: boolean
  loadingMore: boolean
  moreError: string | null
  /** Appends the next page; call it when the page reaches the bottom. */
  loadMore: () => Promise<void>
}

/**
 * A paged list: the first page through useAsync, further pages appended by `loadMore`.
 * `key` stands for everything `load` depends on; a new key starts over, showing the loading state rather than the
 * old key's items (a filter's heading must never sit above another filter's list). A reload of the same key keeps
 * its items on screen until the new ones arrive.
 */
export function usePagedList<T>(
  load: (cursor: string | undefined) => Promise<Page<T>>,
  key: string,
  enabled = true,
): PagedList<T> {
  const loadRef = useRef(load)
  loadRef.current = load
  const first = useAsync(async () => ({ key, page: await loadRef.current(undefined) }), [key], enabled)
  const page = first.data?.key === key ? first.data.page : undefined
  const [more, setMore] = useState<T[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [moreError, setMoreError] = useState<string | null>(null)
  const keyRef = useRef(key)
  keyRef.current = key

  useEffect(() => {
    setMore([])
    setMoreError(null)
    setCursor(first.data?.page.nextCursor ?? null)
  }, [first.data])

  const loadMore = useCallback(async () => {
    if (!page || !cursor || loadingMore) return
    const startedFor = keyRef.current
    setLoadingMore(true)
    setMoreError(null)
    try {
      const page = await loadRef.current(cursor)
      // The query changed meanwhile: this page belongs to the old list.
      if (startedFor !== keyRef.current) return
      setMore((items) => [...items, ...page.items])
      setCursor(page.nextCursor)
    } catch (e) {
      setMoreError(toApiError(e).message)
    } finally {
      setLoadingMore(false)
    }
  }, [page, cursor, loadingMore])

  return {
    items: page ? [...page.items, ...more] : [],
    loading: first.loading && !page,
    error: first.error,
    reload: first.reload,
    hasMore: Boolean(page && cursor),
    loadingMore,
    moreError,
    loadMore,
  }
}
