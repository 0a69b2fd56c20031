import { randomBytes, randomUUID } from 'node:crypto'
import { AppError } from '../errors.js'
import type { Principal } from '../auth/principal.js'
import { authorize, requireMember, roomTarget } from '../auth/permissions.js'
import { loadRoomFor, requireRoom } from '../rooms/rooms.js'
import type { Room, ScheduledMeeting, ScheduledMeetingPatch } from '../model/index.js'
import type { Store } from '../store/types.js'
import type { InviteDeps } from './invite-deps.js'
import { MAX_DURATION_MINUTES } from './invite-deps.js'

export interface ScheduleInput {
  title: string
  /** UTC epoch ms. */
  start: number
  end: number
  timezone: string
  description: string | null
  attendees: Array<{ email: string; name?: string }>
  expectedAttendees?: { internal: number; external: number } | null
}

/** Only managers of the space and moderators of the room plan its meetings: else `403 not_a_moderator`. */
/** The room, when the principal may moderate it (schedule or change its meetings); refused otherwise. */
export async function requireRoomModerator(store: Store, principal: Principal, roomId: string): Promise<Room> {
  const ctx = await loadRoomFor(store, principal, roomId)
  authorize(principal, 'room.moderate', roomTarget(ctx.room, ctx.rules))
  return ctx.room
}

/** A scheduled meeting, or `404 meeting_not_found` (also for cancelled ones when `live`). */
async function requireMeeting(store: Store, id: string, live: boolean): Promise<ScheduledMeeting> {
  const m = /^[A-Za-z0-9_-]{6,64}$/.test(id) ? await store.getScheduledMeeting(id) : undefined
  if (!m || (live && m.cancelledAt !== null)) {
    throw new AppError('meeting_not_found', 'No scheduled meeting with this id.', { details: { meetingId: id } })
  }
  return m
}

/** Schedules a meeting in a room (managers, moderators of the room). */
export async function scheduleMeeting(
  deps: InviteDeps,
  principal: Principal,
  roomId: string,
  input: ScheduleInput,
): Promise<ScheduledMeeting> {
  const room = await requireRoomModerator(deps.store, principal, roomId)
  const now = deps.clock.now()
  const mail = await deps.mail?.prepare(room, principal.locale, input.attendees.map((a) => a.email))
  const meeting = await deps.store.createScheduledMeeting(
    {
      id: randomBytes(12).toString('base64url'),
      roomId: room.id,
      spaceId: room.spaceId,
      uid: `${randomUUID()}@${new URL(deps.publicUrl).hostname}`,
      title: input.title,
      description: input.description,
      start: input.start,
      end: input.end,
      timezone: input.timezone,
      attendees: input.attendees,
      expectedAttendees: input.expectedAttendees ?? null,
      organizer: { sub: principal.sub, name: principal.name, email: principal.email },
    },
    now,
    mail,
  )
  deps.mail?.committed()
  await deps.store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId: room.spaceId,
    roomId: room.id,
    action: 'meeting.scheduled',
    details: { meetingId: meeting.id, start: meeting.start, end: meeting.end, attendees: meeting.attendees.length },
    at: now,
  })
  return meeting
}

/** A meeting's current times, changed by a patch that may move the start, the end or the duration. */
export function patchedTimes(
  current: Pick<ScheduledMeeting, 'start' | 'end'>,
  patch: { start?: number; end?: number; durationMinutes?: number },
): { start: number; end: number } {
  const start = patch.start ?? current.start
  const end =
    patch.end ?? (patch.durationMinutes !== undefined ? start + patch.durationMinutes * 60_000 : start + (current.end - current.start))
  if (end <= start) {
    throw new AppError('invalid_request', 'end: must be after start', { details: { field: 'end' } })
  }
  if (end - start > MAX_DURATION_MINUTES * 60_000) {
    throw new AppError('invalid_request', `end: a meeting lasts at most ${MAX_DURATION_MINUTES} minutes`, { details: { field: 'end' } })
  }
  return { start, end }
}

/** Changes a scheduled meeting (moderators of its room); its SEQUENCE grows. */
export async function updateScheduledMeeting(
  deps: InviteDeps,
  principal: Principal,
  id: string,
  patch: Omit<ScheduledMeetingPatch, 'start' | 'end'> & { start?: number; end?: number; durationMinutes?: number },
): Promise<ScheduledMeeting> {
  const current = await requireMeeting(deps.store, id, true)
  const room = await requireRoomModerator(deps.store, principal, current.roomId)
  const { durationMinutes, start: _s, end: _e, ...rest } = patch
  const times =
    patch.start !== undefined || patch.end !== undefined || durationMinutes !== undefined
      ? patchedTimes(current, {
          ...(patch.start !== undefined ? { start: patch.start } : {}),
          ...(patch.end !== undefined ? { end: patch.end } : {}),
          ...(durationMinutes !== undefined ? { durationMinutes } : {}),
        })
      : {}
  const now = deps.clock.now()
  const mail = await deps.mail?.prepare(room, principal.locale, [...current.attendees, ...(patch.attendees ?? [])].map((a) => a.email))
  const updated = await deps.store.updateScheduledMeeting(id, { ...rest, ...times }, now, mail)
  deps.mail?.committed()
  if (!updated) throw new AppError('meeting_not_found', 'No scheduled meeting with this id.', { details: { meetingId: id } })
  await deps.store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId: updated.spaceId,
    roomId: updated.roomId,
    action: 'meeting.rescheduled',
    details: { meetingId: id, sequence: updated.sequence, fields: Object.keys(patch) },
    at: now,
  })
  return updated
}

/** Cancels a scheduled meeting (moderators of its room); its invite then reads METHOD:CANCEL. */
export async function cancelScheduledMeeting(deps: InviteDeps, principal: Principal, id: string): Promise<ScheduledMeeting> {
  const current = await requireMeeting(deps.store, id, true)
  const room = await requireRoomModerator(deps.store, principal, current.roomId)
  const now = deps.clock.now()
  const mail = await deps.mail?.prepare(room, principal.locale, current.attendees.map((a) => a.email))
  const cancelled = await deps.store.cancelScheduledMeeting(id, now, mail)
  deps.mail?.committed()
  if (!cancelled) throw new AppError('meeting_not_found', 'No scheduled meeting with this id.', { details: { meetingId: id } })
  await deps.store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId: cancelled.spaceId,
    roomId: cancelled.roomId,
    action: 'meeting.cancelled',
    details: { meetingId: id, sequence: cancelled.sequence },
    at: now,
  })
  return cancelled
}

/** A meeting and its room, for members of its space (cancelled ones included: their invite cancels). */
export async function readScheduledMeeting(
  deps: InviteDeps,
  principal: Principal,
  id: string,
): Promise<{ meeting: ScheduledMeeting; room: Room }> {
  const meeting = await requireMeeting(deps.store, id, false)
  requireMember(principal, meeting.spaceId)
  const room = await requireRoom(deps.store, meeting.roomId)
  return { meeting, room }
}

/** A space's scheduled meetings (members), optionally between two instants. */
export async function listSpaceMeetings(
  deps: InviteDeps,
  principal: Principal,
  spaceId: string,
  range: { from?: number; to?: number },
): Promise<ScheduledMeeting[]> {
  requireMember(principal, spaceId)
  const meetings = await deps.store.listScheduledMeetings({ spaceId, ...range })
  return meetings
    .filter((m) => m.cancelledAt === null && (range.from === undefined || m.end > range.from) && (range.to === undefined || m.start < range.to))
    .sort((a, b) => a.start - b.start)
}

