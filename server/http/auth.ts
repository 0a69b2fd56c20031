import type { Request, RequestHandler, Response } from 'express'
import { AppError } from '../errors.js'
import type { Principal } from '../auth/principal.js'
import type { Store } from '../store/types.js'
import type { Clock } from '../clock.js'
import type { Locale } from '../contract/index.js'
import { pickLocale } from '../i18n/index.js'

/**
 * Requires `Authorization: Bearer <host JWT>` and puts the verified principal in `res.locals.principal`.
 * Memberships seen in tokens are remembered (for sign-in from room links), at most once a minute per user.
 */
export function requireToken(verify: (token: string) => Promise<Principal>, store: Store, clock: Clock): RequestHandler {
  const lastSaved = new Map<string, { key: string; at: number }>()
  return async (req, res, next) => {
    const header = req.headers.authorization
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim()) : null
    if (!match) {
      throw new AppError('invalid_token', 'An Authorization: Bearer token is required.', { details: { reason: 'missing' } })
    }
    const principal = await verify(match[1])
    res.locals.principal = principal
    const key = JSON.stringify([principal.name, principal.email, principal.external, principal.spaces])
    const now = clock.now()
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

/**
 * The language of everything a request is answered with, picked once: a route's own choice (`res.locals.locale`,
 * e.g. the room link's `?lang`), else the host token's locale, else Accept-Language; English by default.
 */
export function localeOf(req: Request, res: Response): Locale {
  const chosen = (res.locals.locale as Locale | undefined) ?? (res.locals.principal as Principal | undefined)?.locale
  return pickLocale(chosen, req.headers['accept-language'])
}
