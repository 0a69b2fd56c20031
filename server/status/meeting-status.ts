import type { BbbClient } from '../bbb/index.js'

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
  attendees: Array<{ userId: string | null; name: string; role: 'MODERATOR' | 'VIEWER'; guest: boolean }>
}

export const NOT_RUNNING: MeetingStatus = Object.freeze({
  exists: false,
  running: false,
  participants: 0,
  moderators: 0,
  startedAt: null,
  createTime: null,
  attendees: [],
}) as MeetingStatus

/** Where the service reads meeting status from; one shared source per instance. */
export interface StatusSource {
  /** Status of the given BBB meetings (missing ones are not running). Throws BBB errors. */
  getMany(meetingIds: readonly string[]): Promise<Map<string, MeetingStatus>>
  get(meetingId: string): Promise<MeetingStatus>
  /** Forget what is cached, after a change we caused (create, end). */
  invalidate(): void
  close(): void
}

/**
 * The simplest correct source: one getMeetings for all callers at a time (single flight), its answer
 * shared for `ttlMs` (default 1 s), so the BBB cost does not grow with the number of viewers.
 */
export function createPolledStatusSource(deps: { bbb: BbbClient; clock: () => number; ttlMs?: number }): StatusSource {
  const ttl = deps.ttlMs ?? 1000
  let cached: { at: number; statuses: Map<string, MeetingStatus> } | null = null
  let inFlight: Promise<Map<string, MeetingStatus>> | null = null

  async function refresh(): Promise<Map<string, MeetingStatus>> {
    const answer = await deps.bbb.getMeetings()
    const statuses = new Map<string, MeetingStatus>()
    for (const m of answer.meetings) {
      if (m.hasBeenForciblyEnded) continue
      statuses.set(m.meetingID, {
        exists: true,
        running: m.running,
        participants: m.participantCount,
        moderators: m.moderatorCount,
        startedAt: m.startTime || null,
        createTime: m.createTime,
        attendees: m.attendees.map((a) => ({
          userId: a.userID ?? null,
          name: a.fullName,
          role: a.role === 'MODERATOR' ? 'MODERATOR' : 'VIEWER',
          guest: Boolean(a.isGuest),
        })),
      })
    }
    cached = { at: deps.clock(), statuses }
    return statuses
  }

  async function all(): Promise<Map<string, MeetingStatus>> {
    if (cached && deps.clock() - cached.at < ttl) return cached.statuses
    inFlight ??= refresh().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  return {
    async getMany(ids) {
      const statuses = await all()
      return new Map(ids.map((id) => [id, statuses.get(id) ?? NOT_RUNNING]))
    },
    async get(id) {
      return (await all()).get(id) ?? NOT_RUNNING
    },
    invalidate() {
      cached = null
    },
    close() {
      cached = null
    },
  }
}
