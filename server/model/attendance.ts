/** How the service classes a participant: a platform user (internal or external partner) or a guest. */
export type AttendeeKind = 'internal' | 'external' | 'guest'
export type AttendeeRole = 'moderator' | 'viewer'

/** One stay of one person in one run: from a join to its leave (null while they are still in). */
export interface AttendanceSession {
  runId: string
  userKey: string
  userId: string | null
  name: string
  kind: AttendeeKind
  role: AttendeeRole
  joinedAt: number
  leftAt: number | null
}

/** BBB's learning-dashboard figures for one person of a run (null: BBB did not say). */
export interface AttendanceStats {
  runId: string
  userKey: string
  userId: string | null
  name: string
  talkSeconds: number | null
  messages: number | null
  webcamSeconds: number | null
  receivedAt: number
}

/** A run of a room's meeting as the attendance pages list it. */
export interface RunRecord {
  id: string
  meetingId: string
  roomId: string
  spaceId: string
  internalMeetingId: string | null
  startedAt: number
  endedAt: number | null
  /** Distinct people seen in the run. */
  participants: number
}

/** A join as the status shows it. */
export interface JoinFact {
  meetingId: string
  userKey: string
  userId: string | null
  name: string
  kind: AttendeeKind
  role: AttendeeRole
  at: number
}
