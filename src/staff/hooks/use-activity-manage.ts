import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import { useAsync } from '@/hooks/use-async'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { completeActivity, getActivity, getCommunityPartyService, listActivities } from '@/services/activities'
import { toApiError } from '@/services/http'
import type { ActivityDetailDto } from '@/shared/activities'
import { confirmAction } from '@/utils/confirm'

/** The community's activities (upcoming and the latest past ones) for staff, and the one opened in full. */
export function useActivityManage(communityId: string) {
  const enabled = Boolean(communityId)
  const upcoming = useAsync(() => listActivities({ communityId, when: 'upcoming', limit: 20 }), [communityId], enabled)
  const past = useAsync(() => listActivities({ communityId, when: 'past', limit: 10 }), [communityId], enabled)
  const [open, setOpen] = useState<ActivityDetailDto | null>(null)
  const [absent, setAbsent] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const actions = useKeyedActions()

  const select = useCallback(async (id: string) => {
    setError(null)
    setAbsent([])
    try {
      setOpen(await getActivity(id))
    } catch (e) {
      setError(toApiError(e).message)
    }
  }, [])

  const toggleAbsent = (volunteerId: string) =>
    setAbsent((ids) => (ids.includes(volunteerId) ? ids.filter((id) => id !== volunteerId) : [...ids, volunteerId]))

  /** 登记完成: the present post holders' hours are recorded, once. */
  const complete = useCallback(async () => {
    if (!open || busy) return
    const ok = await confirmAction({
      title: '登记活动完成',
      content: absent.length
        ? `将为到场的志愿者记录时长，${absent.length}位缺席的不记录。登记后不能修改。`
        : '将为所有认领岗位的志愿者记录时长。登记后不能修改。',
      confirmText: '登记完成',
    })
    if (!ok) return
    setBusy(true)
    setError(null)
    try {
      setOpen(await actions.run(`complete:${open.id}`, absent, (key) => completeActivity(open.id, absent, key)))
      void Taro.showToast({ title: '已登记完成', icon: 'success' })
      await past.reload()
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setBusy(false)
    }
  }, [open, busy, absent, actions, past])

  const reload = useCallback(async () => {
    await Promise.all([upcoming.reload(), past.reload()])
  }, [upcoming, past])

  return { upcoming, past, open, select, absent, toggleAbsent, complete, busy, error, reload }
}

/** 双报到: the community's party members' service this year, with the participation rate. */
export function useCommunityPartyService(communityId: string) {
  return useAsync(() => getCommunityPartyService(communityId), [communityId], Boolean(communityId))
}
