import { useCallback, useEffect, useSyncExternalStore } from 'react'
import type { MeDto } from '@/shared/identity'
import type { ApiError } from '@/services/http'
import { getSession, loadMe, subscribe, type SessionState } from './session-store'

export { signIn, signOut, setMe, previewElderMode, chooseElderMode } from './session-store'

/** The whole session, re-rendering on every change. */
export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession, getSession)
}

export interface MeState {
  me: MeDto | null
  loading: boolean
  error: ApiError | null
  /** Reloads /api/me; resolves when done, whatever the outcome (the error lands in `error`). */
  reload: () => Promise<void>
}

/** The current user, loaded on first use. */
export function useMe(): MeState {
  const { token, me, meStatus, meError } = useSession()

  useEffect(() => {
    if (token && meStatus === 'idle') loadMe().catch(() => undefined)
  }, [token, meStatus])

  const reload = useCallback(async () => {
    await loadMe(true).catch(() => undefined)
  }, [])

  return {
    me,
    loading: Boolean(token) && (meStatus === 'idle' || meStatus === 'loading') && !me,
    error: me ? null : meError,
    reload,
  }
}

/** Staff and admins get the workbench (the server still checks every call). */
export function isStaff(me: MeDto | null): boolean {
  return me?.role === 'staff' || me?.role === 'admin'
}
