/**
 * The store contract: everything the service keeps, as one repository per concern, composed into `Store`. Two
 * implementations (SQLite, PostgreSQL) pass the same contract suite (tests/store/contract.ts). Plain objects in,
 * plain objects out; times are epoch milliseconds; nothing here knows Express or BigBlueButton. Functions take the
 * repositories they use (`RunRepo & AuditLog`), so a `Store` fits any of them.
 */
import type {
  AttendanceSession,
  AttendanceStats,
  AuditEntry,
  AuditPage,
  AuditQuery,
  CalendarKey,
  ClaimedEvent,
  ClaimedMail,
  DocumentCaps,
  GlobalLimits,
  Identity,
  Invitation,
  JoinFact,
  KeepDocumentResult,
  MinuteSample,
  MailRecord,
  MeetingRun,
  NewAuditEntry,
  NewRoom,
  NewRoomDocument,
  NewScheduledMeeting,
  HostEventCounts,
  PresentUser,
  RecordingRecord,
  Room,
  RoomDocument,
  RoomPatch,
  RunRecord,
  ScheduledMeeting,
  ScheduledMeetingPatch,
  SeatRequest,
  SeatResult,
  SpaceBranding,
  SpaceLimits,
  SpacePeak,
  StoredMail,
  StoredPreset,
  Usage,
  UsageBucket,
} from '../model/index.js'
import type { CapacitySettings, RetentionSettings, UserDataErasure, UserDataExport } from '../contract/index.js'
import type { Db, StoreContext } from './context.js'
import type { DomainEventOptions, DomainEventSink } from './events.js'

/** A transaction, handed to the repository methods that write inside it (`Store.transaction`, the hooks). */
export type Tx = Db

/** Rooms of the spaces. */
export interface RoomRepo {
  createRoom(room: NewRoom, now: number): Promise<Room>
  getRoom(id: string): Promise<Room | undefined>
  getRoomByMeetingId(meetingId: string): Promise<Room | undefined>
  listRooms(spaceId: string): Promise<Room[]>
  /** Creates the space's default room unless one exists; returns the one that exists after. */
  ensureDefaultRoom(room: NewRoom, now: number): Promise<Room>
  updateRoom(id: string, patch: RoomPatch, now: number): Promise<Room | undefined>
  /** Sets the room's guest access code unless it has one (atomically); the room after, undefined when unknown. */
  setAccessCodeIfMissing(id: string, code: string): Promise<Room | undefined>
  deleteRoom(id: string): Promise<boolean>
}

/** The spaces' display names, as the host's tokens give them. */
export interface SpaceRepo {
  getSpaceName(spaceId: string): Promise<string | null>
  /**
   * Stores a space's display name. When it changed, the space's default room is renamed `rename.to` in the same
   * transaction if its name is still one the service generated (`rename.from`): a name a manager chose stays.
   * True when the stored name changed.
   */
  setSpaceName(spaceId: string, name: string, rename: { from: readonly string[]; to: string }, now: number): Promise<boolean>
}

/** What `RunRepo.openMeetingRun` answers. */
export type OpenRunResult =
  | { ok: true; run: MeetingRun; created: boolean }
  | { ok: false; refusal: 'space_meeting_limit' | 'licence_meeting_limit'; cap: number }

/** Meeting runs: one per room meeting from our create to its end; open runs hold a meeting slot. */
export interface RunRepo {
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
  }): Promise<OpenRunResult>
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
  /**
   * `recordMeetingEnded` and its audit entry in one transaction: the entry (stamped `at: now`) is appended only
   * when the run was open, so an end learnt twice (callback, webhook, poll) is audited once.
   */
  endRun(end: { meetingId: string; createTime: number | null; now: number }, audit: Omit<NewAuditEntry, 'at'>): Promise<boolean>
}

/** The audit trail: append-only. */
export interface AuditLog {
  /** Appends an entry; `at` defaults to the store's clock. */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>
  listAudit(query: AuditQuery): Promise<AuditPage>
}

/** The licence's limits, the global defaults and policies, and each space's overrides. */
export interface LimitsRepo {
  getGlobalLimits(): Promise<GlobalLimits>
  putGlobalLimits(limits: GlobalLimits, now: number): Promise<void>
  getSpaceLimits(spaceId: string): Promise<SpaceLimits>
  putSpaceLimits(spaceId: string, limits: SpaceLimits, now: number): Promise<void>
  /** The global limits and one space's overrides in one read (what every join needs). */
  getLimits(spaceId: string): Promise<{ global: GlobalLimits; space: SpaceLimits }>
}

