import type { Principal } from '../auth/principal.js'
import { authorize, roomTarget } from '../auth/permissions.js'
import type { MeetingDeliveriesAnswer } from '../contract/index.js'
import { AppError } from '../errors.js'
import { loadRoomFor } from '../rooms/rooms.js'
import type { Room, ScheduledMeeting } from '../model/index.js'
import type { InviteDeps } from './invite-deps.js'

/** The meeting and its room, for a moderator of the room (the organiser's side): else 404 / 403. */
async function forModerator(deps: InviteDeps, principal: Principal, id: string): Promise<{ meeting: ScheduledMeeting; room: Room }> {
  const meeting = /^[A-Za-z0-9_-]{6,64}$/.test(id) ? await deps.store.getScheduledMeeting(id) : undefined
  if (!meeting) throw new AppError('meeting_not_found', 'No scheduled meeting with this id.', { details: { meetingId: id } })
  const ctx = await loadRoomFor(deps.store, principal, meeting.roomId)
  authorize(principal, 'room.moderate', roomTarget(ctx.room, ctx.rules))
  return { meeting, room: ctx.room }
}

function mailOf(deps: InviteDeps): NonNullable<InviteDeps['mail']> {
  if (!deps.mail) throw new AppError('mail_disabled', 'This service sends no mail.')
  return deps.mail
}

/** Each attendee's invitation mail and personal link (moderators of the room). */
export async function meetingDeliveries(deps: InviteDeps, principal: Principal, id: string): Promise<MeetingDeliveriesAnswer> {
  const { meeting } = await forModerator(deps, principal, id)
  return mailOf(deps).deliveries(meeting)
}

/** Sends one attendee their current invitation again, as a new message. */
export async function resendInvitation(deps: InviteDeps, principal: Principal, id: string, email: string): Promise<MeetingDeliveriesAnswer> {
  const { meeting, room } = await forModerator(deps, principal, id)
  const mail = mailOf(deps)
  await mail.resend(meeting, room, email, principal.locale)
  await deps.store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId: room.spaceId,
    roomId: room.id,
    action: 'meeting.invitation_resent',
    details: { meetingId: meeting.id, email },
    at: deps.clock.now(),
  })
  return mail.deliveries(meeting)
}

/** Withdraws one attendee's personal link: it is refused from now on (`invitation_revoked`). */
export async function revokeInvitation(deps: InviteDeps, principal: Principal, id: string, email: string): Promise<MeetingDeliveriesAnswer> {
  const { meeting, room } = await forModerator(deps, principal, id)
  const mail = mailOf(deps)
  await mail.revoke(meeting, email)
  await deps.store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId: room.spaceId,
    roomId: room.id,
    action: 'meeting.invitation_revoked',
    details: { meetingId: meeting.id, email },
    at: deps.clock.now(),
  })
  return mail.deliveries(meeting)
}
