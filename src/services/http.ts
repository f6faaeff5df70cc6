/**
 * The one Taro.request wrapper. Every API call of the mini-program goes through `http`.
 * The behaviour (headers, errors, 401) lives in http-client.ts; this file only binds it to Taro.
 */
import Taro from '@tarojs/taro'
import { goToLogin } from '@/utils/navigation'
import { createHttpClient, type HttpPlatform } from './http-client'

export { ApiError, isApiError, toApiError } from './http-client'

const TOKEN_KEY = 'llt.token'

/**
 * H5 is served by the API server itself (one origin, no CORS); the weapp build calls the origin
 * given at build time in TARO_APP_API_BASE (see config/index.ts).
 */
export const API_BASE = process.env.TARO_ENV === 'h5' ? '' : process.env.TARO_APP_API_BASE || 'http://localhost:3000'

/** The session token, kept in the mini-program's storage so it survives restarts. */
export const tokenStorage = {
  get(): string | null {
    const token: unknown = Taro.getStorageSync(TOKEN_KEY)
    return typeof token === 'string' && token ? token : null
  },
  set(token: string): void {
    Taro.setStorageSync(TOKEN_KEY, token)
  },
  clear(): void {
    Taro.removeStorageSync(TOKEN_KEY)
  },
}

type Listener = () => void
const expiryListeners = new Set<Listener>()

/** Subscribes to "the server no longer accepts our token"; returns the unsubscribe function. */
export function onSessionExpired(listener: Listener): () => void {
  expiryListeners.add(listener)
  return () => expiryListeners.delete(listener)
}

const taroPlatform: HttpPlatform = {
  async request(req) {
    const res = await Taro.request({
      url: req.url,
      method: req.method,
      header: req.header,
      data: req.data as TaroGeneral.IAnyObject | undefined,
      timeout: req.timeout,
      dataType: 'json',
    })
    return { statusCode: res.statusCode, data: res.data }
  },
  getToken: () => tokenStorage.get(),
  clearToken: () => tokenStorage.clear(),
  onUnauthorized() {
    expiryListeners.forEach((listener) => listener())
    goToLogin()
  },
}

export const http = createHttpClient(taroPlatform, API_BASE)
