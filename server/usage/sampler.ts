import type { Clock, ClockTimer } from '../clock.js'
import type { Usage } from '../model/index.js'
import type { MinuteSample } from '../model/index.js'
import type { UsageHistoryRepo } from '../store/types.js'
import { HOUR_MS, MINUTE_MS } from '../store/usage-history.js'

export interface UsageSamplerDeps {
  history: UsageHistoryRepo
  /** What the seat ledger and the open runs say now (`SeatLedger.usage`). */
  usage(now: number): Promise<Usage>
  clock: Clock
  log: { warn(details: object, message: string): void }
}

export interface UsageSampler {
  /** Samples the current minute now, then at the start of every minute. */
  start(): void
  /** Samples the current minute (if no instance has yet) and rolls up finished hours; resolves when written. */
  sampleNow(): Promise<void>
  /** Stops sampling; waits for a sample in progress. */
  close(): Promise<void>
}

/** A minute's sample from the ledger's usage: the whole service and every space with people or meetings. */
export function toMinuteSample(minute: number, usage: Usage): MinuteSample {
  return {
    minute,
    total: { participants: usage.total, internal: usage.internal, external: usage.external, meetings: usage.runningMeetings },
    spaces: usage.spaces
      .filter((s) => s.participants.total > 0 || s.runningMeetings > 0)
      .map((s) => ({
        spaceId: s.spaceId,
        participants: s.participants.total,
        internal: s.participants.internal,
        external: s.participants.external,
        meetings: s.runningMeetings,
      })),
  }
}

/**
 * Samples usage once a minute, on the injected clock. Every instance samples; the database keeps the first
 * sample of each minute (`recordMinute`), so several instances on one PostgreSQL never count a minute twice.
 * Finished hours are rolled up after the first sample of each new hour.
 */
export function createUsageSampler(deps: UsageSamplerDeps): UsageSampler {
  const { history, clock, log } = deps
  let timer: ClockTimer | null = null
  let stopped = false
  let inFlight: Promise<void> = Promise.resolve()
  let rolledHour: number | null = null

  async function sample(): Promise<void> {
    const now = clock.now()
    const minute = now - (now % MINUTE_MS)
    try {
      await history.recordMinute(toMinuteSample(minute, await deps.usage(now)))
      const hour = now - (now % HOUR_MS)
      if (rolledHour !== hour) {
        await history.rollUp(now)
        rolledHour = hour
      }
    } catch (err) {
      log.warn({ err: { message: String(err) } }, 'usage sample failed')
    }
  }

  function schedule(): void {
    if (stopped) return
    const now = clock.now()
    timer = clock.setTimeout(() => {
      timer = null
      inFlight = sample().finally(schedule)
    }, MINUTE_MS - (now % MINUTE_MS))
  }

  return {
    start() {
      inFlight = sample().finally(schedule)
    },
    sampleNow() {
      inFlight = inFlight.then(sample)
      return inFlight
    },
    async close() {
      stopped = true
      if (timer) clock.clearTimeout(timer)
      timer = null
      await inFlight.catch(() => undefined)
    },
  }
}
