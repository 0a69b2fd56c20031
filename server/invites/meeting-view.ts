import { can, roomTarget, type Subject } from '../auth/permissions.js'
import type { ScheduledMeetingView } from '../contract/index.js'
import { roomRules } from '../limits/effective.js'
import { effectiveLimits } from '../rooms/rooms.js'
import type { Room, ScheduledMeeting } from '../model/index.js'
import type { InviteRoom } from '../calendar/ics.js'
import type { InviteDeps } from './invite-deps.js'

/** A scheduled meeting as the API shows it (the contract's type). */
export type MeetingView = ScheduledMeetingView

export function roomLinkOf(publicUrl: string, roomId: string): string {
  return `${publicUrl}/r/${roomId}`
}

export function meetingView(m: ScheduledMeeting, deps: Pick<InviteDeps, 'publicUrl' | 'joinOpensMinutesBefore'>): MeetingView {
  return {
    id: m.id,
    roomId: m.roomId,
    spaceId: m.spaceId,
    uid: m.uid,
    title: m.title,
    description: m.description,
    start: new Date(m.start).toISOString(),
    end: new Date(m.end).toISOString(),
    timezone: m.timezone,
    attendees: m.attendees,
    sequence: m.sequence,
    organizer: { name: m.organizer.name },
    cancelled: m.cancelledAt !== null,
    opensAt: new Date(m.start - deps.joinOpensMinutesBefore * 60_000).toISOString(),
    icsUrl: `${deps.publicUrl}/api/v1/meetings/${m.id}/invite.ics`,
    link: roomLinkOf(deps.publicUrl, m.roomId),
    expectedAttendees: m.expectedAttendees ?? null,
  }
}

/**
 * What an invitation prints about a room: its link, its guest access code (when set, allowed, and `reader` is
 * one of the room's moderators: members, external members and the key-only calendar feed never read it, as the
 * room API hides it from them), dial-in.
 */
export async function inviteRoomOf(deps: InviteDeps, room: Room, reader: Subject | null): Promise<InviteRoom> {
  const rules = roomRules(await effectiveLimits(deps.store, room.spaceId), room.settings)
  const showCode = reader !== null && can(reader, 'room.moderate', roomTarget(room, rules))
  return {
    link: roomLinkOf(deps.publicUrl, room.id),
    name: room.name,
    accessCode: showCode && rules.guestsAllowed ? rules.accessCode : null,
    dialInNumber: deps.dialInNumber,
    mailFrom: deps.mail?.organizerAddress ?? null,
  }
}
