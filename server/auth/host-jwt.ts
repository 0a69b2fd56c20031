import { webcrypto } from 'node:crypto'
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose'
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
  let key: Promise<webcrypto.CryptoKey> | JWTVerifyGetKey
  let algorithms: string[]
  if (options.secret) {
    // Imported once: jose would import the raw secret again for every token.
    key = webcrypto.subtle.importKey('raw', new Uint8Array(options.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
    algorithms = ['HS256']
  } else if (options.jwksUrl) {
    key = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000 })
    algorithms = ASYMMETRIC
  } else {
    throw new Error('host token verification needs a secret or a JWKS URL')
  }

  const tolerance = options.clockToleranceSeconds ?? 30
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
    let payload: JWTPayload
    try {
      const resolved = typeof key === 'function' ? key : await key
      ;({ payload } = await jwtVerify(token, resolved as Parameters<typeof jwtVerify>[1], {
        algorithms,
        requiredClaims: ['exp', 'sub'],
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
        clockTolerance: tolerance,
        currentDate: new Date(nowMs),
      }))
    } catch (err) {
      throw invalid(reasonOf(err))
    }
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
