import { queryable, sqlState, type Db, type Queryable } from '../db/types'
import { callerVersionSql } from '../features/users/repo'
import { enforceLimit, hitCtes, type RateWindow } from '../lib/rate-limit'

/**
 * A request by a caller this instance has seen before runs on the roles it saw, and has them confirmed by its first
 * statement: the statement also compares the version of the caller's account now with the one seen (and for
 * a write counts one hit on the caller's write limit, and takes its Idempotency-Key), and fails, undoing all it wrote,
 * if they differ (a role, a community, a suspension, a deletion), the hit is one too many or another request holds
 * the key. The request is then answered again with the account read afresh (auth/session.ts), or 429, or with the
 * other request's answer (lib/idempotency.ts). So most requests are one round trip, and a demoted or deleted user
 * still loses access at once, however many instances there are.
 */
export interface CallerCheck {
  readonly userId: string
  /** The version of the account the request runs on (`users.account_version`). */
  readonly version: string
  /** For a write: the window its hit is counted in, and how many hits it may hold. */
  readonly write: { window: RateWindow; limit: number } | null
  /** Settles when the account has been confirmed; rejects with CallerChangedError when it has changed. */
  confirmed?: Promise<void>
  changed: boolean
  /** For a write with an Idempotency-Key: the key its first statement takes (`withKeyInFirstStatement`). */
  key?: KeyToTake
}

/** An Idempotency-Key to take in the request's first statement, and how that went. */
export interface KeyToTake {
  /** An INSERT that returns a row when the key is now this request's; its placeholders numbered from `first`. */
  readonly sql: (first: number) => string
  readonly params: readonly unknown[]
  /**
   * Set when the statement that carried it has ended: it took the key; another request holds it; the confirmation
   * failed (the caller changed, or too many writes); or the statement failed on its own error. The last two undid
   * the key with everything else. Unset when no statement was sent.
   */
  outcome?: 'taken' | 'held' | 'unconfirmed' | 'failed'
}

/** The account changed since it was read: the request's answer must not be sent. */
export class CallerChangedError extends Error {
  constructor() {
    super('the caller changed')
    this.name = 'CallerChangedError'
  }
}

/** Another request holds the Idempotency-Key: the answer is that request's, not this one's. */
export class KeyHeldError extends Error {
  constructor() {
    super('the idempotency key is held by another request')
    this.name = 'KeyHeldError'
  }
}

/** Raised by caller_changed() and too_many_writes() (migration 0009), and idempotency_key_held() (0010). */
const CALLER_CHANGED_SQLSTATE = 'LB100'
const TOO_MANY_WRITES_SQLSTATE = 'LB101'
const KEY_HELD_SQLSTATE = 'LB102'

/**
 * Runs one request's handlers with its caller to confirm, giving them the database they send to (`checkedDb`);
 * afterwards the caller is confirmed or known to have changed.
 */
export async function runChecked(db: Db, check: CallerCheck, handle: (requestDb: Db) => Promise<void>): Promise<void> {
  await handle(checkedDb(db, check))
  // The handler met any failure of the confirmation already, and answered for it.
  if (check.confirmed) return
  // Nothing was sent to the database (an answer from the roles alone, such as a 403): confirm on its own.
  await confirmAlone(db, check).catch((error: unknown) => {
    if (!(error instanceof CallerChangedError)) throw error
  })
}

/**
 * Unless the request has sent a statement already, runs `handle` with `key` taken by its first statement and
 * returns true; false, without running it, when one has been sent (the caller then takes the key on its own).
 * Afterwards `key.outcome` tells how it went; if `handle` sent no statement, no later one takes the key.
 */
export async function withKeyInFirstStatement(
  check: CallerCheck,
  key: KeyToTake,
  handle: () => Promise<void>,
): Promise<boolean> {
  if (check.confirmed) return false
  check.key = key
  try {
    await handle()
  } finally {
    check.key = undefined
  }
  return true
}

