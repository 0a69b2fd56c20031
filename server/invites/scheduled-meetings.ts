import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { AppError } from '../errors.js'
import type { Principal } from '../auth/principal.js'
import { effectiveLimits, loadRoomFor, requireMember, requireRoom } from '../rooms/rooms.js'
import { roomRules } from '../limits/effective.js'
import type { Room, ScheduledMeeting, ScheduledMeetingPatch, Store } from '../store/types.js'
import type { InviteRoom } from './ics.js'
import type { ScheduledMeetingView } from '../contract/index.js'

/** The zone a scheduled meeting is written in when none is given. */
export const DEFAULT_TIMEZONE = 'Europe/Paris'
/** Meetings last an hour unless told otherwise. */
export const DEFAULT_DURATION_MINUTES = 60
/** The longest meeting one can schedule (a week). */
export const MAX_DURATION_MINUTES = 7 * 24 * 60

export interface InviteDeps {
  store: Store
  clock: () => number
  publicUrl: string
  /** How long before a scheduled start its room link lets people in (`JOIN_OPENS_MINUTES_BEFORE`, 15). */
  joinOpensMinutesBefore: number
  dialInNumber: string | null
}

export interface ScheduleInput {
  title: string
  /** UTC epoch ms. */
  start: number
  end: number
  timezone: string
  description: string | null
  attendees: Array<{ email: string; name?: string }>
}

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
  }
}

/** What an invitation prints about a room: its link, its guest access code (when set and allowed), dial-in. */
export async function inviteRoomOf(deps: InviteDeps, room: Room): Promise<InviteRoom> {
  const rules = roomRules(await effectiveLimits(deps.store, room.spaceId), room.settings)
  return {
    link: roomLinkOf(deps.publicUrl, room.id),
    name: room.name,
    accessCode: rules.guestsAllowed ? rules.accessCode : null,
    dialInNumber: deps.dialInNumber,
  }
}

/** Only managers of the space and moderators of the room plan its meetings: else `403 not_a_moderator`. */
async function requireRoomModerator(store: Store, principal: Principal, roomId: string): Promise<Room> {
  const ctx = await loadRoomFor(store, principal, roomId)
  if (ctx.access.bbbRole !== 'MODERATOR') {
    throw new AppError('not_a_moderator', 'Only the managers of the space and the moderators of the room can schedule its meetings.', {
      details: { roomId },
    })
  }
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
  const now = deps.clock()
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
      organizer: { sub: principal.sub, name: principal.name, email: principal.email },
    },
    now,
  )
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
  await requireRoomModerator(deps.store, principal, current.roomId)
  const { durationMinutes, start: _s, end: _e, ...rest } = patch
  const times =
    patch.start !== undefined || patch.end !== undefined || durationMinutes !== undefined
      ? patchedTimes(current, {
          ...(patch.start !== undefined ? { start: patch.start } : {}),
          ...(patch.end !== undefined ? { end: patch.end } : {}),
          ...(durationMinutes !== undefined ? { durationMinutes } : {}),
        })
      : {}
  const now = deps.clock()
  const updated = await deps.store.updateScheduledMeeting(id, { ...rest, ...times }, now)
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
  await requireRoomModerator(deps.store, principal, current.roomId)
  const now = deps.clock()
  const cancelled = await deps.store.cancelScheduledMeeting(id, now)
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

/**
 * Whether a room's link lets people in now: always when the room has no scheduled meeting ahead; otherwise
 * from `joinOpensMinutesBefore` before the start of one until its end. When closed, `opensAt` is when the next
 * one opens.
 */
export async function joinWindow(
  deps: Pick<InviteDeps, 'store' | 'clock' | 'joinOpensMinutesBefore'>,
  room: Room,
): Promise<{ open: true } | { open: false; opensAt: number; meeting: ScheduledMeeting }> {
  const now = deps.clock()
  const lead = deps.joinOpensMinutesBefore * 60_000
  const ahead = (await deps.store.listScheduledMeetings({ roomId: room.id, from: now - (MAX_DURATION_MINUTES + 1440) * 60_000 }))
    .filter((m) => m.cancelledAt === null && m.end > now)
    .sort((a, b) => a.start - b.start)
  if (ahead.length === 0 || ahead.some((m) => m.start - lead <= now)) return { open: true }
  const next = ahead[0]!
  return { open: false, opensAt: next.start - lead, meeting: next }
}

// ---- calendar feed keys --------------------------------------------------------------------------

/** Only the hash of a feed key is stored, so a database leak does not leak subscribable URLs. */
export function hashCalendarKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url')
}

function requireManager(principal: Principal, spaceId: string): void {
  if (requireMember(principal, spaceId) !== 'manager') {
    throw new AppError('not_a_manager', 'Only the managers of this space can manage its calendar feed.', { details: { spaceId } })
  }
}

/** Creates a new feed key for a space (managers), revoking the previous ones; the key is shown only once. */
export async function createCalendarFeed(
  deps: InviteDeps,
  principal: Principal,
  spaceId: string,
): Promise<{ key: string; feedUrl: string }> {
  requireManager(principal, spaceId)
  const now = deps.clock()
  await deps.store.revokeCalendarKeys(spaceId, now)
  const key = randomBytes(32).toString('base64url')
  await deps.store.createCalendarKey(spaceId, hashCalendarKey(key), now)
  await deps.store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId,
    roomId: null,
    action: 'calendar.key_created',
    details: {},
    at: now,
  })
  return { key, feedUrl: `${deps.publicUrl}/api/v1/spaces/${encodeURIComponent(spaceId)}/calendar.ics?key=${key}` }
}

/** Revokes every feed key of a space (managers): subscribed calendars stop updating. */
export async function revokeCalendarFeed(deps: InviteDeps, principal: Principal, spaceId: string): Promise<void> {
  requireManager(principal, spaceId)
  const now = deps.clock()
  await deps.store.revokeCalendarKeys(spaceId, now)
  await deps.store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId,
    roomId: null,
    action: 'calendar.key_revoked',
    details: {},
    at: now,
  })
}

/** Checks a feed key for a space: `404 invalid_calendar_key` when unknown, revoked or for another space. */
export async function requireCalendarKey(store: Store, spaceId: string, key: string | undefined): Promise<void> {
  const found = key && key.length >= 20 && key.length <= 100 ? await store.getCalendarKey(hashCalendarKey(key)) : undefined
  if (!found || found.spaceId !== spaceId || found.revokedAt !== null) {
    throw new AppError('invalid_calendar_key', 'This calendar feed address is unknown or was revoked.')
  }
}
