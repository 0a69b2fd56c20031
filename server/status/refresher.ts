import type { Clock, ClockTimer } from '../clock.js'
import type { Logger } from '../log.js'
import type { MeetingRun } from '../model/index.js'
import { createMeetingsReader, type StatusBbb, type StatusMode } from './bbb-reader.js'
import { NOT_RUNNING, visibleStatus, type MeetingStatus, type StatusSource } from './meeting-status.js'

export type { StatusBbb, StatusMode } from './bbb-reader.js'

export interface StatusRefresherOptions {
  bbb: StatusBbb
  /** Open runs: the meetings known to be running (per-meeting mode, and to catch a lying getMeetings). */
  listOpenRuns: () => Promise<MeetingRun[]>
  /** Refresh period in ms (`STATUS_INTERVAL_MS`, default 5000), jittered by ±10 %. */
  intervalMs: number
  /** Ages the snapshot and drives the polling timer. */
  clock: Clock
  log?: Logger
  /** Told after each successful refresh with every meeting BBB reported (the ledger reconciles from it). */
  onRefreshed?: (statuses: Map<string, MeetingStatus>) => Promise<void> | void
  /** Force the mode (tests); default: getMeetings, switching to getMeetingInfo when it proves unusable. */
  mode?: StatusMode
  /** At most this many getMeetingInfo calls at once in per-meeting mode. Default 6. */
  concurrency?: number
  random?: () => number
}

export type StatusListener = (meetingId: string, status: MeetingStatus, previous: MeetingStatus) => void

/** The instance's single status source: a timer-driven, single-flight view of BBB's meetings. */
export interface StatusRefresher extends StatusSource {
  /** Keeps the refresher polling while someone watches these meetings; call the returned function to stop. */
  watch(meetingIds: readonly string[]): () => void
  /** Told of every visible change (poll or local update). Returns an unsubscribe function. */
  onChange(listener: StatusListener): () => void
  /** Applies a change learnt elsewhere (webhook, callback, another instance) at once, and tells listeners. */
  update(meetingId: string, change: (current: MeetingStatus) => MeetingStatus): MeetingStatus
  /** The snapshot value, without asking BBB. */
  peek(meetingId: string): MeetingStatus
  /** Asks BBB now (shared with any refresh already in flight); resolves once what follows it (`onRefreshed`) is done. */
  refresh(): Promise<Map<string, MeetingStatus>>
  /** Starts the timer (idempotent). */
  start(): void
  readonly mode: StatusMode
  /** BBB status calls made so far, by call name (for tests and metrics). */
  calls(): Record<string, number>
  /** Timer ticks so far (each asks BBB at most once). */
  ticks(): number
}

/** How long a read keeps showing interest (and keeps polling going) after the last request. */
const INTEREST_MS = 60_000

/**
 * Creates the status refresher. Reads (`get`, `getMany`) answer from the shared snapshot while it is younger than
 * two intervals, so the BBB cost is one call per interval whatever the number of viewers (one getMeetings; or one
 * getMeetingInfo per running meeting once getMeetings proved unusable: `unsupportedRequest`, or Scalelite's switch
 * answering `noMeetings` while a meeting we know of runs). The timer polls only while someone watches, read
 * recently, or a meeting is open.
 */
