import type {
  AccessCodeKind,
  AdminAuditPage,
  AdminLimits,
  AdminUsage,
  AttendanceAnswer,
  CreateRoomBody,
  DocumentAnswer,
  DocumentsAnswer,
  ErrorBody,
  ErrorCode,
  JoinAnswer,
  LinkJoinBody,
  MeetingDeliveriesAnswer,
  MeetingRunsAnswer,
  MeetingRunView,
  MyLimits,
  Preset,
  PresetsAnswer,
  Recording,
  RecordingAnswer,
  RecordingsAnswer,
  RetentionSettings,
  RetentionSettingsPatch,
  RoomAnswer,
  RoomLinkStatus,
  RoomsAnswer,
  RoomView,
  ScheduleMeetingBody,
  ScheduledMeetingAnswer,
  ScheduledMeetingsAnswer,
  ScheduledMeetingView,
  SpaceMember,
  SpaceMembersAnswer,
  UpdateMeetingBody,
  UpdateRoomBody,
  UsageHistoryAnswer,
  UsageHistoryStep,
} from '../server/contract/index.js'

// The payloads are the service's contract; the widget's public names for the ones hosts meet.
export type {
  AccessCodeKind,
  DocumentLimits,
  RoomDocumentView as RoomDocument,
  AdminLimits,
  AdminUsage,
  AttendanceAnswer,
  AttendanceEntry,
  Attendee,
  AuditEntry,
  AttendeeDelivery,
  CapacityPlanAnswer,
  CapacitySettings,
  CapacityWarning,
  DefaultLimits,
  Gauge,
  MeetingAttendee,
  MeetingDeliveriesAnswer,
  MeetingRunView,
  MyLimits,
  Policies,
  Policy,
  PolicyKey,
  PolicyRule,
  Preset,
  PresetBody,
  Recording,
  RetentionSettings,
  RoomSettingState,
  RoomSettingsInput,
  RoomSettingsView as RoomSettings,
  RoomStatus,
  RoomView as Room,
  ScheduledMeetingAnswer,
  ScheduledMeetingView,
  SettingGroup,
  SettingKey,
  SettingRule,
  SpaceMember,
  SettingType,
  SettingValue,
  SpaceBranding,
  SpaceLimitsAnswer,
  SpaceLimitsBody,
  UsageHistoryAnswer,
} from '../server/contract/index.js'

/** Codes only the widget gives: the service could not be reached, or its answer carried no code. */
export type LocalErrorCode = 'network' | 'unknown'

/** Every code a {@link WidgetError} can carry: the service's `ErrorCode`s and the widget's own. */
export type WidgetErrorCode = ErrorCode | LocalErrorCode

/**
 * The one error of the widget's calls: the service's stable `code` (e.g. `room_full`, `meeting_not_running`,
 * `invalid_token`) with its HTTP `status` and `details`; `network` when the service could not be reached
 * (`status` 0); `unknown` for an answer without a code (a proxy's error page).
 */
export class WidgetError extends Error {
  readonly code: WidgetErrorCode
  readonly status: number
  readonly details: Record<string, unknown> | undefined

