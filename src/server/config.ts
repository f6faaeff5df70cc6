import { randomBytes } from 'node:crypto'
import path from 'node:path'
import * as z from 'zod'
import type { WechatConfig } from './auth/wechat'
import type { StorageConfig } from './lib/storage'

export interface AppConfig {
  production: boolean
  authSecret: string
  tokenTtlSeconds: number
  /**
   * The demo login (AUTH_DEV_LOGIN=1): a chooser of seeded users instead of WeChat. `defaults.devLogin` (npm start)
   * turns it on by default on the embedded database only.
   */
  devLogin: boolean
  wechat: WechatConfig
  rateLimits: { loginPerMinute: number; writesPerMinute: number }
  /** Where the login limit reads the client's address from (lib/rate-limit.ts). */
  clientAddress: ClientAddressSource
  cronSecret?: string
  notify: NotifyConfig
  /** Where uploaded photos' bytes are kept (lib/storage.ts). */
  storage: StorageConfig
}

/**
 * Whom to believe about the client's address. A forwarding header is believed only from a proxy that is known to be
 * there: any client can send one.
 * - `socket`: the connection's peer (the default).
 * - `forwarded`: behind `proxies` proxies (TRUST_PROXY) that each append the address they saw to X-Forwarded-For: the
 *   entry the outermost of them appended. What the client wrote itself stays to its left.
 * - `vercel`: on Vercel, the address its edge writes in `x-vercel-forwarded-for` (a client's own is overwritten).
 */
export type ClientAddressSource = { from: 'socket' } | { from: 'forwarded'; proxies: number } | { from: 'vercel' }

/** Where a notification's text goes in a subscribe message: the template's field names → what fills them. */
export type TemplateFields = Record<string, 'title' | 'body' | 'time'>

export interface SubscribeTemplate {
  id: string
  fields: TemplateFields
}

/** WeChat subscribe messages (订阅消息): a template per notification kind; kinds without one are not sent. */
export interface NotifyConfig {
  templates: Record<string, SubscribeTemplate>
  /** Which version of the mini-program a tap on the message opens. */
  miniprogramState: 'formal' | 'trial' | 'developer'
}

/** The fields a template gets when WECHAT_TEMPLATES gives only its id. */
export const DEFAULT_TEMPLATE_FIELDS: TemplateFields = { thing1: 'title', thing2: 'body', time3: 'time' }

const templatesSchema = z.record(
  z.string().regex(/^[a-z_]+\.[a-z_]+$/, 'kind like "wish.approved"'),
  z.union([
    z.string().min(1),
    z.object({
      id: z.string().min(1),
      fields: z.record(z.string().regex(/^[a-z_]+\d+$/, 'a field like "thing1"'), z.enum(['title', 'body', 'time'])),
    }),
  ]),
)

function parseTemplates(json: string | undefined): Record<string, SubscribeTemplate> {
  if (!json) return {}
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    throw new Error('Invalid environment: WECHAT_TEMPLATES: not JSON')
  }
  const parsed = templatesSchema.safeParse(value)
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: WECHAT_TEMPLATES: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  }
  return Object.fromEntries(
    Object.entries(parsed.data).map(([kind, t]) => [
      kind,
      typeof t === 'string' ? { id: t, fields: DEFAULT_TEMPLATE_FIELDS } : t,
    ]),
  )
}

const MIN_SECRET_LENGTH = 32

const envSchema = z.object({
  NODE_ENV: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  AUTH_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `at least ${MIN_SECRET_LENGTH} characters (openssl rand -base64 48)`)
    .optional(),
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
  WECHAT_TEMPLATES: z.string().optional(),
  WECHAT_MINIPROGRAM_STATE: z.enum(['formal', 'trial', 'developer']).default('formal'),
  RATE_LIMIT_LOGIN_PER_MINUTE: z.coerce.number().int().positive().default(10),
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().positive().default(60),
  TRUST_PROXY: z.coerce
    .number({ error: 'the number of proxies in front of the server, such as 1' })
    .int()
    .min(0)
    .max(10)
    .default(0),
  DATA_DIR: z.string().default('.data'),
  UPLOAD_STORAGE: z.enum(['local', 's3'], { error: '"local" (a folder under DATA_DIR) or "s3"' }).optional(),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().optional(),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['0', '1']).optional(),
})

