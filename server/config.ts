import { randomBytes } from 'node:crypto'
import { isChecksumAlgorithm, type ChecksumAlgorithm } from './bbb/index.js'

/**
 * The service's configuration, read once at start from the environment by {@link loadConfig}.
 * Every key: its env name, its default, what it does. The configuration table in docs/configuration.md mirrors this list.
 */
export const CONFIG_DOC: ReadonlyArray<{ env: string; default: string; doc: string }> = [
  { env: 'PORT', default: '8080', doc: 'HTTP port the service listens on.' },
  { env: 'HOST', default: '127.0.0.1 (0.0.0.0 in production)', doc: 'Address the service listens on. Outside production only this machine reaches it (the demo mints admin tokens); `HOST=0.0.0.0` opens it to the network.' },
  { env: 'PUBLIC_URL', default: 'http://localhost:$PORT', doc: 'Address users reach the service at (room links, callbacks). Must be https in production.' },
  { env: 'BIGBLUEBUTTON_ENDPOINT', default: '(none: the development BBB server is mounted at /bigbluebutton/)', doc: 'A real BigBlueButton or Scalelite, as `bbb-conf --secret` prints it (https://host/bigbluebutton/).' },
  { env: 'BIGBLUEBUTTON_SECRET', default: '(none)', doc: 'Its shared secret. Required with BIGBLUEBUTTON_ENDPOINT.' },
  { env: 'BIGBLUEBUTTON_CHECKSUM_ALGORITHM', default: 'sha256', doc: 'sha1, sha256, sha384 or sha512 (Scalelite has no sha384).' },
  { env: 'DATABASE_URL', default: 'sqlite:data/bbb-spaces.sqlite', doc: '`sqlite:<path>` for an SQLite file, or `postgres://…` for PostgreSQL (several instances).' },
  { env: 'HOST_JWT_SECRET', default: '(random, outside production)', doc: 'Shared secret (HS256) of the host platform that mints user tokens; at least 32 characters.' },
  { env: 'HOST_JWKS_URL', default: '(none)', doc: 'Instead of a secret: the host platform\'s JWKS (RS256, ES256, PS256, EdDSA).' },
  { env: 'HOST_JWT_ISSUER', default: '(not checked)', doc: 'Expected `iss` of host tokens.' },
  { env: 'HOST_JWT_MAX_AGE', default: '3600', doc: 'Seconds after its `iat` beyond which a host token is refused whatever its `exp` (a token without `iat` may not expire later than this from now); a token issued in the future is refused.' },
  { env: 'HOST_JWT_AUDIENCE', default: '(not checked)', doc: 'Expected `aud` of host tokens.' },
  { env: 'ALLOWED_ORIGINS', default: '(none: same origin only)', doc: 'Comma-separated origins of host pages that embed the widget (CORS, frame-ancestors).' },
  { env: 'NODE_ENV', default: 'development', doc: '`production` (any case) turns off the demo and the development BBB server, and enforces https (PUBLIC_URL, BIGBLUEBUTTON_ENDPOINT) and real secrets.' },
  { env: 'DEMO', default: 'on when no host secret is set, outside production', doc: 'Serve the demo host page at / and its demo token endpoint, which mints tokens for anyone (never in production). Off by default as soon as HOST_JWT_SECRET or HOST_JWKS_URL is set, and refused with either, so a real platform secret is never handed out.' },
  { env: 'STATUS_INTERVAL_MS', default: '5000', doc: 'How often meeting status is refreshed from BBB (one poll for all viewers).' },
  { env: 'JOIN_OPENS_MINUTES_BEFORE', default: '15', doc: 'How long before a scheduled meeting its room link lets people in.' },
  { env: 'DIAL_IN_NUMBER', default: '(none)', doc: 'Telephone dial-in number printed in calendar invites.' },
  { env: 'OIDC_ISSUER', default: '(none)', doc: 'OpenID Connect issuer for sign-in from room links (with OIDC_CLIENT_ID and OIDC_CLIENT_SECRET).' },
  { env: 'OIDC_CLIENT_ID', default: '(none)', doc: 'OpenID Connect client id.' },
  { env: 'OIDC_CLIENT_SECRET', default: '(none)', doc: 'OpenID Connect client secret.' },
  { env: 'OIDC_TRUST_SUB', default: 'false', doc: 'Match a signed-in person to a host user by the provider\'s `sub` (only when the provider is the host platform\'s own directory, with the same `sub`s). Otherwise only an e-mail address the provider verified matches.' },
  { env: 'BIGBLUEBUTTON_TIMEOUT_MS', default: '10000', doc: 'Per BBB request; idempotent calls are retried (backoff, 3 s budget), a dead BBB trips a circuit breaker.' },
  { env: 'BIGBLUEBUTTON_MAX_ANSWER_BYTES', default: '16777216 (16 MiB)', doc: 'Largest BBB answer read; a bigger one is cut off as it streams in and the call fails (503 bbb_unavailable, reason too_large) instead of filling memory. The largest real getMeetings of a busy Scalelite is a few MB.' },
  { env: 'BIGBLUEBUTTON_CIRCUIT_OPEN_MS', default: '5000', doc: 'How long BBB is left alone after 5 unavailable answers in a row before one probe call.' },
  { env: 'METRICS_TOKEN', default: '(none: /metrics from loopback and private addresses only)', doc: 'Bearer token that lets anyone holding it read GET /metrics.' },
  { env: 'TRUST_PROXY', default: 'loopback', doc: 'Which reverse proxies may set X-Forwarded-For (Express "trust proxy": loopback, a number of hops, or comma-separated addresses/CIDRs). Rate limits count per client address, so set it to your proxy\'s address.' },
  { env: 'RATE_LIMIT_PER_MINUTE', default: '600', doc: 'Requests per client address per minute on routes without a host token (per instance).' },
  { env: 'GUESTS_PER_ADDRESS', default: '3', doc: 'Anonymous guests from one client address (after TRUST_PROXY) who may hold a pending seat at once, for the 30 s a seat waits for its guest in BBB; one more answers 429 rate_limited. Raise it when partners join together from behind one NAT.' },
  { env: 'HOST_WEBHOOK_URL', default: '(none: no events sent)', doc: 'Where meeting events (meeting.started/ended, participant.joined/left, recording.ready) are POSTed as signed JSON, with retries from a durable outbox (docs/host-events.md). Must be https in production. With HOST_WEBHOOK_SECRET.' },
  { env: 'HOST_WEBHOOK_SECRET', default: '(none)', doc: 'Key of the HMAC-SHA256 signature in X-Bbb-Spaces-Signature; at least 32 characters. With HOST_WEBHOOK_URL.' },
  { env: 'STREAMS_PER_USER', default: '10', doc: 'Live status streams (server push) one user may hold open at once; one more answers 429 rate_limited with Retry-After. The widget needs one per space shown.' },
  { env: 'STREAMS_PER_ADDRESS', default: '50', doc: 'Live status streams open at once from one client address (after TRUST_PROXY): people behind one NAT share it.' },
  { env: 'STREAMS_MAX', default: '5000', doc: 'Live status streams open at once on this instance; past it, 503 service_unavailable with Retry-After.' },
  { env: 'DOCUMENT_MAX_BYTES', default: '20971520 (20 MiB)', doc: 'Largest document (slides) a manager may upload to a room; a bigger upload is refused as it streams in (413 document_too_large).' },
  { env: 'DOCUMENTS_ROOM_MAX_BYTES', default: '52428800 (50 MiB)', doc: 'Bytes of documents one room may hold in all (413 documents_quota_exceeded past it).' },
  { env: 'DOCUMENTS_PER_ROOM', default: '5', doc: 'Documents one room may hold, 1 to 5 (409 too_many_documents past it).' },
  { env: 'DOCUMENT_LINK_TTL_SECONDS', default: '600', doc: 'How long the signed link BBB fetches a document from stays valid after the meeting is created (or the document inserted).' },
  { env: 'SMTP_URL', default: '(none: a development mailbox at /dev/mail outside production; no mail in production)', doc: 'Where invitations are sent: `smtp://user:password@host:587` (STARTTLS when the server offers it; add `?requireTLS=true` to insist) or `smtps://user:password@host:465`; percent-encode the user and password. Without it, mail goes to the development mailbox outside production and is not sent in production (the API says `mail.enabled: false`).' },
  { env: 'MAIL_FROM', default: 'noreply@<PUBLIC_URL host>', doc: 'Sender of invitations (`Name <address>` or an address) and the ORGANIZER of the events they carry (the organiser is SENT-BY when their address differs). Required with SMTP_URL in production.' },
  { env: 'INVITATION_GRACE_MINUTES', default: '60', doc: 'How long after a meeting\'s end an attendee\'s personal link (`/r/<room>?i=…`) still lets them in.' },
  { env: 'LOG_LEVEL', default: 'info', doc: 'pino log level (fatal, error, warn, info, debug, trace, silent).' },
]

