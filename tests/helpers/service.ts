import { Writable } from 'node:stream'
import { mintHostToken, type HostClaims } from '../../server/auth/host-jwt.js'
import { systemClock } from '../../server/clock.js'
import { loadConfig } from '../../server/config.js'
import { createLogger } from '../../server/log.js'
import { startService, type HostEventsOptions, type MailOptions, type RunningService } from '../../server/service.js'
import type { Store } from '../../server/store/types.js'
import { openTestStore } from './databases.js'
import { recordSecrets, recordTraffic, recordLogLine } from '../hardening/traffic-recorder.js'

export const TEST_HOST_SECRET = 'test-host-secret-for-bbb-spaces-0123456789'

export interface TestService {
  /** http://127.0.0.1:PORT */
  url: string
  /** The BBB API base (the in-process development server), e.g. http://127.0.0.1:PORT/bigbluebutton/ */
  bbbUrl: string
  service: RunningService
  store: Store
  /** Every line the service logged, for assertions (and the secret scan). */
  logLines: string[]
  /** The key host tokens are signed with (TEST_HOST_SECRET, or the one a demo service made up). */
  hostSecret: Uint8Array
  mintToken(claims: Partial<HostClaims> & { sub: string }, options?: { expiresIn?: string | number }): Promise<string>
  /** Dev BBB call counters. */
  bbbStats(): Promise<Record<string, number>>
  close(): Promise<void>
}

/**
 * The real service (real config, wiring and store) with the in-process development BBB server, on a random
 * loopback port. `store` picks SQLite (temp file) or PostgreSQL (own schema, dropped on close).
 */
export async function startTestService(
  options: {
    store?: 'sqlite' | 'postgres'
    /** Reuse an open store (two instances on one database); the caller closes it. */
    sharedStore?: Store
    demo?: boolean
    allowedOrigins?: string[]
    env?: Record<string, string>
    /** The service's clock (epoch ms), e.g. real time plus an offset for reservation-expiry tests. */
    clock?: () => number
    /** Host-events knobs (their clock, shorter delays); they are sent only with HOST_WEBHOOK_URL in `env`. */
    hostEvents?: HostEventsOptions
    /** Mail knobs (its clock, shorter delays, another transport). */
    mail?: MailOptions
  } = {},
): Promise<TestService> {
  const opened = options.sharedStore ? null : await openTestStore(options.store ?? 'sqlite')
  const store = options.sharedStore ?? opened!.store
  const config = loadConfig({
    PORT: '0',
    // The demo refuses a real host secret: a demo service signs with the one it makes up, read back below.
    ...(options.demo ? { DEMO: 'on' } : { HOST_JWT_SECRET: TEST_HOST_SECRET, DEMO: 'off' }),
    LOG_LEVEL: 'info',
    DATABASE_URL: opened?.url ?? 'sqlite::memory:',
    ...(options.allowedOrigins ? { ALLOWED_ORIGINS: options.allowedOrigins.join(',') } : {}),
    ...options.env,
  })
  const logLines: string[] = []
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        logLines.push(line)
        recordLogLine(line)
      }
      cb()
    },
  })
  const log = createLogger({ level: config.logLevel, secrets: [config.bbb.secret, TEST_HOST_SECRET, config.hostWebhook?.secret], destination })
  recordSecrets([config.bbb.secret, TEST_HOST_SECRET, config.oidc?.clientSecret, config.hostWebhook?.secret])
  const service = await startService(config, {
    log,
    host: '127.0.0.1',
    store,
    ...(options.clock ? { clock: { ...systemClock, now: options.clock } } : {}),
    ...(options.hostEvents ? { hostEvents: options.hostEvents } : {}),
    ...(options.mail ? { mail: options.mail } : {}),
  })
  recordTraffic(service.server)
  const secret = config.hostJwt.secret ?? new TextEncoder().encode(TEST_HOST_SECRET)
  return {
    url: service.url,
    bbbUrl: service.bbbEndpoint,
    service,
    store,
    logLines,
    hostSecret: secret,
    // Issued at the service's time, as a host platform on the same clock would.
    mintToken: (claims, opts) => mintHostToken(secret, { name: claims.sub, ...claims }, { ...opts, now: options.clock?.() }),
    async bbbStats() {
      const res = await fetch(`${service.bbbEndpoint}dev/stats`)
      return ((await res.json()) as { calls: Record<string, number> }).calls
    },
    async close() {
      await service.close()
      await opened?.cleanup()
    },
  }
}
