import type { RequestHandler, Response } from 'express'
import { AppError } from '../errors.js'
import type { Principal } from '../auth/principal.js'
import type { Store } from '../store/types.js'
import { pickLocale, type MessageLocale } from '../messages.js'

/**
 * Requires `Authorization: Bearer <host JWT>` and puts the verified principal in `res.locals.principal`.
 * Memberships seen in tokens are remembered (for sign-in from room links), at most once a minute per user.
 */
export function requireToken(verify: (token: string) => Promise<Principal>, store: Store, clock: () => number): RequestHandler {
  const lastSaved = new Map<string, { key: string; at: number }>()
  return async (req, res, next) => {
    const header = req.headers.authorization
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null
    if (!match) {
      throw new AppError('invalid_token', 'An Authorization: Bearer token is required.', { details: { reason: 'missing' } })
    }
    const principal = await verify(match[1]!)
    res.locals.principal = principal
    const key = JSON.stringify([principal.name, principal.email, principal.external, principal.spaces])
    const now = clock()
    const seen = lastSaved.get(principal.sub)
    if (!seen || seen.key !== key || now - seen.at > 60_000) {
      if (lastSaved.size > 50_000) lastSaved.clear()
      lastSaved.set(principal.sub, { key, at: now })
      await store.saveIdentity({
        sub: principal.sub,
        name: principal.name,
        email: principal.email,
        external: principal.external,
        spaces: { ...principal.spaces },
        seenAt: now,
      })
    }
    next()
  }
}

export function principalOf(res: Response): Principal {
  const p = res.locals.principal as Principal | undefined
  if (!p) throw new AppError('invalid_token', 'An Authorization: Bearer token is required.', { details: { reason: 'missing' } })
  return p
}

export function localeOf(res: Response, acceptLanguage: string | undefined): MessageLocale {
  return pickLocale((res.locals.principal as Principal | undefined)?.locale, acceptLanguage)
}