/**
 * The database one checked request sends to. Its first statement carries the confirmation when it returns rows
 * (wrapped, see `withConfirmation`); otherwise the confirmation goes first, on its own. Later statements are sent
 * only once the caller is confirmed.
 */
function checkedDb(db: Db, check: CallerCheck): Db {
  const send = async <Row>(text: string, params: readonly unknown[]) => {
    if (check.confirmed) {
      await check.confirmed
      return db.send<Row>(text, params)
    }
    const wrapped = withConfirmation(text, check, params.length + 1)
    if (!wrapped) {
      await startConfirming(check, confirmAlone(db, check))
      return db.send<Row>(text, params)
    }
    const answer = caught(check, db.send<Row>(wrapped, [...params, ...checkParams(check)]))
    await startConfirming(
      check,
      answer.then(() => undefined),
    )
    return answer
  }
  return {
    kind: db.kind,
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      await (check.confirmed ?? startConfirming(check, confirmAlone(db, check)))
      return db.tx(fn)
    },
    exec: (sql) => db.exec(sql),
    close: () => db.close(),
    ...queryable(send),
  }
}

/** The CTEs that count a write's hit and take its key, named apart from any of the statement's own. */
const WRITE_HIT = '__write_hit'
const KEY_TAKEN = '__key_taken'

/** The check's parameters, numbered from `first` in the text `confirmation` writes. */
const checkParams = (check: CallerCheck) => [
  check.userId,
  check.version,
  ...(check.write ? [check.write.window.bucket, check.write.window.start, check.write.limit] : []),
  ...(check.key?.params ?? []),
]

/**
 * The CTEs the confirmation needs (a write's hit, its key), and the expression that is true or ends the statement.
 * Its tests run in this order, so the caller's write counter is locked before the key's row, in every statement.
 */
function confirmation(check: CallerCheck, first: number): { ctes: string; test: string } {
  const $ = (i: number) => `$${first + i}`
  const unchanged = `${callerVersionSql($(0))} IS NOT DISTINCT FROM ${$(1)}::bigint`
  const ctes: string[] = []
  const fails = [`WHEN NOT (${unchanged}) THEN caller_changed()`]
  let next = 2
  if (check.write) {
    ctes.push(hitCtes($(next), $(next + 1), WRITE_HIT))
    fails.push(`WHEN (SELECT hits FROM ${WRITE_HIT}) > ${$(next + 2)}::int THEN too_many_writes()`)
    next += 3
  }
  if (check.key) {
    ctes.push(`${KEY_TAKEN} AS (${check.key.sql(first + next)})`)
    fails.push(`WHEN NOT EXISTS (SELECT FROM ${KEY_TAKEN}) THEN idempotency_key_held()`)
  }
  return { ctes: ctes.map((cte) => `${cte}, `).join(''), test: `CASE ${fails.join('\n')} ELSE true END` }
}

/**
 * The statement as the last CTE of its own WITH list, answered only if the confirmation holds: an uncorrelated
 * subquery in WHERE is an InitPlan, which PostgreSQL runs before the first row is asked of the CTE, so it runs once,
 * first (a write's hit locks the caller's counter before anything else, in every statement alike), also when the
 * statement has no rows. MATERIALIZED keeps the statement planned as its own, and keeps the test out of it: inlined, the
 * test would join the statement's conditions, and one that is false for the parameters given would skip it. Null when
 * the statement cannot be wrapped: it then runs after a confirmation of its own, which costs a round trip and is never
 * wrong.
 */
function withConfirmation(text: string, check: CallerCheck, first: number): string | null {
  const key = `${check.write ? 'write' : 'read'}${check.key ? ' keyed' : ''} ${first}\n${text}`
  let wrapped = wrappedTexts.get(key)
  if (wrapped === undefined) {
    if (wrappedTexts.size >= WRAPPED_TEXTS) wrappedTexts.clear()
    wrapped = wrap(text, check, first)
    wrappedTexts.set(key, wrapped)
  }
  return wrapped
}

