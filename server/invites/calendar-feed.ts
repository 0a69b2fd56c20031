import { createHash, randomBytes } from 'node:crypto'
import { AppError } from '../errors.js'
import type { Principal } from '../auth/principal.js'
import { authorize } from '../auth/permissions.js'
import type { CalendarKeyAnswer } from '../contract/index.js'
import type { Room, ScheduledMeeting } from '../model/index.js'
import type { Store } from '../store/types.js'
import type { InviteRoom } from '../calendar/ics.js'
import type { InviteDeps } from './invite-deps.js'
import { inviteRoomOf } from './meeting-view.js'

/** Only the hash of a feed key is stored, so a database leak does not leak subscribable URLs. */
export function hashCalendarKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url')
}

/** Creates a new feed key for a space (managers), revoking the previous ones; the key is shown only once. */
export async function createCalendarFeed(
  deps: InviteDeps,
  principal: Principal,
  spaceId: string,
): Promise<CalendarKeyAnswer> {
  authorize(principal, 'space.manage', { spaceId })
  const now = deps.clock.now()
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
  authorize(principal, 'space.manage', { spaceId })
  const now = deps.clock.now()
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

/** What a space's feed lists: its meetings from 30 days ago on, not cancelled, each with what its invite prints. */
export async function calendarFeedEntries(deps: InviteDeps, spaceId: string): Promise<Array<{ meeting: ScheduledMeeting; room: InviteRoom }>> {
  const meetings = await deps.store.listScheduledMeetings({ spaceId, from: deps.clock.now() - 30 * 24 * 3600_000 })
  const rooms = new Map<string, Room>((await deps.store.listRooms(spaceId)).map((r) => [r.id, r]))
  const inviteRooms = new Map<string, InviteRoom>()
  const entries = []
  for (const meeting of meetings) {
    const room = rooms.get(meeting.roomId)
    if (!room || meeting.cancelledAt !== null) continue
    let inviteRoom = inviteRooms.get(room.id)
    if (!inviteRoom) {
      inviteRoom = await inviteRoomOf(deps, room, null)
      inviteRooms.set(room.id, inviteRoom)
    }
    entries.push({ meeting, room: inviteRoom })
  }
  return entries
}
