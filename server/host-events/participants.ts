import type { MeetingStatus, StatusAttendee } from '../status/meeting-status.js'

export interface ParticipantChange {
  type: 'participant.joined' | 'participant.left'
  /** Who: our user id (the same in BBB's lists and its webhooks), else BBB's internal id, else the name. */
  key: string
  attendee: StatusAttendee
}

/**
 * Who joined and who left between two statuses of one meeting. A meeting that ends reports nobody leaving:
 * `meeting.ended` says everyone left. Pure.
 */
export function participantChanges(previous: MeetingStatus, next: MeetingStatus): ParticipantChange[] {
  if (!next.exists) return []
  const before = byKey(previous.attendees)
  const after = byKey(next.attendees)
  const changes: ParticipantChange[] = []
  for (const [key, attendee] of before) if (!after.has(key)) changes.push({ type: 'participant.left', key, attendee })
  for (const [key, attendee] of after) if (!before.has(key)) changes.push({ type: 'participant.joined', key, attendee })
  return changes
}

function byKey(attendees: readonly StatusAttendee[]): Map<string, StatusAttendee> {
  const map = new Map<string, StatusAttendee>()
  for (const a of attendees) map.set(attendeeKey(a), a)
  return map
}

function attendeeKey(a: StatusAttendee): string {
  // One person in two tabs is one participant: joined with the first, left with the last.
  if (a.userId) return `u:${a.userId}`
  if (a.internalUserId) return `i:${a.internalUserId}`
  return `n:${a.name}`
}
