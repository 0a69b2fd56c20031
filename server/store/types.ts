/**
 * The store contract: everything the service keeps. Two implementations (SQLite, PostgreSQL) pass the
 * same contract suite (tests/store/contract.ts). Plain objects in, plain objects out; times are epoch
 * milliseconds; nothing here knows Express or BigBlueButton.
 */

import type { StoreContext } from './context.js'
import type { DomainEventSink } from './events.js'

export type SpaceRole = 'manager' | 'member'
export type UserKind = 'internal' | 'external'
export type Policy = 'forced' | 'default_on' | 'optional' | 'disabled'

export interface RoomSettings {
  anyoneCanStart: boolean
  allJoinAsModerator: boolean
  muteOnStart: boolean
  guestsAllowed: boolean
  /** Guests wait for a moderator (BBB guestPolicy ASK_MODERATOR). */
  waitingRoom: boolean
  accessCode: string | null
  moderatorAccessCode: string | null
  record: boolean
  welcome: string | null
  maxParticipants: number | null
  durationMinutes: number | null
}

export interface Room {
  /** Public slug (`abc-def-ghi-jkl`), used in every path. */
  id: string
  spaceId: string
  name: string
  /** The BBB meetingID: random, separate from the slug. */
  meetingId: string
  isDefault: boolean
  settings: RoomSettings
  createdAt: number
  updatedAt: number
}

export interface NewRoom {
  id: string
  spaceId: string
  name: string
  meetingId: string
  isDefault: boolean
  settings: RoomSettings
}

export interface RoomPatch {
  name?: string
  settings?: Partial<RoomSettings>
}

/** One run of a room's BBB meeting, from our create to its end. */
export interface MeetingRun {
  meetingId: string
  roomId: string
  spaceId: string
  /** BBB createTime (ms), the instance key; null until BBB confirmed the create. */
  createTime: number | null
  internalMeetingId: string | null
  moderatorPw: string | null
  startedBy: string
  startedAt: number
  endedAt: number | null
}

export interface AuditEntry {
  id: number
  at: number
  /** `sub` of the actor, `guest:<name>` or `system`. */
  actor: string
  actorName: string | null
  spaceId: string | null
  roomId: string | null
  /** e.g. `room.created`, `meeting.started`, `join.granted`, `join.refused`, `limits.changed`. */
  action: string
  details: Record<string, unknown>
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: number }

export interface AuditQuery {
  spaceId?: string
  roomId?: string
  /** Exact action, or a prefix ending in `.` (`join.`). */
  action?: string
  actor?: string
  from?: number
  to?: number
  /** Default 50, at most 500. */
  limit?: number
  offset?: number
}

export interface AuditPage {
  entries: AuditEntry[]
  total: number
}

// ---- limits -------------------------------------------------------------------------------------

export interface LicenceLimits {
  maxParticipants: number | null
  maxInternal: number | null
  maxExternal: number | null
  maxMeetings: number | null
}

export interface DefaultLimits {
  maxParticipantsPerMeeting: number | null
  maxDurationMinutes: number | null
  maxConcurrentMeetings: number | null
  countModerators: boolean
}

export interface Policies {
  record: Policy
  guestsAllowed: Policy
  waitingRoom: Policy
  anyoneCanStart: Policy
  accessCode: Policy
}

export interface GlobalLimits {
  licence: LicenceLimits
  defaults: DefaultLimits
  policies: Policies
}

/** A space's overrides: only the keys present override the global defaults and policies. */
export interface SpaceLimits {
  limits: Partial<DefaultLimits>
  policies: Partial<Policies>
}

// ---- seat ledger --------------------------------------------------------------------------------

export interface SeatRequest {
  meetingId: string
  roomId: string
  spaceId: string
  userId: string
  kind: UserKind
  moderator: boolean
  now: number
  /** How long a granted seat is held before the user shows up in BBB (about 90 s). */
  reservationMs: number
  caps: {
    /** Per-meeting participants (room/space/default, the most restrictive), null = unlimited. */
    room: number | null
    total: number | null
    internal: number | null
    external: number | null
  }
  /** When false, moderators neither need nor take a per-meeting seat (they still count for the licence). */
  countModerators: boolean
  /**
   * Appended in the same transaction when the seat is granted (not on a refusal), with `alreadyHeld` added to
   * its details. Optional.
   */
  audit?: NewAuditEntry
}

export type SeatRefusal = 'room_full' | 'licence_full' | 'licence_full_internal' | 'licence_full_external'

export type SeatResult =
  | { granted: true; alreadyHeld: boolean }
  | { granted: false; refusal: SeatRefusal; cap: number; used: number }

export interface PresentUser {
  userId: string
  kind: UserKind
  moderator: boolean
}

export interface UsageCounts {
  total: number
  internal: number
  external: number
}

export interface Usage extends UsageCounts {
  runningMeetings: number
  spaces: Array<{
    spaceId: string
    runningMeetings: number
    participants: UsageCounts
    rooms: Array<{ roomId: string; meetingId: string; participants: UsageCounts }>
  }>
}

// ---- identities (memberships last seen in host tokens) -------------------------------------------

export interface Identity {
  sub: string
  name: string
  email: string | null
  external: boolean
  spaces: Record<string, SpaceRole>
  seenAt: number
}

// ---- scheduled meetings and calendar feeds -------------------------------------------------------

export interface ScheduledMeeting {
  id: string
  roomId: string
  spaceId: string
  /** Stable iCalendar UID. */
  uid: string
  title: string
  description: string | null
  /** UTC epoch ms. */
  start: number
  end: number
  timezone: string
  attendees: Array<{ email: string; name?: string }>
  /** Grows on every change (iCalendar SEQUENCE). */
  sequence: number
  organizer: { sub: string; name: string; email: string | null }
  cancelledAt: number | null
  createdAt: number
  updatedAt: number
}