export interface Config {
  readonly port: number
  /** Address to listen on (HOST). */
  readonly host: string
  readonly publicUrl: string
  /** False when PUBLIC_URL was not set: the service then uses http://localhost:<the port it got>. */
  readonly publicUrlExplicit: boolean
  readonly nodeEnv: string
  readonly production: boolean
  /** Serve the demo host page and demo tokens. */
  readonly demo: boolean
  readonly bbb: {
    /** null: mount the development BBB server in-process and use it. */
    readonly endpoint: string | null
    readonly secret: string
    readonly algorithm: ChecksumAlgorithm
    readonly timeoutMs: number
    readonly circuitOpenMs: number
    /** BIGBLUEBUTTON_MAX_ANSWER_BYTES: largest BBB answer read. */
    readonly maxAnswerBytes: number
  }
  readonly databaseUrl: string
  readonly hostJwt: {
    readonly secret: Uint8Array | null
    readonly jwksUrl: string | null
    readonly issuer: string | null
    readonly audience: string | null
    /** HOST_JWT_MAX_AGE: oldest accepted token, in seconds. */
    readonly maxAgeSeconds: number
    /** True when the secret was made up at start for the demo. */
    readonly generated: boolean
  }
  readonly allowedOrigins: readonly string[]
  readonly statusIntervalMs: number
  readonly joinOpensMinutesBefore: number
  readonly dialInNumber: string | null
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly clientSecret: string; readonly trustSub: boolean } | null
  /** Where host events are POSTed, signed with `secret`; null: none sent. */
  readonly hostWebhook: { readonly url: string; readonly secret: string } | null
  readonly logLevel: string
  /** Bearer token for GET /metrics; null: private addresses only. */
  readonly metricsToken: string | null
  readonly rateLimitPerMinute: number
  readonly guestsPerAddress: number
  /** Express "trust proxy": which proxies' X-Forwarded-For is believed. */
  readonly trustProxy: string | number
  /** Open live status streams allowed per user, per client address and in all. */
  readonly streams: { readonly perUser: number; readonly perAddress: number; readonly total: number }
  /** Room documents (slides ready at start): caps, and the lifetime of the signed links BBB fetches them from. */
  readonly documents: { readonly maxBytes: number; readonly roomMaxBytes: number; readonly perRoom: number; readonly linkTtlSeconds: number }
  /**
   * Outgoing mail: `smtp` (SMTP_URL), `dev` (the development mailbox at /dev/mail, outside production without
   * SMTP_URL) or `off` (production without SMTP_URL: nothing is sent, the API says so).
   */
  readonly mail: { readonly mode: 'smtp' | 'dev' | 'off'; readonly smtpUrl: string | null; readonly from: string }
  /** INVITATION_GRACE_MINUTES: how long after the end a personal guest link still works. */
  readonly invitationGraceMinutes: number
}

