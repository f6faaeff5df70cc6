import * as z from 'zod'
import type { WechatConfig } from './auth/wechat'

export interface AppConfig {
  production: boolean
  authSecret: string
  tokenTtlSeconds: number
  /** The demo login (AUTH_DEV_LOGIN=1): a chooser of seeded users instead of WeChat. */
  devLogin: boolean
  wechat: WechatConfig
  rateLimits: { loginPerMinute: number; writesPerMinute: number }
  cronSecret?: string
}

/** Only for development and tests; production refuses to start without a real AUTH_SECRET. */
const DEVELOPMENT_SECRET = 'development-only-secret-do-not-use-in-production'
const MIN_SECRET_LENGTH = 32

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  AUTH_SECRET: z.string().optional(),
  AUTH_DEV_LOGIN: z.enum(['0', '1']).optional(),
  TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  CRON_SECRET: z.string().optional(),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().positive().default(60),
})

/**
 * Reads the configuration from the environment and fails fast on what would be unsafe:
 * in production a missing or short AUTH_SECRET, or a missing CRON_SECRET, stops the server from starting.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  defaults: { devLogin?: boolean } = {},
): AppConfig {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  }
  const e = parsed.data
  const production = e.NODE_ENV === 'production'
  if (production) {
    if (!e.AUTH_SECRET || e.AUTH_SECRET.length < MIN_SECRET_LENGTH) {
      throw new Error(`AUTH_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters in production`)
    }
    if (!e.CRON_SECRET || e.CRON_SECRET.length < 16) {
      throw new Error('CRON_SECRET must be set to at least 16 characters in production')
    }
  }
  return {
    production,
    authSecret: e.AUTH_SECRET ?? DEVELOPMENT_SECRET,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    devLogin: e.AUTH_DEV_LOGIN ? e.AUTH_DEV_LOGIN === '1' : (defaults.devLogin ?? false),
    wechat: { appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE, timeoutMs: 5_000 },
    rateLimits: { loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE, writesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE },
    cronSecret: e.CRON_SECRET,
  }
}