export type NewScheduledMeeting = Omit<ScheduledMeeting, 'sequence' | 'cancelledAt' | 'createdAt' | 'updatedAt'>

export type ScheduledMeetingPatch = Partial<
  Pick<ScheduledMeeting, 'title' | 'description' | 'start' | 'end' | 'timezone' | 'attendees'>
>

export interface CalendarKey {
  spaceId: string
  key: string
  createdAt: number
  revokedAt: number | null
}

// ---- recordings seen through callbacks -----------------------------------------------------------

export interface RecordingRecord {
  recordId: string
  meetingId: string
  roomId: string | null
  readyAt: number
}

// ---- the interface ------------------------------------------------------------------------------

export interface Store {
  readonly kind: 'sqlite' | 'postgres'

  // rooms
  createRoom(room: NewRoom, now: number): Promise<Room>
  getRoom(id: string): Promise<Room | undefined>
  getRoomByMeetingId(meetingId: string): Promise<Room | undefined>
  listRooms(spaceId: string): Promise<Room[]>
  /** Creates the space's default room unless one exists; returns the one that exists after. */
  ensureDefaultRoom(room: NewRoom, now: number): Promise<Room>
  updateRoom(id: string, patch: RoomPatch, now: number): Promise<Room | undefined>
  deleteRoom(id: string): Promise<boolean>

  // meeting runs
  /**
   * Opens a run for a room's meeting, atomically under the space's and the licence's meeting caps
   * (counting open runs). When a run is already open for that meetingId it is returned as is
   * (`created: false`) without a cap check.
   */
  openMeetingRun(request: {
    meetingId: string
    roomId: string
    spaceId: string
    startedBy: string
    now: number
    maxConcurrentMeetings: number | null
    maxMeetings: number | null
  }): Promise<
    | { ok: true; run: MeetingRun; created: boolean }
    | { ok: false; refusal: 'space_meeting_limit' | 'licence_meeting_limit'; cap: number }
  >
  /** Stores what BBB answered to the create of an open run. */
  confirmMeetingRun(
    meetingId: string,
    bbb: { createTime: number; internalMeetingId: string | null; moderatorPw: string | null },
  ): Promise<MeetingRun | undefined>
  /** Drops an open run whose BBB create failed (so it holds no meeting slot). */
  abandonMeetingRun(meetingId: string): Promise<void>
  /** The run not yet ended for a meetingId, if any. */
  getOpenRun(meetingId: string): Promise<MeetingRun | undefined>
  listOpenRuns(spaceId?: string): Promise<MeetingRun[]>
  /**
   * Marks the open run ended (only when `createTime` is null or matches) and releases all its seats;
   * false when no matching run was open.
   */
  recordMeetingEnded(meetingId: string, createTime: number | null, now: number): Promise<boolean>

  // audit
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>
  listAudit(query: AuditQuery): Promise<AuditPage>

  // limits
  getGlobalLimits(): Promise<GlobalLimits>
  putGlobalLimits(limits: GlobalLimits, now: number): Promise<void>
  getSpaceLimits(spaceId: string): Promise<SpaceLimits>
  putSpaceLimits(spaceId: string, limits: SpaceLimits, now: number): Promise<void>
  /** The global limits and one space's overrides in one read (what every join needs). */
  getLimits(spaceId: string): Promise<{ global: GlobalLimits; space: SpaceLimits }>

  // seat ledger: admissions are atomic across service instances (a database transaction/lock)
  admitSeat(request: SeatRequest): Promise<SeatResult>
  releaseSeat(meetingId: string, userId: string): Promise<void>
  /** Aligns a meeting's seats with the attendees BBB reports: present ones confirmed, gone ones released. */
  reconcileSeats(meetingId: string, present: PresentUser[], now: number): Promise<void>
  usage(now: number): Promise<Usage>

  // identities
  saveIdentity(identity: Identity): Promise<void>
  getIdentity(sub: string): Promise<Identity | undefined>
  getIdentityByEmail(email: string): Promise<Identity | undefined>

  // scheduled meetings and calendar feeds
  createScheduledMeeting(meeting: NewScheduledMeeting, now: number): Promise<ScheduledMeeting>
  getScheduledMeeting(id: string): Promise<ScheduledMeeting | undefined>
  updateScheduledMeeting(id: string, patch: ScheduledMeetingPatch, now: number): Promise<ScheduledMeeting | undefined>
  cancelScheduledMeeting(id: string, now: number): Promise<ScheduledMeeting | undefined>
  listScheduledMeetings(query: { spaceId?: string; roomId?: string; from?: number; to?: number; includeCancelled?: boolean }): Promise<ScheduledMeeting[]>
  createCalendarKey(spaceId: string, key: string, now: number): Promise<CalendarKey>
  getCalendarKey(key: string): Promise<CalendarKey | undefined>
  revokeCalendarKeys(spaceId: string, now: number): Promise<void>

  // recordings seen
  recordRecordingReady(recording: RecordingRecord): Promise<void>
  listRecordingRecords(meetingId: string): Promise<RecordingRecord[]>

  /** Liveness for /healthz: resolves when the database answers. */
  ping(): Promise<void>
  close(): Promise<void>

  /** Told of each run start, run end and ready recording inside the transaction that wrote it. */
  onDomainEvent(sink: DomainEventSink): () => void
  /** The database, for a module that keeps its own tables in it (the host-events outbox). */
  readonly context: StoreContext
}
