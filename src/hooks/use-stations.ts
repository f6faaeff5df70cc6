import { isId } from '@/shared/api'
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { PARTY_SIZE_MAX, type BookingDto, type SlotDto } from '@/shared/stations'
import { toApiError } from '@/services/http'
import * as api from '@/services/stations'
import { goToLogin } from '@/utils/navigation'
import { askToSubscribe } from '@/utils/subscribe'
import { getSession } from './session-store'
import { useAsync } from './use-async'
import { useMyCommunity } from './use-communities'
import { useKeyedActions } from './use-keyed-actions'
import { usePagedList } from './use-paged-list'
import { useSession } from './use-session'
import { confirmAction } from '@/utils/confirm'

export interface Coords {
  lat: number
  lng: number
}

export type LocationStatus = 'locating' | 'located' | 'unavailable'

/** WeChat asks the user first; past this the list shows by community, and a late answer still moves it. */
const LOCATE_TIMEOUT_MS = 12_000

/** The last position of this session, so coming back to the tab does not ask again. */
let lastCoords: Coords | null = null

/** About 100 m: enough to sort by, steadier as a query, and no more precise than the list needs. */
const round = (n: number) => Math.round(n * 1000) / 1000

/**
 * Where the user is (GCJ-02, as WeChat's maps and our stations use). A refusal, a failure or no answer in time
 * leaves `unavailable`, and the caller falls back to the community.
 */
export function useLocation() {
  const [coords, setCoords] = useState<Coords | null>(lastCoords)
  const [status, setStatus] = useState<LocationStatus>(lastCoords ? 'located' : 'locating')
  const attempt = useRef(0)

  const locate = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        const id = ++attempt.current
        let settled = false
        const settle = (located: boolean) => {
          if (!settled) resolve(located)
          settled = true
        }
        const timer = setTimeout(() => {
          if (id === attempt.current && !lastCoords) setStatus('unavailable')
          settle(false)
        }, LOCATE_TIMEOUT_MS)
        Taro.getLocation({ type: 'gcj02' })
          .then((res) => {
            if (id !== attempt.current) return
            const next = { lat: round(res.latitude), lng: round(res.longitude) }
            // The same place again keeps the same object, so the list is not asked for twice.
            if (!lastCoords || lastCoords.lat !== next.lat || lastCoords.lng !== next.lng) lastCoords = next
            setCoords(lastCoords)
            setStatus('located')
            clearTimeout(timer)
            settle(true)
          })
          .catch(() => {
            if (id === attempt.current && !lastCoords) setStatus('unavailable')
            clearTimeout(timer)
            settle(false)
          })
      }),
    [],
  )

  useEffect(() => {
    if (!lastCoords) void locate()
  }, [locate])

  return { status, coords: status === 'located' ? coords : null, locate }
}

/**
 * Said when asking again did not work. In WeChat a refusal sticks until the user allows it in the settings page,
 * so that is offered; the H5 demo has no such page.
 */
async function explainNoLocation(): Promise<void> {
  const weapp = process.env.TARO_ENV === 'weapp'
  const { confirm } = await Taro.showModal({
    title: '没有获取到位置',
    content: weapp ? '请在设置里允许使用位置信息，驿站就会按离您的远近排列。' : '这里暂时无法定位，驿站先按社区显示。',
    showCancel: weapp,
    confirmText: weapp ? '去设置' : '知道了',
    cancelText: '先不用',
  })
  if (weapp && confirm) await Taro.openSetting().catch(() => undefined)
}

export type StationScope = 'community' | 'all'

/**
 * The 驿站 tab: every station nearest first when the position is known; otherwise the user's community's
 * stations (or all of them, by choice or when no community is set).
 */
export function useStationList() {
  const { token } = useSession()
  const home = useMyCommunity()
  const location = useLocation()
  const [scope, setScope] = useState<StationScope>('community')

  const coords = location.coords
  const communityId = !coords && scope === 'community' ? home.community?.id : undefined
  const query: api.StationQuery = coords ? { lat: coords.lat, lng: coords.lng } : { communityId }
  const ready = location.status !== 'locating' && !home.loading
  const list = usePagedList((cursor) => api.listStations({ ...query, cursor }), JSON.stringify(query), ready)

  const { locate } = location
  const { reload: reloadHome } = home
  const { reload: reloadList } = list
  const reload = useCallback(async () => {
    await Promise.all([locate(), token ? reloadHome() : null])
    await reloadList()
  }, [locate, reloadHome, reloadList, token])

  /** The user asked (重新定位): if it fails again, say why and how to allow it. */
  const relocate = useCallback(async () => {
    if (!(await locate())) await explainNoLocation()
  }, [locate])

  return {
    ...list,
    loading: !ready || list.loading,
    locationStatus: location.status,
    /** Shown when the list is not by distance. */
    community: coords ? null : home.community,
    scope,
    setScope,
    reload,
    relocate,
  }
}

export function useStationDetail(id: string) {
  const state = useAsync(() => api.getStation(id), [id], isId(id))
  return { ...state, station: state.data ?? null, loading: state.loading && !state.data }
}

/** Asks before sending an anonymous visitor to log in: they may only be looking. */
async function ensureLoggedIn(what: string): Promise<boolean> {
  if (getSession().token) return true
  const { confirm } = await Taro.showModal({
    title: '请先登录',
    content: `登录后才能${what}，现在去登录吗？`,
    confirmText: '去登录',
    cancelText: '先看看',
  })
  if (confirm) goToLogin()
  return false
}

export type SlotIntent = 'book' | 'waitlist'

export interface SlotChoice {
  slot: SlotDto
  intent: SlotIntent
}