/** The seat ledger: admissions are atomic across service instances (a database transaction/lock). */
export interface SeatLedger {
  admitSeat(request: SeatRequest): Promise<SeatResult>
  releaseSeat(meetingId: string, userId: string): Promise<void>
  /** Aligns a meeting's seats with the attendees BBB reports: present ones confirmed, gone ones released. */
  reconcileSeats(meetingId: string, present: PresentUser[], now: number): Promise<void>
  usage(now: number): Promise<Usage>
}

/** Memberships last seen in host tokens. */
export interface IdentityRepo {
  saveIdentity(identity: Identity): Promise<void>
  getIdentity(sub: string): Promise<Identity | undefined>
  getIdentityByEmail(email: string): Promise<Identity | undefined>
  /** The identities whose last token gave them a role in `spaceId`, by name (at most `limit`). */
  listSpaceIdentities(spaceId: string, limit: number): Promise<Identity[]>
}

/** Scheduled meetings and calendar feed keys. */
/**
 * Told, inside the transaction that writes a scheduled meeting, what it became and what it was (null: new), so
 * what follows from the change (the invitation mail outbox) commits or rolls back with it.
 */
export type ScheduleWriteHook = (tx: Db, meeting: ScheduledMeeting, previous: ScheduledMeeting | null) => Promise<void>

export interface ScheduleRepo {
  createScheduledMeeting(meeting: NewScheduledMeeting, now: number, hook?: ScheduleWriteHook): Promise<ScheduledMeeting>
  getScheduledMeeting(id: string): Promise<ScheduledMeeting | undefined>
  updateScheduledMeeting(id: string, patch: ScheduledMeetingPatch, now: number, hook?: ScheduleWriteHook): Promise<ScheduledMeeting | undefined>
  cancelScheduledMeeting(id: string, now: number, hook?: ScheduleWriteHook): Promise<ScheduledMeeting | undefined>
  listScheduledMeetings(query: {
    spaceId?: string
    roomId?: string
    from?: number
    to?: number
    includeCancelled?: boolean
  }): Promise<ScheduledMeeting[]>
  createCalendarKey(spaceId: string, key: string, now: number): Promise<CalendarKey>
  getCalendarKey(key: string): Promise<CalendarKey | undefined>
  revokeCalendarKeys(spaceId: string, now: number): Promise<void>
}

/** Recordings BBB told us are ready. */
export interface RecordingRepo {
  recordRecordingReady(recording: RecordingRecord): Promise<void>
  listRecordingRecords(meetingId: string): Promise<RecordingRecord[]>
}

/**
 * Room documents (slides ready at start), their bytes in chunks: an upload is begun, written chunk by chunk and
 * finished under the room's caps; it is invisible until finished. Reading yields one chunk at a time.
 */
export interface DocumentRepo {
  beginDocument(doc: NewRoomDocument): Promise<void>
  appendDocumentChunk(documentId: string, seq: number, data: Uint8Array): Promise<void>
  /** Keeps the upload (size given) unless the room's caps refuse it, atomically across instances; a refused one is dropped. */
  finishDocument(documentId: string, size: number, caps: DocumentCaps): Promise<KeepDocumentResult>
  /** Drops an upload (finished or not) and its bytes. */
  discardDocument(documentId: string): Promise<void>
  /** Keeps a document given as a URL (no bytes) under the room's caps. */
  addDocumentUrl(doc: NewRoomDocument & { sourceUrl: string }, caps: DocumentCaps): Promise<KeepDocumentResult>
  /** A room's kept documents, oldest first. */
  listDocuments(roomId: string): Promise<RoomDocument[]>
  /** A kept document (an upload in progress is not found). */
  getDocument(documentId: string): Promise<RoomDocument | undefined>
  deleteDocument(roomId: string, documentId: string): Promise<boolean>
  /** The document's bytes, one stored chunk at a time, in order. */
  readDocumentChunks(documentId: string): AsyncIterable<Uint8Array>
}

/** Room-setting presets (global and per space) and each space's branding. */
export interface PresetRepo {
  /** Global presets (`spaceId` null), or one space's. */
  listPresets(spaceId: string | null): Promise<StoredPreset[]>
  getPreset(id: string): Promise<StoredPreset | undefined>
  putPreset(preset: StoredPreset): Promise<void>
  deletePreset(id: string): Promise<boolean>
  getBranding(spaceId: string): Promise<SpaceBranding>
  putBranding(spaceId: string, branding: SpaceBranding, now: number): Promise<void>
}

