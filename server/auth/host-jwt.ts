import { createRemoteJWKSet, errors as joseErrors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose'
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
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA']
const MAX_TOKEN_LENGTH = 8192

/**
 * Verifies host tokens: only the configured algorithms, `exp` required, `iss`/`aud` checked when configured,
 * claims validated. Any failure is `401 invalid_token` with a reason that never echoes the token.
 */
export function createHostTokenVerifier(options: HostJwtOptions): (token: string) => Promise<Principal> {
  let key: Uint8Array | JWTVerifyGetKey
  let algorithms: string[]
  if (options.secret) {
    key = options.secret
    algorithms = ['HS256']
  } else if (options.jwksUrl) {
    key = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5000 })
    algorithms = ASYMMETRIC
  } else {
    throw new Error('host token verification needs a secret or a JWKS URL')
  }

  return async (token: string): Promise<Principal> => {
    if (token.length > MAX_TOKEN_LENGTH) throw invalid('the token is too long')
    let payload: unknown
    try {
      ;({ payload } = await jwtVerify(token, key as Uint8Array, {
        algorithms,
        requiredClaims: ['exp', 'sub'],
        ...(options.issuer ? { issuer: options.issuer } : {}),
        ...(options.audience ? { audience: options.audience } : {}),
        clockTolerance: options.clockToleranceSeconds ?? 30,
      }))
    } catch (err) {
      throw invalid(reasonOf(err))
    }
    const parsed = hostClaimsSchema.safeParse(payload)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw invalid(`claim "${issue?.path.join('.') || '?'}" is missing or invalid`)
    }
    const c = parsed.data
    return {
      sub: c.sub,
      name: c.name,
      email: c.email ?? null,
      locale: c.locale ?? null,
      avatar: c.avatar ?? null,
      external: c.external ?? false,
      admin: c.admin ?? false,
      spaces: c.spaces,
    }
  }
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
  options: { expiresIn?: string | number; issuer?: string | null; audience?: string | null } = {},
): Promise<string> {
  const { sub, ...rest } = claims
  let jwt = new SignJWT(rest)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
  if (options.issuer) jwt = jwt.setIssuer(options.issuer)
  if (options.audience) jwt = jwt.setAudience(options.audience)
  return jwt.sign(secret)
}
