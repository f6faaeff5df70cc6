import { useCallback, useEffect, useRef, useState } from 'react'
import { toApiError, type ApiError } from '@/services/http'

export interface AsyncState<T> {
  data: T | undefined
  loading: boolean
  error: ApiError | null
  /** Loads again; resolves when done, whatever the outcome (the error lands in `error`). */
  reload: () => Promise<void>
}

/**
 * Runs `load` when `enabled` and whenever `deps` change; keeps the last data while reloading
 * and ignores answers that arrive after a newer request started.
 */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[], enabled = true): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined)
  const [loading, setLoading] = useState(enabled)
  const [error, setError] = useState<ApiError | null>(null)
  const latest = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(async () => {
    const id = ++latest.current
    setLoading(true)
    setError(null)
    try {
      const result = await loadRef.current()
      if (id === latest.current) setData(result)
    } catch (e) {
      if (id === latest.current) setError(toApiError(e))
    } finally {
      if (id === latest.current) setLoading(false)
    }
  }, [])

  useEffect(() => {
    if (enabled) void reload()
    else setLoading(false)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller lists what `load` depends on
  }, [enabled, reload, ...deps])

  return { data, loading, error, reload }
}
