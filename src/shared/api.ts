import * as z from 'zod'

/** Paging limits shared by every list endpoint. */
export const PAGE_LIMIT_DEFAULT = 20
export const PAGE_LIMIT_MAX = 50

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(PAGE_LIMIT_MAX).default(PAGE_LIMIT_DEFAULT),
  cursor: z.string().max(200).optional(),
})

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}

export const uuidSchema = z.uuid()

/** Whether a page's id can name anything at all: the server answers any other with 400, so none is asked for. */
export const isId = (id: string): boolean => uuidSchema.safeParse(id).success

/** The body of every failed response. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
})
export type ErrorBody = z.infer<typeof errorBodySchema>

/** Header names both sides use. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key'
export const REQUEST_ID_HEADER = 'X-Request-Id'
