import type { RecordingView as Recording } from '../server/recordings/recordings.js'
import type { MyLimits, SettingRule } from '../server/limits/capabilities.js'

/** A room's recording (`GET /rooms/:id/recordings`); times in epoch ms. The server's own type. */
export type { Recording }

/** A participant shown to members of the space. */
export interface Attendee {
  name: string
  role: 'MODERATOR' | 'VIEWER'
}

/** A room's live state, as the service reports it. */
export interface RoomStatus {
  running: boolean
  participants: number
  moderators: number
  startedAt: number | null
  /** Only for members of the space. */
  attendees?: Attendee[]
}

/** Room settings (access codes only reach managers). */
export interface RoomSettings {
  anyoneCanStart: boolean
  allJoinAsModerator: boolean
  muteOnStart: boolean
  guestsAllowed: boolean
  waitingRoom: boolean
  record: boolean
  welcome: string | null
  maxParticipants: number | null
  durationMinutes: number | null
  hasAccessCode?: boolean
  accessCode?: string | null
  moderatorAccessCode?: string | null
}

/** A room of a space as the caller sees it. */
export interface Room {
  id: string
  name: string
  link: string
  settings: RoomSettings
  status: RoomStatus
  role: 'manager' | 'member'
  canStart: boolean
  canEnd: boolean
  canManage: boolean
}

export type Policy = 'forced' | 'default_on' | 'optional' | 'disabled'

/** The admin limits document (`null`: unlimited). */
export interface AdminLimits {
  licence: { maxParticipants: number | null; maxInternal: number | null; maxExternal: number | null; maxMeetings: number | null }
  defaults: {
    maxParticipantsPerMeeting: number | null
    maxDurationMinutes: number | null
    maxConcurrentMeetings: number | null
    countModerators: boolean
  }
  policies: Record<'record' | 'guestsAllowed' | 'waitingRoom' | 'anyoneCanStart' | 'accessCode', Policy>
}

/** A count against its cap (`cap: null`: unlimited). */
export interface Gauge {
  used: number
  cap: number | null
}

/** Live usage for the admin console (`GET /admin/usage`). */
export interface AdminUsage {
  licence: { participants: Gauge; internal: Gauge; external: Gauge; meetings: Gauge }
  runningMeetings: number
  spaces: Array<{
    spaceId: string
    runningMeetings: number
    participants: number | { total: number; internal: number; external: number }
    maxConcurrentMeetings?: number | null
    rooms?: unknown[]
  }>
  /** False when BBB could not be read and the numbers are the service's own ledger. */
  reconciled?: boolean
}

/** The caller's effective limits and policies in a space (`GET /me/limits`): the server's own types. */
export type { MyLimits, SettingRule }

/** One audit record. */
export interface AuditEntry {
  id?: string | number
  at?: number | string
  time?: number | string
  createdAt?: number | string
  actor?: string | { sub?: string; name?: string } | null
  actorName?: string | null
  action: string
  spaceId?: string | null
  roomId?: string | null
  details?: unknown
}

/**
 * An error from the service (its stable `code`, e.g. `room_full`, `meeting_not_running`, `invalid_token`), or
 * `network` when it could not be reached, or `not_configured` when the widget has no service URL.
 */
export class WidgetError extends Error {
  readonly code: string
  readonly status: number
  readonly details: Record<string, unknown> | undefined

