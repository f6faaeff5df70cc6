import { OpenAPIHono, type Hook } from '@hono/zod-openapi'
import type * as z from 'zod'
import { errorBodySchema } from '../../shared/api'
import type { AppEnv } from '../app-env'
import { AppError } from './errors'

/** zod failures on any route become 400 VALIDATION_FAILED with the issues. */
const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) {
    throw AppError.validation(
      result.error.issues.map(({ path, message, code }) => ({ path, message, code })),
      result.error.issues[0]?.message,
    )
  }
}

/** A router whose routes are declared with their zod schemas, so the OpenAPI document is generated from them. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
}

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true as const,
})

export const jsonResponse = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

const ERROR_DESCRIPTIONS = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'A conflict with the current state; the code says which',
  422: 'CONTENT_REJECTED',
  429: 'RATE_LIMITED',
  503: 'DB_UNAVAILABLE or an upstream service unavailable',
} as const

/** The error responses a route documents, all in the one error envelope. */
export function errorResponses<S extends keyof typeof ERROR_DESCRIPTIONS>(...statuses: S[]) {
  return Object.fromEntries(statuses.map((s) => [s, jsonResponse(errorBodySchema, ERROR_DESCRIPTIONS[s])])) as Record<
    S,
    ReturnType<typeof jsonResponse<typeof errorBodySchema>>
  >
}

export const bearerSecurity = [{ bearerAuth: [] }]
