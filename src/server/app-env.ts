import type { Actor } from './auth/actor'
import type { TokenClaims } from './auth/tokens'
import type { RequestGuards } from './db/guarded-db'
import type { Db } from './db/types'

/** Hono's per-request variables, shared by every router. */
export interface AppEnv {
  Variables: {
    requestId: string
    /**
     * The database as this request sends to it: with a caller the instance knows, through the confirmation of their
     * account and the other guards of its first statement (db/guarded-db.ts), which `guards` are; for a write with an
     * Idempotency-Key, through the guard that takes the key, whoever the caller (lib/idempotency.ts).
     */
    db: Db
    guards?: RequestGuards
    /** Set when the request carried a valid token. */
    actor?: Actor
    /** What that token says: set with `actor`. */
    token?: TokenClaims
    /** Set by a route that changed the caller's own account, so that the next request reads it afresh. */
    accountChanged?: true
  }
}
