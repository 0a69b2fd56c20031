import type { BbbClient } from './client.js'
import { BbbUnavailableError, isBbbApiError, isBbbUnavailableError, type BbbUnavailableReason } from './errors.js'

/** How a BBB call ended: answered, answered FAILED, could not be used, or refused by the open circuit. */
export type BbbCallOutcome = 'ok' | 'failed' | 'unavailable' | 'circuit_open'

/** One attempt at a BBB call, for metrics and logs. */
export interface BbbCallEvent {
  call: string
  outcome: BbbCallOutcome
  /** Wall time of this attempt. */
  ms: number
  /** 1 for the first attempt, 2 for the first retry… */
  attempt: number
  /** The BBB messageKey (`failed`) or unavailability reason (`unavailable`, `circuit_open`). */
  detail?: string
}

export type CircuitState = 'closed' | 'open' | 'half_open'

export interface ResilienceOptions {
  /** Retries of an idempotent call after the first attempt. Default 2. */
  retries?: number
  /** First backoff delay; doubled each retry, with ±50 % jitter. Default 200 ms. */
  baseDelayMs?: number
  /**
   * No retry starts once this much time has passed since the call began (a slow BBB is not waited on
   * forever: with the client's 10 s timeout, a timed-out call is not retried). Default 3000 ms.
   */
  budgetMs?: number
  /** Consecutive unavailable answers (any call) that open the circuit. Default 5. */
  failureThreshold?: number
  /** How long the circuit stays open before one probe call is let through (half-open). Default 5000 ms. */
  openMs?: number
  /** Told about every attempt (metrics, logs). Must not throw. */
  onCall?: (event: BbbCallEvent) => void
  /** Told when the circuit changes state. */
  onCircuit?: (state: CircuitState) => void
  /** Injected for tests. Default Date.now. */
  clock?: () => number
  /** Injected for tests. Default setTimeout-based. */
  sleep?: (ms: number) => Promise<void>
  /** Injected for tests: a number in [0, 1). Default Math.random. */
  random?: () => number
}

/** A {@link BbbClient} that retries idempotent calls and stops calling a dead BBB. */
export interface ResilientBbbClient extends BbbClient {
  /** The circuit breaker's state now (`open` turns into `half_open` once the cool-down is over). */
  circuit(): CircuitState
}

const IDEMPOTENT = new Set(['create', 'getMeetingInfo', 'getMeetings', 'end', 'isMeetingRunning', 'getRecordings'])

/**
 * Wraps a BBB client with the same interface:
 *
 * - **Retries** with exponential backoff and jitter, within a time budget, for the idempotent calls only
 *   (`create`, `getMeetingInfo`, `getMeetings`, `end`, `isMeetingRunning`, `getRecordings`), and only when BBB
 *   could not be used (`BbbUnavailableError`: unreachable, timeout, 5xx, HTML, truncated XML). A `FAILED`
 *   answer (`BbbApiError`, e.g. `checksumError` for a wrong secret) is BBB's word and is never retried.
 * - **Circuit breaker**: after `failureThreshold` consecutive unavailable answers it opens; calls then fail at
 *   once with `BbbUnavailableError` (same reason as the last failure, message "circuit open") without touching
 *   BBB. After `openMs` the next call is the probe (half-open): a success closes the circuit, a failure opens it
 *   again. The status poller's regular `getMeetings` is what usually probes, so the service recovers by itself.
 *
 * `apiVersion()` (unsigned health check) and the URL builders pass straight through.
 */
