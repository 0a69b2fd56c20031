import { WidgetError, type ApiClient, type Room, type RoomStatus } from './api.js'
import { openStatusStream, type StatusStream, type StatusStreamEvent } from './status-stream.js'

/** What the widget knows about one space's rooms. */
export interface SpaceSnapshot {
  rooms: Room[] | null
  /** The last failure (e.g. `bbb_unavailable` while the video service is down); null once an answer came. */
  error: WidgetError | null
  /** Increases with every answer or pushed change, so components can react to each. */
  version: number
  /** Per room id, how many `recording` events arrived (a room's recordings list reloads when it grows). */
  recordings: Readonly<Record<string, number>>
}

type Listener = (snapshot: SpaceSnapshot) => void

/** Options of {@link createStatusHub}. */
export interface StatusHubOptions {
  /** Poll interval without server push, and of the stream's polling fallback. Default 5000 ms. */
  intervalMs?: number
  /** Server push (`GET /api/v1/spaces/:id/events`); without it the hub polls `GET /spaces/:id/rooms`. */
  stream?: { serviceUrl: string; getToken: () => string | Promise<string>; fetch?: typeof fetch }
  /** While the stream is up, the room list (names, new rooms, rights) is read again this often. Default 60000 ms. */
  resyncMs?: number
  /** Waits between reads while the service answers with an error (503 `bbb_unavailable`, network), one per
   * consecutive failure, the last one repeated. Default 2, 4, 8, 16, 30 s. */
  retryDelaysMs?: readonly number[]
}

/** Shares one stream (or one poll) per space among every component showing it. */
export interface StatusHub {
  subscribe(spaceId: string, listener: Listener): () => void
  get(spaceId: string): SpaceSnapshot
  /** Reads the room list now (after a join, an end or a change) instead of waiting. */
  refresh(spaceId: string): void
  /** An action failed with `bbb_unavailable`: the space shows the outage and retries until it heals. */
  report(spaceId: string, error: unknown): void
  dispose(): void
}

interface SpaceEntry {
  listeners: Set<Listener>
  snapshot: SpaceSnapshot
  timer: ReturnType<typeof setTimeout> | null
  inflight: AbortController | null
  stream: StatusStream | null
  lastEventId: string | null
  failures: number
  readAt: number
  /** Statuses pushed per room, numbered, so a read that was already under way does not undo a newer push. */
  pushed: Map<string, { n: number; status: RoomStatus }>
  pushes: number
}

const EMPTY: SpaceSnapshot = { rooms: null, error: null, version: 0, recordings: {} }
const OFF: Omit<RoomStatus, 'attendees'> = { running: false, participants: 0, moderators: 0, startedAt: null }

const asError = (err: unknown) => (err instanceof WidgetError ? err : new WidgetError('unknown', String(err), { cause: err }))

/**
 * Keeps each watched space's rooms fresh. With `stream`, ONE Server-Sent-Events stream per visible space
 * carries the changes (`status`, `ended`, `recording`) and the room list is read only at start, for a room
 * it does not know, and every `resyncMs`; when the stream fails it polls every `intervalMs` instead. Without
 * `stream` it polls every `intervalMs`. Never two reads at once for a space; nothing at all while the page is
 * hidden (the stream closes and resumes with `Last-Event-ID` when the page shows again). Errors back off
 * (`retryDelaysMs`) and heal by themselves.
 */
