import { useCallback, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { reasonSchema, type CommunityDto, type MeDto, type VolunteerApplicationForStaffDto } from '@/shared/identity'
import { useAsync } from '@/hooks/use-async'
import { useCommunities } from '@/hooks/use-communities'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { isStaff, useMe } from '@/hooks/use-session'
import { toApiError } from '@/services/http'
import { approveVolunteer, listPendingApplications, rejectVolunteer } from '@/services/volunteers'
import { firstIssue } from '@/utils/validation'

export interface PendingApplication extends VolunteerApplicationForStaffDto {
  communityName: string
}

/** Staff see their own communities; an admin with none assigned sees every community. */
export function reviewableCommunityIds(me: MeDto, all: CommunityDto[]): string[] {
  if (me.staffCommunityIds.length > 0) return me.staffCommunityIds
  return me.role === 'admin' ? all.map((c) => c.id) : []
}

const MAX_PAGES = 5

async function loadPending(communityIds: string[], communities: CommunityDto[]): Promise<PendingApplication[]> {
  const names = new Map(communities.map((c) => [c.id, c.name]))
  const perCommunity = await Promise.all(
    communityIds.map(async (communityId) => {
      const items: VolunteerApplicationForStaffDto[] = []
      let cursor: string | null = null
      for (let i = 0; i < MAX_PAGES; i++) {
        const page = await listPendingApplications(communityId, cursor)
        items.push(...page.items)
        cursor = page.nextCursor
        if (!cursor) break
      }
      return items
    }),
  )
  return perCommunity
    .flat()
    .map((a) => ({ ...a, communityName: names.get(a.communityId) ?? '' }))
    .sort((a, b) => a.appliedAt.localeCompare(b.appliedAt))
}

/** The volunteer-application queue of the staff workbench, with approve and reject; `onDecided` after each one. */
export function useVolunteerReview(onDecided?: () => void) {
  const { me, loading: meLoading, error: meError, reload: reloadMe } = useMe()
  const { communities, loading: listLoading, error: listError, refresh } = useCommunities()
  const ids = useMemo(() => (me ? reviewableCommunityIds(me, communities) : []), [me, communities])
  const ready = Boolean(me) && !listLoading
  const queue = useAsync(() => loadPending(ids, communities), [ids.join(','), ready], ready && ids.length > 0)

  // Decided applications leave the list at once; the next reload confirms it.
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set())
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const actions = useKeyedActions()

  const decide = useCallback(
    async (userId: string, kind: 'approve' | 'reject', reason?: string) => {
      if (kind === 'reject') {
        const invalid = firstIssue(reasonSchema, { reason: reason ?? '' })
        if (invalid) {
          setErrors((e) => ({ ...e, [userId]: invalid }))
          return false
        }
      }
      setBusy(userId)
      setErrors((e) => ({ ...e, [userId]: '' }))
      try {
        await actions.run(`${kind}:${userId}`, reason ?? null, (key) =>
          kind === 'approve' ? approveVolunteer(userId, key) : rejectVolunteer(userId, (reason ?? '').trim(), key),
        )
        setDecided((d) => new Set(d).add(userId))
        onDecided?.()
        void Taro.showToast({ title: kind === 'approve' ? '已通过' : '已退回', icon: 'success' })
        return true
      } catch (e) {
        setErrors((errs) => ({ ...errs, [userId]: toApiError(e).message }))
        return false
      } finally {
        setBusy(null)
      }
    },
    [actions, onDecided],
  )

  const reload = useCallback(async () => {
    setDecided(new Set())
    await Promise.all([reloadMe(), refresh()])
    await queue.reload()
  }, [reloadMe, refresh, queue])

  const items = (queue.data ?? []).filter((a) => !decided.has(a.userId))
  return {
    items,
    allowed: isStaff(me),
    loading: meLoading || listLoading || (queue.loading && !queue.data),
    error: meError ?? listError ?? queue.error,
    busy,
    errors,
    approve: (userId: string) => decide(userId, 'approve'),
    reject: (userId: string, reason: string) => decide(userId, 'reject', reason),
    reload,
  }
}
