import { randomUUID } from 'node:crypto'
import type { Clock, ClockTimer } from '../clock.js'
import type { Logger } from '../log.js'
import type { OutboxItem, OutboxQueue } from '../store/types.js'

export type { OutboxItem, OutboxQueue } from '../store/types.js'

/** How one attempt went: null when delivered; `permanent` failures are given up at once (no retry). */
export type AttemptResult = null | { error: string; permanent?: boolean }

export interface OutboxWorkerOptions<T extends OutboxItem> {
  queue: OutboxQueue<T>
  /** Delivers one item. Throwing counts as a failure to retry. */
  send(item: T): Promise<AttemptResult>
  clock: Clock
  log: Logger
  /** Names the outbox in logs (`host events`, `mail`). */
  name: string
  /** Log context of an item. */
  describe?(item: T): Record<string, unknown>
  /** Names this instance's leases. Default: a random id. */
  owner?: string
  /** How long a claimed item is this instance's alone; longer than a send can take. Default 60 s. */
  leaseMs?: number
  /** Attempts before giving up. Default 100 (with the default backoff, the age limit comes first). */
  maxAttempts?: number
  /** Age after which a failing item is given up. Default 24 h. */
  maxAgeMs?: number
  /** First retry delay, doubled each attempt up to `maxBackoffMs` (±25 % jitter). Defaults 1 s and 15 min. */
  backoffMs?: number
  maxBackoffMs?: number
  /** Longest sleep between looks at the outbox (other instances add items without waking us). Default 2 s. */
  pollMs?: number
  /** Items sent at once. Default 8. */
  batch?: number
  /** Settled items are kept this long. Default 7 days. */
  retentionMs?: number
  random?: () => number
}

export interface OutboxWorker {
  /** Starts delivering (idempotent). */
  start(): void
  /** Look at the outbox now (something was just added). */
  nudge(): void
  /** Stops: no new claim; waits for the sends in flight. Undelivered items stay in the outbox. */
  close(): Promise<void>
}

/**
 * Delivers a durable outbox: claims due items (a lease, so several instances share the work and an instance that
 * dies leaves its items to the others once the lease ends), sends them, then marks each delivered, or sets its next
 * attempt (exponential backoff with jitter), or gives it up (recorded as `failed`) when the failure is permanent or
 * after `maxAttempts` or `maxAgeMs`. Time comes from the injected clock.
 */
export function createOutboxWorker<T extends OutboxItem>(options: OutboxWorkerOptions<T>): OutboxWorker {
  const { queue, clock, log, name } = options
  const owner = options.owner ?? randomUUID()
  const leaseMs = options.leaseMs ?? 60_000
  const maxAttempts = options.maxAttempts ?? 100
  const maxAgeMs = options.maxAgeMs ?? 24 * 3600_000
  const backoffMs = options.backoffMs ?? 1000
  const maxBackoffMs = options.maxBackoffMs ?? 15 * 60_000
  const pollMs = options.pollMs ?? 2000
  const batch = options.batch ?? 8
  const retentionMs = options.retentionMs ?? 7 * 24 * 3600_000
  const random = options.random ?? Math.random
  const describe = options.describe ?? (() => ({}))

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
          await queue.purge(now - retentionMs)
        }
        const claimed = await queue.claim(owner, now, leaseMs, batch)
        if (claimed.length === 0) break
        const settled = await Promise.allSettled(claimed.map(deliver))
        const failed = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected')
        if (failed) throw failed.reason
      } while (!closed)
      const due = await queue.nextDueAt()
      if (due !== null) wait = Math.min(pollMs, Math.max(10, due - clock.now()))
    } catch (err) {
      log.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, `${name}: cannot read the outbox; will retry`)
    }
    if (!closed && !again) timer = clock.setTimeout(kick, wait)
  }

  async function deliver(item: T): Promise<void> {
    let result: AttemptResult
    try {
      result = await options.send(item)
    } catch (err) {
      result = { error: err instanceof Error ? err.message : String(err) }
    }
    const now = clock.now()
    if (result === null) {
      await queue.delivered(item, owner, now)
      return
    }
    const context = { ...describe(item), attempts: item.attempts, error: result.error }
    if (result.permanent || item.attempts >= maxAttempts || now - item.createdAt >= maxAgeMs) {
      await queue.giveUp(item, owner, now, result.error)
      log.error(context, `${name}: delivery given up`)
      return
    }
    const delay = Math.min(maxBackoffMs, backoffMs * 2 ** (item.attempts - 1)) * (0.75 + 0.5 * random())
    await queue.retry(item, owner, now + Math.round(delay), result.error)
    if (item.attempts === 1) log.warn(context, `${name}: delivery failed; retrying with backoff`)
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
