import { randomBytes } from 'node:crypto'
import type { Request, Response } from 'express'
import { z } from 'zod'
import type { OidcClient } from '../auth/oidc.js'
import type { Clock } from '../clock.js'
import type { SignedInUser } from '../invites/link-join.js'
import { readCookies, readSignedJson, setCookie, type CookieSigner } from './cookies.js'

/** Who is behind a room-link browser: its visitor cookie, and its OpenID Connect session when signed in. */
export interface LinkSessions {
  /** Signs the visitor, session and sign-in cookies (its key is derived in the composition root). */
  signer: CookieSigner
  /** null when OIDC_* is not set: sign-in routes answer `404 oidc_not_configured`. */
  oidc: OidcClient | null
  /** OIDC_TRUST_SUB: match host users by the provider's `sub` (else by verified e-mail only). */
  trustSub: boolean
}

export const VISITOR_COOKIE = 'bbbs_visitor'
export const SESSION_COOKIE = 'bbbs_session'
export const TX_COOKIE = 'bbbs_oidc_tx'
export const SESSION_HOURS = 8

const expiry = z.number().int().positive()

/** What a session cookie must hold; anything else is no session (never a 500 further on). */
export const sessionSchema = z.object({
  iss: z.string().min(1).max(500),
  sub: z.string().min(1).max(255),
  email: z.string().min(3).max(254).nullable(),
  name: z.string().min(1).max(200),
  exp: expiry,
})

/** What the OIDC transaction cookie must hold between the redirect and the callback. */
export const transactionSchema = z.object({
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  codeVerifier: z.string().min(43).max(128),
  room: z.string().max(100),
  exp: expiry,
})

/** The signed-in user of this browser, or null (also when OIDC is off, or the session is another issuer's). */
export function sessionOf(req: Request, sessions: LinkSessions, clock: Clock): SignedInUser | null {
  if (!sessions.oidc) return null
  const s = readSignedJson(req, sessions.signer, SESSION_COOKIE, sessionSchema, clock.now())
  return s && s.iss === sessions.oidc.issuer ? { iss: s.iss, sub: s.sub, email: s.email, name: s.name } : null
}

/** The browser's stable seat id from its signed visitor cookie (issued by the room-link page), or null. */
export function signedVisitorId(req: Request, signer: CookieSigner): string | null {
  const raw = readCookies(req).get(VISITOR_COOKIE)
  const id = raw ? signer.unsign(VISITOR_COOKIE, raw) : null
  return id && /^[A-Za-z0-9_-]{16,64}$/.test(id) ? id : null
}

/** The browser's stable seat id: from its signed cookie, or a new one (set on the response). */
export function visitorIdOf(req: Request, res: Response, signer: CookieSigner, secure: boolean): string {
  const id = signedVisitorId(req, signer)
  if (id) return id
  const fresh = randomBytes(16).toString('base64url')
  setCookie(res, VISITOR_COOKIE, signer.sign(VISITOR_COOKIE, fresh), { maxAgeSeconds: 365 * 24 * 3600, secure })
  return fresh
}
