import { useRef } from 'react'
import { createIdempotentAction, type IdempotentAction } from '@/services/http'

/** One idempotency key per user action, kept across re-renders until the action succeeds. */
export function useIdempotentAction(): IdempotentAction {
  const ref = useRef<IdempotentAction | null>(null)
  if (!ref.current) ref.current = createIdempotentAction()
  return ref.current
}
