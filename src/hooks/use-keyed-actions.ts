import { useRef } from 'react'
import { createKeyedActions, type KeyedActions } from '@/services/http-client'

/**
 * The Idempotency-Keys of this component's writes, kept across re-renders: `run(name, input, send)` sends with the
 * key of the pending action `name`. One rule for every write of the app (see `createKeyedActions`):
 * - a key is made when an action (by its name and target, e.g. `claim`, `approve:<id>`) is first attempted;
 * - it is reused for every retry of that same pending action (same name, same input), so a retry after a lost
 *   answer is deduplicated by the server;
 * - it is dropped only once the server has answered: on success, or on a refusal that settles the action (a 4xx,
 *   other than 429 and IDEMPOTENCY_IN_PROGRESS). No answer (offline, timeout) and a 5xx keep it.
 */
export function useKeyedActions(): KeyedActions {
  const ref = useRef<KeyedActions | null>(null)
  if (!ref.current) ref.current = createKeyedActions()
  return ref.current
}
