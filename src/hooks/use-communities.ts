import { useCallback } from 'react'
import type { CommunityDto } from '@/shared/identity'
import { listAllCommunities } from '@/services/communities'
import type { ApiError } from '@/services/http'
import { useAsync } from './use-async'
import { useMe, useSession } from './use-session'

let cache: Promise<CommunityDto[]> | null = null

/** The community list changes rarely: one request serves every page until a pull-down refresh. */
function loadCommunities(force: boolean): Promise<CommunityDto[]> {
  if (!cache || force) {
    const request = listAllCommunities()
    request.catch(() => {
      if (cache === request) cache = null
    })
    cache = request
  }
  return cache
}

export function useCommunities() {
  const { token } = useSession()
  const state = useAsync(() => loadCommunities(false), [token], Boolean(token))
  const { reload } = state
  const refresh = useCallback(() => {
    cache = null
    return reload()
  }, [reload])
  return { ...state, communities: state.data ?? [], refresh }
}

export interface MyCommunityState {
  community: CommunityDto | null
  /** True once the user is known and has not chosen a community yet. */
  needsCommunity: boolean
  loading: boolean
  error: ApiError | null
  reload: () => Promise<void>
}

/** The user's community, from /api/me and /api/communities. */
export function useMyCommunity(): MyCommunityState {
  const me = useMe()
  const list = useCommunities()
  const { reload: reloadMe } = me
  const { refresh } = list
  const reload = useCallback(async () => {
    await Promise.all([reloadMe(), refresh()])
  }, [reloadMe, refresh])

  const communityId = me.me?.communityId ?? null
  const community = communityId ? (list.communities.find((c) => c.id === communityId) ?? null) : null
  return {
    community,
    needsCommunity: Boolean(me.me) && !communityId,
    loading: me.loading || (list.loading && !list.data),
    error: me.error ?? list.error,
    reload,
  }
}
