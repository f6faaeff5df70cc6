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
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
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

/** The cron jobs' credential (`Authorization: Bearer $CRON_SECRET`), as the document names it. */
export const cronSecretSecurity = [{ cronSecret: [] }]

type OpenApiDocument = ReturnType<ReturnType<typeof createRouter>['getOpenAPIDocument']>

/**
 * What the generated document leaves to be said, said the same way for every route, so that generated clients and
 * linters read it whole (Redocly's recommended rules pass, test/api/openapi.test.ts):
 * - every operation gets a name, from its method and path (`GET /api/wishes/{id}/events` → `getWishesByIdEvents`),
 *   unless its route gave one;
 * - an operation that declares no `security` is public, and says so (`security: []`); the test holds this to the
 *   authorization matrix, so a route that needs a token cannot pass for public by leaving it out;
 * - a schema of any value (`z.unknown()`) comes out as `{nullable: true}`, which OpenAPI 3.0.3 says has no effect
 *   without a `type`; it is written as what it means, `{}`, which any value (null too) matches.
 */
export function completeDocument(document: OpenApiDocument): OpenApiDocument {
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = (operations as Record<string, OperationFields | undefined>)[method]
      if (!operation) continue
      operation.operationId ??= operationIdOf(method, path)
      operation.security ??= []
    }
  }
  dropUntypedNullable(document)
  return document
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

interface OperationFields {
  operationId?: string
  security?: Record<string, string[]>[]
}

/** `get` and `/api/staff/export/wishes.csv` → `getStaffExportWishesCsv`; a parameter `{id}` reads `ById`. */
function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api(?=\/)/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment)?.[1]
      return parameter ? ['by', parameter] : segment.split(/[^A-Za-z0-9]+/)
    })
  return method + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('')
}

/** Keywords that make a schema more than "any value". */
const SHAPING = ['type', '$ref', 'allOf', 'anyOf', 'oneOf', 'not', 'properties', 'items', 'enum']

function dropUntypedNullable(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(dropUntypedNullable)
    return
  }
  if (!node || typeof node !== 'object') return
  const object = node as Record<string, unknown>
  if (object.nullable === true && !SHAPING.some((keyword) => keyword in object)) delete object.nullable
  Object.values(object).forEach(dropUntypedNullable)
}
