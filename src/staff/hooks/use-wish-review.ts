import { useCallback, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import type { MeDto } from '@/shared/identity'
import { reviewWishSchema } from '@/shared/wishes'
import { useAsync } from '@/hooks/use-async'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { toApiError } from '@/services/http'
import * as api from '@/services/wishes'
import { firstIssue } from '@/utils/validation'

/** The pending wishes of the staff member's (first) community, with approve and reject; `onDecided` after each one. */
export function useWishReview(me: MeDto | null, onDecided?: () => void) {
  const communityId = me?.staffCommunityIds[0] ?? null
  const queue = useAsync(
    () => api.listWishes({ status: 'pending_review', communityId: communityId ?? undefined, limit: 50 }),
    [communityId],
    Boolean(communityId),
  )
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set())
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const actions = useKeyedActions()

  const decide = useCallback(
    async (id: string, approve: boolean, reason?: string) => {
      const invalid = firstIssue(reviewWishSchema, { approve, reason })
      if (invalid) {
        setErrors((e) => ({ ...e, [id]: invalid }))
        return false
      }
      setBusy(id)
      setErrors((e) => ({ ...e, [id]: '' }))
      try {
        const body = { approve, reason: reason?.trim() || undefined }
        await actions.run(`${approve ? 'approve' : 'reject'}:${id}`, body, (key) => api.reviewWish(id, body, key))
        setDecided((d) => new Set(d).add(id))
        onDecided?.()
        void Taro.showToast({ title: approve ? '已发布' : '已退回', icon: 'success' })
        return true
      } catch (e) {
        setErrors((errs) => ({ ...errs, [id]: toApiError(e).message }))
        return false
      } finally {
        setBusy(null)
      }
    },
    [actions, onDecided],
  )

  const { reload: reloadQueue } = queue
  const reload = useCallback(async () => {
    setDecided(new Set())
    await reloadQueue()
  }, [reloadQueue])

  const items = useMemo(() => (queue.data?.items ?? []).filter((w) => !decided.has(w.id)), [queue.data, decided])
  return {
    items,
    hasCommunity: Boolean(communityId),
    loading: queue.loading && !queue.data,
    error: queue.error,
    busy,
    errors,
    approve: (id: string) => decide(id, true),
    reject: (id: string, reason: string) => decide(id, false, reason),
    reload,
  }
}
