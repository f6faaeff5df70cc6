import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { StaffBookingDto } from '@/shared/stations'
import { useAsync } from '@/hooks/use-async'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { toApiError } from '@/services/http'
import * as api from '@/services/stations'

/**
 * 今日预约: one service's bookings on one day, and checking one of them in from the list.
 * A checked-in booking is updated in place at once; the list is then loaded again.
 */
export function useServiceBookings(serviceId: string | null, date: string) {
  const day = useAsync(() => api.listServiceBookings(serviceId ?? '', date), [serviceId, date], Boolean(serviceId))
  const [updated, setUpdated] = useState<Record<string, StaffBookingDto>>({})
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const actions = useKeyedActions()

  const { reload: reloadDay } = day
  const reload = useCallback(async () => {
    await reloadDay()
    setUpdated({})
  }, [reloadDay])

  const checkIn = useCallback(
    async (booking: StaffBookingDto) => {
      if (busy) return
      setBusy(booking.id)
      setErrors((e) => ({ ...e, [booking.id]: '' }))
      try {
        const done = await actions.run(booking.id, booking.code, (key) => api.checkIn(booking.code, key))
        setUpdated((u) => ({ ...u, [done.id]: done }))
        void Taro.showToast({ title: '签到成功', icon: 'success' })
      } catch (e) {
        setErrors((errs) => ({ ...errs, [booking.id]: toApiError(e).message }))
      } finally {
        setBusy(null)
      }
    },
    [busy, actions],
  )

  const items = (day.data?.items ?? []).map((b) => updated[b.id] ?? b)
  return {
    items,
    loading: day.loading && !day.data,
    error: day.error,
    reload,
    checkIn,
    busy,
    errors,
  }
}
