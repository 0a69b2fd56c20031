import type { ClaimedEvent, Outbox } from './outbox.js'
import { SIGNATURE_HEADER, signatureHeader } from './signature.js'
import { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions } from './worker.js'

/**
 * The webhook's own options; the loop's (lease, attempts, age, backoff, poll, batch, retention, random) are the
 * shared worker's, with its defaults (`OutboxWorkerOptions` in `worker.ts`).
 */
export interface DeliveryOptions extends Omit<OutboxWorkerOptions<ClaimedEvent>, 'queue' | 'send' | 'name' | 'describe'> {
  outbox: Outbox
  /** `HOST_WEBHOOK_URL`. */
  url: string
  /** `HOST_WEBHOOK_SECRET`: signs, never logged. */
  secret: string
  fetch?: typeof fetch
  /** Per POST. Default 10 s (and the lease at least three times that). */
  timeoutMs?: number
}

export type DeliveryWorker = OutboxWorker

/**
 * Delivers the outbox: claims the oldest pending event of each room, POSTs it signed, then marks it delivered, or
 * sets its next attempt (exponential backoff), or gives it up (recorded as `failed`) after `maxAttempts` or
 * `maxAgeMs`. A room's next event waits until the previous one is settled. Time comes from the injected clock.
 * The loop is the shared outbox worker (`worker.ts`); this file is what is particular to webhooks.
 */
export function createDeliveryWorker(options: DeliveryOptions): DeliveryWorker {
  const { outbox, clock, url, secret, fetch: givenFetch, timeoutMs: givenTimeout, ...loop } = options
  const doFetch = givenFetch ?? fetch
  const timeoutMs = givenTimeout ?? 10_000
  return createOutboxWorker<ClaimedEvent>({
    ...loop,
    clock,
    name: 'host events',
    leaseMs: options.leaseMs ?? Math.max(60_000, timeoutMs * 3),
    queue: outbox,
    describe: (event) => ({ eventId: event.id, type: event.type, roomId: event.roomId }),
    send: async (event) => {
      const error = await post(event)
      return error === null ? null : { error }
    },
  })

  /** Null when the receiver took it (2xx), else why not. */
  async function post(event: ClaimedEvent): Promise<string | null> {
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signatureHeader(secret, clock.now(), event.body),
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
