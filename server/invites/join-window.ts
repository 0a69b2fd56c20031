import type { Room, ScheduledMeeting } from '../model/index.js'
import { MAX_DURATION_MINUTES, type InviteDeps } from './invite-deps.js'

/**
 * Whether a room's link lets people in now: always when the room has no scheduled meeting ahead; otherwise
 * from `joinOpensMinutesBefore` before the start of one until its end. When closed, `opensAt` is when the next
 * one opens.
 */
export async function joinWindow(
  deps: Pick<InviteDeps, 'store' | 'clock' | 'joinOpensMinutesBefore'>,
  room: Room,
): Promise<{ open: true } | { open: false; opensAt: number; meeting: ScheduledMeeting }> {
  const now = deps.clock.now()
  const lead = deps.joinOpensMinutesBefore * 60_000
  const ahead = (await deps.store.listScheduledMeetings({ roomId: room.id, from: now - (MAX_DURATION_MINUTES + 1440) * 60_000 }))
    .filter((m) => m.cancelledAt === null && m.end > now)
    .sort((a, b) => a.start - b.start)
  if (ahead.length === 0 || ahead.some((m) => m.start - lead <= now)) return { open: true }
  const next = ahead[0]
  return { open: false, opensAt: next.start - lead, meeting: next }
}
