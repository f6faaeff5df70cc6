import { isId } from '@/shared/api'
import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import type { MeDto } from '@/shared/identity'
import { createWishSchema, type CreateWishInput, type WishDetailDto } from '@/shared/wishes'
import { toApiError } from '@/services/http'
import * as api from '@/services/wishes'
import { fieldIssues } from '@/utils/validation'
import { validateWishAction, type WishActionBody } from '@/utils/wish'
import { openWish } from '@/utils/navigation'
import { askToSubscribe } from '@/utils/subscribe'
import { useAsync } from './use-async'
import { useKeyedActions } from './use-keyed-actions'
import { usePagedList } from './use-paged-list'
import { useSubmit } from './use-submit'

/** The wish wall under the chosen filters, a page at a time; a change of `query` starts over. */
export function useWishList(query: api.WishQuery, enabled = true) {
  return usePagedList((cursor) => api.listWishes({ ...query, cursor }), JSON.stringify(query), enabled)
}

function sendAction(id: string, body: WishActionBody, key: string): Promise<WishDetailDto> {
  switch (body.action) {
    case 'claim':
      return api.claimWish(id, key)
    case 'cancel':
      return api.cancelWish(id, key)
    case 'release':
      return api.releaseWish(id, body.reason.trim(), key)
    case 'dispute':
      return api.disputeWish(id, body.reason.trim(), key)
    case 'fulfil':
      return api.fulfilWish(id, { note: body.note.trim(), hours: body.hours }, key)
    case 'confirm':
      return api.confirmWish(id, { rating: body.rating, thanks: body.thanks?.trim() || undefined }, key)
    case 'review':
      return api.reviewWish(id, { approve: body.approve, reason: body.reason?.trim() || undefined }, key)
  }
}

const DONE_TOASTS: Record<WishActionBody['action'], string> = {
  claim: '认领成功',
  cancel: '已取消',
  release: '已放弃认领',
  dispute: '已反馈',
  fulfil: '已提交完成',
  confirm: '已确认完成',
  review: '审核已提交',
}

export type { WishActionBody }

/** A wish, its timeline (for those who may see it) and the actions the server says the viewer may take. */
export function useWishDetail(id: string) {
  const detail = useAsync(() => api.getWish(id), [id], isId(id))
  // After an action the server's answer is the truth until the next reload.
  const [answer, setAnswer] = useState<WishDetailDto | null>(null)
  useEffect(() => setAnswer(null), [detail.data])
  const wish = answer ?? detail.data ?? null

  const canSeeTimeline = Boolean(wish && (wish.viewer.isOwner || wish.viewer.isClaimer || wish.viewer.isStaff))
  const events = useAsync(() => api.listWishEvents(id), [id, wish?.status], canSeeTimeline)

  const actions = useKeyedActions()
  const [busy, setBusy] = useState<WishActionBody['action'] | null>(null)
  const [error, setError] = useState<string | null>(null)

  const run = useCallback(
    async (body: WishActionBody) => {
      if (busy) return false
      const invalid = validateWishAction(body)
      if (invalid) {
        setError(invalid)
        return false
      }
      setBusy(body.action)
      setError(null)
      try {
        // A volunteer claiming (alone or joining a 帮帮团) is asked within the tap whether WeChat may tell them
        // when the resident confirms or disputes, or the wish is cancelled (see askToSubscribe).
        const ask = body.action === 'claim' ? askToSubscribe('wish') : Promise.resolve()
        const result = await actions.run(body.action, body, (key) => ask.then(() => sendAction(id, body, key)))
        setAnswer(result)
        void Taro.showToast({ title: DONE_TOASTS[body.action], icon: 'success' })
        return true
      } catch (e) {
        setError(toApiError(e).message)
        return false
      } finally {
        setBusy(null)
      }
    },
    [busy, id, actions],
  )

  const reload = useCallback(async () => {
    await detail.reload()
    if (canSeeTimeline) await events.reload()
  }, [detail, events, canSeeTimeline])

  return {
    wish,
    loading: detail.loading && !wish,
    error: wish ? null : detail.error,
    events: events.data?.items ?? [],
    reload,
    run,
    busy,
    actionError: error,
    clearActionError: useCallback(() => setError(null), []),
  }
}

export type WishFieldErrors = Partial<Record<keyof CreateWishInput, string>>

/** The post-a-wish form: the shared schema's messages under each field; on success, the new wish opens. */
export function useCreateWish() {
  const [fieldErrors, setFieldErrors] = useState<WishFieldErrors>({})
  // Asked within the submit tap, before sending: may WeChat tell them when it is reviewed, claimed, fulfilled?
  // Posting for a resident (代办), nobody on this phone is to be told of it.
  const send = useCallback(
    (input: CreateWishInput, key: string) =>
      (input.onBehalfOf ? Promise.resolve() : askToSubscribe('wish')).then(() => api.createWish(input, key)),
    [],
  )
  const validate = useCallback((input: CreateWishInput) => {
    const issues = fieldIssues<keyof CreateWishInput>(createWishSchema, input)
    setFieldErrors(issues)
    return Object.keys(issues).length ? '请按红字提示修改后再提交' : null
  }, [])
  const onSuccess = useCallback((wish: WishDetailDto) => {
    void Taro.showToast({ title: '已提交，等待审核', icon: 'success' })
    openWish(wish.id, { replace: true })
  }, [])
  const submit = useSubmit(send, { validate, onSuccess })
  return { ...submit, fieldErrors }
}

const MINE_LIMIT = 3

/** 我的: my latest wishes, and for volunteers my claims and hours. */
export function useMyWishes(me: MeDto | null) {
  const isVolunteer = me?.volunteer?.status === 'active'
  const userId = me?.id ?? ''
  const owned = useAsync(() => api.listWishes({ mine: 'owner', limit: MINE_LIMIT }), [userId], Boolean(me))
  const claimed = useAsync(
    () => api.listWishes({ mine: 'claimer', limit: MINE_LIMIT }),
    [userId, isVolunteer],
    isVolunteer,
  )
  const hours = useAsync(() => api.getVolunteerHours(), [userId, isVolunteer], isVolunteer)
  const reload = useCallback(async () => {
    await Promise.all([owned.reload(), isVolunteer ? claimed.reload() : null, isVolunteer ? hours.reload() : null])
  }, [owned, claimed, hours, isVolunteer])
  return { isVolunteer, owned, claimed, hours, reload }
}
