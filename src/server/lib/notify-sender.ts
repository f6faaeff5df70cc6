import { PAGE_PATHS, pageOfEntity } from '../../routes'
import type { WechatConfig } from '../auth/wechat'
import type { NotifyConfig, SubscribeTemplate } from '../config'
import type { Db } from '../db/types'
import type { Clock } from './clock'
import type { Logger } from './logger'
import { claimDue, recordOutcome, type Outcome, type OutboxRow } from './outbox'

/**
 * The sender: delivers due outbox rows as WeChat subscribe messages (订阅消息). It runs only from the cron
 * (`/api/cron/notify`) and the local server's timer, never inside a user's request, so a failed delivery can only
 * leave a row to be tried again.
 */

/** Tries before a row is given up as failed. */
export const MAX_ATTEMPTS = 5
/** The wait before the second try; each further try waits twice as long (1, 2, 4, 8 minutes). */
export const FIRST_RETRY_SECONDS = 60
const BATCH = 50
const MAX_BATCHES = 10
const PARALLEL_SENDS = 4
/** A cached access token is renewed this long before WeChat says it expires. */
const TOKEN_MARGIN_SECONDS = 300

/** WeChat's codes for an access token that expired or is no longer valid: fetch a new one and try again. */
const TOKEN_INVALID = new Set([40001, 40014, 42001])
/** The user has not accepted (or has used up) this template: retrying cannot help. */
const USER_REFUSED = 43101

export interface DeliveryReport {
  sent: number
  refused: number
  retrying: number
  failed: number
  skipped: number
}

export interface NotifySender {
  /** Delivers what is due now; `userIds` limits it to those users' rows (tests on a shared database). */
  run(options?: { userIds?: string[] }): Promise<DeliveryReport>
}

interface TokenReply {
  access_token?: string
  expires_in?: number
  errcode?: number
  errmsg?: string
}

class SendError extends Error {
  constructor(
    message: string,
    readonly errcode?: number,
  ) {
    super(message)
  }
}

