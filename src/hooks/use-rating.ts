import { useCallback, useState } from 'react'
import Taro from '@tarojs/taro'
import type { RatingDto } from '@/shared/ratings'
import { useSubmit } from './use-submit'

/**
 * One 满意度 rating (a booking's, a topic's): sends a score once with its Idempotency-Key, and shows the score given
 * at once, before the page reloads. `given` is the server's score, null while it may still be given.
 */
export function useRating(
  given: number | null,
  send: (input: { score: number; comment: string }, key: string) => Promise<RatingDto>,
) {
  const [sent, setSent] = useState<number | null>(null)
  const onSuccess = useCallback((r: RatingDto) => {
    setSent(r.score)
    void Taro.showToast({ title: '谢谢您的评价', icon: 'success' })
  }, [])
  const { submit, submitting, error } = useSubmit(send, { onSuccess })
  const rate = useCallback((score: number, comment: string) => void submit({ score, comment }), [submit])
  return { given: given ?? sent, rate, submitting, error }
}
