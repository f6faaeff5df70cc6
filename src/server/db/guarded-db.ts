import { sql, toQuery, type Sql } from './sql'
import { queryable, sqlState, type Db, type Queryable } from './types'

/**
 * A condition a request's first statement confirms before it answers: that the caller's account is as the instance
 * remembers it (auth/session.ts), that a write is within its limit (lib/rate-limit.ts), that an Idempotency-Key is
 * this request's (lib/idempotency.ts). A guard that fails raises its SQLSTATE, which ends the statement with all it
 * wrote undone, and the request meets the guard's `failure()` instead of the statement's rows.
 */
export interface Guard {
  /** CTEs the guard's test reads, named apart from any statement's own (`__name`). */
  readonly ctes?: Sql
  /** One arm of the test: `WHEN <the guard fails> THEN <a function that raises sqlState>()`. */
  readonly failsWhen: Sql
  readonly sqlState: string
  /** What the request meets when this guard failed its statement. */
  failure(): Error
  /** Told how the statement that carried the guard ended; unset when none did. */
  settled?(outcome: GuardOutcome): void
}

/** `failed`: this guard failed the statement; `other-guard`: another one did; `statement`: the statement's own error. */
export type GuardOutcome = 'passed' | 'failed' | 'other-guard' | 'statement'

/**
 * The guards of one request, tested in their order (so a write's counter is locked before its key's row, in every
 * statement), and once they have been confirmed, the promise that says so.
 */
export interface RequestGuards {
  readonly list: Guard[]
  confirmed?: Promise<void>
}

/**
 * Runs one request's handlers on the database they send to (`guardedDb`); afterwards the guards are confirmed, or the
 * error of the one that failed is thrown.
 */
export async function runGuarded(db: Db, guards: RequestGuards, handle: (requestDb: Db) => Promise<void>) {
  await handle(guardedDb(db, guards))
  // The handler met any failure of the confirmation already, and answered for it.
  if (guards.confirmed) return
  // Nothing was sent to the database (an answer from the roles alone, such as a 403): confirm on its own.
  await confirmAlone(db, guards)
}

/**
 * Unless the request has sent a statement already, runs `handle` with `guard` added for its first statement and
 * returns true; false, without running it, when one has been sent. If `handle` sends no statement, no later one
 * carries the guard.
 */
export async function withGuardInFirstStatement(
  guards: RequestGuards,
  guard: Guard,
  handle: () => Promise<void>,
): Promise<boolean> {
  if (guards.confirmed) return false
  guards.list.push(guard)
  try {
    await handle()
  } finally {
    guards.list.splice(guards.list.indexOf(guard), 1)
  }
  return true
}

/**
 * The database one guarded request sends to. Its first statement carries the guards when it returns rows (wrapped,
 * see `wrap`); a transaction confirms them in its first statement; any other statement is preceded by them, on their
 * own. Later statements are sent only once they hold.
 * `runGuarded` makes one for a caller the instance knows; lib/idempotency.ts makes one, with no guard of its own, for
 * a write of another caller, so that its key too is taken by its first statement.
 */
export function guardedDb(db: Db, guards: RequestGuards): Db {
  const send = async <Row>(text: string, params: readonly unknown[]) => {
    if (guards.confirmed) {
      await guards.confirmed
      return db.send<Row>(text, params)
    }
    // No guard to carry (yet): sent as it is.
    if (!guards.list.length) return db.send<Row>(text, params)
    const parts = splitOnce(text)
    if (!parts) {
      await startConfirming(guards, confirmAlone(db, guards))
      return db.send<Row>(text, params)
    }
    const carried = [...guards.list]
    // The guards' own values follow the statement's.
    const wrapped = toQuery(wrap(parts, carried), params.length + 1)
    const answer = caught(carried, db.send<Row>(wrapped.text, [...params, ...wrapped.params]))
    await startConfirming(
      guards,
      answer.then(() => undefined),
    )
    return answer
  }
  return {
    kind: db.kind,
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      if (guards.confirmed) {
        await guards.confirmed
        return db.tx(fn)
      }
      if (!guards.list.length) return db.tx(fn)
      // Confirmed by the transaction's first statement: what the guards wrote (the key, the hit) commits or is undone
      // with the transaction's writes.
      return db.tx(async (q) => {
        await startConfirming(guards, confirmAlone(q, guards))
        return fn(q)
      })
    },
    exec: (script) => db.exec(script),
    close: () => db.close(),
    ...queryable(send),
  }
}

