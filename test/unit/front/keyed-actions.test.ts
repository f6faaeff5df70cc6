// @vitest-environment jsdom
import { createRequire } from 'node:module'
import { act, createElement, type ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { ERROR_MESSAGES } from '@/shared/errors'
import { useKeyedActions } from '@/hooks/use-keyed-actions'
import { ApiError } from '@/services/http-client'

/** react-dom's types are not installed (the app renders through Taro): the one call used here, typed. */
const { createRoot } = createRequire(import.meta.url)('react-dom/client') as {
  createRoot(container: Element): { render(node: ReactNode): void; unmount(): void }
}

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

const mounted: Array<() => void> = []
afterEach(() => mounted.splice(0).forEach((unmount) => unmount()))

/** Renders `hook` in a component, like @testing-library/react's renderHook: `rerender` renders it again. */
function renderHook<T>(hook: () => T) {
  const result = { current: undefined as T }
  function Probe() {
    result.current = hook()
    return null
  }
  const root = createRoot(document.createElement('div'))
  const render = () => act(() => root.render(createElement(Probe)))
  render()
  mounted.push(() => act(() => root.unmount()))
  return { result, rerender: render }
}

const NETWORK = () => new ApiError(0, 'NETWORK', ERROR_MESSAGES.NETWORK)

/** One attempt of `name` that the "server" answers with `outcome`; resolves with the key it was sent with. */
async function attempt(
  actions: ReturnType<typeof useKeyedActions>,
  name: string,
  outcome: 'ok' | ApiError,
  input: unknown = null,
): Promise<string> {
  let sentWith = ''
  await actions
    .run(name, input, async (key) => {
      sentWith = key
      if (outcome !== 'ok') throw outcome
      return { done: true }
    })
    .catch(() => undefined)
  return sentWith
}

describe('useKeyedActions: one Idempotency-Key per pending action', () => {
  it('reuses the key for a retry after no answer, across re-renders, until the server answers', async () => {
    const { result, rerender } = renderHook(() => useKeyedActions())
    const first = await attempt(result.current, 'claim', NETWORK())
    rerender()
    const retry = await attempt(result.current, 'claim', new ApiError(0, 'NETWORK', '请求超时'))
    rerender()
    const lastRetry = await attempt(result.current, 'claim', 'ok')

    expect(first).toMatch(/^[0-9a-f-]{36}$/)
    expect(retry).toBe(first)
    expect(lastRetry).toBe(first)
  })

  it('keeps the key after a server error: the server did not keep that answer, so the retry runs afresh', async () => {
    const { result } = renderHook(() => useKeyedActions())
    const first = await attempt(result.current, 'approve:u1', new ApiError(503, 'DB_UNAVAILABLE', '服务暂时繁忙'))
    const retry = await attempt(result.current, 'approve:u1', new ApiError(500, 'INTERNAL', ERROR_MESSAGES.INTERNAL))
    expect(retry).toBe(first)
  })

  it('keeps the key while the first attempt is still running on the server (IDEMPOTENCY_IN_PROGRESS)', async () => {
    const { result } = renderHook(() => useKeyedActions())
    const first = await attempt(result.current, 'vote', NETWORK(), ['o1'])
    const inProgress = new ApiError(409, 'IDEMPOTENCY_IN_PROGRESS', ERROR_MESSAGES.IDEMPOTENCY_IN_PROGRESS)
    const second = await attempt(result.current, 'vote', inProgress, ['o1'])
    const third = await attempt(result.current, 'vote', 'ok', ['o1'])
    expect(second).toBe(first)
    expect(third).toBe(first)
  })

  it('drops the key after success: the next attempt is a new action', async () => {
    const { result, rerender } = renderHook(() => useKeyedActions())
    const first = await attempt(result.current, 'update:t1', 'ok', { note: '已开工' })
    rerender()
    const next = await attempt(result.current, 'update:t1', 'ok', { note: '已开工' })
    expect(next).not.toBe(first)
  })

  it('drops the key after a refusal that settles the action, so a later try is not a replay of it', async () => {
    const { result } = renderHook(() => useKeyedActions())
    const tooEarly = new ApiError(409, 'CHECK_IN_TOO_EARLY', ERROR_MESSAGES.CHECK_IN_TOO_EARLY)
    const first = await attempt(result.current, '12345678', tooEarly, '12345678')
    const later = await attempt(result.current, '12345678', 'ok', '12345678')
    expect(later).not.toBe(first)
  })

  it('gives each action and target its own key, and another input a new one', async () => {
    const { result } = renderHook(() => useKeyedActions())
    const approveA = await attempt(result.current, 'approve:a', NETWORK())
    const rejectA = await attempt(result.current, 'reject:a', NETWORK())
    const approveB = await attempt(result.current, 'approve:b', NETWORK())
    expect(new Set([approveA, rejectA, approveB]).size).toBe(3)
    expect(await attempt(result.current, 'approve:a', NETWORK())).toBe(approveA)
    expect(await attempt(result.current, 'approve:a', NETWORK(), { reason: 'changed' })).not.toBe(approveA)
  })

  it('keeps the keys of one screen to itself', async () => {
    const one = renderHook(() => useKeyedActions())
    const other = renderHook(() => useKeyedActions())
    const mine = await attempt(one.result.current, 'claim', NETWORK())
    expect(await attempt(other.result.current, 'claim', NETWORK())).not.toBe(mine)
  })
})
