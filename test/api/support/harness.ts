import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { inject } from 'vitest'
import { createApp, type App } from '../../../src/server/app'
import { createTokenService, type TokenService } from '../../../src/server/auth/tokens'
import type { WechatClient } from '../../../src/server/auth/wechat'
import { loadConfig, type AppConfig } from '../../../src/server/config'
import { openDatabase } from '../../../src/server/db/connect'
import { createPgliteDb } from '../../../src/server/db/pglite'
import type { Db } from '../../../src/server/db/types'
import { manualClock } from '../../../src/server/lib/clock'
import { silentLogger } from '../../../src/server/lib/logger'

export interface Harness {
  app: App
  db: Db
  clock: ReturnType<typeof manualClock>
  config: AppConfig
  tokens: TokenService
  close(): Promise<void>
}

/** The tests' AUTH_SECRET, given as a deployment gives one: every harness of a file accepts the others' tokens. */
const TEST_AUTH_SECRET = 'test-only-secret-0123456789-abcdefghijklmnop'

/** Limits high enough that only the tests about rate limits meet them. */
const GENEROUS_LIMITS = { loginPerMinute: 100_000, writesPerMinute: 100_000 }

/** Opens the test database: PostgreSQL through the Neon driver when TEST_DATABASE_URL is set, else PGlite. */
export async function openTestDb(poolSize = 20): Promise<Db> {
  const databaseUrl = process.env.TEST_DATABASE_URL
  if (databaseUrl) return openDatabase({ databaseUrl, dataDir: '', poolSize })
  const snapshot = inject('pgliteSnapshot')
  if (!snapshot) throw new Error('no PGlite snapshot: run through the api project')
  return createPgliteDb({ loadDataDir: new Blob([fs.readFileSync(snapshot)]) })
}

/** The real app on the test database, with a clock the test moves. */
export async function startHarness(
  options: { config?: Partial<AppConfig>; env?: Record<string, string>; wechat?: WechatClient; db?: Db } = {},
): Promise<Harness> {
  const db = options.db ?? (await openTestDb())
  const clock = manualClock(new Date())
  // Uploads go to a folder of the harness's own, removed with it.
  const uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-uploads-'))
  const config: AppConfig = {
    ...loadConfig({ AUTH_DEV_LOGIN: '1', AUTH_SECRET: TEST_AUTH_SECRET, ...options.env }),
    rateLimits: GENEROUS_LIMITS,
    storage: { kind: 'local', dir: uploadsDir },
    ...options.config,
  }
  const app = createApp({ db, config, clock, log: silentLogger, wechat: options.wechat })
  const tokens = createTokenService(config.authSecret, config.tokenTtlSeconds, clock)
  const close = async () => {
    fs.rmSync(uploadsDir, { recursive: true, force: true })
    await db.close()
  }
  return { app, db, clock, config, tokens, close }
}

/**
 * Another instance of the app on the harness's database, clock and config, as a serverless platform runs several:
 * it knows no caller until it is asked.
 */
export const anotherInstance = (h: Harness): App =>
  createApp({ db: h.db, config: h.config, clock: h.clock, log: silentLogger })

export interface CallOptions {
  token?: string
  body?: unknown
  headers?: Record<string, string>
  /** The client's address as the socket shows it; without one, the request has no socket, as under app.request. */
  address?: string
}

/** What @hono/node-server hands the app with a request: here only the socket's peer. */
const fromSocket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } })

export interface Reply<T = any> {
  status: number
  body: T
  headers: Headers
}

/** One request to the app, as the mini-program would send it. */
export async function call<T = any>(
  app: App,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | Uint8Array<ArrayBuffer> | undefined
  if (options.body instanceof FormData) {
    // A form (a photo upload) as a client sends it: encoded, with its boundary and its length.
    const encoded = new Request('http://localhost/', { method: 'POST', body: options.body })
    headers['content-type'] ??= encoded.headers.get('content-type')!
    body = new Uint8Array(await encoded.arrayBuffer())
    headers['content-length'] ??= String(body.length)
  } else if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    // As every HTTP client sends it; the body limit judges a write by it (the Fetch API leaves it out in-process).
    headers['content-length'] ??= String(Buffer.byteLength(body))
  }
  const response = await app.request(
    path,
    { method, headers, body },
    options.address ? fromSocket(options.address) : undefined,
  )
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers }
}

export const uniqueName = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`