/** Who attended each run (sessions from the status) and BBB's learning-dashboard figures. */
export interface AttendanceRepo {
  /**
   * Opens a session in the meeting's open run unless this person already has one open there (another instance saw
   * the same join first); false when nothing was written (no open run, or already present).
   */
  recordJoin(join: JoinFact): Promise<boolean>
  /** Closes this person's open session in the meeting's open run; false when none was open. */
  recordLeave(meetingId: string, userKey: string, at: number): Promise<boolean>
  /** Closes every session still open in the meeting's runs, at `at` (the run ended), inside `tx` when given. */
  closeOpenSessions(meetingId: string, at: number, tx?: Db): Promise<number>
  /** A room's runs BBB confirmed, newest first. */
  listRuns(roomId: string, page?: { limit?: number; offset?: number }): Promise<{ runs: RunRecord[]; total: number }>
  getRun(runId: string): Promise<RunRecord | undefined>
  /** The run an analytics callback names: by BBB's internal meeting id, else the meeting's latest run. */
  findRunForAnalytics(meetingId: string, internalMeetingId: string | null): Promise<RunRecord | undefined>
  /** A run's sessions in join order. */
  listSessions(runId: string): Promise<AttendanceSession[]>
  /** Replaces a run's learning-dashboard figures (BBB may send them again). */
  saveStats(runId: string, stats: Array<Omit<AttendanceStats, 'runId' | 'receivedAt'>>, receivedAt: number): Promise<void>
  listStats(runId: string): Promise<AttendanceStats[]>
}

/**
 * A periodic job's turn, shared by every instance on one database: `claim` succeeds for one caller at a time,
 * and only when the job was not done since `doneSince`. Each step is one statement, so two instances racing on
 * PostgreSQL (row lock, then the condition checked again) or SQLite (one writer) never both win.
 */
export interface JobLease {
  /** True when this owner now holds the lease until `now + ttlMs`. */
  claim(owner: string, now: number, ttlMs: number, doneSince: number): Promise<boolean>
  /** The job ran: remember when, and free the lease. */
  done(owner: string, now: number): Promise<void>
  /** The job failed: free the lease so the next check (here or elsewhere) tries again. */
  release(owner: string): Promise<void>
  /** When the job last finished (null: never). */
  lastDone(): Promise<number | null>
}

/** The retention rules as saved (the service adds its defaults) and the recordings kept on request. */
export interface RetentionRuleRepo {
  /** The saved global rules, null when none were saved (or they cannot be read). */
  getSavedRetention(): Promise<Partial<RetentionSettings> | null>
  putRetention(settings: RetentionSettings, now: number): Promise<void>
  /** A space's own recording rule, undefined when it has none. */
  getSpaceRecordingDays(spaceId: string): Promise<{ recordingDays: number | null } | undefined>
  /** Sets (a number or null) or removes (undefined) a space's own recording rule. */
  putSpaceRecordingDays(spaceId: string, recordingDays: number | null | undefined, now: number): Promise<void>
  /** Every space's own recording rule. */
  spaceRecordingOverrides(): Promise<Map<string, number | null>>
  setRecordingKeep(recordId: string, roomId: string, keep: boolean, by: string, now: number): Promise<void>
  /** Which of these recordings are kept on request. */
  keptRecordings(recordIds: readonly string[]): Promise<Set<string>>
}

/** What the retention purge deletes; each answers the rows deleted. */
export interface RetentionPurgeRepo {
  /** Runs ended before `before` (open runs never), with their attendance rows and figures, `batch` runs at a time. */
  purgeEndedRuns(before: number, batch: number): Promise<{ runs: number; attendanceRows: number; analyticsRows: number }>
  purgeAudit(before: number): Promise<number>
  /** Usage per space (minutes and hours); the whole service's totals stay. */
  purgeSpaceUsage(before: number): Promise<number>
  /** Mail sent or given up before `before`. */
  purgeFinishedMail(before: number): Promise<number>
  /**
   * Identities last seen before `before`, but never one holding a seat or with an open attendance session: a
   * meeting running now still reads who they are (their kind, for limits and attendance).
   */
  purgeIdentities(before: number): Promise<number>
}

