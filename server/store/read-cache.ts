import type { Clock } from '../clock.js'
import type { GlobalLimits, MeetingRun, Room, SpaceLimits } from '../model/index.js'
import type { CacheChange, LimitsRepo, ReadCache, RoomRepo, RunRepo, SpaceRepo, UserDataRepo } from './types.js'


/**
 * How long a cached read stands without being told of a change. Changes made through this instance's store are
 * forgotten at once, and those of other instances as soon as the bus brings them (`ReadCache.forget`); this is
 * the bound when a message is lost: a room's settings, a space's limits or an ended run seen at most this late.
 */
export const READ_CACHE_MS = 2_000

type Repos = RoomRepo & SpaceRepo & RunRepo & LimitsRepo & UserDataRepo

interface Memo<V> {
  get(key: string, load: () => Promise<V>): Promise<V>
  forget(key: string | null): void
}

function memo<V>(clock: Clock, ttlMs: number, keep: (value: V) => boolean): Memo<V> {
  const entries = new Map<string, { at: number; value: Promise<V> }>()
  return {
    get(key, load) {
      const now = clock.now()
      const hit = entries.get(key)
      if (hit && now - hit.at < ttlMs) return hit.value
      const value = load().then(
        (v) => {
          // Only what is worth keeping stays (a room that does not exist, a run not yet confirmed, are asked again).
          if (!keep(v) && entries.get(key)?.value === value) entries.delete(key)
          return deepFreeze(v)
        },
        (error: unknown) => {
          if (entries.get(key)?.value === value) entries.delete(key)
          throw error
        },
      )
      if (entries.size >= MAX_ENTRIES) entries.clear()
      entries.set(key, { at: now, value })
      return value
    },
    forget(key) {
      if (key === null) entries.clear()
      else entries.delete(key)
    },
  }
}

/** Bounds each kind's map (rooms and spaces a busy instance sees in one window). */
const MAX_ENTRIES = 20_000

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/**
 * Wraps a store's repositories: the three reads go through the cache, and every write that can change what they
 * answer forgets it (locally, then the listeners tell the other instances).
 */
export function withReadCache<S extends Repos>(store: S, clock: Clock, ttlMs = READ_CACHE_MS): S & { readCache: ReadCache } {
  const rooms = memo<Room | undefined>(clock, ttlMs, (room) => room !== undefined)
  const limits = memo<{ global: GlobalLimits; space: SpaceLimits }>(clock, ttlMs, () => true)
  const runs = memo<MeetingRun | undefined>(clock, ttlMs, (run) => run !== undefined && run.createTime !== null)
  const memos = { room: rooms, limits, run: runs } as const
  const listeners = new Set<(change: CacheChange) => void>()

  const forget = (change: CacheChange, remote = false) => {
    memos[change.kind].forget(change.key)
    if (!remote) for (const listener of listeners) listener(change)
  }
  /** A write, then forgetting what it changed (after it: a read racing the write must not be kept). */
  const writes =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>, changes: (...args: A) => CacheChange[]) =>
    async (...args: A): Promise<R> => {
      try {
        return await write(...args)
      } finally {
        for (const change of changes(...args)) forget(change)
      }
    }

  return {
    ...store,
    getRoom: (id) => rooms.get(id, () => store.getRoom(id)),
    getLimits: (spaceId) => limits.get(spaceId, () => store.getLimits(spaceId)),
    getOpenRun: (meetingId) => runs.get(meetingId, () => store.getOpenRun(meetingId)),

    updateRoom: writes(store.updateRoom, (id) => [{ kind: 'room', key: id }]),
    setAccessCodeIfMissing: writes(store.setAccessCodeIfMissing, (id) => [{ kind: 'room', key: id }]),
    deleteRoom: writes(store.deleteRoom, (id) => [{ kind: 'room', key: id }]),
    // Renames the space's default room, whose id the caller does not give.
    setSpaceName: writes(store.setSpaceName, () => [{ kind: 'room', key: null }]),

    putGlobalLimits: writes(store.putGlobalLimits, () => [{ kind: 'limits', key: null }]),
    putSpaceLimits: writes(store.putSpaceLimits, (spaceId) => [{ kind: 'limits', key: spaceId }]),

    openMeetingRun: writes(store.openMeetingRun, (request) => [{ kind: 'run', key: request.meetingId }]),
    confirmMeetingRun: writes(store.confirmMeetingRun, (meetingId) => [{ kind: 'run', key: meetingId }]),
    abandonMeetingRun: writes(store.abandonMeetingRun, (meetingId) => [{ kind: 'run', key: meetingId }]),
    recordMeetingEnded: writes(store.recordMeetingEnded, (meetingId) => [{ kind: 'run', key: meetingId }]),
    endRun: writes(store.endRun, (end) => [{ kind: 'run', key: end.meetingId }]),
    // Erasing a person rewrites who started runs, and the rooms naming them.
    eraseUserRecords: writes(store.eraseUserRecords, () => [
      { kind: 'run', key: null },
      { kind: 'room', key: null },
    ]),

    readCache: {
      forget,
      onLocalChange(listener) {
        listeners.add(listener)
        return () => void listeners.delete(listener)
      },
    },
  }
}
