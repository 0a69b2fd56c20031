import { Router } from 'express'
import { AppError } from '../../errors.js'
import type { OidcClient } from '../../auth/oidc.js'
import type { Clock } from '../../clock.js'
import { clearCookie, readSignedJson, setCookie, signJson } from '../cookies.js'
import { ROOM_SLUG_PATTERN } from '../../rooms/rooms.js'
import { oidcSubject } from '../../invites/link-join.js'
import type { Store } from '../../store/types.js'
import { SESSION_COOKIE, SESSION_HOURS, TX_COOKIE, transactionSchema, type LinkSessions } from '../link-session.js'

export interface OidcRouterDeps {
  store: Store
  clock: Clock
  publicUrl: string
  sessions: LinkSessions
}

/**
 * OpenID Connect sign-in for room links: `GET /auth/oidc/login?room=`, `GET /auth/oidc/callback`,
 * `POST /auth/oidc/logout`. `404 oidc_not_configured` when OIDC_* is not set.
 */
export function oidcRouter(deps: OidcRouterDeps): Router {
  const router = Router({ caseSensitive: true })
  const { store, clock, publicUrl } = deps
  const { signer } = deps.sessions
  const secure = publicUrl.startsWith('https://')

  const requireOidc = (): OidcClient => {
    if (!deps.sessions.oidc) throw new AppError('oidc_not_configured', 'Sign-in is not configured on this service.')
    return deps.sessions.oidc
  }
  const roomOf = (value: unknown): string => (typeof value === 'string' && ROOM_SLUG_PATTERN.test(value) ? value : '')

  router.get('/auth/oidc/login', async (req, res) => {
    const oidc = requireOidc()
    const { url, transaction } = await oidc.begin(roomOf(req.query.room))
    setCookie(res, TX_COOKIE, signJson(signer, TX_COOKIE, { ...transaction, exp: clock.now() + 10 * 60_000 }), {
      maxAgeSeconds: 600,
      path: '/auth/oidc',
      secure,
    })
    res.redirect(303, url)
  })

  router.get('/auth/oidc/callback', async (req, res) => {
    const oidc = requireOidc()
    const tx = readSignedJson(req, signer, TX_COOKIE, transactionSchema, clock.now())
    if (!tx) throw new AppError('oidc_failed', 'Sign-in expired or was started elsewhere. Try again.')
    clearCookie(res, TX_COOKIE, { path: '/auth/oidc', secure })
    const user = await oidc.finish(new URL(req.originalUrl, publicUrl), tx)
    setCookie(res, SESSION_COOKIE, signJson(signer, SESSION_COOKIE, { ...user, exp: clock.now() + SESSION_HOURS * 3600_000 }), {
      maxAgeSeconds: SESSION_HOURS * 3600,
      secure,
    })
    await store.appendAudit({
      actor: `oidc:${oidcSubject(user)}`,
      actorName: user.name,
      spaceId: null,
      roomId: tx.room || null,
      action: 'auth.signed_in',
      details: {},
      at: clock.now(),
    })
    res.redirect(303, tx.room ? `${publicUrl}/r/${tx.room}` : `${publicUrl}/`)
  })

  router.post('/auth/oidc/logout', (req, res) => {
    clearCookie(res, SESSION_COOKIE, { secure })
    const room = roomOf(req.query.room)
    res.redirect(303, room ? `${publicUrl}/r/${room}` : `${publicUrl}/`)
  })

  return router
}