/**
 * One service's day of slots, and booking or joining the waitlist of one of them.
 * Whatever the answer, the slots are loaded again, so the list shows the seats as they are now.
 */
export function useSlotBooking(serviceId: string | null, date: string | null, onBehalfOf: string | null = null) {
  const day = useAsync(() => api.listSlots(serviceId ?? '', date ?? ''), [serviceId, date], Boolean(serviceId && date))
  const [choice, setChoice] = useState<SlotChoice | null>(null)
  const [partySize, setPartySize] = useState(1)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [booked, setBooked] = useState<BookingDto | null>(null)
  const actions = useKeyedActions()

  // Another day or service: start afresh.
  useEffect(() => {
    setChoice(null)
    setError(null)
    setNotice(null)
  }, [serviceId, date])

  const choose = useCallback(async (slot: SlotDto, intent: SlotIntent) => {
    if (!(await ensureLoggedIn(intent === 'book' ? '预约' : '候补'))) return
    setChoice({ slot, intent })
    setPartySize(1)
    setError(null)
    setNotice(null)
  }, [])

  const close = useCallback(() => {
    setChoice(null)
    setError(null)
  }, [])

  const { reload: reloadDay } = day
  const confirm = useCallback(async () => {
    if (!choice || busy) return
    const { slot, intent } = choice
    const name = `${intent}:${slot.id}`
    setBusy(true)
    setError(null)
    try {
      if (intent === 'book') {
        // Asked within the tap, before sending (see askToSubscribe).
        // Booking for a resident (代办): nobody on this phone is to be reminded of it.
        const booking = await actions.run(name, { partySize, onBehalfOf }, (key) =>
          (onBehalfOf ? Promise.resolve() : askToSubscribe('booking')).then(() =>
            api.createBooking({ slotId: slot.id, partySize, onBehalfOf: onBehalfOf ?? undefined }, key),
          ),
        )
        // The success section says it, with the code; a toast would only cover it.
        setBooked(booking)
      } else {
        const entry = await actions.run(name, { partySize }, (key) =>
          askToSubscribe('booking').then(() => api.joinWaitlist(slot.id, { partySize }, key)),
        )
        // Said on the page rather than in a toast: a toast is gone before many elderly users have read it.
        setNotice(
          `已加入候补${entry.position ? `，现在排第${entry.position}位` : ''}。有人取消时会自动为您转成预约，并通知您。`,
        )
      }
      setChoice(null)
    } catch (e) {
      const failure = toApiError(e)
      setError(failure.message)
      if (failure.status !== 0) setChoice(null)
    } finally {
      setBusy(false)
      void reloadDay()
    }
  }, [choice, busy, partySize, actions, reloadDay, onBehalfOf])

  return {
    day: day.data ?? null,
    loading: day.loading && !day.data,
    loadError: day.error,
    reload: reloadDay,
    choice,
    choose,
    close,
    partySize,
    setPartySize: (n: number) => setPartySize(Math.max(1, Math.min(PARTY_SIZE_MAX, n))),
    busy,
    error,
    /** What just went well (joined a waitlist), said above the slots. */
    notice,
    clearError: useCallback(() => setError(null), []),
    confirm,
    booked,
    dismissBooked: useCallback(() => setBooked(null), []),
  }
}

export type BookingScope = 'upcoming' | 'past'

/** 我的预约: one tab's bookings, paged. */
export function useMyBookings(scope: BookingScope) {
  return usePagedList((cursor) => api.listMyBookings({ scope, cursor }), scope)
}

/** The waitlist places still waiting, soonest slot first. */
export function useMyWaitlist(enabled = true) {
  const state = useAsync(() => api.listMyWaitlist(), [], enabled)
  return { ...state, items: state.data?.items ?? [] }
}

/** Cancelling a booking and leaving a waitlist, each after a confirmation; `onDone` reloads the lists. */
export function useBookingActions(onDone: () => Promise<void> | void) {
  const actions = useKeyedActions()
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})

  const run = useCallback(
    async (
      id: string,
      ask: { title: string; content: string; confirmText: string },
      send: (key: string) => Promise<unknown>,
      done: string,
    ) => {
      if (busy) return
      // Both take something away (a seat, a place in the line): the button is red.
      if (!(await confirmAction({ ...ask, danger: true }))) return
      setBusy(id)
      setErrors((e) => ({ ...e, [id]: '' }))
      try {
        await actions.run(id, null, send)
        void Taro.showToast({ title: done, icon: 'success' })
      } catch (e) {
        setErrors((errs) => ({ ...errs, [id]: toApiError(e).message }))
      } finally {
        setBusy(null)
        await onDone()
      }
    },
    [busy, actions, onDone],
  )

  const cancel = useCallback(
    (booking: BookingDto) =>
      run(
        booking.id,
        {
          title: '取消预约',
          content: `确定取消「${booking.serviceName}」的预约吗？取消后名额会让给候补的邻居。`,
          confirmText: '取消预约',
        },
        (key) => api.cancelBooking(booking.id, key),
        '已取消预约',
      ),
    [run],
  )

  const leave = useCallback(
    (entry: { id: string; serviceName: string }) =>
      run(
        entry.id,
        { title: '退出候补', content: `确定不再候补「${entry.serviceName}」了吗？`, confirmText: '退出候补' },
        (key) => api.leaveWaitlist(entry.id, key),
        '已退出候补',
      ),
    [run],
  )

  return { busy, errors, cancel, leave }
}

/** 我的: the next few bookings, for the entry card. */
export function useUpcomingBookings(userId: string | null) {
  return useAsync(() => api.listMyBookings({ scope: 'upcoming', limit: 3 }), [userId], Boolean(userId))
}
