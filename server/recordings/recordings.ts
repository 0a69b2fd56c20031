import type { Recording } from '../bbb/index.js'
import type { Clock } from '../clock.js'
import { AppError } from '../errors.js'
import { bbbMessageKey, toBbbFailure } from '../bbb-failures.js'
import type { Room } from '../model/index.js'
import type { Recording as RecordingAnswer } from '../contract/recordings.js'

/** The BBB recording calls this module makes (a subset of `BbbClient`). */
export interface RecordingsBbb {
  getRecordings(params: { meetingID: string; state?: 'any' }): Promise<{ recordings: Recording[] }>
  publishRecordings(params: { recordID: string; publish: boolean }): Promise<unknown>
  updateRecordings(params: { recordID: string; meta: Record<string, string> }): Promise<unknown>
  deleteRecordings(params: { recordID: string }): Promise<unknown>
}

/** A recording as the API shows it. */
export type RecordingView = RecordingAnswer

export interface RecordingsService {
  /** A room's recordings (published ones only unless `includeUnpublished`), newest first, cached briefly. */
  list(room: Room, options: { includeUnpublished: boolean }): Promise<RecordingView[]>
  publish(room: Room, recordId: string, publish: boolean): Promise<RecordingView>
  rename(room: Room, recordId: string, name: string): Promise<RecordingView>
  /** Marks a recording to keep (the retention purge skips it) or lets the purge have it again. */
  keep(room: Room, recordId: string, keep: boolean, by: string): Promise<RecordingView>
  remove(room: Room, recordId: string): Promise<void>
  /** Drops the cached list of a meeting (a recording became ready, or we changed one). */
  invalidate(meetingId: string): void
}

/** Where the service remembers the recordings kept on request (retention/settings.ts). */
export interface RecordingKeeps {
  kept(recordIds: readonly string[]): Promise<Set<string>>
  setKeep(recordId: string, roomId: string, keep: boolean, by: string, now: number): Promise<void>
}

/** How long a room's list is reused before BBB is asked again (default 30 s). */
export const RECORDINGS_CACHE_MS = 30_000

/**
 * Recordings of rooms, read from BBB's getRecordings filtered by the room's meetingID (so a room never sees
 * another's), shared between callers for {@link RECORDINGS_CACHE_MS} and at most 1000 rooms. Errors:
 * `recording_not_found` (404) for a recordID that is not the room's; BBB failures as `bbb_unavailable` /
 * `bbb_error`.
 */
export function createRecordingsService(deps: { bbb: RecordingsBbb; clock: Clock; cacheMs?: number; keeps?: RecordingKeeps }): RecordingsService {
  const ttl = deps.cacheMs ?? RECORDINGS_CACHE_MS
  const isKept = async (recordIds: readonly string[]) => (deps.keeps && recordIds.length > 0 ? deps.keeps.kept(recordIds) : new Set<string>())
  const viewOne = async (r: Recording) => view(r, (await isKept([r.recordID])).has(r.recordID))
  const cache = new Map<string, { at: number; list: Promise<Recording[]> }>()

  function all(meetingId: string): Promise<Recording[]> {
    const hit = cache.get(meetingId)
    if (hit && deps.clock.now() - hit.at < ttl) return hit.list
    const list = deps.bbb
      .getRecordings({ meetingID: meetingId, state: 'any' })
      .then((r) => r.recordings.filter((rec) => rec.meetingID === meetingId).sort((a, b) => b.startTime - a.startTime))
      .catch((err: unknown) => {
        cache.delete(meetingId)
        // BBB answers noRecordings as SUCCESS on recent versions, FAILED on some older ones.
        if (bbbMessageKey(err) === 'noRecordings') return []
        throw toBbbFailure(err)
      })
    if (cache.size >= 1000) cache.delete(cache.keys().next().value as string)
    cache.set(meetingId, { at: deps.clock.now(), list })
    return list
  }

  async function find(room: Room, recordId: string): Promise<Recording> {
    const rec = (await all(room.meetingId)).find((r) => r.recordID === recordId && r.state !== 'deleted')
    if (!rec) throw new AppError('recording_not_found', 'No recording with this id in this room.', { details: { recordId } })
    return rec
  }

  async function call(meetingId: string, op: () => Promise<unknown>): Promise<void> {
    try {
      await op()
    } catch (err) {
      throw toBbbFailure(err)
    } finally {
      cache.delete(meetingId)
    }
  }

  return {
    async list(room, { includeUnpublished }) {
      const list = (await all(room.meetingId)).filter((r) => r.state !== 'deleted' && (includeUnpublished || r.published))
      const kept = await isKept(list.map((r) => r.recordID))
      return list.map((r) => view(r, kept.has(r.recordID)))
    },
    async publish(room, recordId, publish) {
      const rec = await find(room, recordId)
      await call(room.meetingId, () => deps.bbb.publishRecordings({ recordID: rec.recordID, publish }))
      return viewOne({ ...rec, published: publish, state: publish ? 'published' : 'unpublished' })
    },
    async rename(room, recordId, name) {
      const rec = await find(room, recordId)
      await call(room.meetingId, () => deps.bbb.updateRecordings({ recordID: rec.recordID, meta: { name } }))
      return viewOne({ ...rec, name, metadata: { ...rec.metadata, name } })
    },
    async keep(room, recordId, keep, by) {
      const rec = await find(room, recordId)
      await deps.keeps?.setKeep(rec.recordID, room.id, keep, by, deps.clock.now())
      return view(rec, keep && deps.keeps !== undefined)
    },
    async remove(room, recordId) {
      const rec = await find(room, recordId)
      await call(room.meetingId, () => deps.bbb.deleteRecordings({ recordID: rec.recordID }))
    },
    invalidate(meetingId) {
      cache.delete(meetingId)
    },
  }
}

/** A playback link as BBB gave it, when it is an absolute http(s) URL; anything else (`javascript:`…) is dropped. */
function webLink(url: string): string | null {
  try {
    const u = new URL(url.trim())
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null
  } catch {
    return null
  }
}

function view(r: Recording, keep: boolean): RecordingView {
  const name = r.metadata['name'] || r.name
  // Links go into widgets' href attributes: only web links pass, whatever the recording server wrote.
  const formats = r.formats.flatMap((f) => {
    const url = webLink(f.url)
    return url === null ? [] : [{ type: f.type, url, lengthMinutes: f.length }]
  })
  return {
    recordId: r.recordID,
    name,
    published: r.published,
    state: r.state,
    startTime: r.startTime,
    endTime: r.endTime,
    participants: r.participants ?? null,
    playbackUrl: formats[0]?.url ?? null,
    formats,
    keep,
  }
}
