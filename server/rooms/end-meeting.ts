import type { Principal } from '../auth/principal.js'
import { authorize, roomTarget } from '../auth/permissions.js'
import { bbbMessageKey, toBbbFailure } from '../bbb-failures.js'
import type { MeetingsContext } from './meetings-deps.js'
import { loadRoomFor } from './rooms.js'

/** Ends a room's meeting (its moderators only). Ending a meeting BBB no longer knows is not an error. */
export async function endMeeting(deps: MeetingsContext, principal: Principal, roomId: string): Promise<void> {
  const ctx = await loadRoomFor(deps.store, principal, roomId)
  const { room } = ctx
  authorize(principal, 'room.end', roomTarget(room, ctx.rules))
  const run = await deps.store.getOpenRun(room.meetingId)
  try {
    await deps.bbb.end({ meetingID: room.meetingId, ...(run?.moderatorPw ? { password: run.moderatorPw } : {}) })
  } catch (err) {
    if (bbbMessageKey(err) !== 'notFound') throw toBbbFailure(err)
  }
  const now = deps.clock.now()
  // The end and its audit entry in one transaction; a run already closed (BBB's callback came first) still gets
  // the moderator's end in the audit.
  const audit = {
    actor: principal.sub,
    actorName: principal.name,
    spaceId: room.spaceId,
    roomId: room.id,
    action: 'meeting.ended',
    details: { by: 'moderator' },
  }
  if (!(await deps.store.endRun({ meetingId: room.meetingId, createTime: null, now }, audit))) {
    await deps.store.appendAudit({ ...audit, at: now })
  }
  deps.status.invalidate()
  deps.onChange?.({ type: 'meeting-ended', room })
}
