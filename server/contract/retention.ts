/**
 * Retention and consent (RGPD): how long the service keeps what it records, the recording-consent text, and a
 * person's data on request. Durations are whole days.
 */

/** The texts shown to participants when a meeting may be recorded; null: the service's own words. */
export interface RecordingConsent {
  /** Sends `notifyRecordingIsOn=true` and adds the text to the welcome message whenever recording is possible. */
  enabled: boolean
  fr: string | null
  en: string | null
}

/** `GET/PUT /admin/retention`: the global rules. */
export interface RetentionSettings {
  /** Meeting runs, their attendance rows and learning-dashboard figures, counted from the run's end (default 365). */
  attendanceDays: number
  /** Audit entries (default 365). */
  auditDays: number
  /** Usage history per space, minutes and hours (default 400, the hourly history's span). */
  usagePerSpaceDays: number
  /** Invitation mail delivered or given up, counted from then (default 90). */
  mailDays: number
  /**
   * The people the service remembers from the platform's tokens (name, e-mail, space roles), counted from when
   * one was last seen; someone in a meeting or holding a seat is kept, and anyone forgotten is remembered again
   * the next time they come (default 365).
   */
  identityDays: number
  /** Recordings, counted from their end; null (default): kept until someone deletes them. */
  recordingDays: number | null
  consent: RecordingConsent
}

/** `PUT /admin/retention`: absent keys keep their value. */
export type RetentionSettingsPatch = Partial<Omit<RetentionSettings, 'consent'>> & { consent?: Partial<RecordingConsent> }

/** `GET/PUT /admin/spaces/:spaceId/retention`: a space's own rule for its recordings. */
export interface SpaceRetention {
  spaceId: string
  /** The space's own rule (days, or null: kept until deleted); absent: the global rule applies. */
  override: { recordingDays: number | null } | null
  /** What the purge applies to the space's recordings. */
  recordingDays: number | null
}

/** What one purge removed, by kind. */
export interface PurgeCounts {
  /** Ended meeting runs, with their attendance rows and learning-dashboard figures. */
  runs: number
  attendanceRows: number
  analyticsRows: number
  auditEntries: number
  usageRows: number
  mailRows: number
  /** People not seen for longer than `identityDays`. */
  identities: number
  /** Recordings deleted in BBB, and those past their time but kept on request. */
  recordings: number
  recordingsKept: number
}

/** `GET /admin/users/:sub/data`: everything the service holds about one person (times in epoch ms). */
export interface UserDataExport {
  sub: string
  exportedAt: number
  /** What the platform's tokens last told about them. */
  identity: { name: string; email: string | null; external: boolean; spaces: Record<string, string>; seenAt: number } | null
  attendance: Array<{ runId: string; roomId: string; spaceId: string; name: string; kind: string; role: string; joinedAt: number; leftAt: number | null }>
  analytics: Array<{ runId: string; spaceId: string; name: string; talkSeconds: number | null; messages: number | null; webcamSeconds: number | null; receivedAt: number }>
  /** Audit entries where they are the actor. */
  audit: Array<{ id: number; at: number; action: string; spaceId: string | null; roomId: string | null; details: Record<string, unknown> }>
  /** Meetings they started. */
  runsStarted: Array<{ runId: string; roomId: string; spaceId: string; startedAt: number; endedAt: number | null }>
  scheduledMeetings: Array<{ id: string; roomId: string; title: string; start: number; end: number; as: 'organizer' | 'attendee' }>
  /** Personal guest links sent to their address. */
  invitations: Array<{ meetingId: string; roomId: string; email: string; createdAt: number; revokedAt: number | null }>
  /** Invitation mail to their address. */
  mail: Array<{ id: string; meetingId: string; method: string; state: string; createdAt: number; finishedAt: number | null }>
  /** Rooms naming them as a co-moderator. */
  coModeratorOf: Array<{ roomId: string; spaceId: string; name: string }>
}

/** `DELETE /admin/users/:sub/data`: what was erased (deleted) or anonymised, by kind. */
export interface UserDataErasure {
  identity: number
  attendance: number
  analytics: number
  audit: number
  runsStarted: number
  scheduledMeetings: number
  invitations: number
  mail: number
  coModeratorOf: number
}

/** `POST /rooms/:roomId/recordings/:recordId/keep`. */
export interface RecordingKeepBody {
  keep: boolean
}
