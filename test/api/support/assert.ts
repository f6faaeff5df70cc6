import { expect } from 'vitest'
import type { TestUser } from './fixtures'
import { call, type Harness, type Reply } from './harness'

/** Sends a request at the harness's clock and expects the status, returning the body. */
export async function ok(
  h: Harness,
  method: string,
  path: string,
  user: TestUser | null,
  body?: unknown,
  status = 200,
) {
  const reply: Reply = await call(h.app, method, path, { token: user?.token, body })
  expect(reply.status, `${method} ${path}: ${JSON.stringify(reply.body)}`).toBe(status)
  return reply.body
}

/**
 * Asserts an error reply: its status, its code and a message. Validation messages for a field that is missing
 * altogether are zod's English defaults (see wishes/endpoints.test.ts), so only the other errors are held to Chinese.
 */
export function expectError(reply: Reply, status: number, code: string) {
  expect({ status: reply.status, code: reply.body?.error?.code }, JSON.stringify(reply.body)).toEqual({ status, code })
  expect(reply.body.error.message).toEqual(expect.any(String))
  if (code !== 'VALIDATION_FAILED') expect(reply.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
}
