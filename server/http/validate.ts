import type { z } from 'zod'
import { AppError } from '../errors.js'

/**
 * Parses input with a zod schema or throws `400 invalid_request` whose message names the first bad field;
 * all issues go to `details.issues`.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'params' = 'body', code: 'invalid_request' | 'invalid_limits' = 'invalid_request'): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.') || where, message: i.message }))
  const first = issues[0]
  throw new AppError(code, `${first.field}: ${first.message}`, { details: { field: first.field, issues } })
}
