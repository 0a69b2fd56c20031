import { randomUUID } from 'node:crypto'
import type { Clock, ClockTimer } from '../clock.js'
import type { Logger } from '../log.js'
import type { ClaimedEvent, Outbox } from './outbox.js'
import { SIGNATURE_HEADER, signatureHeader } from './signature.js'

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

export interface DeliveryWorker {
  /** Starts delivering (idempotent). */
  start(): void
  /** Look at the outbox now (something was just added). */
  nudge(): void
  /** Stops: no new claim; waits for the POSTs in flight. Undelivered events stay in the outbox. */
  close(): Promise<void>
}

/**
 * Delivers the outbox: claims the oldest pending event of each room, POSTs it signed, then marks it delivered, or
 * sets its next attempt (exponential backoff), or gives it up (recorded as `failed`) after `maxAttempts` or
 * `maxAgeMs`. A room's next event waits until the previous one is settled. Time comes from the injected clock.
 */
export function createDeliveryWorker(options: DeliveryOptions): DeliveryWorker {
  const { outbox, clock, log } = options
  const doFetch = options.fetch ?? fetch
  const owner = options.owner ?? randomUUID()
  const timeoutMs = options.timeoutMs ?? 10_000
  const leaseMs = options.leaseMs ?? Math.max(60_000, timeoutMs * 3)
  const maxAttempts = options.maxAttempts ?? 100
  const maxAgeMs = options.maxAgeMs ?? 24 * 3600_000
  const backoffMs = options.backoffMs ?? 1000
  const maxBackoffMs = options.maxBackoffMs ?? 15 * 60_000
  const pollMs = options.pollMs ?? 2000
  const batch = options.batch ?? 8
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600_000
  const random = options.random ?? Math.random

  let started = false
  let closed = false
  let timer: ClockTimer | null = null
  let running: Promise<void> | null = null
  let again = false
  let lastPurge = -Infinity

  function kick(): void {
    if (!started || closed) return
    if (running) {
      again = true
      return
    }
    if (timer) clock.clearTimeout(timer)
    timer = null
    running = cycle().finally(() => {
      running = null
      if (again) kick()
    })
  }

  async function cycle(): Promise<void> {
    let wait = pollMs
    try {
      do {
        again = false
        const now = clock.now()
        if (now - lastPurge >= 3600_000) {
          lastPurge = now
          await outbox.purge(now - retentionMs)
        }
        const claimed = await outbox.claim(owner, now, leaseMs, batch)
        if (claimed.length === 0) break
        // One event per room: rooms are independent, so they go out together.
        const settled = await Promise.allSettled(claimed.map(deliver))
        const failed = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected')
        if (failed) throw failed.reason
      } while (!closed)
      const due = await outbox.nextDueAt()
      if (due !== null) wait = Math.min(pollMs, Math.max(10, due - clock.now()))
    } catch (err) {
      log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'host events: cannot read the outbox; will retry')
    }
    if (!closed && !again) timer = clock.setTimeout(kick, wait)
  }

  async function deliver(event: ClaimedEvent): Promise<void> {
    const error = await post(event)
    const now = clock.now()
    if (error === null) {
      await outbox.delivered(event.seq, owner, now)
      return
    }
    const context = { eventId: event.id, type: event.type, roomId: event.roomId, attempts: event.attempts, error }
    if (event.attempts >= maxAttempts || now - event.createdAt >= maxAgeMs) {
      await outbox.giveUp(event.seq, owner, now, error)
      log.error(context, 'host events: delivery given up')
      return
    }
    const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (event.attempts - 1)) * (0.75 + 0.5 * random())
    await outbox.retry(event.seq, owner, now + Math.round(delay), error)
    if (event.attempts === 1) log.warn(context, 'host events: delivery failed; retrying with backoff')
  }

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

  return {
    start() {
      if (started) return
      started = true
      kick()
    },
    nudge: kick,
    async close() {
      closed = true
      if (timer) clock.clearTimeout(timer)
      timer = null
      await running
    },
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