export function createStatusHub(api: ApiClient, options: StatusHubOptions = {}): StatusHub {
  const intervalMs = options.intervalMs ?? 5000
  const resyncMs = options.resyncMs ?? 60_000
  const retryDelays = options.retryDelaysMs ?? [2000, 4000, 8000, 16_000, 30_000]
  const spaces = new Map<string, SpaceEntry>()
  const hidden = () => typeof document !== 'undefined' && document.hidden
  const active = (e: SpaceEntry) => e.listeners.size > 0 && !hidden()

  function publish(entry: SpaceEntry, change: Partial<SpaceSnapshot>) {
    const next = { ...entry.snapshot, ...change, version: entry.snapshot.version + 1 }
    entry.snapshot = next
    for (const l of [...entry.listeners]) {
      try {
        l(next)
      } catch (err) {
        console.error('[bbb-spaces]', err)
      }
    }
  }

  function schedule(spaceId: string, entry: SpaceEntry, delay: number | null) {
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = null
    if (delay !== null && active(entry)) entry.timer = setTimeout(() => void read(spaceId), delay)
  }

  /** After a read: back off on errors; with a live stream only resync; the stream's fallback polls itself. */
  function nextDelay(entry: SpaceEntry): number | null {
    if (entry.failures > 0) return retryDelays[Math.min(entry.failures, retryDelays.length) - 1]
    if (!entry.stream) return intervalMs
    return entry.stream.mode === 'polling' ? null : resyncMs
  }

  async function read(spaceId: string) {
    const entry = spaces.get(spaceId)
    if (!entry || !active(entry)) return
    schedule(spaceId, entry, null)
    entry.inflight?.abort()
    const controller = new AbortController()
    entry.inflight = controller
    entry.readAt = Date.now()
    const mark = entry.pushes
    let change: Partial<SpaceSnapshot>
    try {
      const rooms = await api.listRooms(spaceId, controller.signal)
      change = {
        rooms: rooms.map((r) => {
          const p = entry.pushed.get(r.id)
          return p && p.n > mark ? { ...r, status: p.status } : r
        }),
        error: null,
      }
      for (const [id, p] of entry.pushed) if (p.n <= mark) entry.pushed.delete(id)
      entry.failures = 0
    } catch (err) {
      if (controller.signal.aborted) return
      change = { error: asError(err) }
      entry.failures += 1
    }
    if (entry.inflight !== controller) return
    entry.inflight = null
    publish(entry, change)
    schedule(spaceId, entry, nextDelay(entry))
  }

  function onEvent(spaceId: string, entry: SpaceEntry, event: StatusStreamEvent) {
    entry.lastEventId = event.id ?? entry.lastEventId
    // Something moved on the service's side: while an error shows, that is the moment to look again.
    if (entry.snapshot.error && !entry.inflight) void read(spaceId)
    if (event.type === 'recording') {
      const { roomId } = event.data
      publish(entry, { recordings: { ...entry.snapshot.recordings, [roomId]: (entry.snapshot.recordings[roomId] ?? 0) + 1 } })
      return
    }
    const { roomId } = event.data
    const status: RoomStatus =
      event.type === 'ended'
        ? { ...OFF, attendees: [] }
        : {
            running: event.data.running,
            participants: event.data.participants,
            moderators: event.data.moderators,
            startedAt: event.data.startedAt,
            attendees: event.data.attendees,
          }
    entry.pushed.set(roomId, { n: ++entry.pushes, status })
    const rooms = entry.snapshot.rooms
    const room = rooms?.find((r) => r.id === roomId)
    // A room this list does not have yet (just created): read the list, the push is applied on top.
    if (!rooms || !room) {
      if (rooms && !entry.inflight) void read(spaceId)
      return
    }
    publish(entry, { rooms: rooms.map((r) => (r === room ? { ...r, status } : r)) })
  }

  function start(spaceId: string, entry: SpaceEntry) {
    if (!active(entry)) return
    const s = options.stream
    if (s && !entry.stream) {
      entry.stream = openStatusStream({
        url: `${s.serviceUrl.replace(/\/+$/, '')}/api/v1/spaces/${encodeURIComponent(spaceId)}/events`,
        getToken: s.getToken,
        lastEventId: entry.lastEventId,
        pollIntervalMs: intervalMs,
        onEvent: (e) => onEvent(spaceId, entry, e),
        // While backing off from an error the hub's own timer decides when to read again.
        poll: () => {
          if (!entry.failures && !entry.inflight) void read(spaceId)
        },
        onModeChange: (mode) => {
          if (mode === 'stream' && !entry.failures && !entry.inflight) schedule(spaceId, entry, resyncMs)
        },
        ...(s.fetch ? { fetch: s.fetch } : {}),
      })
    }
    const due = entry.readAt + (entry.stream && !entry.failures ? resyncMs : 0) - Date.now()
    if (!entry.snapshot.rooms || due <= 0) void read(spaceId)
    else schedule(spaceId, entry, due)
  }

  function stop(entry: SpaceEntry) {
    schedule('', entry, null)
    entry.inflight?.abort()
    entry.inflight = null
    if (entry.stream) entry.lastEventId = entry.stream.lastEventId ?? entry.lastEventId
    entry.stream?.close()
    entry.stream = null
  }

  const onVisibility = () => {
    for (const [spaceId, entry] of spaces) {
      if (hidden()) stop(entry)
      else start(spaceId, entry)
    }
  }
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility)

  return {
    subscribe(spaceId, listener) {
      let entry = spaces.get(spaceId)
      if (!entry) {
        entry = {
          listeners: new Set(),
          snapshot: EMPTY,
          timer: null,
          inflight: null,
          stream: null,
          lastEventId: null,
          failures: 0,
          readAt: 0,
          pushed: new Map(),
          pushes: 0,
        }
        spaces.set(spaceId, entry)
      }
      entry.listeners.add(listener)
      if (entry.listeners.size === 1) start(spaceId, entry)
      const e = entry
      return () => {
        e.listeners.delete(listener)
        if (e.listeners.size === 0) stop(e)
      }
    },
    get: (spaceId) => spaces.get(spaceId)?.snapshot ?? EMPTY,
    refresh(spaceId) {
      void read(spaceId)
    },
    report(spaceId, error) {
      const entry = spaces.get(spaceId)
      if (!entry || !(error instanceof WidgetError) || error.code !== 'bbb_unavailable') return
      if (!entry.snapshot.error) publish(entry, { error })
      if (!entry.failures) entry.failures = 1
      if (!entry.inflight) schedule(spaceId, entry, nextDelay(entry))
    },
    dispose() {
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility)
      for (const entry of spaces.values()) {
        stop(entry)
        entry.listeners.clear()
      }
      spaces.clear()
    },
  }
}