  constructor(code: WidgetErrorCode, message: string, options: { status?: number; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'WidgetError'
    this.code = code
    this.status = options.status ?? 0
    this.details = options.details
  }
}

/** One HTTP exchange with the service: a refusal (`{ error: { code, message, details } }`) becomes a WidgetError. */
async function send(doFetch: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  let res: Response
  try {
    res = await doFetch(url, init)
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err
    throw new WidgetError('network', 'the service could not be reached', { cause: err })
  }
  if (res.ok) return res
  const data = (await res.json().catch(() => null)) as { error?: Partial<ErrorBody['error']> } | null
  const error: Partial<ErrorBody['error']> = data?.error ?? {}
  // A code from a newer service than this widget still travels as is; the texts fall back to its message.
  throw new WidgetError((error.code ?? 'unknown'), error.message ?? res.statusText, {
    status: res.status,
    ...(error.details ? { details: error.details } : {}),
  })
}

const fetchOf = (custom?: typeof fetch): typeof fetch => custom ?? ((...args: Parameters<typeof fetch>) => fetch(...args))

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
  listRooms(spaceId: string, signal?: AbortSignal): Promise<RoomView[]>
  getRoom(roomId: string): Promise<RoomView>
  createRoom(spaceId: string, body: CreateRoomBody): Promise<RoomView>
  updateRoom(roomId: string, body: UpdateRoomBody): Promise<RoomView>
  deleteRoom(roomId: string): Promise<void>
  join(roomId: string): Promise<JoinAnswer>
  end(roomId: string): Promise<void>
  getMyLimits(spaceId: string): Promise<MyLimits>
  /** `POST /rooms/:roomId/access-codes` (managers): a new random code of this kind replaces the room's. */
  generateAccessCode(roomId: string, kind: AccessCodeKind): Promise<RoomView>
  /** `DELETE /rooms/:roomId/access-codes/:kind` (managers; `403 policy_forbidden` where the code is required). */
  removeAccessCode(roomId: string, kind: AccessCodeKind): Promise<RoomView>
  /** `GET /spaces/:spaceId/presets` (members): the presets a new room may start from. */
  listPresets(spaceId: string): Promise<Preset[]>
  /** `GET /spaces/:spaceId/members` (managers): the people seen in the space, e.g. to name co-moderators. */
  listMembers(spaceId: string): Promise<SpaceMember[]>
  getLimits(): Promise<AdminLimits>
  putLimits(limits: AdminLimits): Promise<AdminLimits>
  getUsage(signal?: AbortSignal): Promise<AdminUsage>
  /** `GET /admin/usage/history` (admins). */
  getUsageHistory(query: { from: number; to: number; step?: UsageHistoryStep; spaceId?: string }, signal?: AbortSignal): Promise<UsageHistoryAnswer>
  /** Members see published recordings, moderators all of them. */
  listRecordings(roomId: string): Promise<Recording[]>
  /** Moderators only (`403 not_a_moderator`); `404 recording_not_found`. */
  publishRecording(roomId: string, recordId: string, publish: boolean): Promise<Recording>
  renameRecording(roomId: string, recordId: string, name: string): Promise<Recording>
  deleteRecording(roomId: string, recordId: string): Promise<void>
  /** Keep a recording whatever the retention rule, or let the purge have it again (moderators). */
  keepRecording(roomId: string, recordId: string, keep: boolean): Promise<Recording>
  /** `GET /admin/retention` (admins): how long each kind of data is kept, the recording-consent text. */
  getRetention(): Promise<RetentionSettings>
  /** `PUT /admin/retention` (admins): absent keys keep their value. */
  putRetention(patch: RetentionSettingsPatch): Promise<RetentionSettings>
  getAudit(query: { limit?: number; offset?: number; action?: string; spaceId?: string }, signal?: AbortSignal): Promise<AdminAuditPage>
  /**
   * Any other call of the service's `/api/v1` (`path` from there, e.g. `/admin/capacity`), its JSON answer as is
   * (undefined for a 204): what the admin console's few callers use, so they stay out of every host's bundle.
   */
  request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T>
  /**
   * Managers of the space and moderators of the room (`403 not_a_moderator`). The answer carries `warnings` when
   * the booking takes the expected attendance past the capacity threshold (the meeting is scheduled all the same);
   * admins may make that a refusal (`409 capacity_exceeded`).
   */
  scheduleMeeting(roomId: string, body: ScheduleMeetingBody): Promise<ScheduledMeetingAnswer>
  /** Changes a scheduled meeting (its moderators); `warnings` as for {@link ApiClient.scheduleMeeting}. */
  updateMeeting(meetingId: string, body: UpdateMeetingBody): Promise<ScheduledMeetingAnswer>
  /** Cancels a scheduled meeting; its attendees are sent the cancellation. */
  cancelMeeting(meetingId: string): Promise<void>
  /** A space's scheduled meetings that end after `from` (epoch ms), soonest first (members). */
  listSpaceMeetings(spaceId: string, from?: number, signal?: AbortSignal): Promise<ScheduledMeetingView[]>
  /** Each attendee's invitation mail and personal link, and whether the service sends mail (the room's moderators). */
  getDeliveries(meetingId: string, signal?: AbortSignal): Promise<MeetingDeliveriesAnswer>
  /** Sends one attendee their invitation again (`409 mail_disabled` when mail is off). */
  resendInvitation(meetingId: string, email: string): Promise<MeetingDeliveriesAnswer>
  /** Withdraws one attendee's personal link. */
  revokeInvitation(meetingId: string, email: string): Promise<MeetingDeliveriesAnswer>
  /** A scheduled meeting's invitation (`.ics`), as text. */
  getInvite(meetingId: string): Promise<string>
  /** A room's documents (slides) and its caps; managers only (`403 not_a_manager`). */
  listDocuments(roomId: string): Promise<DocumentsAnswer>
  /** Uploads one file as multipart/form-data (`document_too_large`, `document_type_not_allowed`, `too_many_documents`…). */
  uploadDocument(roomId: string, file: Blob, filename: string): Promise<DocumentAnswer['document']>
  deleteDocument(roomId: string, documentId: string): Promise<void>
  /** A room's meetings, newest first (room moderators and space managers; `403 not_a_moderator`). */
  listRuns(roomId: string, signal?: AbortSignal): Promise<MeetingRunView[]>
  /** Who attended one run (`404 run_not_found`). */
  getAttendance(runId: string, signal?: AbortSignal): Promise<AttendanceAnswer>
  /** The same as a CSV for spreadsheets (UTF-8 with BOM, `;`), times in the IANA zone `tz`. */
  getAttendanceCsv(runId: string, tz: string): Promise<Blob>
}

