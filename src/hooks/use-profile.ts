import { useCallback } from 'react'
import Taro from '@tarojs/taro'
import { patchMeSchema, type MeDto, type PatchMeInput } from '@/shared/identity'
import { logOut as logOutOnServer } from '@/services/auth'
import { patchMe } from '@/services/me'
import { firstIssue } from '@/utils/validation'
import { goToLogin } from '@/utils/navigation'
import { chooseElderMode, getSession, previewElderMode, setMe, signOut } from './session-store'
import { useCommunities } from './use-communities'
import { isStaff, useMe, useSession } from './use-session'
import { useSubmit } from './use-submit'

function saved(me: MeDto): void {
  setMe(me)
  void Taro.showToast({ title: '已保存', icon: 'success' })
}

const validatePatch = (input: PatchMeInput) => firstIssue(patchMeSchema, input)

/** One PATCH /api/me form (nickname, community, building): validated by the shared schema, saved, stored. */
export function useMePatch() {
  return useSubmit((input: PatchMeInput, key: string) => patchMe(input, key), {
    validate: validatePatch,
    onSuccess: saved,
  })
}

/**
 * The elder-mode switch: the page changes at once, the server remembers it, and a failed save puts it back.
 * A saved choice is the user's own, and from then on wins over the phone's text size.
 */
export function useElderModeSwitch() {
  const onSuccess = useCallback((me: MeDto) => {
    chooseElderMode()
    setMe(me)
  }, [])
  const submit = useSubmit((input: { elderMode: boolean }, key: string) => patchMe(input, key), { onSuccess })
  const { submit: send } = submit
  const toggle = useCallback(
    async (elderMode: boolean) => {
      const before = getSession().elderMode
      previewElderMode(elderMode)
      if (!(await send({ elderMode }))) previewElderMode(before)
    },
    [send],
  )
  return { ...submit, toggle }
}

/** Everything the 我的 page shows: the user, the community list, and log-out (after a confirmation). */
export function useMyProfile() {
  const { me, loading, error, reload: reloadMe } = useMe()
  const { elderMode } = useSession()
  const list = useCommunities()
  const { refresh } = list
  const reload = useCallback(async () => {
    await Promise.all([reloadMe(), refresh()])
  }, [reloadMe, refresh])

  const logOut = useCallback(async () => {
    const { confirm } = await Taro.showModal({
      title: '退出登录',
      content: '确定要退出登录吗？',
      confirmText: '退出',
      cancelText: '再想想',
    })
    if (!confirm) return
    // The server ends the token too; the call has taken it, so the device forgets it without waiting for the answer
    // (offline, it is forgotten all the same).
    logOutOnServer().catch(() => undefined)
    signOut()
    goToLogin()
  }, [])

  return {
    me,
    communities: list.communities,
    elderMode,
    isStaff: isStaff(me),
    loading: loading || (list.loading && !list.data),
    error: error ?? list.error,
    reload,
    logOut: () => void logOut(),
  }
}
