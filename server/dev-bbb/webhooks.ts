import { createHash } from 'node:crypto'
import type { DevEvent } from './model.js'

export interface Hook {
  hookID: number
  callbackURL: string
  meetingID: string | undefined
  eventIDs: string[] | undefined
  rawData: boolean
}

export interface DeliveryOptions {
  /** Delays between attempts after a failure; one retry per entry. Default 1 s, 2 s, 5 s, 10 s, 30 s, 60 s. */
  retryDelaysMs: readonly number[]
  /** Per-attempt timeout, default 5000 ms. */
  timeoutMs: number
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  retryDelaysMs: [1000, 2000, 5000, 10_000, 30_000, 60_000],
  timeoutMs: 5000,
}

/**
 * Outgoing HTTP calls with retries and backoff, all cancellable at once by `close()`. Each `queue` key is
 * delivered strictly in order (one webhook's events never overtake each other).
 */
export class Deliverer {
  private readonly controller = new AbortController()
  private readonly queues = new Map<string, Promise<void>>()
  private readonly pending = new Set<Promise<void>>()

  constructor(private readonly options: DeliveryOptions) {}

  /** Sends `request()` until it answers 2xx (or `isDone`), retrying with the configured delays. */
  send(queue: string, request: () => { url: string; init: RequestInit }, isDone = (s: number) => s < 300): void {
    const previous = this.queues.get(queue) ?? Promise.resolve()
    const run = previous.then(() => this.attempts(request, isDone))
    const tracked = run.finally(() => {
      this.pending.delete(tracked)
      if (this.queues.get(queue) === run) this.queues.delete(queue)
    })
    this.queues.set(queue, run)
    this.pending.add(tracked)
  }

  private async attempts(request: () => { url: string; init: RequestInit }, isDone: (s: number) => boolean) {
    const signal = this.controller.signal
    for (let attempt = 0; attempt <= this.options.retryDelaysMs.length; attempt++) {
      if (signal.aborted) return
      if (attempt > 0) {
        const ok = await sleep(this.options.retryDelaysMs[attempt - 1], signal)
        if (!ok) return
      }
      try {
        const { url, init } = request()
        const res = await fetch(url, {
          ...init,
          redirect: 'follow',
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]),
        })
        await res.arrayBuffer().catch(() => undefined)
        if (isDone(res.status)) return
      } catch {
        // network error or timeout: retry
      }
    }
  }

  /** Resolves once every queued delivery has finished (delivered, given up or cancelled). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }

  async close(): Promise<void> {
    this.controller.abort()
    await this.idle()
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false)
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve(true)
    }, ms)
    const onAbort = () => {
      clearTimeout(t)
      resolve(false)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * The bbb-webhooks part: registered hooks and the delivery of mapped events as form POSTs
 * (`domain`, `event=[…]`, `timestamp`) with `checksum = sha1(callbackURL + body + secret)` appended.
 */
export class Webhooks {
  readonly hooks = new Map<number, Hook>()
  private nextId = 1

  constructor(
    private readonly deps: { secret: string; domain: () => string; deliverer: Deliverer; maxHooks: number },
  ) {}

  create(input: Omit<Hook, 'hookID'>): { hook: Hook; duplicate: boolean } | { full: true } {
    for (const hook of this.hooks.values()) {
      if (hook.callbackURL === input.callbackURL) return { hook, duplicate: true }
    }
    if (this.hooks.size >= this.deps.maxHooks) return { full: true }
    const hook: Hook = { hookID: this.nextId++, ...input }
    this.hooks.set(hook.hookID, hook)
    return { hook, duplicate: false }
  }

  list(meetingID: string | undefined): Hook[] {
    return [...this.hooks.values()].filter(
      (h) => meetingID === undefined || h.meetingID === undefined || h.meetingID === meetingID,
    )
  }

  destroy(hookID: number): boolean {
    return this.hooks.delete(hookID)
  }

  dispatch(event: DevEvent): void {
    for (const hook of this.hooks.values()) {
      if (hook.meetingID !== undefined && hook.meetingID !== event.meetingID) continue
      if (hook.eventIDs && !hook.eventIDs.includes(event.id)) continue
      const payload = JSON.stringify([
        { data: { type: 'event', id: event.id, attributes: event.attributes, event: { ts: event.ts } } },
      ])
      const body = new URLSearchParams([
        ['domain', this.deps.domain()],
        ['event', payload],
        ['timestamp', String(Date.now())],
      ]).toString()
      const sum = createHash('sha1').update(hook.callbackURL + body + this.deps.secret).digest('hex')
      const url = `${hook.callbackURL}${hook.callbackURL.includes('?') ? '&' : '?'}checksum=${sum}`
      this.deps.deliverer.send(
        `hook:${hook.hookID}`,
        () => ({
          url,
          init: {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body,
          },
        }),
        // bbb-webhooks treats 401 as delivered.
        (status) => status < 300 || status === 401,
      )
    }
  }
}
