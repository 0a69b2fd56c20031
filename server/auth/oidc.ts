import * as client from 'openid-client'
import { AppError } from '../errors.js'

/** What the room-link page keeps between the redirect to the provider and the callback. */
export interface OidcTransaction {
  state: string
  nonce: string
  codeVerifier: string
  /** The room the person came from, to send them back to. */
  room: string
}

/** A person the OpenID provider vouched for. */
export interface OidcUser {
  /** The provider that vouched: a `sub` means something only together with its issuer. */
  iss: string
  sub: string
  email: string | null
  name: string
}

export interface OidcClient {
  /** The configured issuer (OIDC_ISSUER): sessions from any other are no sessions. */
  readonly issuer: string
  /** Starts a sign-in: the provider's authorization URL (code flow, PKCE S256, state, nonce). */
  begin(room: string): Promise<{ url: string; transaction: OidcTransaction }>
  /**
   * Finishes it on the callback URL: exchanges the code (checking state, nonce and the PKCE verifier) and reads
   * the ID token's claims. Any failure is `400 oidc_failed`.
   */
  finish(callbackUrl: URL, transaction: OidcTransaction): Promise<OidcUser>
}

export interface OidcOptions {
  issuer: string
  clientId: string
  clientSecret: string
  /** Our callback, `PUBLIC_URL/auth/oidc/callback`, as registered at the provider. */
  redirectUri: string
  /** Plain-http issuers are accepted only outside production (tests, local providers). */
  allowHttp: boolean
  /** Scopes asked for; default `openid email profile`. */
  scope?: string
}

/**
 * An OpenID Connect relying party (openid-client v6) for sign-in from room links. The provider's metadata is
 * discovered on first use and kept; a failed discovery is retried on the next sign-in.
 */
export function createOidcClient(options: OidcOptions): OidcClient {
  let discovered: Promise<client.Configuration> | null = null
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(options.issuer),
        options.clientId,
        { redirect_uris: [options.redirectUri], response_types: ['code'] },
        client.ClientSecretBasic(options.clientSecret),
        options.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        discovered = null
        throw new AppError('oidc_failed', 'The sign-in provider cannot be reached.', { cause: err, status: 503 })
      })
    return discovered
  }

  return {
    issuer: options.issuer,
    async begin(room) {
      const config = await configuration()
      const codeVerifier = client.randomPKCECodeVerifier()
      const state = client.randomState()
      const nonce = client.randomNonce()
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scope ?? 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      })
      return { url: url.href, transaction: { state, nonce, codeVerifier, room } }
    },

    async finish(callbackUrl, transaction) {
      const config = await configuration()
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedState: transaction.state,
          expectedNonce: transaction.nonce,
          idTokenExpected: true,
        })
        const claims = tokens.claims()
        if (!claims) throw new Error('no ID token')
        // An address the provider has not verified could be anyone's: it must not pick whose memberships apply.
        const verifiedEmail = (c: { email?: unknown; email_verified?: unknown } | null | undefined) =>
          typeof c?.email === 'string' && c.email_verified === true ? c.email : null
        let email = verifiedEmail(claims as Record<string, unknown>)
        let name = typeof claims.name === 'string' ? claims.name : null
        if ((!email || !name) && tokens.access_token) {
          const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub).catch(() => null)
          email ??= verifiedEmail(info)
          name ??= typeof info?.name === 'string' ? info.name : null
        }
        const preferred = typeof claims.preferred_username === 'string' ? claims.preferred_username : null
        return { iss: options.issuer, sub: claims.sub, email, name: name ?? preferred ?? email ?? claims.sub }
      } catch (err) {
        throw new AppError('oidc_failed', 'Sign-in did not complete. Try again.', { cause: err })
      }
    },
  }
}
