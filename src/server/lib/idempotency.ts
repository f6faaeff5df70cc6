import { createHash, type Hash } from 'node:crypto'
import type { HonoRequest, MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status'
import { IDEMPOTENCY_HEADER } from '../../shared/api'
import type { AppEnv } from '../app-env'
import { guardedDb, withGuardInFirstStatement, type Guard, type GuardOutcome } from '../db/guarded-db'
import { sql, type Sql } from '../db/sql'
import type { Db } from '../db/types'
import type { Clock } from './clock'
import { AppError } from './errors'
import { isWrite } from './rate-limit'

/**
 * A key whose first request has not answered after this long: that request took its key with its writes and lost its
 * answer (no request runs this long: a query gives up after 3 s). A retry is then told so at once.
 */
const ANSWER_LOST_AFTER_SECONDS = 30
const WAIT_STEP_MS = 50
const WAIT_STEPS = 100
const KEY_PATTERN = /^[\x21-\x7e]{8,128}$/

interface KeyRow {
  request_hash: string
  status: number | null
  body: string | null
  created_at: Date
}

/**
 * Takes the key for the request, unless another holds it: an INSERT returning a row when it did. A key is never
 * taken over: its row is written with the request's first statement, so a row without an answer is a request that is
 * still running or one that wrote and lost its answer, and running that request again would write twice.
 */
const takeKey = (userId: string, key: string, requestHash: string, now: Date) =>
  sql`INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES (${userId}, ${key}, ${requestHash}, ${now})
    ON CONFLICT (user_id, key) DO NOTHING
    RETURNING 1`

/**
 * Takes the key with the answer of a request that wrote nothing (answered without a statement, or refused by its own
 * statement, undone): one statement, so no key is ever left without its answer by a request that wrote nothing.
 */
const takeKeyWithAnswer = (userId: string, key: string, requestHash: string, now: Date, status: number, body: string) =>
  sql`INSERT INTO idempotency_keys (user_id, key, request_hash, status, body, created_at)
    VALUES (${userId}, ${key}, ${requestHash}, ${status}, ${body}, ${now})
    ON CONFLICT (user_id, key) DO NOTHING
    RETURNING 1`

/** Another request holds the Idempotency-Key: the answer is that request's, not this one's. */
export class KeyHeldError extends Error {
  constructor() {
    super('the idempotency key is held by another request')
    this.name = 'KeyHeldError'
  }
}

/** Raised by idempotency_key_held() (migration 0010). */
const KEY_HELD_SQLSTATE = 'LB102'

/**
 * How taking the key went: taken; held by another request; undone with a statement that another guard failed
 * (the caller changed, or too many writes); or the statement failed on its own error: undone with all it wrote, unless
 * the error was a lost answer (a dropped connection, a timeout: answered 503), when it may have committed, the key
 * with it. Unset while no statement carried it.
 */
type KeyOutcome = 'taken' | 'held' | 'unconfirmed' | 'failed'

const KEY_OUTCOMES: Record<GuardOutcome, KeyOutcome> = {
  passed: 'taken',
  failed: 'held',
  'other-guard': 'unconfirmed',
  statement: 'failed',
}

/** The key taken by the request's first statement, which fails (KeyHeldError) when another request holds it. */
function keyGuard(take: Sql): Guard & { take: Sql; outcome?: KeyOutcome } {
  return {
    take,
    ctes: sql`__key_taken AS (${take})`,
    failsWhen: sql`WHEN NOT EXISTS (SELECT FROM __key_taken) THEN idempotency_key_held()`,
    sqlState: KEY_HELD_SQLSTATE,
    failure: () => new KeyHeldError(),
    settled(outcome) {
      this.outcome = KEY_OUTCOMES[outcome]
    },
  }
}

/**
 * Idempotency-Key on writes: the same user retrying with the same key gets the first answer again and nothing
 * is written twice; the same key with another request is 409 IDEMPOTENCY_KEY_REUSED. A retry that arrives while
 * the first is still running waits for its answer.
 * The key is taken by the request's first statement (db/guarded-db.ts; one that cannot carry it is preceded by the key
 * on its own), so it is written in the same transaction as the write when that is the first statement, as it is for
 * every write of the API: the key's row is there exactly when the write committed, also when its answer was lost.
 * A row without an answer is therefore never taken over, and a server error that came after the key was taken does
 * not give the key back (it may come after a write: a lost answer, a failure while answering): a retry waits, then is
 * told 409 IDEMPOTENCY_IN_PROGRESS, and once the first request can no longer be running, 409
 * IDEMPOTENCY_OUTCOME_UNKNOWN (the resident looks before sending it again, with a new key). A server error from a
 * statement that failed took the key back with what it wrote, so the retry runs. An answer given without writing (no
 * statement, or refused by its own statement) is kept with its key in one statement.
 */
export function idempotency(db: Db, clock: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER)
    const actor = c.get('actor')
    if (key === undefined || !actor || !isWrite(c.req.method)) return next()
    if (!KEY_PATTERN.test(key)) {
      throw AppError.validation([{ path: [IDEMPOTENCY_HEADER], message: '8 to 128 printable ASCII characters' }])
    }
    const hash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n`)
    await hashBody(c.req, hash)
    const requestHash = hash.digest('base64url')
    const now = clock.now()
    const taking = keyGuard(takeKey(actor.id, key, requestHash, now))

    /** The answer of the request that holds the key, as this request's. */
    const replayFirst = async (via: Db) => {
      const first = await waitForFirstAnswer(via, clock, actor.id, key, requestHash)
      // Through the context, so that the replay carries this request's id and the API's headers like any answer.
      const headers = { 'content-type': 'application/json; charset=UTF-8', 'idempotent-replayed': 'true' }
      // Set, not returned: this request may have been answered already (by the error its statement ended with).
      c.res = first.body
        ? c.body(first.body, first.status as ContentfulStatusCode, headers)
        : c.body(null, first.status as StatusCode, headers)
    }
    /** This request's answer, read to be kept, and sent again from its text. */
    const readAnswer = async () => {
      const answer = c.res
      const body = await answer.text()
      // Sent again from the text it was read as (none for a 204): a clone would make the Node adapter send it through a
      // web stream. Unset first, or the context would rebuild the new answer from the old one's spent body.
      c.res = undefined
      c.res = new Response(body || null, { status: answer.status, headers: answer.headers })
      return { status: answer.status, body }
    }
    /**
     * The answer of a request that took the key before or with its statements: kept, unless a server error. The row is
     * this request's own (taken at `now`): a transaction that took the key and was refused gave it back with its
     * writes, and then its answer is not kept (the retry runs afresh), nor stamped on another request's row.
     */
    const keepAnswer = async (via: Db) => {
      // It may have written: the key stays, without an answer (see above).
      if (c.res.status >= 500) return
      const { status, body } = await readAnswer()
      await via.query(
        sql`UPDATE idempotency_keys SET status = ${status}, body = ${body}
          WHERE user_id = ${actor.id} AND key = ${key} AND status IS NULL AND created_at = ${now}`,
      )
    }

    // A caller the instance has just read has no guards yet: their first statement carries the key all the same.
    let guards = c.get('guards')
    if (!guards) {
      guards = { list: [] }
      c.set('guards', guards)
      c.set('db', guardedDb(c.get('db'), guards))
    }
    const requestDb = c.get('db')
    if (!(await withGuardInFirstStatement(guards, taking, next))) {
      // A statement was sent before this middleware (none of the API's is): the key on its own, before the writes.
      const taken = await requestDb.query(taking.take)
      if (!taken.length) return replayFirst(requestDb)
      await next()
      return keepAnswer(requestDb)
    }
    // A changed caller is answered again by auth/session.ts, and a 429 is not kept: neither took the key.
    if (taking.outcome === 'unconfirmed') return
    if (taking.outcome === 'taken') return keepAnswer(requestDb)
    // The statement found the caller unchanged, then the key held, and failed with the confirmation it carried: what
    // follows is sent as it is.
    if (taking.outcome === 'held') return replayFirst(db)
    // The answer came without a statement, or from one that failed on its own error, undone. A server error is not
    // kept: the retry runs, or, when the error was a lost answer and the statement committed after all, finds the key
    // the statement took. Any other answer wrote nothing, and is kept with the key in one statement; with the
    // confirmation, unless that failed with the statement.
    if (c.res.status >= 500) return
    const via = taking.outcome === 'failed' ? db : requestDb
    const { status, body } = await readAnswer()
    const kept = await via.query(takeKeyWithAnswer(actor.id, key, requestHash, now, status, body))
    if (!kept.length) return replayFirst(via)
  }
}

/**
 * What makes two requests the same: the body's text, or for a form (a photo upload) its fields and files in order —
 * a client sending it again encodes it with another boundary.
 */
async function hashBody(req: HonoRequest, hash: Hash) {
  if (!/^multipart\/form-data\s*;/i.test(req.header('content-type') ?? '')) {
    hash.update(await req.text())
    return
  }
  let form: FormData
  try {
    form = await req.formData()
  } catch {
    throw AppError.validation([{ message: 'malformed multipart form' }], '请求格式不正确，请重试')
  }
  for (const [name, value] of form) {
    hash.update(`${JSON.stringify(name)}=`)
    if (typeof value === 'string') hash.update(`${JSON.stringify(value)}\n`)
    else hash.update(`file ${value.size}\n`).update(new Uint8Array(await value.arrayBuffer()))
  }
}

async function waitForFirstAnswer(db: Db, clock: Clock, userId: string, key: string, requestHash: string) {
  for (let step = 0; step < WAIT_STEPS; step++) {
    const [row] = await db.query<KeyRow>(
      sql`SELECT request_hash, status, body, created_at FROM idempotency_keys WHERE user_id = ${userId} AND key = ${key}`,
    )
    // Gone only with its user.
    if (!row) break
    if (row.request_hash !== requestHash) throw AppError.conflict('IDEMPOTENCY_KEY_REUSED')
    if (row.status != null) return { status: row.status, body: row.body ?? '' }
    if (clock.now().getTime() - new Date(row.created_at).getTime() >= ANSWER_LOST_AFTER_SECONDS * 1000) {
      throw AppError.conflict('IDEMPOTENCY_OUTCOME_UNKNOWN')
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS))
  }
  throw AppError.conflict('IDEMPOTENCY_IN_PROGRESS')
}