export function createNotifySender(options: {
  db: Db
  clock: Clock
  wechat: WechatConfig
  notify: NotifyConfig
  log: Logger
  fetch?: typeof fetch
}): NotifySender {
  const { db, clock, wechat, notify, log } = options
  const fetchImpl = options.fetch ?? fetch
  const configured = Boolean(wechat.appId && wechat.secret)
  let token: { value: string; renewAt: number } | null = null
  let pendingToken: Promise<string> | null = null

  async function callWechat(path: string, init?: RequestInit): Promise<TokenReply> {
    const response = await fetchImpl(
      new URL(path, wechat.apiBase),
      Object.assign({}, init, { signal: AbortSignal.timeout(wechat.timeoutMs) }),
    )
    if (!response.ok) throw new SendError(`HTTP ${response.status}`)
    return (await response.json()) as TokenReply
  }

  /** The cached access token, fetched when missing or about to expire; one fetch at a time. */
  async function accessToken(): Promise<string> {
    if (token && clock.now().getTime() < token.renewAt) return token.value
    pendingToken ??= (async () => {
      const query = new URLSearchParams({
        grant_type: 'client_credential',
        appid: wechat.appId!,
        secret: wechat.secret!,
      })
      const reply = await callWechat(`/cgi-bin/token?${query}`)
      if (!reply.access_token) throw new SendError(`token: errcode ${reply.errcode ?? '?'} ${reply.errmsg ?? ''}`)
      const lifetime = Math.max((reply.expires_in ?? 7200) - TOKEN_MARGIN_SECONDS, 60)
      token = { value: reply.access_token, renewAt: clock.now().getTime() + lifetime * 1000 }
      return reply.access_token
    })().finally(() => {
      pendingToken = null
    })
    return pendingToken
  }

  async function post(row: OutboxRow, template: SubscribeTemplate, accessTokenValue: string) {
    const query = new URLSearchParams({ access_token: accessTokenValue })
    const reply = await callWechat(`/cgi-bin/message/subscribe/send?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(subscribeMessage(row, template, notify.miniprogramState)),
    })
    return reply.errcode ?? 0
  }

  /** One try of one row: a token rejected as expired is renewed once and the message sent again. */
  async function deliver(row: OutboxRow): Promise<Outcome> {
    const template = notify.templates[row.kind]!
    try {
      let used = await accessToken()
      let errcode = await post(row, template, used)
      if (TOKEN_INVALID.has(errcode)) {
        // Another row may have renewed it meanwhile; renew only the token that failed.
        if (token?.value === used) token = null
        used = await accessToken()
        errcode = await post(row, template, used)
      }
      if (errcode === 0) return { status: 'sent' }
      if (errcode === USER_REFUSED) return { status: 'refused', error: `errcode ${errcode}: user refused` }
      throw new SendError(`errcode ${errcode}`, errcode)
    } catch (error) {
      const message =
        error instanceof SendError ? error.message : `${(error as Error).name}: ${(error as Error).message}`
      if (row.attempts >= MAX_ATTEMPTS) return { status: 'failed', error: message }
      const wait = FIRST_RETRY_SECONDS * 2 ** (row.attempts - 1)
      return { status: 'retry', error: message, at: new Date(clock.now().getTime() + wait * 1000) }
    }
  }

  return {
    async run({ userIds } = {}) {
      const report: DeliveryReport = { sent: 0, refused: 0, retrying: 0, failed: 0, skipped: 0 }
      const kinds = configured ? Object.keys(notify.templates) : null
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const { rows, skipped } = await claimDue(db, {
          now: clock.now(),
          limit: BATCH,
          kinds,
          userIds: userIds ?? null,
        })
        report.skipped += skipped
        await inParallel(rows, PARALLEL_SENDS, async (row) => {
          const outcome = await deliver(row)
          await recordOutcome(db, row, outcome, clock.now())
          report[outcome.status === 'retry' ? 'retrying' : outcome.status] += 1
          if (outcome.status !== 'sent') {
            log.info('notify.not_sent', {
              notificationId: row.notification_id,
              status: outcome.status,
              error: outcome.error,
            })
          }
        })
        if (rows.length + skipped < BATCH) break
      }
      return report
    },
  }
}

/** The message for one notification: its texts in the template's fields, cut to WeChat's limits. */
export function subscribeMessage(row: OutboxRow, template: SubscribeTemplate, state: NotifyConfig['miniprogramState']) {
  const values = { title: row.title, body: row.body, time: shanghaiMinute(new Date(row.created_at)) }
  return {
    touser: row.openid,
    template_id: template.id,
    page: pageOf(row),
    miniprogram_state: state,
    lang: 'zh_CN',
    data: Object.fromEntries(
      Object.entries(template.fields).map(([field, source]) => [field, { value: fit(field, values[source]) }]),
    ),
  }
}

/** WeChat's length limits by field type (thing ≤ 20 characters, phrase ≤ 5, …). */
const FIELD_LIMITS: [RegExp, number][] = [
  [/^phrase/, 5],
  [/^name/, 10],
  [/^character_string/, 32],
  [/^/, 20],
]

function fit(field: string, value: string): string {
  const limit = FIELD_LIMITS.find(([pattern]) => pattern.test(field))![1]
  const chars = [...value]
  return chars.length <= limit ? value : chars.slice(0, limit - 1).join('') + '…'
}

/** "2025-03-01 09:30" in Shanghai: the `time` field's format. */
function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** The page a tap on the message opens: its subject's, else the inbox. */
const pageOf = (row: Pick<OutboxRow, 'entity_type' | 'entity_id'>): string =>
  pageOfEntity(row.entity_type, row.entity_id) ?? PAGE_PATHS.notifications

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0
  const lane = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane))
}