type Env = z.output<typeof envSchema>

/**
 * Where uploads go. S3 when S3_BUCKET is set (or UPLOAD_STORAGE=s3), and then all of it must be; else the folder
 * `uploads` under DATA_DIR. Production keeps files in S3 unless UPLOAD_STORAGE=local says that this server has a disk
 * of its own that lasts; the Vercel function never has one.
 */
function storageConfig(e: Env, production: boolean): StorageConfig {
  const s3 = e.UPLOAD_STORAGE ? e.UPLOAD_STORAGE === 's3' : Boolean(e.S3_BUCKET)
  if (!s3) {
    if (production && e.UPLOAD_STORAGE !== 'local') {
      throw new Error(
        'Uploads need S3 in production: set S3_BUCKET, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY (and S3_ENDPOINT ' +
          'for a store other than AWS), or UPLOAD_STORAGE=local on a server whose DATA_DIR lasts',
      )
    }
    return { kind: 'local', dir: path.join(e.DATA_DIR, 'uploads') }
  }
  const missing = (['S3_BUCKET', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => !e[k])
  if (missing.length) throw new Error(`Invalid environment: uploads in S3 need ${missing.join(', ')}`)
  return {
    kind: 's3',
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION!,
    bucket: e.S3_BUCKET!,
    accessKeyId: e.S3_ACCESS_KEY_ID!,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
    // Path-style unless told otherwise when a custom endpoint is given (MinIO and most self-hosted stores need it).
    forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === '1' : Boolean(e.S3_ENDPOINT),
  }
}

/**
 * Reads the configuration from the environment and fails fast on what would be unsafe: a short AUTH_SECRET; a
 * missing one in production or on DATABASE_URL; a missing CRON_SECRET in production. An empty variable counts as
 * unset. Without AUTH_SECRET on the embedded database, tokens are signed with a random secret made here, so each
 * start of `npm start` has its own (a token from before a restart is a 401, and the app logs in again): no token is
 * ever signed with a secret written in the code.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  defaults: {
    /** The demo login's default on the embedded database (npm start). */
    devLogin?: boolean
    /** The Vercel function: the client's address is the one Vercel's edge writes. */
    vercel?: boolean
  } = {},
): AppConfig {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')))
  if (!parsed.success) {
    throw new Error(
      `Invalid environment: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  }
  const e = parsed.data
  const production = e.NODE_ENV === 'production'
  if (!e.AUTH_SECRET && (production || e.DATABASE_URL)) {
    throw new Error(
      `AUTH_SECRET must be set to at least ${MIN_SECRET_LENGTH} characters ${production ? 'in production' : 'with DATABASE_URL'}`,
    )
  }
  if (production) {
    if (!e.CRON_SECRET || e.CRON_SECRET.length < 16) {
      throw new Error('CRON_SECRET must be set to at least 16 characters in production')
    }
  }
  return {
    production,
    authSecret: e.AUTH_SECRET ?? randomBytes(MIN_SECRET_LENGTH).toString('base64url'),
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    // A real database holds real people: there only AUTH_DEV_LOGIN=1 turns the demo login on.
    devLogin: e.AUTH_DEV_LOGIN ? e.AUTH_DEV_LOGIN === '1' : !e.DATABASE_URL && (defaults.devLogin ?? false),
    wechat: { appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE, timeoutMs: 5_000 },
    rateLimits: { loginPerMinute: e.RATE_LIMIT_LOGIN_PER_MINUTE, writesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE },
    clientAddress: defaults.vercel
      ? { from: 'vercel' }
      : e.TRUST_PROXY > 0
        ? { from: 'forwarded', proxies: e.TRUST_PROXY }
        : { from: 'socket' },
    cronSecret: e.CRON_SECRET,
    notify: { templates: parseTemplates(e.WECHAT_TEMPLATES), miniprogramState: e.WECHAT_MINIPROGRAM_STATE },
    storage: storageConfig(e, production),
  }
}
