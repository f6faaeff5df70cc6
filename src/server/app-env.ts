import type { Actor } from './auth/actor'

/** Hono's per-request variables, shared by every router. */
export interface AppEnv {
  Variables: {
    requestId: string
    /** Set when the request carried a valid token. */
    actor?: Actor
    /** Set by a route that changed the caller's own account, so that the next request reads it afresh. */
    accountChanged?: true
  }
}