/** Builds the API client. */
export function createApiClient(options: ApiOptions): ApiClient {
  const base = options.serviceUrl.replace(/\/+$/, '') + '/api/v1'
  const doFetch = fetchOf(options.fetch)

  async function call(method: string, path: string, body?: unknown, signal?: AbortSignal, retried = false): Promise<Response> {
    let token: string
    try {
      token = await options.getToken()
    } catch (err) {
      throw new WidgetError('invalid_token', 'the host could not provide a token', { cause: err })
    }
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' }
    if (options.locale) headers['Accept-Language'] = options.locale
    // A file upload goes as multipart/form-data (the browser sets the boundary); everything else as JSON.
    const form = typeof FormData !== 'undefined' && body instanceof FormData
    if (body !== undefined && !form) headers['Content-Type'] = 'application/json'
    try {
      return await send(doFetch, base + path, {
        method,
        headers,
        ...(body !== undefined ? { body: form ? body : JSON.stringify(body) } : {}),
        ...(signal ? { signal } : {}),
        credentials: 'omit',
        mode: 'cors',
      })
    } catch (err) {
      // A host token may expire while the page stays open: ask the host once more for a fresh one.
      if (err instanceof WidgetError && err.status === 401 && !retried) return call(method, path, body, signal, true)
      throw err
    }
  }
  async function json<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const res = await call(method, path, body, signal)
    return (res.status === 204 ? undefined : await res.json().catch(() => null)) as T
  }

  const q = encodeURIComponent
  return {
    listRooms: async (spaceId, signal) => (await json<RoomsAnswer>('GET', `/spaces/${q(spaceId)}/rooms`, undefined, signal)).rooms,
    getRoom: async (roomId) => (await json<RoomAnswer>('GET', `/rooms/${q(roomId)}`)).room,
    createRoom: async (spaceId, body) => (await json<RoomAnswer>('POST', `/spaces/${q(spaceId)}/rooms`, body)).room,
    updateRoom: async (roomId, body) => (await json<RoomAnswer>('PATCH', `/rooms/${q(roomId)}`, body)).room,
    deleteRoom: async (roomId) => {
      await call('DELETE', `/rooms/${q(roomId)}`)
    },
    join: (roomId) => json<JoinAnswer>('POST', `/rooms/${q(roomId)}/join`),
    end: async (roomId) => {
      await call('POST', `/rooms/${q(roomId)}/end`)
    },
    getMyLimits: (spaceId) => json<MyLimits>('GET', `/me/limits?spaceId=${q(spaceId)}`),
    generateAccessCode: async (roomId, kind) => (await json<RoomAnswer>('POST', `/rooms/${q(roomId)}/access-codes`, { kind })).room,
    removeAccessCode: async (roomId, kind) => (await json<RoomAnswer>('DELETE', `/rooms/${q(roomId)}/access-codes/${q(kind)}`)).room,
    listPresets: async (spaceId) => (await json<PresetsAnswer>('GET', `/spaces/${q(spaceId)}/presets`)).presets,
    listMembers: async (spaceId) => (await json<SpaceMembersAnswer>('GET', `/spaces/${q(spaceId)}/members`)).members,
    getLimits: () => json<AdminLimits>('GET', '/admin/limits'),
    putLimits: (limits) => json<AdminLimits>('PUT', '/admin/limits', limits),
    getUsage: (signal) => json<AdminUsage>('GET', '/admin/usage', undefined, signal),
    getUsageHistory: (query, signal) => {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v))
      return json<UsageHistoryAnswer>('GET', `/admin/usage/history?${params}`, undefined, signal)
    },
    listRecordings: async (roomId) => (await json<RecordingsAnswer>('GET', `/rooms/${q(roomId)}/recordings`)).recordings,
    publishRecording: async (roomId, id, publish) =>
      (await json<RecordingAnswer>('POST', `/rooms/${q(roomId)}/recordings/${q(id)}/publish`, { publish })).recording,
    renameRecording: async (roomId, id, name) =>
      (await json<RecordingAnswer>('PATCH', `/rooms/${q(roomId)}/recordings/${q(id)}`, { name })).recording,
    deleteRecording: async (roomId, id) => {
      await call('DELETE', `/rooms/${q(roomId)}/recordings/${q(id)}`)
    },
    keepRecording: async (roomId, id, keep) =>
      (await json<RecordingAnswer>('POST', `/rooms/${q(roomId)}/recordings/${q(id)}/keep`, { keep })).recording,
    getRetention: () => json<RetentionSettings>('GET', '/admin/retention'),
    putRetention: (patch) => json<RetentionSettings>('PUT', '/admin/retention', patch),
    request: (method, path, body, signal) => json(method, path, body, signal),
    getAudit: (query, signal) => {
      const params = new URLSearchParams()
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v))
      return json<AdminAuditPage>('GET', `/admin/audit?${params}`, undefined, signal)
    },
    scheduleMeeting: (roomId, body) => json<ScheduledMeetingAnswer>('POST', `/rooms/${q(roomId)}/meetings`, body),
    updateMeeting: (id, body) => json<ScheduledMeetingAnswer>('PATCH', `/meetings/${q(id)}`, body),
    cancelMeeting: async (id) => {
      await call('DELETE', `/meetings/${q(id)}`)
    },
    listSpaceMeetings: async (spaceId, from, signal) =>
      (await json<ScheduledMeetingsAnswer>('GET', `/spaces/${q(spaceId)}/meetings${from === undefined ? '' : `?from=${q(new Date(from).toISOString())}`}`, undefined, signal))
        .meetings,
    getDeliveries: (id, signal) => json<MeetingDeliveriesAnswer>('GET', `/meetings/${q(id)}/deliveries`, undefined, signal),
    resendInvitation: (id, email) => json<MeetingDeliveriesAnswer>('POST', `/meetings/${q(id)}/deliveries/resend`, { email }),
    revokeInvitation: (id, email) => json<MeetingDeliveriesAnswer>('POST', `/meetings/${q(id)}/invitations/revoke`, { email }),
    getInvite: async (meetingId) => (await call('GET', `/meetings/${q(meetingId)}/invite.ics`)).text(),
    listDocuments: (roomId) => json<DocumentsAnswer>('GET', `/rooms/${q(roomId)}/documents`),
    uploadDocument: async (roomId, file, filename) => {
      const form = new FormData()
      form.append('file', file, filename)
      return (await json<DocumentAnswer>('POST', `/rooms/${q(roomId)}/documents`, form)).document
    },
    deleteDocument: async (roomId, documentId) => {
      await call('DELETE', `/rooms/${q(roomId)}/documents/${q(documentId)}`)
    },
    listRuns: async (roomId, signal) => (await json<MeetingRunsAnswer>('GET', `/rooms/${q(roomId)}/runs`, undefined, signal)).runs,
    getAttendance: (runId, signal) => json<AttendanceAnswer>('GET', `/runs/${q(runId)}/attendance`, undefined, signal),
    getAttendanceCsv: async (runId, tz) => (await call('GET', `/runs/${q(runId)}/attendance?format=csv&tz=${q(tz)}`)).blob(),
  }
}

