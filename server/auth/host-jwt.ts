import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto'
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose'
import { z } from 'zod'
import { AppError } from '../errors.js'
import type { Principal } from './principal.js'

/** The claims a host platform puts in the tokens it mints for its users. */
export const hostClaimsSchema = z.object({
  sub: z.string().min(1).max(256),
  name: z.string().min(1).max(256),
  email: z.string().email().max(320).optional(),
  locale: z.enum(['fr', 'en']).optional(),
  avatar: z.string().url().max(2048).optional(),
  external: z.boolean().optional(),
  admin: z.boolean().optional(),
  spaces: z.record(z.string().min(1).max(128), z.enum(['manager', 'member'])).default({}),
  /** The spaces' display names (space id → name), shown on room links and in default room names. */
  spaceNames: z.record(z.string().min(1).max(128), z.string().trim().min(1).max(128)).optional(),
})

export type HostClaims = z.input<typeof hostClaimsSchema>

export interface HostJwtOptions {
  /** HS256 shared secret. */
  secret?: Uint8Array | null
  /** Or the host's JWKS (RS256, ES256, PS256, EdDSA). */
  jwksUrl?: string | null
  issuer?: string | null
  audience?: string | null
  /** Allowed clock skew; default 30 s. */
  clockToleranceSeconds?: number
  /** Oldest accepted token (HOST_JWT_MAX_AGE), whatever its `exp`; default 1 hour. */
  maxAgeSeconds?: number
  /** The service's clock (default: the system's). */
  clock?: { now(): number }
  /** Verified tokens remembered until they expire, so a widget's repeated calls skip the signature (default 10,000). */
  cacheSize?: number
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA']
const MAX_TOKEN_LENGTH = 8192

/**
 * Verifies host tokens: only the configured algorithms, `exp` required, no `iat` in the future nor older than the
 * maximum age, `iss`/`aud` checked when configured, claims validated. Any failure is `401 invalid_token` with a reason that never echoes the token.
 */
export function createHostTokenVerifier(options: HostJwtOptions): (token: string) => Promise<Principal> {
  const tolerance = options.clockToleranceSeconds ?? 30
  let check: (token: string, nowMs: number) => Promise<JWTPayload>
  if (options.secret) {
    // A key object made once: HMAC would copy a raw secret into a new one for every token.
    const secret = createSecretKey(Buffer.from(options.secret))
    check = async (token, nowMs) => checkClaims(verifyHs256(token, secret), { ...options, tolerance, nowMs })
  } else if (options.jwksUrl) {
    const keys = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000 })
    check = async (token, nowMs) => {
      try {
        const { payload } = await jwtVerify(token, keys, {
          algorithms: ASYMMETRIC,
          requiredClaims: ['exp', 'sub'],
          ...(options.issuer ? { issuer: options.issuer } : {}),
          ...(options.audience ? { audience: options.audience } : {}),
          clockTolerance: tolerance,
          currentDate: new Date(nowMs),
        })
        return payload
      } catch (err) {
        throw invalid(reasonOf(err))
      }
    }
  } else {
    throw new Error('host token verification needs a secret or a JWKS URL')
  }

  const maxAge = options.maxAgeSeconds ?? 3600
  // A widget sends the same token with every call for its lifetime: once its signature and claims are checked,
  // only the time-bound checks (exp, maximum age) are redone, against the service's clock.
  const verified = new Map<string, { principal: Principal; exp: number; iat: number | null }>()
  const cacheSize = options.cacheSize ?? 10_000
  return async (token: string): Promise<Principal> => {
    if (token.length > MAX_TOKEN_LENGTH) throw invalid('the token is too long')
    const nowMs = options.clock?.now() ?? Date.now()
    const known = verified.get(token)
    if (known) {
      const now = Math.floor(nowMs / 1000)
      const fresh = now - tolerance <= known.exp && (known.iat === null || (known.iat <= now + tolerance && now - known.iat <= maxAge + tolerance))
      if (fresh) return known.principal
      // Past its time: forget it, and let the full check below give the precise reason.
      verified.delete(token)
    }
    const payload = await check(token, nowMs)
    // A leaked token must not outlive HOST_JWT_MAX_AGE, whatever `exp` its minter wrote: its age counts from
    // `iat` (never in the future), or, without `iat`, its remaining lifetime may not exceed the maximum age.
    const now = Math.floor(nowMs / 1000)
    if (typeof payload.iat === 'number') {
      if (payload.iat > now + tolerance) throw invalid('claim "iat" is in the future')
      if (now - payload.iat > maxAge + tolerance) throw invalid('claim "iat" is too old (the token is older than the maximum age)')
    } else if (typeof payload.exp === 'number' && payload.exp - now > maxAge + tolerance) {
      throw invalid('claim "exp" gives a lifetime longer than the maximum age')
    }
    const parsed = hostClaimsSchema.safeParse(payload)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw invalid(`claim "${issue?.path.join('.') || '?'}" is missing or invalid`)
    }
    const c = parsed.data
    // Frozen: the same object answers every later call with this token.
    const principal: Principal = Object.freeze({
      sub: c.sub,
      name: c.name,
      email: c.email ?? null,
      locale: c.locale ?? null,
      avatar: c.avatar ?? null,
      external: c.external ?? false,
      admin: c.admin ?? false,
      spaces: Object.freeze(c.spaces),
      ...(c.spaceNames ? { spaceNames: Object.freeze(c.spaceNames) } : {}),
    })
    if (cacheSize > 0 && typeof payload.exp === 'number') {
      // Oldest first out: a Map iterates in insertion order.
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!)
      verified.set(token, { principal, exp: payload.exp, iat: typeof payload.iat === 'number' ? payload.iat : null })
    }
    return principal
  }
}

