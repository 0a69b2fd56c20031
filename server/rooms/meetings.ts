import type { Principal } from '../auth/principal.js'
import type { JoinAnswer, Locale } from '../contract/index.js'
import { admitToMeeting } from './admit.js'
import { endMeeting } from './end-meeting.js'
import type { Joiner, MeetingsDeps, PendingCreates, RoomInForce } from './meetings-deps.js'
import { loadRoomFor } from './rooms.js'

export type { Joiner, MeetingChange, MeetingsDeps, RoomInForce } from './meetings-deps.js'
export { RECENT_CREATE_MS } from './start-meeting.js'
export { GUEST_RESERVATION_MS, SEAT_RESERVATION_MS } from './admit.js'

/** Starting, joining and ending rooms' meetings: one per service instance (it owns the single-flight creates). */
export interface Meetings {
  /** A platform user joins (and, when allowed, starts) a room's meeting; `locale` is BBB's interface language. */
  join(principal: Principal, roomId: string, locale: Locale): Promise<JoinAnswer>
  /** The path every join takes, whoever the joiner (room links build their own {@link Joiner}). */
  admit(ctx: RoomInForce, joiner: Joiner): Promise<JoinAnswer>
  /** Ends a room's meeting (its moderators; `403 not_a_moderator`). */
  end(principal: Principal, roomId: string): Promise<void>
}

export function createMeetings(deps: MeetingsDeps): Meetings {
  const pendingCreates: PendingCreates = new Map()
  const ctx = { ...deps, pendingCreates }
  return {
    async join(principal, roomId, locale) {
      const room = await loadRoomFor(deps.store, principal, roomId)
      return admitToMeeting(ctx, room, {
        userId: principal.sub,
        fullName: principal.name,
        kind: principal.external ? 'external' : 'internal',
        bbbRole: room.access.bbbRole,
        guest: false,
        canStart: room.access.canStart,
        avatarUrl: principal.avatar,
        locale,
        actor: principal.sub,
      })
    },
    admit: (room, joiner) => admitToMeeting(ctx, room, joiner),
    end: (principal, roomId) => endMeeting(ctx, principal, roomId),
  }
}
