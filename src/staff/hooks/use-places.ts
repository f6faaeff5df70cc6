import { useCallback, useState } from 'react'
import { useAsync } from '@/hooks/use-async'
import { usePagedList } from '@/hooks/use-paged-list'
import { toApiError } from '@/services/http'
import { getDoorCode, listBuildings, listGrids, listHouseholds, listOrgs } from '@/services/places'

/** A community's grids and buildings (first 50 of each: a community has a few dozen), reloaded together. */
export function usePlaces(communityId: string | null) {
  const grids = useAsync(() => listGrids(communityId!), [communityId], communityId !== null)
  const buildings = useAsync(() => listBuildings(communityId!), [communityId], communityId !== null)
  const { reload: reloadGrids } = grids
  const { reload: reloadBuildings } = buildings
  const reload = useCallback(async () => {
    await Promise.all([reloadGrids(), reloadBuildings()])
  }, [reloadGrids, reloadBuildings])
  return {
    grids: grids.data?.items ?? [],
    buildings: buildings.data?.items ?? [],
    loading: grids.loading || buildings.loading,
    /** Loaded at least once: a reload keeps what is shown (and the forms under it) on screen. */
    ready: grids.data !== undefined && buildings.data !== undefined,
    error: grids.error ?? buildings.error,
    reload,
  }
}

/** The organisations of a community, for handler invites. */
export function useOrgs(communityId: string | null) {
  const orgs = useAsync(() => listOrgs(communityId!), [communityId], communityId !== null)
  return { orgs: orgs.data?.items ?? [], loading: orgs.loading, error: orgs.error, reload: orgs.reload }
}

/** The households of a community, of one building when one is chosen, paged. */
export function useHouseholds(communityId: string | null, building: string | null) {
  return usePagedList(
    (cursor) => listHouseholds(communityId!, { cursor, limit: 30, ...(building ? { building } : {}) }),
    `${communityId}:${building ?? ''}`,
    communityId !== null,
  )
}

/** Door-card codes, fetched one at a time when staff ask (each reading is audited), kept while the page is open. */
export function useDoorCodes() {
  const [codes, setCodes] = useState<Record<string, string>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const reveal = useCallback(async (householdId: string) => {
    try {
      const { code } = await getDoorCode(householdId)
      setCodes((all) => ({ ...all, [householdId]: code }))
    } catch (e) {
      setErrors((all) => ({ ...all, [householdId]: toApiError(e).message }))
    }
  }, [])
  return { codes, errors, reveal }
}
