import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { useAsync } from '@/hooks/use-async'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { usePagedList } from '@/hooks/use-paged-list'
import * as api from '@/services/activities'
import { toApiError } from '@/services/http'
import { isId } from '@/shared/api'
import type { ActivityDetailDto } from '@/shared/activities'
import { confirmAction } from '@/utils/confirm'
import { askToSubscribe } from '@/utils/subscribe'

export type ActivityScope = 'upcoming' | 'past'

/** The community's activities, a page at a time. */
export function useActivityList(when: ActivityScope, communityId?: string) {
  return usePagedList((cursor) => api.listActivities({ when, communityId, cursor }), `${when}:${communityId ?? ''}`)
}

/**
 * One activity and what the viewer does with it: sign up (party 1–4), cancel, take or give back a post. Each write
 * keeps its Idempotency-Key until answered; the answer is the activity as it is now.
 */
export function useActivity(id: string) {
  const valid = isId(id)
  const state = useAsync(() => api.getActivity(id), [id], valid)
  const actions = useKeyedActions()
  const [fresh, setFresh] = useState<ActivityDetailDto | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const activity = fresh ?? state.data

  const run = useCallback(
    async (name: string, input: unknown, send: (key: string) => Promise<ActivityDetailDto>, done: string) => {
      if (busy) return
      setBusy(name)
      setError(null)
      try {
        setFresh(await actions.run(name, input, send))
        void Taro.showToast({ title: done, icon: 'success' })
      } catch (e) {
        setError(toApiError(e).message)
      } finally {
        setBusy(null)
      }
    },
    [actions, busy],
  )

  const reload = useCallback(async () => {
    setFresh(null)
    await state.reload()
  }, [state])

  return {
    activity,
    loading: state.loading && !fresh,
    error: state.error,
    reload,
    busy,
    actionError: error,
    signUp: (partySize: number) =>
      run(
        'signup',
        { partySize },
        (key) => askToSubscribe('activity').then(() => api.signUp(id, partySize, key)),
        '报名成功',
      ),
    cancel: async () => {
      const ok = await confirmAction({
        title: '取消报名',
        content: '确定取消报名吗？名额会让给其他邻居。',
        confirmText: '取消报名',
        danger: true,
      })
      if (ok) await run('cancel', null, (key) => api.cancelSignup(id, key), '已取消报名')
    },
    claimPost: (postId: string) =>
      run(
        `claim:${postId}`,
        null,
        (key) => askToSubscribe('activity').then(() => api.claimPost(id, postId, key)),
        '认领成功',
      ),
    releasePost: async (postId: string) => {
      const ok = await confirmAction({
        title: '放弃岗位',
        content: '确定放弃这个志愿岗位吗？',
        confirmText: '放弃',
        danger: true,
      })
      if (ok) await run(`release:${postId}`, null, (key) => api.releasePost(id, postId, key), '已放弃岗位')
    },
  }
}

/** 双报到: my service this year. */
export function usePartyService() {
  return useAsync(() => api.getMyPartyService(), [])
}
