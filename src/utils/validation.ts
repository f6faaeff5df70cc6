import type * as z from 'zod'

/** The first message of a failed parse, or null when the input is valid. */
export function firstIssue(schema: z.ZodType, input: unknown): string | null {
  const result = schema.safeParse(input)
  return result.success ? null : (result.error.issues[0]?.message ?? '填写的内容有误')
}

/** One message per top-level field (the first issue of each), empty when the input is valid. */
export function fieldIssues<K extends string>(schema: z.ZodType, input: unknown): Partial<Record<K, string>> {
  const result = schema.safeParse(input)
  const out: Partial<Record<K, string>> = {}
  if (result.success) return out
  for (const issue of result.error.issues) {
    const key = issue.path[0]
    if (typeof key === 'string' && !(key in out)) out[key as K] = issue.message
  }
  return out
}