/**
 * Statements as wrapped before, by kind, first parameter and text: the texts are the code's own, with values in
 * parameters, so there are a few hundred, and wrapping one anew (reading it through) takes longer than finding it.
 */
const wrappedTexts = new Map<string, string | null>()
const WRAPPED_TEXTS = 2_000

function wrap(text: string, check: CallerCheck, first: number): string | null {
  const parts = splitWith(text)
  if (!parts) return null
  const writes = /^(INSERT|UPDATE|DELETE)\b/i.test(parts.main)
  if ((writes && !/\bRETURNING\b/i.test(parts.main)) || (!writes && !/^SELECT\b/i.test(parts.main))) return null
  const { ctes, test } = confirmation(check, first)
  return `${parts.with}${ctes}__answer AS MATERIALIZED (${parts.main}
    )
    SELECT * FROM __answer WHERE (SELECT ${test})`
}

/**
 * `WITH a AS (…), b AS (…) main` as its WITH list, ready for one more CTE (`WITH a AS (…), b AS (…), `), and its
 * main statement; a statement without WITH has an empty list (`WITH `). Null when the text does not parse as that.
 */
function splitWith(text: string): { with: string; main: string } | null {
  const head = /^\s*WITH\s+(RECURSIVE\s+)?/i.exec(text)
  if (!head) return { with: 'WITH ', main: text.trim() }
  let depth = 0
  for (let i = head[0].length; i < text.length; i++) {
    const char = text[i]
    if (char === "'" || char === '"') {
      i = text.indexOf(char, i + 1)
      if (i < 0) return null
    } else if (char === '-' && text[i + 1] === '-') {
      i = text.indexOf('\n', i)
      if (i < 0) return null
    } else if (char === '(') {
      depth++
    } else if (char === ')' && --depth === 0) {
      // After a CTE's body comes a comma or the main statement; after a column list, AS.
      const rest = text.slice(i + 1)
      const next = /^\s*(,|AS\b|(?:NOT\s+)?MATERIALIZED\b)?/i.exec(rest)!
      if (next[1] === undefined) return { with: `${text.slice(0, i + 1)}, `, main: rest.trim() }
    }
  }
  return null
}

/** Whoever awaits the confirmation meets its failure; it is never left unhandled. */
function startConfirming(check: CallerCheck, confirming: Promise<void>): Promise<void> {
  check.confirmed = confirming
  confirming.catch(() => undefined)
  return confirming
}

function confirmAlone(db: Db, check: CallerCheck): Promise<void> {
  const { ctes, test } = confirmation(check, 1)
  const text = `${ctes ? `WITH ${ctes.replace(/,\s*$/, '')}` : ''} SELECT ${test}`
  return caught(check, db.send(text, checkParams(check))).then(() => undefined)
}

/**
 * The statement's failure as CallerChangedError, 429 or KeyHeldError when the confirmation failed it, and the outcome
 * of the key it carried (the check's key when it was sent).
 */
function caught<T>(check: CallerCheck, statement: Promise<T>): Promise<T> {
  const key = check.key
  return statement.then(
    (rows) => {
      if (key) key.outcome = 'taken'
      return rows
    },
    (error: unknown) => {
      const state = sqlState(error)
      if (key) {
        key.outcome =
          state === KEY_HELD_SQLSTATE
            ? 'held'
            : state === CALLER_CHANGED_SQLSTATE || state === TOO_MANY_WRITES_SQLSTATE
              ? 'unconfirmed'
              : 'failed'
      }
      if (state === TOO_MANY_WRITES_SQLSTATE && check.write) {
        enforceLimit(check.write.window, check.write.limit + 1, check.write.limit)
      }
      if (state === KEY_HELD_SQLSTATE) throw new KeyHeldError()
      if (state !== CALLER_CHANGED_SQLSTATE) throw error
      check.changed = true
      throw new CallerChangedError()
    },
  )
}
