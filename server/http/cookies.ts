import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Request, Response } from 'express'
import type { z } from 'zod'

/**
 * Signed cookies for the room-link page (the visitor's stable seat id, the sign-in session, the OIDC
 * transaction). HMAC-SHA256 over the cookie's name and its value, so a cookie made for one purpose is refused
 * under another name (an OIDC transaction replayed as a session); no dependency on cookie-parser.
 */
export interface CookieSigner {
  sign(name: string, value: string): string
  /** The value when its signature is right for this cookie name, else null. */
  unsign(name: string, signed: string): string | null
}

/**
 * The key is derived from secrets every instance shares (the BBB secret, and the host-token secret when
 * there is one), under a label, so no new setting is needed and no secret is used as is.
 */
export function createCookieSigner(secrets: ReadonlyArray<string | Uint8Array>): CookieSigner {
  const h = createHmac('sha256', 'bbb-spaces/room-link-cookies/v2')
  for (const s of secrets) h.update(s).update('\0')
  const key = h.digest()
  const mac = (name: string, value: string) => createHmac('sha256', key).update(name).update('\0').update(value).digest('base64url')
  return {
    sign: (name, value) => `${value}.${mac(name, value)}`,
    unsign(name, signed) {
      const dot = signed.lastIndexOf('.')
      if (dot <= 0) return null
      const value = signed.slice(0, dot)
      const given = Buffer.from(signed.slice(dot + 1))
      const expected = Buffer.from(mac(name, value))
      return given.length === expected.length && timingSafeEqual(given, expected) ? value : null
    },
  }
}

/** The request's cookies, by name (first one wins). */
export function readCookies(req: Request): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    if (out.has(name)) continue
    try {
      out.set(name, decodeURIComponent(part.slice(eq + 1).trim()))
    } catch {
      // a malformed cookie is ignored, like a missing one
    }
  }
  return out
}

export interface CookieOptions {
  maxAgeSeconds: number
  path?: string
  secure: boolean
}

/** Sets an HttpOnly, SameSite=Lax cookie (Secure when the service is reached over https). */
export function setCookie(res: Response, name: string, value: string, options: CookieOptions): void {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
  ]
  if (options.secure) parts.push('Secure')
  res.append('Set-Cookie', parts.join('; '))
}

export function clearCookie(res: Response, name: string, options: Omit<CookieOptions, 'maxAgeSeconds'>): void {
  setCookie(res, name, '', { ...options, maxAgeSeconds: 0 })
}

/**
 * Reads a signed cookie holding JSON with an `exp` (epoch ms), checked against `schema`; null when missing,
 * forged, signed for another cookie, of the wrong shape or expired.
 */
export function readSignedJson<T extends { exp: number }>(
  req: Request,
  signer: CookieSigner,
  name: string,
  schema: z.ZodType<T>,
  now: number,
): T | null {
  const raw = readCookies(req).get(name)
  const value = raw ? signer.unsign(name, raw) : null
  if (!value) return null
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')))
    return parsed.success && parsed.data.exp > now ? parsed.data : null
  } catch {
    return null
  }
}

export function signJson(signer: CookieSigner, name: string, value: object): string {
  return signer.sign(name, Buffer.from(JSON.stringify(value), 'utf8').toString('base64url'))
}
