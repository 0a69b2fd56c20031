/** One person in a meeting, as the status shows it. */
export interface StatusAttendee {
  /** Our userID (external user id), when the join carried one. */
  userId: string | null
  /** BBB's internal user id, when known (webhooks name leavers by it). */
  internalUserId?: string | null
  name: string
  role: 'MODERATOR' | 'VIEWER'
  guest: boolean
}

/** What a button shows about a room's meeting. */
export interface MeetingStatus {
  /** BBB knows the meeting (created, not ended). */
  exists: boolean
  /** Someone has joined and the meeting is live. */
  running: boolean
  participants: number
  moderators: number
  startedAt: number | null
  createTime: number | null
  attendees: StatusAttendee[]
}

export const NOT_RUNNING: MeetingStatus = Object.freeze({
  exists: false,
  running: false,
  participants: 0,
  moderators: 0,
  startedAt: null,
  createTime: null,
  attendees: [],
})

/** Where the service reads meeting status from; one shared source per instance. */
export interface StatusSource {
  /**
   * Status of the given BBB meetings (missing ones are not running). Answers from the instance's shared
   * snapshot; asks BBB only when the snapshot is older than the refresh interval (one call for all callers).
   * Throws the last BBB error when the last refresh failed.
   */
  getMany(meetingIds: readonly string[]): Promise<Map<string, MeetingStatus>>
  get(meetingId: string): Promise<MeetingStatus>
  /** Forget what is cached, after a change we caused (create, end): the next read asks BBB again. */
  invalidate(): void
  close(): void
}

/** The shape of one meeting in BBB's getMeetings / getMeetingInfo answers that the status needs. */
export interface BbbMeetingLike {
  meetingID: string
  running: boolean
  participantCount: number
  moderatorCount: number
  startTime?: number | null
  createTime: number
  hasBeenForciblyEnded?: boolean
  attendees: ReadonlyArray<{
    userID?: string | null
    internalUserID?: string | null
    fullName: string
    role: string
    isGuest?: boolean | null
  }>
}

/** BBB's view of a meeting → our status (null for a meeting that was forcibly ended). */
export function statusFromBbbMeeting(m: BbbMeetingLike): MeetingStatus | null {
  if (m.hasBeenForciblyEnded) return null
  return {
    exists: true,
    running: m.running,
    participants: m.participantCount,
    moderators: m.moderatorCount,
    startedAt: m.startTime || null,
    createTime: m.createTime || null,
    attendees: m.attendees.map((a) => ({
      userId: a.userID || null,
      internalUserId: a.internalUserID || null,
      name: a.fullName,
      role: a.role === 'MODERATOR' ? 'MODERATOR' : 'VIEWER',
      guest: Boolean(a.isGuest),
    })),
  }
}

/** What widgets are shown of a status: compared to decide whether anything changed. */
export function visibleStatus(status: MeetingStatus): {
  running: boolean
  participants: number
  moderators: number
  startedAt: number | null
  attendees: Array<{ name: string; role: 'MODERATOR' | 'VIEWER' }>
} {
  return {
    running: status.exists,
    participants: status.participants,
    moderators: status.moderators,
    startedAt: status.startedAt,
    attendees: status.attendees.map((a) => ({ name: a.name, role: a.role })),
  }
}
