import { AppError } from '../lib/errors'

export interface WechatConfig {
  appId?: string
  secret?: string
  /** WeChat's API origin; tests point it at a fake server that speaks the same protocol. */
  apiBase: string
  timeoutMs: number
}

export interface WechatSession {
  openid: string
  unionid?: string
}

export interface WechatClient {
  /** Exchanges a `wx.login` code for the user's openid (jscode2session). */
  code2session(code: string): Promise<WechatSession>
}

interface Code2SessionReply {
  openid?: string
  unionid?: string
  session_key?: string
  errcode?: number
  errmsg?: string
}

/** WeChat's error codes for a code that cannot be used: invalid, already used, or a blocked high-risk user. */
const INVALID_CODE_ERRORS = new Set([40029, 40163, 40226])
const RATE_LIMIT_ERROR = 45011

export function createWechatClient(config: WechatConfig, fetchImpl: typeof fetch = fetch): WechatClient {
  return {
    async code2session(code) {
      if (!config.appId || !config.secret) throw new AppError('WECHAT_NOT_CONFIGURED', 503)
      const url = new URL('/sns/jscode2session', config.apiBase)
      url.searchParams.set('appid', config.appId)
      url.searchParams.set('secret', config.secret)
      url.searchParams.set('js_code', code)
      url.searchParams.set('grant_type', 'authorization_code')

      let reply: Code2SessionReply
      try {
        const response = await fetchImpl(url, { signal: AbortSignal.timeout(config.timeoutMs) })
        if (!response.ok) throw new Error(`jscode2session HTTP ${response.status}`)
        reply = (await response.json()) as Code2SessionReply
      } catch (error) {
        throw new AppError('WECHAT_UNAVAILABLE', 503, undefined, { cause: (error as Error).name })
      }
      // session_key is never kept or logged: the server has no use for it.
      if (reply.errcode && INVALID_CODE_ERRORS.has(reply.errcode)) throw new AppError('WECHAT_CODE_INVALID', 401)
      if (reply.errcode === RATE_LIMIT_ERROR) throw new AppError('RATE_LIMITED', 429)
      if (reply.errcode || !reply.openid) {
        throw new AppError('WECHAT_UNAVAILABLE', 503, undefined, { wechatErrcode: reply.errcode ?? null })
      }
      return { openid: reply.openid, unionid: reply.unionid }
    },
  }
}