export function createResilientBbbClient(inner: BbbClient, options: ResilienceOptions = {}): ResilientBbbClient {
  const retries = options.retries ?? 2
  const baseDelayMs = options.baseDelayMs ?? 200
  const budgetMs = options.budgetMs ?? 3000
  const threshold = options.failureThreshold ?? 5
  const openMs = options.openMs ?? 5000
  const clock = options.clock ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const random = options.random ?? Math.random

  let state: CircuitState = 'closed'
  let failures = 0
  let openedAt = 0
  let lastReason: BbbUnavailableReason = 'unreachable'
  let probing = false

  const setState = (next: CircuitState) => {
    if (next === state) return
    state = next
    options.onCircuit?.(next)
  }
  const report = (event: BbbCallEvent) => {
    try {
      options.onCall?.(event)
    } catch {
      // observers never break a call
    }
  }

  function currentState(): CircuitState {
    if (state === 'open' && clock() - openedAt >= openMs) return 'half_open'
    return state
  }

  async function attempt<T>(call: string, n: number, run: () => Promise<T>): Promise<T> {
    const now = currentState()
    let probe = false
    if (now === 'open' || (now === 'half_open' && probing)) {
      report({ call, outcome: 'circuit_open', ms: 0, attempt: n, detail: lastReason })
      throw new BbbUnavailableError({
        call,
        reason: lastReason,
        message: `BigBlueButton ${call}: not called, circuit open after ${failures} failures in a row`,
        url: inner.apiBase + call,
      })
    }
    if (now === 'half_open') {
      probing = true
      probe = true
      setState('half_open')
    }
    const started = clock()
    try {
      const result = await run()
      report({ call, outcome: 'ok', ms: clock() - started, attempt: n })
      failures = 0
      setState('closed')
      return result
    } catch (err) {
      const ms = clock() - started
      if (isBbbUnavailableError(err)) {
        report({ call, outcome: 'unavailable', ms, attempt: n, detail: err.reason })
        lastReason = err.reason
        failures += 1
        if (probe || (state === 'closed' && failures >= threshold)) {
          openedAt = clock()
          setState('open')
        }
      } else {
        report({ call, outcome: isBbbApiError(err) ? 'failed' : 'unavailable', ms, attempt: n, ...(isBbbApiError(err) ? { detail: err.messageKey } : {}) })
        // BBB answered: it is alive, whatever it said.
        if (isBbbApiError(err)) {
          failures = 0
          setState('closed')
        }
      }
      throw err
    } finally {
      if (probe) probing = false
    }
  }

  async function guarded<T>(call: string, run: () => Promise<T>): Promise<T> {
    if (!IDEMPOTENT.has(call)) return attempt(call, 1, run)
    const began = clock()
    for (let n = 1; ; n++) {
      try {
        return await attempt(call, n, run)
      } catch (err) {
        if (!isBbbUnavailableError(err) || n > retries || currentState() !== 'closed') throw err
        const delay = baseDelayMs * 2 ** (n - 1) * (0.5 + random())
        if (clock() - began + delay >= budgetMs) throw err
        await sleep(delay)
      }
    }
  }

  return {
    apiBase: inner.apiBase,
    algorithm: inner.algorithm,
    urls: inner.urls,
    circuit: currentState,
    apiVersion: () => inner.apiVersion(),
    create: (p) => guarded('create', () => inner.create(p)),
    join: (p) => guarded('join', () => inner.join(p)),
    end: (p) => guarded('end', () => inner.end(p)),
    isMeetingRunning: (p) => guarded('isMeetingRunning', () => inner.isMeetingRunning(p)),
    getMeetingInfo: (p) => guarded('getMeetingInfo', () => inner.getMeetingInfo(p)),
    getMeetings: () => guarded('getMeetings', () => inner.getMeetings()),
    getRecordings: (p) => guarded('getRecordings', () => inner.getRecordings(p)),
    publishRecordings: (p) => guarded('publishRecordings', () => inner.publishRecordings(p)),
    updateRecordings: (p) => guarded('updateRecordings', () => inner.updateRecordings(p)),
    deleteRecordings: (p) => guarded('deleteRecordings', () => inner.deleteRecordings(p)),
    insertDocument: (p) => guarded('insertDocument', () => inner.insertDocument(p)),
    sendChatMessage: (p) => guarded('sendChatMessage', () => inner.sendChatMessage(p)),
    hooksCreate: (p) => guarded('hooks/create', () => inner.hooksCreate(p)),
    hooksList: (p) => guarded('hooks/list', () => inner.hooksList(p)),
    hooksDestroy: (p) => guarded('hooks/destroy', () => inner.hooksDestroy(p)),
    call: (name, p) => guarded(name, () => inner.call(name, p)),
  }
}
