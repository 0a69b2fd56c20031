import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { ClaimedEvent, Outbox } from './outbox.js'
import { SIGNATURE_HEADER, signatureHeader } from './signature.js'
import { createOutboxWorker, type OutboxWorker } from './worker.js'

export interface DeliveryOptions {
  outbox: Outbox
  clock: Clock
  log: Logger
  /** `HOST_WEBHOOK_URL`. */
  url: string
  /** `HOST_WEBHOOK_SECRET`: signs, never logged. */
  secret: string
  fetch?: typeof fetch
  /** Names this instance's leases. Default: a random id. */
  owner?: string
  /** Per POST. Default 10 s. */
  timeoutMs?: number
  /** How long a claimed event is this instance's alone; longer than a POST can take. Default 60 s. */
  leaseMs?: number
  /** Attempts before giving up. Default 100 (with the default backoff, the age limit comes first). */
  maxAttempts?: number
  /** Age after which a failing event is given up. Default 24 h. */
  maxAgeMs?: number
  /** First retry delay, doubled each attempt up to `maxBackoffMs` (±25 % jitter). Defaults 1 s and 15 min. */
  backoffMs?: number
  maxBackoffMs?: number
  /** Longest sleep between looks at the outbox (other instances add events without waking us). Default 2 s. */
  pollMs?: number
  /** Rooms served at once. Default 8. */
  batch?: number
  /** Delivered and failed events are kept this long, so a fact seen again is still recognised. Default 7 days. */
  retentionMs?: number
  random?: () => number
}

export type DeliveryWorker = OutboxWorker

/**
 * Delivers the outbox: claims the oldest pending event of each room, POSTs it signed, then marks it delivered, or
 * sets its next attempt (exponential backoff), or gives it up (recorded as `failed`) after `maxAttempts` or
 * `maxAgeMs`. A room's next event waits until the previous one is settled. Time comes from the injected clock.
 * The loop is the shared outbox worker (`worker.ts`); this file is what is particular to webhooks.
 */
export function createDeliveryWorker(options: DeliveryOptions): DeliveryWorker {
  const { outbox, clock } = options
  const doFetch = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? 10_000
  return createOutboxWorker<ClaimedEvent>({
    ...options,
    name: 'host events',
    leaseMs: options.leaseMs ?? Math.max(60_000, timeoutMs * 3),
    queue: {
      claim: (owner, now, leaseMs, limit) => outbox.claim(owner, now, leaseMs, limit),
      delivered: (e, owner, now) => outbox.delivered(e.seq, owner, now),
      retry: (e, owner, at, error) => outbox.retry(e.seq, owner, at, error),
      giveUp: (e, owner, now, error) => outbox.giveUp(e.seq, owner, now, error),
      nextDueAt: () => outbox.nextDueAt(),
      purge: (before) => outbox.purge(before),
    },
    describe: (event) => ({ eventId: event.id, type: event.type, roomId: event.roomId }),
    send: async (event) => {
      const error = await post(event)
      return error === null ? null : { error }
    },
  })

  /** Null when the receiver took it (2xx), else why not. */
  async function post(event: ClaimedEvent): Promise<string | null> {
    try {
      const res = await doFetch(options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureHeader(options.secret, clock.now(), event.body),
          'user-agent': 'bbb-spaces',
        },
        body: event.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      })
      await res.body?.cancel().catch(() => undefined)
      if (res.status >= 200 && res.status < 300) return null
      return res.status >= 300 && res.status < 400 ? `HTTP ${res.status} (redirects are not followed)` : `HTTP ${res.status}`
    } catch (err) {
      return describeFailure(err)
    }
  }
}

function describeFailure(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout'
    const code = (err.cause as { code?: unknown } | undefined)?.code
    return typeof code === 'string' ? `${err.message} (${code})` : err.message
  }
  return String(err)
}
