import { useCallback, useMemo } from 'react'
import type { CommunityDto } from '@/shared/identity'
import { useCommunities } from '@/hooks/use-communities'
import { isStaff, useMe } from '@/hooks/use-session'
import { reviewableCommunityIds } from './use-volunteer-review'

export interface StaffScope {
  /** The user is staff or the admin (the server still checks every call). */
  allowed: boolean
  /** The communities the user works for (for an admin with none assigned: all). */
  communities: CommunityDto[]
  loading: boolean
  error: ReturnType<typeof useMe>['error']
  reload: () => Promise<void>
}

/** Who is using the staff pages, and for which communities. */
export function useStaffScope(): StaffScope {
  const me = useMe()
  const list = useCommunities()
  const { reload: reloadMe } = me
  const { refresh } = list
  const communities = useMemo(() => {
    if (!me.me) return []
    const ids = reviewableCommunityIds(me.me, list.communities)
    const byId = new Map(list.communities.map((c) => [c.id, c]))
    // A community missing from the public list still counts: the name is only a label.
    return ids.map((id) => byId.get(id) ?? { id, name: '本社区', street: '', district: '' })
  }, [me.me, list.communities])

  const reload = useCallback(async () => {
    await Promise.all([reloadMe(), refresh()])
  }, [reloadMe, refresh])

  return {
    allowed: isStaff(me.me),
    communities,
    loading: me.loading || (list.loading && !list.data),
    error: me.error ?? list.error,
    reload,
  }
}