export function createStatusRefresher(options: StatusRefresherOptions): StatusRefresher {
  const { bbb, intervalMs } = options
  const random = options.random ?? Math.random
  const maxAge = intervalMs * 2
  const reader = createMeetingsReader({
    bbb,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.log ? { log: options.log } : {}),
  })
  let snapshot = new Map<string, MeetingStatus>()
  let snapshotAt: number | null = null
  let dirty = false
  let lastError: { at: number; error: unknown } | null = null
  let inFlight: Promise<Map<string, MeetingStatus>> | null = null
  let timer: ClockTimer | null = null
  let closed = false
  let lastInterest = -Infinity
  const localAt = new Map<string, number>()
  const watchers = new Map<string, number>()
  const listeners = new Set<StatusListener>()
  let tickCount = 0

  const { clock } = options
  const now = () => clock.now()

  function emit(meetingId: string, status: MeetingStatus, previous: MeetingStatus): void {
    if (sameVisible(status, previous)) return
    for (const listener of listeners) {
      try {
        listener(meetingId, status, previous)
      } catch (err) {
        options.log?.error({ err }, 'status listener failed')
      }
    }
  }

  function replaceSnapshot(next: Map<string, MeetingStatus>, startedAt: number): void {
    const previous = snapshot
    // Changes applied locally (webhooks) after this poll started are newer than what the poll saw.
    for (const [id, at] of localAt) {
      if (at <= startedAt) {
        localAt.delete(id)
        continue
      }
      const local = previous.get(id)
      if (local) next.set(id, local)
      else next.delete(id)
    }
    snapshot = next
    for (const [id, status] of next) emit(id, status, previous.get(id) ?? NOT_RUNNING)
    for (const [id, status] of previous) if (!next.has(id)) emit(id, NOT_RUNNING, status)
  }

  async function doRefresh(): Promise<Map<string, MeetingStatus>> {
    const startedAt = now()
    dirty = false
    try {
      const openRuns = await options.listOpenRuns()
      const known = [...snapshot].filter(([, status]) => status.exists).map(([id]) => id)
      const next = await reader.read(openRuns, known, startedAt)
      replaceSnapshot(next, startedAt)
      snapshotAt = startedAt
      lastError = null
      follow(new Map(snapshot))
      return snapshot
    } catch (error) {
      lastError = { at: startedAt, error }
      throw error
    }
  }

  /** The snapshot BBB gives now: what readers wait for (not what follows from it). */
  function refreshSnapshot(): Promise<Map<string, MeetingStatus>> {
    inFlight ??= doRefresh().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  /** A refresh and what follows from it (`onRefreshed`), done. */
  async function refresh(): Promise<Map<string, MeetingStatus>> {
    const statuses = await refreshSnapshot()
    await following
    return statuses
  }

  // What follows a refresh (the seat ledger reconciled with every meeting BBB reported: a locked transaction per
  // meeting) runs after readers have the snapshot, one at a time, the newest snapshot replacing one not yet taken
  // up. Readers used to wait for it: in the 9 o'clock rush a member's join waited for 400 meetings' reconciliation.
  let latest: Map<string, MeetingStatus> | null = null
  let following: Promise<void> | null = null
  function follow(statuses: Map<string, MeetingStatus>): void {
    if (!options.onRefreshed) return
    latest = statuses
    following ??= (async () => {
      while (latest) {
        const next = latest
        latest = null
        try {
          await options.onRefreshed?.(next)
        } catch (err) {
          options.log?.warn({ err: describe(err) }, 'what follows a status refresh failed')
        }
      }
      following = null
    })()
  }

  async function fresh(): Promise<Map<string, MeetingStatus>> {
    lastInterest = now()
    if (!dirty && snapshotAt !== null && now() - snapshotAt < maxAge) return snapshot
    if (!dirty && lastError && now() - lastError.at < Math.min(maxAge, 5000)) throw lastError.error
    return refreshSnapshot()
  }

  async function shouldPoll(): Promise<boolean> {
    if (watchers.size > 0 || now() - lastInterest < INTEREST_MS || dirty) return true
    for (const s of snapshot.values()) if (s.exists) return true
    return (await options.listOpenRuns()).length > 0
  }

  function schedule(): void {
    if (closed) return
    const delay = intervalMs * (0.9 + 0.2 * random())
    timer = clock.setTimeout(() => {
      tickCount++
      void (async () => {
        try {
          if (await shouldPoll()) await refresh()
        } catch (err) {
          options.log?.warn({ err: describe(err) }, 'meeting status refresh failed')
        } finally {
          schedule()
        }
      })()
    }, delay)
  }

  return {
    get mode() {
      return reader.mode
    },
    async getMany(ids) {
      const statuses = await fresh()
      return new Map(ids.map((id) => [id, statuses.get(id) ?? NOT_RUNNING]))
    },
    async get(id) {
      return (await fresh()).get(id) ?? NOT_RUNNING
    },
    peek(id) {
      return snapshot.get(id) ?? NOT_RUNNING
    },
    invalidate() {
      dirty = true
    },
    refresh,
    watch(ids) {
      for (const id of ids) watchers.set(id, (watchers.get(id) ?? 0) + 1)
      let done = false
      return () => {
        if (done) return
        done = true
        for (const id of ids) {
          const n = (watchers.get(id) ?? 1) - 1
          if (n <= 0) watchers.delete(id)
          else watchers.set(id, n)
        }
      }
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    update(id, change) {
      const previous = snapshot.get(id) ?? NOT_RUNNING
      const next = change(previous)
      if (next.exists) snapshot.set(id, next)
      else snapshot.delete(id)
      localAt.set(id, now())
      emit(id, next, previous)
      return next
    },
    start() {
      if (!timer && !closed) schedule()
    },
    calls: () => reader.calls(),
    ticks: () => tickCount,
    close() {
      closed = true
      if (timer) clock.clearTimeout(timer)
      timer = null
      listeners.clear()
    },
  }
}

function sameVisible(a: MeetingStatus, b: MeetingStatus): boolean {
  return JSON.stringify(visibleStatus(a)) === JSON.stringify(visibleStatus(b))
}

function describe(err: unknown): unknown {
  return err instanceof Error ? { name: err.name, message: err.message } : err
}
