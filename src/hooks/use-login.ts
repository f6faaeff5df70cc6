import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { AuthResult } from '@/shared/identity'
import { listDevUsers, loginAsDevUser, loginWithWechat } from '@/services/auth'
import { ApiError, toApiError } from '@/services/http'
import { goHome } from '@/utils/navigation'
import { useAsync } from './use-async'
import { signIn } from './session-store'

/** True in the H5 build, where the demo-user chooser replaces WeChat login. */
export const IS_H5 = process.env.TARO_ENV === 'h5'

/** Taro.login itself failed (WeChat could not give us a code): nothing reached our server. */
const WECHAT_LOGIN_FAILED = '微信登录没有成功，请检查网络后再点一次'

/** Signs in and lands on the first page; the login stays pending until that page has mounted. */
async function finish(result: AuthResult): Promise<void> {
  signIn(result.token, result.user)
  await goHome(Boolean(result.user.communityId))
}

/** The demo users of the H5 chooser (a 404 means the server has demo login turned off). */
export function useDevUsers() {
  const state = useAsync(async () => (await listDevUsers()).items, [], IS_H5)
  return { ...state, users: state.data ?? [], demoLoginOff: state.error?.status === 404 }
}

export interface LoginState {
  /** The demo user being logged in, or 'wechat' during a WeChat login. */
  pending: string | null
  error: string | null
  loginAs: (userId: string) => Promise<void>
  loginWithWechat: () => Promise<void>
}

export function useLogin(): LoginState {
  const [pending, setPending] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const run = useCallback(async (key: string, attempt: () => Promise<AuthResult>) => {
    setPending(key)
    setError(null)
    try {
      await finish(await attempt())
    } catch (e) {
      setError(toApiError(e).message)
    } finally {
      setPending(null)
    }
  }, [])

  const loginAs = useCallback((userId: string) => run(userId, () => loginAsDevUser(userId)), [run])

  const wechat = useCallback(
    () =>
      run('wechat', async () => {
        let code: string
        try {
          code = (await Taro.login()).code
        } catch {
          throw new ApiError(0, 'WECHAT_LOGIN_FAILED', WECHAT_LOGIN_FAILED)
        }
        return loginWithWechat(code)
      }),
    [run],
  )

  return { pending, error, loginAs, loginWithWechat: wechat }
}
