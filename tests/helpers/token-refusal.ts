import { expect } from 'vitest'
import type { AppError } from '../../server/errors.js'

/** Why a host token is refused (`401 invalid_token`'s `details.reason`), or null when it is accepted. */
export async function tokenRefusal(verify: (token: string) => Promise<unknown>, token: string): Promise<string | null> {
  try {
    await verify(token)
    return null
  } catch (err) {
    expect((err as AppError).code).toBe('invalid_token')
    return String((err as AppError).details?.reason)
  }
}
