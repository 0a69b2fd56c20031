import { NOT_RUNNING, type MeetingStatus, type StatusAttendee } from './meeting-status.js'

/** The bbb-webhooks events that change a meeting's status, reduced to what the status needs. */
export type StatusWebhookEvent =
  | { type: 'meeting-created'; meetingId: string; internalMeetingId: string | null; createTime: number | null }
  | {
      type: 'user-joined'
      meetingId: string
      user: { internalUserId: string | null; userId: string | null; name: string; role: 'MODERATOR' | 'VIEWER'; guest: boolean }
    }
  | { type: 'user-left'; meetingId: string; internalUserId: string | null; userId: string | null }
  | { type: 'meeting-ended'; meetingId: string; internalMeetingId: string | null; createTime: number | null }

/**
 * A meeting's status after one webhook event (pure). A create marks an unknown meeting as existing with nobody in
 * it (a meeting already known is kept); a join adds the user (replacing an earlier session of the same user) and
 * marks the meeting running, started at `now` unless BBB gave a start; a leave removes the user from a meeting that
 * exists; an end gives {@link NOT_RUNNING}. Counts always follow the attendee list.
 */
export function applyWebhook(status: MeetingStatus, event: StatusWebhookEvent, now: number): MeetingStatus {
  switch (event.type) {
    case 'meeting-created':
      if (status.exists) return status
      return { ...NOT_RUNNING, exists: true, createTime: event.createTime, startedAt: event.createTime, attendees: [] }
    case 'user-joined': {
      const u = event.user
      const attendees = [...status.attendees.filter((a) => !sameUser(a, u.internalUserId, u.userId)), { ...u }]
      return { ...withAttendees(status, attendees), exists: true, running: true, startedAt: status.startedAt ?? now }
    }
    case 'user-left':
      if (!status.exists) return status
      return withAttendees(
        status,
        status.attendees.filter((a) => !sameUser(a, event.internalUserId, event.userId)),
      )
    case 'meeting-ended':
      return NOT_RUNNING
  }
}

function withAttendees(status: MeetingStatus, attendees: StatusAttendee[]): MeetingStatus {
  return {
    ...status,
    attendees,
    participants: attendees.length,
    moderators: attendees.filter((a) => a.role === 'MODERATOR').length,
  }
}

/** One user, by BBB's internal id or by our userID (webhooks may carry either). */
function sameUser(a: StatusAttendee, internalId: string | null, userId: string | null): boolean {
  return (internalId !== null && a.internalUserId === internalId) || (userId !== null && a.userId === userId)
}
