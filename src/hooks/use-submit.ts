import { useCallback, useState } from 'react'
import { toApiError } from '@/services/http'
import { useKeyedActions } from './use-keyed-actions'

export interface SubmitState<I> {
  /** Validates, sends with the action's idempotency key, and resolves true on success. Never rejects. */
  submit: (input: I) => Promise<boolean>
  submitting: boolean
  /** The message to show under the form: a validation message or the server's. */
  error: string | null
  clearError: () => void
}

/**
 * One form submission: local validation first, then the request, with its Idempotency-Key kept by the rule of
 * useKeyedActions (a retry of the same input reuses it). A second tap while sending is ignored.
 */
export function useSubmit<I, T>(
  send: (input: I, idempotencyKey: string) => Promise<T>,
  options: { validate?: (input: I) => string | null; onSuccess?: (result: T, input: I) => void } = {},
): SubmitState<I> {
  const actions = useKeyedActions()
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const { validate, onSuccess } = options

  const submit = useCallback(
    async (input: I) => {
      if (submitting) return false
      const invalid = validate?.(input) ?? null
      if (invalid) {
        setError(invalid)
        return false
      }
      setSubmitting(true)
      setError(null)
      try {
        const result = await actions.run('submit', input, (key) => send(input, key))
        onSuccess?.(result, input)
        return true
      } catch (e) {
        setError(toApiError(e).message)
        return false
      } finally {
        setSubmitting(false)
      }
    },
    [actions, send, validate, onSuccess, submitting],
  )

  return { submit, submitting, error, clearError: useCallback(() => setError(null), []) }
}
