/** A past (or running) meeting of a room: one run from its start to its end; times in epoch ms. */
export interface MeetingRunView {
  id: string
  roomId: string
  startedAt: number
  /** null while the meeting runs. */
  endedAt: number | null
  /** Distinct people seen in it. */
  participants: number
}

/** `GET /rooms/:roomId/runs`. */
export interface MeetingRunsAnswer {
  runs: MeetingRunView[]
  total: number
  limit: number
  offset: number
}

/** One person's presence in a run. */
export interface AttendanceEntry {
  name: string
  /** Our user id (the platform's `sub`, or a guest's seat id); null for someone who did not join through us. */
  userId: string | null
  kind: 'internal' | 'external' | 'guest'
  role: 'moderator' | 'viewer'
  /** Each stay, in order; `leftAt` null while they are in. */
  sessions: Array<{ joinedAt: number; leftAt: number | null }>
  firstJoinedAt: number
  /** null while they are in. */
  lastLeftAt: number | null
  /** Time present, sessions summed (a stay still open counts until now). */
  presentSeconds: number
  /** From BBB's learning dashboard when it sent it; null otherwise. */
  talkSeconds: number | null
  messages: number | null
  webcamSeconds: number | null
}

/** `GET /runs/:runId/attendance`. */
export interface AttendanceAnswer {
  run: MeetingRunView
  room: { id: string; name: string }
  attendees: AttendanceEntry[]
  /** Whether BBB's learning-dashboard figures were received for this run. */
  hasAnalytics: boolean
}

/** `POST /callbacks/bbb/analytics`. */
export interface AnalyticsCallbackAnswer {
  /** How many people's figures were stored. */
  stored: number
}
