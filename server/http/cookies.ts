import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Request, Response } from 'express'

/**
 * Signed cookies for the room-link page (the visitor's stable seat id, the sign-in session, the OIDC
 * transaction). HMAC-SHA256 over the value; no dependency on cookie-parser.
 */
export interface CookieSigner {
  sign(value: string): string
  /** The value when its signature is right, else null. */
  unsign(signed: string): string | null
}

/**
 * The key is derived from secrets every instance shares (the BBB secret, and the host-token secret when
 * there is one), under a label, so no new setting is needed and no secret is used as is.
 */
export function createCookieSigner(secrets: ReadonlyArray<string | Uint8Array>): CookieSigner {
  const h = createHmac('sha256', 'bbb-spaces/room-link-cookies/v1')
  for (const s of secrets) h.update(s).update('\0')
  const key = h.digest()
  const mac = (value: string) => createHmac('sha256', key).update(value).digest('base64url')
  return {
    sign: (value) => `${value}.${mac(value)}`,
    unsign(signed) {
      const dot = signed.lastIndexOf('.')
      if (dot <= 0) return null
      const value = signed.slice(0, dot)
      const given = Buffer.from(signed.slice(dot + 1))
      const expected = Buffer.from(mac(value))
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

/** Reads a signed cookie holding JSON with an `exp` (epoch ms); null when missing, forged or expired. */
export function readSignedJson<T extends { exp: number }>(
  req: Request,
  signer: CookieSigner,
  name: string,
  now: number,
): T | null {
  const raw = readCookies(req).get(name)
  const value = raw ? signer.unsign(raw) : null
  if (!value) return null
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as T
    return typeof parsed.exp === 'number' && parsed.exp > now ? parsed : null
  } catch {
    return null
  }
}

export function signJson(signer: CookieSigner, value: object): string {
  return signer.sign(Buffer.from(JSON.stringify(value), 'utf8').toString('base64url'))
}