/** The rows held about one person, by the `sub` of their host tokens and their lower-case address (RGPD). */
export interface UserDataRepo {
  /** Everything held about them but their identity (attendance, figures, audit, runs, meetings, invitations, mail, rooms). */
  userRecords(sub: string, email: string | null): Promise<Omit<UserDataExport, 'sub' | 'exportedAt' | 'identity'>>
  /** The rooms that name them a co-moderator. */
  coModeratedRoomIds(sub: string): Promise<string[]>
  /**
   * In one transaction: deletes their identity, invitations and mail; anonymises the rows other people's records
   * need (attendance rows get a new key and `anonymousName`, audit entries, runs and organised meetings name
   * `erased`, audit details naming any of `personal` too, meetings drop their address). The counts (rooms aside).
   */
  eraseUserRecords(
    sub: string,
    email: string | null,
    marks: { erased: string; anonymousName: string; personal: readonly string[] },
  ): Promise<Omit<UserDataErasure, 'coModeratorOf'>>
}

/** One claimed row of a durable outbox (the host events, the mail). */
export interface OutboxItem {
  /** Attempts so far, this one included. */
  attempts: number
  createdAt: number
}

/** The queries a durable outbox answers (host events, mail): leases, settlement, purge (store/leased-queue.ts). */
export interface OutboxQueue<T extends OutboxItem> {
  /** Leases up to `limit` due items for `owner` until `now + leaseMs` (several instances never claim the same one). */
  claim(owner: string, now: number, leaseMs: number, limit: number): Promise<T[]>
  delivered(item: T, owner: string, now: number): Promise<void>
  /** Releases the lease and sets the next attempt. */
  retry(item: T, owner: string, nextAttemptAt: number, error: string): Promise<void>
  /** Gives up: the item stays, `failed`, with its error. */
  giveUp(item: T, owner: string, now: number, error: string): Promise<void>
  /** When the next item is due (or its lease ends), null when nothing is pending. */
  nextDueAt(): Promise<number | null>
  /** Deletes settled items finished before `before`. */
  purge(before: number): Promise<number>
}

/** The invitation mail outbox (one row per message to one recipient) and the personal guest links. */
export interface MailOutbox extends OutboxQueue<ClaimedMail> {
  add(tx: Db, mail: StoredMail, meta: { meetingId: string; sequence: number }, now: number): Promise<void>
  /** A meeting's messages, oldest first. */
  listForMeeting(meetingId: string): Promise<MailRecord[]>
  counts(): Promise<Record<'pending' | 'sent' | 'failed', number>>
  /** The message of a row (for a resend), or undefined. */
  latestFor(meetingId: string, recipient: string): Promise<{ mail: StoredMail; sequence: number } | undefined>

  addInvitation(tx: Db, invitation: Invitation): Promise<void>
  /** A meeting's invitations (revoked ones too), in `tx` when given. */
  invitations(meetingId: string, tx?: Db): Promise<Invitation[]>
  getInvitation(token: string): Promise<Invitation | undefined>
  /** Revokes the live invitations of `emails` (all of the meeting's when null); the number revoked. */
  revokeInvitations(meetingId: string, emails: string[] | null, now: number, tx?: Db): Promise<number>
}

/** The host events' outbox (one row per event to POST to the host platform) and who it was told is present. */
export interface HostEventOutbox extends OutboxQueue<ClaimedEvent> {
  /**
   * Adds an event, its body the exact bytes to POST (with `tx`: inside that transaction). False when an event with
   * its id is already there.
   */
  add(event: { id: string; type: string; roomId: string; spaceId: string; body: string }, now: number, tx?: Db): Promise<boolean>
  /**
   * Leases up to `limit` events for `owner` until `now + leaseMs`: each the oldest pending event of its room, due,
   * and not leased by anyone else. A room's next event is never claimable while an older one is pending.
   */
  claim(owner: string, now: number, leaseMs: number, limit: number): Promise<ClaimedEvent[]>
  counts(): Promise<HostEventCounts>
  /**
   * Records a participant as present (`true`) or gone in `tx`; true only when that changes what was recorded, so
   * the first of several instances seeing the same change wins.
   */
  markPresence(tx: Db, meetingId: string, userKey: string, present: boolean, now: number): Promise<boolean>
  /** Forgets a meeting's participants (it ended), in `tx`. */
  forgetPresence(tx: Db, meetingId: string): Promise<void>
}