const BASE64URL = /^[A-Za-z0-9_-]*$/

/**
 * An HS256 compact JWS checked with node:crypto's HMAC: the header must say HS256 (and nothing the service does not
 * understand: no `crit`, no `b64`), the signature is compared in constant time, the payload must be a JSON object.
 * jose did the same through WebCrypto, whose asynchronous job cost a new token about 150 µs of CPU, half the
 * cost of a whole bare request (issue 21); tokens signed by the host's keys (JWKS) still go through jose.
 */
function verifyHs256(token: string, secret: KeyObject): JWTPayload {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p)) || parts[0] === '' || parts[1] === '') {
    throw invalid('malformed token')
  }
  const [head, body, signature] = parts as [string, string, string]
  const header = parseSegment(head)
  if (header.alg !== 'HS256') throw invalid('algorithm not allowed')
  if ('crit' in header || 'b64' in header) throw invalid('malformed token')
  // Compared as text with the canonical encoding: a decoder would read a few altered last characters as the same bytes.
  const expected = Buffer.from(createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url'))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('bad signature')
  return parseSegment(body)
}

function parseSegment(segment: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
  } catch {
    throw invalid('malformed token')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('malformed token')
  return value as Record<string, unknown>
}

/** The registered claims jose checks for the JWKS path, checked the same way for HS256 tokens. */
function checkClaims(
  payload: JWTPayload,
  o: { issuer?: string | null; audience?: string | null; tolerance: number; nowMs: number },
): JWTPayload {
  const now = Math.floor(o.nowMs / 1000)
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    if (payload[name] !== undefined && typeof payload[name] !== 'number') throw invalid(`claim "${name}" must be a number`)
  }
  if (payload.exp === undefined) throw invalid('claim "exp" missing')
  if (typeof payload.sub !== 'string') throw invalid('claim "sub" missing')
  if (payload.exp <= now - o.tolerance) throw invalid('expired')
  if (payload.nbf !== undefined && payload.nbf > now + o.tolerance) throw invalid('claim "nbf" check failed')
  if (o.issuer && payload.iss !== o.issuer) throw invalid('claim "iss" unexpected "iss" claim value')
  if (o.audience) {
    const aud = payload.aud
    if (!(aud === o.audience || (Array.isArray(aud) && aud.includes(o.audience)))) {
      throw invalid('claim "aud" unexpected "aud" claim value')
    }
  }
  return payload
}

/** "90s", "15m", "1h", "2d" (or plain seconds) as seconds. */
function secondsOf(span: string): number {
  const m = /^(\d+)\s*(s|m|h|d)?$/.exec(span.trim())
  if (!m) throw new Error(`unreadable duration "${span}"`)
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd']
}

function invalid(reason: string): AppError {
  return new AppError('invalid_token', `Invalid or expired token: ${reason}.`, { details: { reason } })
}

function reasonOf(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'expired'
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `claim "${err.claim}" ${err.reason}`
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm not allowed'
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad signature'
  if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid) return 'malformed token'
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no matching key'
  if (err instanceof joseErrors.JOSEError) return err.code.toLowerCase()
  return 'unverifiable'
}

/**
 * Mints an HS256 host token, as a host platform would (used by the demo page, tests and the README example).
 * Default lifetime 1 hour.
 */
export async function mintHostToken(
  secret: Uint8Array,
  claims: HostClaims,
  options: { expiresIn?: string | number; issuer?: string | null; audience?: string | null; now?: number } = {},
): Promise<string> {
  const { sub, ...rest } = claims
  const iat = Math.floor((options.now ?? Date.now()) / 1000)
  const expiresIn = options.expiresIn ?? '1h'
  let jwt = new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(typeof expiresIn === 'number' ? expiresIn : iat + secondsOf(expiresIn))
  if (options.issuer) jwt = jwt.setIssuer(options.issuer)
  if (options.audience) jwt = jwt.setAudience(options.audience)
  return jwt.sign(secret)
}