  constructor(code: string, message: string, options: { status?: number; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'WidgetError'
    this.code = code
    this.status = options.status ?? 0
    this.details = options.details
  }
}

/** Where the service is and how to get the user's token. */
export interface ApiOptions {
  /** The service's base URL, e.g. `https://meet.example.org` (no trailing `/api/v1`). */
  serviceUrl: string
  /** Returns the host platform's JWT for the current user; called before every request. */
  getToken: () => string | Promise<string>
  /** Sent as `Accept-Language` so server messages match the widget. */
  locale?: string
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch
}

/** The typed client of the service's `/api/v1`; every method rejects with a {@link WidgetError}. */
export interface ApiClient {
  listRooms(spaceId: string, signal?: AbortSignal): Promise<Room[]>
  getRoom(roomId: string): Promise<Room>
  createRoom(spaceId: string, body: { name: string; settings?: Partial<RoomSettings> }): Promise<Room>
  updateRoom(roomId: string, body: { name?: string; settings?: Partial<RoomSettings> }): Promise<Room>
  deleteRoom(roomId: string): Promise<void>
  join(roomId: string): Promise<{ joinUrl: string; role: 'MODERATOR' | 'VIEWER' }>
  end(roomId: string): Promise<void>
  getMyLimits(spaceId: string): Promise<MyLimits>
  getLimits(): Promise<AdminLimits>
  putLimits(limits: AdminLimits): Promise<AdminLimits>
  getUsage(signal?: AbortSignal): Promise<AdminUsage>
  /** Members see published recordings, moderators all of them. */
  listRecordings(roomId: string): Promise<Recording[]>
  /** Moderators only (`403 not_a_moderator`); `404 recording_not_found`. */
  publishRecording(roomId: string, recordId: string, publish: boolean): Promise<Recording>
  renameRecording(roomId: string, recordId: string, name: string): Promise<Recording>
  deleteRecording(roomId: string, recordId: string): Promise<void>
  getAudit(query: { limit?: number; offset?: number; action?: string; spaceId?: string }): Promise<{ entries: AuditEntry[]; total: number }>
}

/** Builds the API client. */
export function createApiClient(options: ApiOptions): ApiClient {
  const base = options.serviceUrl.replace(/\/+$/, '') + '/api/v1'
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args))

  async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal, retried = false): Promise<T> {
    let token: string
    try {
      token = await options.getToken()
    } catch (err) {
      throw new WidgetError('invalid_token', 'the host could not provide a token', { cause: err })
    }
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' }
    if (options.locale) headers['Accept-Language'] = options.locale
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    let res: Response
    try {
      res = await doFetch(base + path, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
        credentials: 'omit',
        mode: 'cors',
      })
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err
      throw new WidgetError('network', 'the service could not be reached', { cause: err })
    }
    if (res.status === 204) return undefined as T
    const data = (await res.json().catch(() => null)) as Record<string, unknown> | null
    if (!res.ok) {
      const error = (data?.error ?? {}) as { code?: string; message?: string; details?: Record<string, unknown> }
      // A host token may expire while the page stays open: ask the host once more for a fresh one.
      if (res.status === 401 && !retried) return call<T>(method, path, body, signal, true)
      throw new WidgetError(error.code ?? `http_${res.status}`, error.message ?? res.statusText, {
        status: res.status,
        ...(error.details ? { details: error.details } : {}),
      })
    }
    return data as T
  }

  const q = encodeURIComponent
  return {
    listRooms: async (spaceId, signal) => (await call<{ rooms: Room[] }>('GET', `/spaces/${q(spaceId)}/rooms`, undefined, signal)).rooms,
    getRoom: async (roomId) => (await call<{ room: Room }>('GET', `/rooms/${q(roomId)}`)).room,
    createRoom: async (spaceId, body) => (await call<{ room: Room }>('POST', `/spaces/${q(spaceId)}/rooms`, body)).room,
    updateRoom: async (roomId, body) => (await call<{ room: Room }>('PATCH', `/rooms/${q(roomId)}`, body)).room,
    deleteRoom: async (roomId) => {
      await call<void>('DELETE', `/rooms/${q(roomId)}`)
    },
    join: (roomId) => call('POST', `/rooms/${q(roomId)}/join`),
    end: async (roomId) => {
      await call<unknown>('POST', `/rooms/${q(roomId)}/end`)
    },
    getMyLimits: (spaceId) => call<MyLimits>('GET', `/me/limits?spaceId=${q(spaceId)}`),
    getLimits: () => call<AdminLimits>('GET', '/admin/limits'),
    putLimits: (limits) => call<AdminLimits>('PUT', '/admin/limits', limits),
    getUsage: (signal) => call<AdminUsage>('GET', '/admin/usage', undefined, signal),
    listRecordings: async (roomId) => (await call<{ recordings: Recording[] }>('GET', `/rooms/${q(roomId)}/recordings`)).recordings,
    publishRecording: async (roomId, id, publish) =>
      (await call<{ recording: Recording }>('POST', `/rooms/${q(roomId)}/recordings/${q(id)}/publish`, { publish })).recording,
    renameRecording: async (roomId, id, name) =>
      (await call<{ recording: Recording }>('PATCH', `/rooms/${q(roomId)}/recordings/${q(id)}`, { name })).recording,
    deleteRecording: async (roomId, id) => {
      await call<void>('DELETE', `/rooms/${q(roomId)}/recordings/${q(id)}`)
    },
    getAudit: (query) => {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v))
      return call('GET', `/admin/audit?${params}`)
    },
  }
}
