import { createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status'
import { IDEMPOTENCY_HEADER } from '../../shared/api'
import type { AppEnv } from '../app-env'
import { withGuardInFirstStatement, type Guard, type GuardOutcome } from '../db/guarded-db'
import { sql, type Sql } from '../db/sql'
import type { Db } from '../db/types'
import type { Clock } from './clock'
import { AppError } from './errors'
import { isWrite } from './rate-limit'

/** A first request that has not answered after this long is taken to have died, and its key may be taken over. */
const STALE_AFTER_SECONDS = 30
const WAIT_STEP_MS = 50
const WAIT_STEPS = 100
const KEY_PATTERN = /^[\x21-\x7e]{8,128}$/

interface KeyRow {
  request_hash: string
  status: number | null
  body: string | null
}

/** Takes the key for the request, unless another holds it: an INSERT returning a row when it did. */
const takeKey = (userId: string, key: string, requestHash: string, now: Date) =>
  sql`INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES (${userId}, ${key}, ${requestHash}, ${now})
    ON CONFLICT (user_id, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, created_at = EXCLUDED.created_at, status = NULL, body = NULL
      WHERE idempotency_keys.status IS NULL
        AND idempotency_keys.created_at < EXCLUDED.created_at - make_interval(secs => ${STALE_AFTER_SECONDS})
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
 * (the caller changed, or too many writes) or that failed on its own error. Unset while no statement carried it.
 */
type KeyOutcome = 'taken' | 'held' | 'unconfirmed' | 'failed'

const KEY_OUTCOMES: Record<GuardOutcome, KeyOutcome> = {
  passed: 'taken',
  failed: 'held',
  'other-guard': 'unconfirmed',
  statement: 'failed',
}

/** The key taken by the request's first statement, which fails (KeyHeldError) when another request holds it. */
function keyGuard(take: Sql): Guard & { outcome?: KeyOutcome } {
  return {
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
 * the first is still running waits for its answer. Server errors are not kept, so they can be retried.
 * A caller the instance knows takes the key in the request's first statement (db/guarded-db.ts), so the key costs
 * one round trip, to keep the answer; otherwise, or when that statement is not sent or fails on its own, the key is
 * taken by a statement of its own.
 */
export function idempotency(db: Db, clock: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header(IDEMPOTENCY_HEADER)
    const actor = c.get('actor')
    if (key === undefined || !actor || !isWrite(c.req.method)) return next()
    if (!KEY_PATTERN.test(key)) {
      throw AppError.validation([{ path: [IDEMPOTENCY_HEADER], message: '8 to 128 printable ASCII characters' }])
    }
    const requestHash = createHash('sha256')
      .update(`${c.req.method} ${c.req.path}\n${await c.req.text()}`)
      .digest('base64url')
    const take = takeKey(actor.id, key, requestHash, clock.now())
    const taking = keyGuard(take)
    const takeAlone = async (via: Db) => {
      const rows = await via.query(take)
      taking.outcome = rows.length > 0 ? 'taken' : 'held'
    }
    /** The key taken: the answer kept for a retry (not a server error's); held by another: that request's answer. */
    const settle = async (via: Db) => {
      if (taking.outcome === 'held') {
        const first = await waitForFirstAnswer(via, actor.id, key, requestHash)
        // Through the context, so that the replay carries this request's id and the API's headers like any answer.
        const headers = { 'content-type': 'application/json; charset=UTF-8', 'idempotent-replayed': 'true' }
        // Set, not returned: this request may have been answered already (by the error its statement ended with).
        c.res = first.body
          ? c.body(first.body, first.status as ContentfulStatusCode, headers)
          : c.body(null, first.status as StatusCode, headers)
        return
      }
      if (c.res.status >= 500) {
        await via.query(sql`DELETE FROM idempotency_keys WHERE user_id = ${actor.id} AND key = ${key}`)
        return
      }
      const answer = c.res
      const body = await answer.text()
      // Sent again from the text it was read as (none for a 204): a clone would make the Node adapter send it through a
      // web stream. Unset first, or the context would rebuild the new answer from the old one's spent body.
      c.res = undefined
      c.res = new Response(body || null, { status: answer.status, headers: answer.headers })
      await via.query(
        sql`UPDATE idempotency_keys SET status = ${answer.status}, body = ${body} WHERE user_id = ${actor.id} AND key = ${key}`,
      )
    }

    const requestDb = c.get('db')
    const guards = c.get('guards')
    if (!guards || !(await withGuardInFirstStatement(guards, taking, next))) {
      await takeAlone(requestDb)
      if (taking.outcome === 'taken') await next()
      return settle(requestDb)
    }
    // A changed caller is answered again by auth/session.ts, and a 429 is not kept: neither took the key.
    if (taking.outcome === 'unconfirmed') return
    if (taking.outcome === 'taken') return settle(requestDb)
    // The statement found the caller unchanged, then the key held, and failed with the confirmation it carried: what
    // follows is sent as it is.
    if (taking.outcome === 'held') return settle(db)
    // The answer came without a statement, or from one that failed and gave the key back with all it wrote: kept
    // like any other unless it is a server error; with the confirmation, unless that failed with the statement.
    if (c.res.status >= 500) return
    const via = taking.outcome === 'failed' ? db : requestDb
    await takeAlone(via)
    return settle(via)
  }
}

async function waitForFirstAnswer(db: Db, userId: string, key: string, requestHash: string) {
  for (let step = 0; step < WAIT_STEPS; step++) {
    const [row] = await db.query<KeyRow>(
      sql`SELECT request_hash, status, body FROM idempotency_keys WHERE user_id = ${userId} AND key = ${key}`,
    )
    // Gone: the first request failed on the server and gave the key back; the client may simply try again.
    if (!row) break
    if (row.request_hash !== requestHash) throw AppError.conflict('IDEMPOTENCY_KEY_REUSED')
    if (row.status != null) return { status: row.status, body: row.body ?? '' }
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS))
  }
  throw AppError.conflict('IDEMPOTENCY_IN_PROGRESS')
}
