import { AppError } from '../errors.js'
import type { JoinAnswer } from '../contract/index.js'
import type { MeetingRun, Room } from '../model/index.js'
import { mapBbbFailure } from '../bbb-failures.js'
import type { Joiner, MeetingsContext, RoomInForce } from './meetings-deps.js'
import { confirmedRecently, startMeeting } from './start-meeting.js'

/** How long a granted seat waits for its user to show up in BBB before it lapses. */
export const SEAT_RESERVATION_MS = 90_000
/**
 * A guest's (BBB `guest=true`) pending seat is held much shorter: the room-link page opens the join URL at once,
 * and a link nobody opens must not keep a seat, nor the licence, from others.
 */
export const GUEST_RESERVATION_MS = 30_000

/**
 * The path every join takes: make sure the meeting runs (creating it when the joiner may start it), take a
 * seat in the ledger under the room and licence caps, then sign a fresh join URL. Refusals are audited.
 */
export async function admitToMeeting(deps: MeetingsContext, ctx: RoomInForce, joiner: Joiner): Promise<JoinAnswer> {
  const { room, limits, rules } = ctx
  let run: MeetingRun
  try {
    run = joiner.canStart ? await startMeeting(deps, ctx, joiner) : await requireRunning(deps, room)
  } catch (err) {
    if (err instanceof AppError) await auditRefusal(deps, room, joiner, err)
    throw err
  }

  const seat = await deps.store.admitSeat({
    meetingId: room.meetingId,
    roomId: room.id,
    spaceId: room.spaceId,
    userId: joiner.userId,
    kind: joiner.kind,
    moderator: joiner.bbbRole === 'MODERATOR',
    now: deps.clock.now(),
    reservationMs: joiner.guest ? GUEST_RESERVATION_MS : SEAT_RESERVATION_MS,
    caps: {
      room: rules.maxParticipants,
      total: limits.licence.maxParticipants,
      internal: limits.licence.maxInternal,
      external: limits.licence.maxExternal,
    },
    countModerators: limits.countModerators,
    // Written with the seat, in its transaction (`alreadyHeld` is added to the details).
    audit: {
      actor: joiner.actor,
      actorName: joiner.fullName,
      spaceId: room.spaceId,
      roomId: room.id,
      action: 'join.granted',
      details: { role: joiner.bbbRole, kind: joiner.kind, guest: joiner.guest },
    },
  })
  if (!seat.granted) {
    const err = new AppError(seat.refusal, `Seat cap reached (${seat.cap}).`, {
      details: { cap: seat.cap, used: seat.used, retryLater: true },
    })
    await auditRefusal(deps, room, joiner, err)
    throw err
  }

  const joinUrl = deps.bbb.urls.join({
    fullName: joiner.fullName,
    meetingID: room.meetingId,
    role: joiner.bbbRole,
    userID: joiner.userId,
    ...(run.createTime !== null ? { createTime: run.createTime } : {}),
    ...(joiner.avatarUrl ? { avatarURL: joiner.avatarUrl } : {}),
    guest: joiner.guest,
    errorRedirectUrl: `${deps.publicUrl}/r/${room.id}`,
    userdata: { bbb_override_default_locale: joiner.locale },
  })
  deps.onChange?.({ type: 'join-granted', room })
  return { joinUrl, role: joiner.bbbRole }
}

/** Refusals while a meeting is not running are audited once per room per window, with how many followed. */
const WAITING_AUDIT_WINDOW_MS = 15 * 60_000
type WaitingWindow = { until: number; since: number; count: number }
const waitingRefusals = new WeakMap<object, Map<string, WaitingWindow>>()

/**
 * Whether this refusal gets its own audit row. People waiting for a meeting to start (or flooding its link)
 * would write one row per click: the first refusal of a window is written, later ones are counted, and the
 * next row says how many were left out (`details.refusedBefore`, since `details.refusedSince`).
 */
function auditWaiting(deps: MeetingsContext, room: Room, err: AppError): { write: boolean; details: Record<string, unknown> } {
  if (err.code !== 'meeting_not_running') return { write: true, details: {} }
  const now = deps.clock.now()
  let rooms = waitingRefusals.get(deps.store)
  if (!rooms) waitingRefusals.set(deps.store, (rooms = new Map<string, WaitingWindow>()))
  const w = rooms.get(room.id)
  if (w && w.until > now) {
    w.count++
    return { write: false, details: {} }
  }
  if (rooms.size > 10_000) for (const [id, e] of rooms) if (e.until <= now) rooms.delete(id)
  rooms.set(room.id, { until: now + WAITING_AUDIT_WINDOW_MS, since: now, count: 0 })
  return { write: true, details: w && w.count > 0 ? { refusedBefore: w.count, refusedSince: new Date(w.since).toISOString() } : {} }
}

async function auditRefusal(deps: MeetingsContext, room: Room, joiner: Joiner, err: AppError): Promise<void> {
  const waiting = auditWaiting(deps, room, err)
  if (!waiting.write) return
  await deps.store.appendAudit({
    actor: joiner.actor,
    actorName: joiner.fullName,
    spaceId: room.spaceId,
    roomId: room.id,
    action: 'join.refused',
    details: { code: err.code, kind: joiner.kind, guest: joiner.guest, ...(err.details ?? {}), ...waiting.details },
  })
}

/** A viewer who may not start: the meeting must exist in BBB already. */
async function requireRunning(deps: MeetingsContext, room: Room): Promise<MeetingRun> {
  const run = await deps.store.getOpenRun(room.meetingId)
  // Trusted as a start trusts it: asking BBB for every meeting again made the member wait for the answer.
  if (run && confirmedRecently(deps, run)) return run
  let status = run ? await mapBbbFailure(deps.status.get(room.meetingId)) : null
  if (run && run.createTime !== null && status && !status.exists) {
    // The database says a run was confirmed (perhaps by another instance) but this instance's snapshot is older:
    // ask BBB once rather than turn the member away for up to two status intervals.
    deps.status.invalidate()
    status = await mapBbbFailure(deps.status.get(room.meetingId))
  }
  if (!run || run.createTime === null || !status?.exists) {
    throw new AppError('meeting_not_running', 'The meeting has not started yet.', {
      details: { roomId: room.id },
    })
  }
  return run
}