/** The room-link page's calls (`/r/:roomId/…`, same origin, the visitor's cookies, no host token). */
export interface RoomLinkClient {
  /** `POST /r/:roomId/join`: a signed join URL, or a WidgetError (`meeting_not_running`, `invalid_access_code`…). */
  join(body: LinkJoinBody): Promise<JoinAnswer>
  /** `GET /r/:roomId/status.json`. */
  status(signal?: AbortSignal): Promise<RoomLinkStatus>
}

/** Builds the room-link page's client for one room, answering in `locale`. */
export function createRoomLinkClient(options: { roomId: string; locale: string; fetch?: typeof fetch }): RoomLinkClient {
  const doFetch = fetchOf(options.fetch)
  const base = `/r/${encodeURIComponent(options.roomId)}`
  return {
    async join(body) {
      const res = await send(doFetch, `${base}/join?lang=${encodeURIComponent(options.locale)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept-Language': options.locale },
        credentials: 'same-origin',
        body: JSON.stringify(body),
      })
      const answer = (await res.json().catch(() => null)) as JoinAnswer | null
      if (!answer?.joinUrl) throw new WidgetError('unknown', 'no join URL in the answer', { status: res.status })
      return answer
    },
    async status(signal) {
      const res = await send(doFetch, `${base}/status.json`, { cache: 'no-store', ...(signal ? { signal } : {}) })
      return (await res.json()) as RoomLinkStatus
    },
  }
}
