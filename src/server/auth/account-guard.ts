import type { Guard } from '../db/guarded-db'
import { sql } from '../db/sql'

/** The account changed since it was read: the request's answer must not be sent. */
export class CallerChangedError extends Error {
  constructor() {
    super('the caller changed')
    this.name = 'CallerChangedError'
  }
}

/** Raised by caller_changed() (migration 0009). */
const CALLER_CHANGED_SQLSTATE = 'LB100'

/**
 * The guard of a request by a caller this instance has seen before: it runs on the roles seen, and its first
 * statement fails, undoing all it wrote, if the version of the account (`users.account_version`, migration 0009:
 * bumped by whatever the caller's lookup reads) is no longer the one seen, or the account is gone. The request is
 * then answered again with the account read afresh (auth/session.ts). `changed` says whether that happened.
 */
export function accountGuard(userId: string, version: string): Guard & { changed: boolean } {
  return {
    changed: false,
    failsWhen: sql`WHEN NOT ((SELECT account_version FROM users WHERE id = ${userId} AND deleted_at IS NULL)
      IS NOT DISTINCT FROM ${version}::bigint) THEN caller_changed()`,
    sqlState: CALLER_CHANGED_SQLSTATE,
    failure() {
      this.changed = true
      return new CallerChangedError()
    },
  }
}