/** Thrown by {@link loadConfig} with every problem found, one line each. */
export class ConfigError extends Error {
  readonly problems: readonly string[]
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
    this.problems = problems
  }
}

type Env = Readonly<Record<string, string | undefined>>

const MIN_SECRET_LENGTH = 32
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

function text(env: Env, name: string): string | null {
  const v = env[name]?.trim()
  return v ? v : null
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = text(env, name)
  if (raw === null) return fallback
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n) || n < min || n > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`)
    return fallback
  }
  return n
}

function url(env: Env, name: string, problems: string[], protocols = ['http:', 'https:']): string | null {
  const raw = text(env, name)
  if (raw === null) return null
  try {
    const u = new URL(raw)
    if (!protocols.includes(u.protocol)) throw new Error('protocol')
    return raw
  } catch {
    problems.push(`${name} must be an ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL (got "${raw}")`)
    return null
  }
}

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = text(env, name)?.toLowerCase()
  if (raw === undefined || raw === null) return fallback
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true
  if (['0', 'false', 'off', 'no'].includes(raw)) return false
  problems.push(`${name} must be on or off (got "${raw}")`)
  return fallback
}

/**
 * The `BIGBLUEBUTTON_*` connection settings as written in the environment (trimmed, empty as absent): the piece of
 * {@link loadConfig} the `bbb-spaces` CLI reads alone, so both read the same names the same way.
 */
export function readBbbEnv(env: Env): { endpoint: string | null; secret: string | null; algorithm: string | null } {
  return {
    endpoint: text(env, 'BIGBLUEBUTTON_ENDPOINT'),
    secret: text(env, 'BIGBLUEBUTTON_SECRET'),
    algorithm: text(env, 'BIGBLUEBUTTON_CHECKSUM_ALGORITHM'),
  }
}

/**
 * Reads and validates the configuration. Pure: the environment comes in, a frozen config comes out, or a
 * {@link ConfigError} listing every problem at once. Only `server/main.ts` hands it the environment of the process.
 */
export function loadConfig(env: Env): Config {
  const problems: string[] = []
  // Read as written by hand: `NODE_ENV=Production` must not quietly run a development service with the demo on.
  const nodeEnv = text(env, 'NODE_ENV')?.toLowerCase() ?? 'development'
  const production = nodeEnv === 'production'
  const port = integer(env, 'PORT', 8080, 0, 65535, problems)

  const publicUrl = (url(env, 'PUBLIC_URL', problems) ?? `http://localhost:${port}`).replace(/\/+$/, '')
  if (production && !publicUrl.startsWith('https://')) {
    problems.push('PUBLIC_URL must be an https:// address in production')
  }

  const bbbEnv = readBbbEnv(env)
  const endpoint = url(env, 'BIGBLUEBUTTON_ENDPOINT', problems)
  let bbbSecret = bbbEnv.secret
  if (endpoint !== null && bbbSecret === null) {
    problems.push('BIGBLUEBUTTON_SECRET is required with BIGBLUEBUTTON_ENDPOINT')
  }
  if (endpoint === null && bbbSecret !== null && bbbEnv.endpoint === null) {
    problems.push('BIGBLUEBUTTON_SECRET is set but BIGBLUEBUTTON_ENDPOINT is not')
  }
  if (production && endpoint === null) {
    problems.push('BIGBLUEBUTTON_ENDPOINT is required in production (the development BBB server is not for production)')
  }
  if (production && endpoint !== null && !endpoint.startsWith('https://')) {
    problems.push('BIGBLUEBUTTON_ENDPOINT must be an https:// address in production')
  }
  if (production && bbbSecret !== null && bbbSecret.length < 16) {
    problems.push('BIGBLUEBUTTON_SECRET is too short for production (at least 16 characters)')
  }
  if (endpoint === null) bbbSecret = randomBytes(24).toString('hex')
  const algorithmRaw = bbbEnv.algorithm ?? 'sha256'
  const algorithm = algorithmRaw.toLowerCase()
  if (!isChecksumAlgorithm(algorithm)) {
    problems.push(`BIGBLUEBUTTON_CHECKSUM_ALGORITHM must be sha1, sha256, sha384 or sha512 (got "${algorithmRaw}")`)
  }

  const databaseUrl = text(env, 'DATABASE_URL') ?? 'sqlite:data/bbb-spaces.sqlite'
  if (!/^(sqlite:|postgres:\/\/|postgresql:\/\/)/.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with sqlite: or postgres://')
  }

  const jwtSecretRaw = text(env, 'HOST_JWT_SECRET')
  const jwksUrl = url(env, 'HOST_JWKS_URL', problems)
  let generated = false
  let jwtSecret: Uint8Array | null = null
  if (jwtSecretRaw !== null && jwksUrl !== null) {
    problems.push('set HOST_JWT_SECRET or HOST_JWKS_URL, not both')
  } else if (jwtSecretRaw !== null) {
    if (jwtSecretRaw.length < MIN_SECRET_LENGTH) {
      problems.push(`HOST_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`)
    }
    jwtSecret = new TextEncoder().encode(jwtSecretRaw)
  } else if (jwksUrl === null) {
    if (production) {
      problems.push('HOST_JWT_SECRET or HOST_JWKS_URL is required in production')
    } else {
      jwtSecret = new Uint8Array(randomBytes(32))
      generated = true
    }
  }

  const allowedOrigins: string[] = []
  for (const origin of (text(env, 'ALLOWED_ORIGINS') ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      const u = new URL(origin)
      if (u.origin !== origin.replace(/\/+$/, '')) throw new Error('not an origin')
      allowedOrigins.push(u.origin)
    } catch {
      problems.push(`ALLOWED_ORIGINS: "${origin}" is not an origin like https://intranet.example.org`)
    }
  }

  // The demo page mints tokens for anyone: on by default only with a made-up secret, so a staging box that
  // forgot NODE_ENV=production never signs admin tokens with the platform's real secret.
  const demo = flag(env, 'DEMO', !production && generated, problems)
  if (production && demo) {
    problems.push('DEMO cannot be on in production')
  } else if (demo && !generated) {
    // The demo mints tokens for anyone, admin included: never with the platform's real key.
    const key = jwksUrl !== null ? 'HOST_JWKS_URL' : 'HOST_JWT_SECRET'
    problems.push(`DEMO=on cannot be used with ${key}: the demo would mint tokens (admin included) for anyone with the platform's real key; unset one of them`)
  }

  const oidcIssuer = url(env, 'OIDC_ISSUER', problems)
  const oidcClientId = text(env, 'OIDC_CLIENT_ID')
  const oidcClientSecret = text(env, 'OIDC_CLIENT_SECRET')
  const oidcSet = [oidcIssuer, oidcClientId, oidcClientSecret].filter((v) => v !== null).length
  if (oidcSet > 0 && oidcSet < 3) {
    problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together')
  }

  const hostWebhook = hostWebhookConfig(env, production, problems)
  const mail = mailConfig(env, production, publicUrl, problems)

  const logLevel = (text(env, 'LOG_LEVEL') ?? 'info').toLowerCase()
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`)

  const config: Config = {
    port,
    host: text(env, 'HOST') ?? (production ? '0.0.0.0' : '127.0.0.1'),
    publicUrl,
    publicUrlExplicit: text(env, 'PUBLIC_URL') !== null,
    nodeEnv,
    production,
    demo,
    bbb: {
      endpoint,
      secret: bbbSecret ?? '',
      algorithm: isChecksumAlgorithm(algorithm) ? algorithm : 'sha256',
      timeoutMs: integer(env, 'BIGBLUEBUTTON_TIMEOUT_MS', 10_000, 100, 120_000, problems),
      circuitOpenMs: integer(env, 'BIGBLUEBUTTON_CIRCUIT_OPEN_MS', 5000, 100, 600_000, problems),
      maxAnswerBytes: integer(env, 'BIGBLUEBUTTON_MAX_ANSWER_BYTES', 16 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024, problems),
    },
    databaseUrl,
    hostJwt: {
      secret: jwtSecret,
      jwksUrl,
      issuer: text(env, 'HOST_JWT_ISSUER'),
      audience: text(env, 'HOST_JWT_AUDIENCE'),
      maxAgeSeconds: integer(env, 'HOST_JWT_MAX_AGE', 3600, 10, 7 * 86400, problems),
      generated,
    },
    allowedOrigins,
    statusIntervalMs: integer(env, 'STATUS_INTERVAL_MS', 5000, 200, 600_000, problems),
    joinOpensMinutesBefore: integer(env, 'JOIN_OPENS_MINUTES_BEFORE', 15, 0, 24 * 60, problems),
    dialInNumber: text(env, 'DIAL_IN_NUMBER'),
    oidc:
      oidcIssuer && oidcClientId && oidcClientSecret
        ? { issuer: oidcIssuer, clientId: oidcClientId, clientSecret: oidcClientSecret, trustSub: flag(env, 'OIDC_TRUST_SUB', false, problems) }
        : null,
    hostWebhook,
    logLevel,
    metricsToken: text(env, 'METRICS_TOKEN'),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000, problems),
    guestsPerAddress: integer(env, 'GUESTS_PER_ADDRESS', 3, 1, 10_000, problems),
    trustProxy: trustProxy(env, problems),
    streams: {
      perUser: integer(env, 'STREAMS_PER_USER', 10, 1, 100_000, problems),
      perAddress: integer(env, 'STREAMS_PER_ADDRESS', 50, 1, 1_000_000, problems),
      total: integer(env, 'STREAMS_MAX', 5000, 1, 1_000_000, problems),
    },
    documents: {
      maxBytes: integer(env, 'DOCUMENT_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024, problems),
      roomMaxBytes: integer(env, 'DOCUMENTS_ROOM_MAX_BYTES', 50 * 1024 * 1024, 1024, 10 * 1024 * 1024 * 1024, problems),
      perRoom: integer(env, 'DOCUMENTS_PER_ROOM', 5, 1, 5, problems),
      linkTtlSeconds: integer(env, 'DOCUMENT_LINK_TTL_SECONDS', 600, 30, 7 * 86400, problems),
    },
    mail,
    invitationGraceMinutes: integer(env, 'INVITATION_GRACE_MINUTES', 60, 0, 7 * 24 * 60, problems),
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return deepFreeze(config)
}

function hostWebhookConfig(env: Env, production: boolean, problems: string[]): Config['hostWebhook'] {
  const rawUrl = text(env, 'HOST_WEBHOOK_URL')
  const secret = text(env, 'HOST_WEBHOOK_SECRET')
  if (rawUrl === null && secret === null) return null
  const where = url(env, 'HOST_WEBHOOK_URL', problems)
  if (rawUrl === null) problems.push('HOST_WEBHOOK_SECRET is set but HOST_WEBHOOK_URL is not (set both, or neither)')
  if (secret === null) problems.push('HOST_WEBHOOK_URL is set but HOST_WEBHOOK_SECRET is not (set both, or neither)')
  if (secret !== null && secret.length < MIN_SECRET_LENGTH) {
    problems.push(`HOST_WEBHOOK_SECRET must be at least ${MIN_SECRET_LENGTH} characters`)
  }
  if (where !== null) {
    const u = new URL(where)
    // The URL is logged and shown: a password in it would leak, and the signature already authenticates us.
    if (u.username || u.password) problems.push('HOST_WEBHOOK_URL must not carry a user or password (the signature authenticates the service)')
    if (production && u.protocol !== 'https:') problems.push('HOST_WEBHOOK_URL must be an https:// address in production')
  }
  return where !== null && secret !== null ? { url: where, secret } : null
}

function mailConfig(env: Env, production: boolean, publicUrl: string, problems: string[]): Config['mail'] {
  const smtpUrl = text(env, 'SMTP_URL')
  if (smtpUrl !== null) {
    // Never echoed: it carries the SMTP password.
    let ok = false
    try {
      const u = new URL(smtpUrl)
      ok = (u.protocol === 'smtp:' || u.protocol === 'smtps:') && u.hostname !== ''
    } catch {
      ok = false
    }
    if (!ok) problems.push('SMTP_URL must be an smtp:// or smtps:// URL such as smtp://user:password@mail.example.org:587')
  }
  const fromRaw = text(env, 'MAIL_FROM')
  // `Name <address>` or a bare address; the address is what ORGANIZER and the envelope use.
  if (fromRaw !== null && !/^(?:[^<>]*<\s*[^\s<>@]+@[^\s<>@]+\s*>|[^\s<>@]+@[^\s<>@]+)$/.test(fromRaw)) {
    problems.push(`MAIL_FROM must be an address or "Name <address>" (got "${fromRaw}")`)
  }
  if (production && smtpUrl !== null && fromRaw === null) problems.push('MAIL_FROM is required with SMTP_URL in production')
  let host = 'localhost'
  try {
    host = new URL(publicUrl).hostname
  } catch {
    // PUBLIC_URL's own problem is already listed.
  }
  return {
    mode: smtpUrl !== null ? 'smtp' : production ? 'off' : 'dev',
    smtpUrl,
    from: fromRaw ?? `bbb-spaces <noreply@${host}>`,
  }
}

function trustProxy(env: Env, problems: string[]): string | number {
  const raw = text(env, 'TRUST_PROXY') ?? 'loopback'
  if (/^\d+$/.test(raw)) return Number(raw)
  const named = ['loopback', 'linklocal', 'uniquelocal']
  const ok = raw.split(',').every((part) => {
    const p = part.trim()
    return named.includes(p) || /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(p)
  })
  if (!ok) problems.push(`TRUST_PROXY must be loopback, a number of hops, or addresses/CIDRs (got "${raw}")`)
  return raw
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}