/** The guards' CTEs, and the test that is true or raises. */
function confirmation(guards: readonly Guard[]): { ctes: Sql[]; test: Sql } {
  return {
    ctes: guards.flatMap((guard) => (guard.ctes ? [guard.ctes] : [])),
    test: sql`CASE ${sql.join(
      guards.map((guard) => guard.failsWhen),
      sql`\n`,
    )} ELSE true END`,
  }
}

/**
 * The statement as the last CTE of its own WITH list, answered only if the guards hold: an uncorrelated subquery in
 * WHERE is an InitPlan, which PostgreSQL runs before the first row is asked of the CTE, so it runs once, first (a
 * write's hit locks the caller's counter before anything else, in every statement alike), also when the statement
 * has no rows. MATERIALIZED keeps the statement planned as its own, and keeps the test out of it: inlined, the test
 * would join the statement's conditions, and one that is false for the values given would skip it. The statement's
 * own text is spliced as written: its parameters keep their numbers, and the guards' are numbered after them.
 */
function wrap(parts: { with: string; main: string }, guards: readonly Guard[]): Sql {
  const { ctes, test } = confirmation(guards)
  return sql`${sql.raw(parts.with)}${sql.join(
    ctes.map((cte) => sql`${cte}, `),
    sql.empty,
  )}__answer AS MATERIALIZED (${sql.raw(parts.main)}
    )
    SELECT * FROM __answer WHERE (SELECT ${test})`
}

/**
 * Statements as split before, by text: the texts are the code's own, with values in parameters, so there are a few
 * hundred, and reading one through anew takes longer than finding it.
 */
const splitTexts = new Map<string, { with: string; main: string } | null>()
const SPLIT_TEXTS = 2_000

/** The statement split for wrapping, or null when it cannot carry the guards (see `splitWith`). */
function splitOnce(text: string) {
  let parts = splitTexts.get(text)
  if (parts === undefined) {
    if (splitTexts.size >= SPLIT_TEXTS) splitTexts.clear()
    parts = wrappable(text)
    splitTexts.set(text, parts)
  }
  return parts
}

/** A statement that returns rows can carry the guards: a SELECT, or a write with RETURNING. */
function wrappable(text: string) {
  const parts = splitWith(text)
  if (!parts) return null
  const writes = /^(INSERT|UPDATE|DELETE)\b/i.test(parts.main)
  if ((writes && !/\bRETURNING\b/i.test(parts.main)) || (!writes && !/^SELECT\b/i.test(parts.main))) return null
  return parts
}

/**
 * `WITH a AS (…), b AS (…) main` as its WITH list, ready for one more CTE (`WITH a AS (…), b AS (…), `), and its
 * main statement; a statement without WITH has an empty list (`WITH `). Null when the text does not parse as that.
 * Quoted and dollar-quoted text and comments are passed over, so a parenthesis inside them does not count.
 */
/** The opening of a dollar-quoted string (`$$`, `$body$`); `$1` is a parameter, not a quote. */
const DOLLAR_QUOTE = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/

export function splitWith(text: string): { with: string; main: string } | null {
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
    } else if (char === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1
      if (i < 1) return null
    } else if (char === '$' && DOLLAR_QUOTE.test(text.slice(i, i + 64))) {
      const tag = DOLLAR_QUOTE.exec(text.slice(i, i + 64))![0]
      const end = text.indexOf(tag, i + tag.length)
      if (end < 0) return null
      i = end + tag.length - 1
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
function startConfirming(guards: RequestGuards, confirming: Promise<void>): Promise<void> {
  guards.confirmed = confirming
  confirming.catch(() => undefined)
  return confirming
}

function confirmAlone(db: Queryable, guards: RequestGuards): Promise<void> {
  const carried = [...guards.list]
  const { ctes, test } = confirmation(carried)
  const { text, params } = toQuery(sql`${ctes.length ? sql`WITH ${sql.join(ctes)} ` : sql.empty}SELECT ${test}`)
  return caught(carried, db.send(text, params)).then(() => undefined)
}

/** The statement's failure as the failure of the guard that failed it, and each guard told how it went. */
function caught<T>(guards: readonly Guard[], statement: Promise<T>): Promise<T> {
  return statement.then(
    (rows) => {
      for (const guard of guards) guard.settled?.('passed')
      return rows
    },
    (error: unknown) => {
      const state = sqlState(error)
      const failed = guards.find((guard) => guard.sqlState === state)
      for (const guard of guards) guard.settled?.(guard === failed ? 'failed' : failed ? 'other-guard' : 'statement')
      throw failed ? failed.failure() : error
    },
  )
}