/** The capacity threshold admins set, as saved (the service adds its defaults). */
export interface CapacitySettingsRepo {
  /** The saved settings, null when none were saved (or they cannot be read). */
  getSavedCapacity(): Promise<Partial<CapacitySettings> | null>
  putCapacity(settings: CapacitySettings, now: number): Promise<void>
}

/** The usage history's repository (both dialects). */
export interface UsageHistoryRepo {
  /**
   * Writes one minute, unless another instance already did: the whole-service row is the minute's claim, taken in
   * the same transaction as the spaces' rows. True when this call wrote the minute.
   */
  recordMinute(sample: MinuteSample): Promise<boolean>
  /**
   * Rolls every complete hour not yet rolled up (before `now`'s hour) into hourly rows, in the database, then
   * deletes minutes and hours past their retention. Idempotent; safe when several instances do it at once.
   */
  rollUp(now: number): Promise<void>
  /** The minutes of `[from, to)` for one space (or `ALL_SPACES`); sampled minutes without the space count 0. */
  minutes(spaceId: string, from: number, to: number): Promise<UsageBucket[]>
  /** The hours of `[from, to)` (hour-aligned), from hourly rows and, for hours not rolled up yet, from minutes. */
  hours(spaceId: string, from: number, to: number): Promise<UsageBucket[]>
  /** Each space's peak and participant-minutes over `[from, to)` (hour-aligned), highest peaks first. */
  spacePeaks(from: number, to: number, limit: number): Promise<SpacePeak[]>
  /** Row counts, for the size documentation and its test. */
  rowCounts(): Promise<{ minutes: number; hours: number }>
}

/** Every repository over one database, plus its health and lifetime. */
/** What a cached entry is about: a room (by id), a space's limits (by space id), an open run (by meetingId). */
export type CachedKind = 'room' | 'limits' | 'run'

/** A change that makes cached reads stale; `key` null: every entry of that kind. */
export interface CacheChange {
  kind: CachedKind
  key: string | null
}

/**
 * The reads every join makes, remembered per instance: the room, the global limits with its space's overrides, and
 * the meeting's open run once BBB confirmed it (`read-cache.ts`; issue 21: the join path was ten statements, three of them reads
 * that change only when someone edits a room, the limits, or a meeting starts or ends). Entries are frozen (a caller
 * cannot change what the next one reads) and single-flight (concurrent misses share one query).
 */
export interface ReadCache {
  /** Forgets what a change made stale; `remote` when another instance made it (not told to the listeners again). */
  forget(change: CacheChange, remote?: boolean): void
  /** Told of each change made through this store, to tell the other instances. */
  onLocalChange(listener: (change: CacheChange) => void): () => void
}

export interface Store
  extends RoomRepo,
    SpaceRepo,
    RunRepo,
    AuditLog,
    LimitsRepo,
    SeatLedger,
    IdentityRepo,
    ScheduleRepo,
    RecordingRepo,
    DocumentRepo,
    PresetRepo,
    RetentionRuleRepo,
    RetentionPurgeRepo,
    UserDataRepo,
    CapacitySettingsRepo {
  readonly kind: 'sqlite' | 'postgres'
  /** Liveness for /healthz: resolves when the database answers. */
  ping(): Promise<void>
  close(): Promise<void>

  /** Told of each run start, run end and ready recording inside the transaction that wrote it. */
  onDomainEvent(sink: DomainEventSink, options?: DomainEventOptions): () => void
  /** Attendance sessions and learning-dashboard figures of the runs. */
  readonly attendance: AttendanceRepo
  /** The invitation mail outbox and the personal guest links. */
  readonly mailOutbox: MailOutbox
  /** The host events' outbox and presence. */
  readonly hostEventOutbox: HostEventOutbox
  /** The usage history (a sample per minute, rolled up per hour), with its default retention. */
  readonly usageHistory: UsageHistoryRepo
  /**
   * Runs `fn` in one transaction: what repository methods given its `tx` write commits or rolls back together
   * (on SQLite it holds the one connection: read before, not inside, what `tx` does not need).
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
  /** The lease of the periodic job `name` (`job_leases`), shared by every instance on this database. */
  jobLease(name: string): JobLease
  /** The per-instance cache of the reads every join makes: forget what another instance changed (read-cache.ts). */
  readonly readCache: ReadCache
  /** The database itself: for tests that look at the rows, never for the domain (its queries are repositories). */
  readonly context: StoreContext
}
