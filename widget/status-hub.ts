import { WidgetError, type ApiClient, type Room } from './api.js'

/** What the widget knows about one space's rooms. */
export interface SpaceSnapshot {
  rooms: Room[] | null
  error: WidgetError | null
  /** Increases with every answer, so components can react to each poll. */
  version: number
}

type Listener = (snapshot: SpaceSnapshot) => void

interface SpaceEntry {
  listeners: Set<Listener>
  snapshot: SpaceSnapshot
  timer: ReturnType<typeof setTimeout> | null
  inflight: AbortController | null
}

/** Shares one poll per space among every component showing it. */
export interface StatusHub {
  subscribe(spaceId: string, listener: Listener): () => void
  get(spaceId: string): SpaceSnapshot
  /** Asks now (after a join or an end) instead of waiting for the next interval. */
  refresh(spaceId: string): void
  dispose(): void
}

const EMPTY: SpaceSnapshot = { rooms: null, error: null, version: 0 }

/**
 * Polls `GET /spaces/:id/rooms` once per subscribed space per interval (default 5 s), never two requests at
 * once for a space, and not at all while the page is hidden (one request per space when it shows again).
 */
export function createStatusHub(api: ApiClient, options: { intervalMs?: number } = {}): StatusHub {
  const intervalMs = options.intervalMs ?? 5000
  const spaces = new Map<string, SpaceEntry>()
  const hidden = () => typeof document !== 'undefined' && document.hidden

  function schedule(spaceId: string, entry: SpaceEntry) {
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = null
    if (entry.listeners.size === 0 || hidden()) return
    entry.timer = setTimeout(() => void poll(spaceId), intervalMs)
  }

  async function poll(spaceId: string) {
    const entry = spaces.get(spaceId)
    if (!entry || entry.listeners.size === 0) return
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = null
    entry.inflight?.abort()
    const controller = new AbortController()
    entry.inflight = controller
    let next: SpaceSnapshot
    try {
      const rooms = await api.listRooms(spaceId, controller.signal)
      next = { rooms, error: null, version: entry.snapshot.version + 1 }
    } catch (err) {
      if (controller.signal.aborted) return
      const error = err instanceof WidgetError ? err : new WidgetError('unknown', String(err), { cause: err })
      next = { rooms: entry.snapshot.rooms, error, version: entry.snapshot.version + 1 }
    }
    if (entry.inflight !== controller) return
    entry.inflight = null
    entry.snapshot = next
    for (const l of [...entry.listeners]) {
      try {
        l(next)
      } catch (err) {
        console.error('[bbb-spaces]', err)
      }
    }
    schedule(spaceId, entry)
  }

  const onVisibility = () => {
    for (const [spaceId, entry] of spaces) {
      if (hidden()) {
        if (entry.timer) clearTimeout(entry.timer)
        entry.timer = null
      } else if (entry.listeners.size > 0 && !entry.inflight) {
        void poll(spaceId)
      }
    }
  }
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibility)

  return {
    subscribe(spaceId, listener) {
      let entry = spaces.get(spaceId)
      if (!entry) {
        entry = { listeners: new Set(), snapshot: EMPTY, timer: null, inflight: null }
        spaces.set(spaceId, entry)
      }
      const first = entry.listeners.size === 0
      entry.listeners.add(listener)
      if (first && !entry.inflight) void poll(spaceId)
      const e = entry
      return () => {
        e.listeners.delete(listener)
        if (e.listeners.size === 0) {
          if (e.timer) clearTimeout(e.timer)
          e.timer = null
          e.inflight?.abort()
          e.inflight = null
        }
      }
    },
    get: (spaceId) => spaces.get(spaceId)?.snapshot ?? EMPTY,
    refresh(spaceId) {
      void poll(spaceId)
    },
    dispose() {
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibility)
      for (const entry of spaces.values()) {
        if (entry.timer) clearTimeout(entry.timer)
        entry.inflight?.abort()
        entry.listeners.clear()
      }
      spaces.clear()
    },
  }
}
