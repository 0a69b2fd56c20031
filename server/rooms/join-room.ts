import { AppError } from '../errors.js'
import { isBbbApiError, type BbbClient } from '../bbb/index.js'
import type { Principal } from '../auth/principal.js'
import { localizedMessage, type MessageLocale } from '../messages.js'
import { bbbCaps, type EffectiveLimits, type RoomRules } from '../limits/effective.js'
import type { MeetingRun, Room, Store, UserKind } from '../store/types.js'
import type { StatusSource } from '../status/meeting-status.js'
import { loadRoomFor } from './rooms.js'
import { toBbbFailure } from './bbb-failures.js'

/** How long a granted seat waits for its user to show up in BBB before it lapses. */
export const SEAT_RESERVATION_MS = 90_000

export interface JoinDeps {
  store: Store
  bbb: BbbClient
  status: StatusSource
  clock: () => number
  /** Public base URL of the service (logout and error pages). */
  publicUrl: string
  /** Builds the create's callback URLs for a meeting (end callback, recording ready); optional. */
  createMeta?: (room: Room) => Record<string, string>
  /** Told when a meeting starts or a join is granted, so live status can follow. */
  onChange?: (event: { type: 'meeting-started' | 'join-granted' | 'meeting-ended'; room: Room }) => void
  /** Creates in flight or just done in this instance, by meetingID (single flight). */
  pendingCreates: PendingCreates
}

/** Who is about to join, whatever the way in (platform token, room link, guest). */
export interface Joiner {
  userId: string
  fullName: string
  kind: UserKind
  bbbRole: 'MODERATOR' | 'VIEWER'
  guest: boolean
  canStart: boolean
  avatarUrl: string | null
  locale: MessageLocale
  /** For the audit: `sub`, or `guest:<name>`. */
  actor: string
}

export interface JoinResult {
  joinUrl: string
  role: 'MODERATOR' | 'VIEWER'
}

/** A platform user joins (and, when allowed, starts) a room's meeting. */
export async function joinRoom(
  deps: JoinDeps,
  principal: Principal,
  roomId: string,
  locale: MessageLocale,
): Promise<JoinResult> {
  const ctx = await loadRoomFor(deps.store, principal, roomId)
  const joiner: Joiner = {
    userId: principal.sub,
    fullName: principal.name,
    kind: principal.external ? 'external' : 'internal',
    bbbRole: ctx.access.bbbRole,
    guest: false,
    canStart: ctx.access.canStart,
    avatarUrl: principal.avatar,
    locale,
    actor: principal.sub,
  }
  return admitToMeeting(deps, ctx, joiner)
}

/**
 * The path every join takes: make sure the meeting runs (creating it when the joiner may start it), take a
 * seat in the ledger under the room and licence caps, then sign a fresh join URL. Refusals are audited.
 */
export async function admitToMeeting(
  deps: JoinDeps,
  ctx: { room: Room; limits: EffectiveLimits; rules: RoomRules },
  joiner: Joiner,
): Promise<JoinResult> {
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
    now: deps.clock(),
    reservationMs: SEAT_RESERVATION_MS,
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
    const err = new AppError(
      seat.refusal,
      localizedMessage(seat.refusal, joiner.locale, { cap: seat.cap }) ?? seat.refusal,
      { details: { cap: seat.cap, used: seat.used, retryLater: true } },
    )
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

async function auditRefusal(deps: JoinDeps, room: Room, joiner: Joiner, err: AppError): Promise<void> {
  await deps.store.appendAudit({
    actor: joiner.actor,
    actorName: joiner.fullName,
    spaceId: room.spaceId,
    roomId: room.id,
    action: 'join.refused',
    details: { code: err.code, kind: joiner.kind, guest: joiner.guest, ...(err.details ?? {}) },
  })
}

/** A viewer who may not start: the meeting must exist in BBB already. */
async function requireRunning(deps: JoinDeps, room: Room): Promise<MeetingRun> {
  const run = await deps.store.getOpenRun(room.meetingId)
  const readStatus = () => deps.status.get(room.meetingId).catch((err: unknown) => Promise.reject(toBbbFailure(err)))
  let status = run ? await readStatus() : null
  if (run && run.createTime !== null && status && !status.exists) {
    // The database says a run was confirmed (perhaps by another instance) but this instance's snapshot is older:
    // ask BBB once rather than turn the member away for up to two status intervals.
    deps.status.invalidate()
    status = await readStatus()
  }
  if (!run || run.createTime === null || !status?.exists) {
    throw new AppError('meeting_not_running', 'The meeting has not started yet.', {
      details: { roomId: room.id },
    })
  }
  return run
}

/** How long a create we made stands for "the meeting exists" before a starter's join asks BBB again. */
export const RECENT_CREATE_MS = 30_000

/** Creates made by this instance: in flight, or recently done (`at` set when it succeeded). */
export type PendingCreates = Map<string, { run: Promise<MeetingRun>; at: number | null }>

/**
 * Creates the room's meeting in BBB (idempotent there) under the meeting caps. Starts of one room in this instance
 * share one BBB create, while it is in flight and for {@link RECENT_CREATE_MS} after, as long as the run it opened
 * is still open in the store (an end forgets it); across instances the run is claimed atomically in the database.
 */
async function startMeeting(
  deps: JoinDeps,
  ctx: { room: Room; limits: EffectiveLimits; rules: RoomRules },
  joiner: Joiner,
): Promise<MeetingRun> {
  const key = ctx.room.meetingId
  const known = deps.pendingCreates.get(key)
  if (known && (known.at === null || deps.clock() - known.at < RECENT_CREATE_MS)) {
    const run = await known.run
    const open = await deps.store.getOpenRun(key)
    if (open && open.createTime === run.createTime) return open
  }
  const entry: { run: Promise<MeetingRun>; at: number | null } = { run: createMeeting(deps, ctx, joiner), at: null }
  deps.pendingCreates.set(key, entry)
  try {
    const run = await entry.run
    entry.at = deps.clock()
    return run
  } catch (err) {
    if (deps.pendingCreates.get(key) === entry) deps.pendingCreates.delete(key)
    throw err
  }
}

async function createMeeting(
  deps: JoinDeps,
  { room, limits, rules }: { room: Room; limits: EffectiveLimits; rules: RoomRules },
  joiner: Joiner,
): Promise<MeetingRun> {
  const opened = await deps.store.openMeetingRun({
    meetingId: room.meetingId,
    roomId: room.id,
    spaceId: room.spaceId,
    startedBy: joiner.actor,
    now: deps.clock(),
    maxConcurrentMeetings: limits.maxConcurrentMeetings,
    maxMeetings: limits.licence.maxMeetings,
  })
  if (!opened.ok) {
    throw new AppError(opened.refusal, localizedMessage(opened.refusal, joiner.locale, { cap: opened.cap }) ?? opened.refusal, {
      details: { cap: opened.cap, retryLater: true },
    })
  }
  let created
  try {
    created = await deps.bbb.create({
      meetingID: room.meetingId,
      name: room.name,
      record: rules.record,
      ...bbbCaps(limits, rules),
      muteOnStart: room.settings.muteOnStart,
      guestPolicy: rules.waitingRoom ? 'ASK_MODERATOR' : 'ALWAYS_ACCEPT',
      ...(room.settings.welcome ? { welcome: room.settings.welcome } : {}),
      logoutURL: `${deps.publicUrl}/r/${room.id}`,
      meta: {
        'bbb-origin': 'bbb-spaces',
        'bbb-context-id': room.spaceId,
        'bbb-context-name': room.spaceId,
        'bbb-recording-name': room.name,
        ...(deps.createMeta?.(room) ?? {}),
      },
    })
  } catch (err) {
    // A FAILED answer means no meeting: give the slot back. A timeout or a dropped connection may hide a meeting
    // BBB did create, so the run stays open (unconfirmed) for the status refresher to confirm or close.
    if (opened.created && isBbbApiError(err)) await deps.store.abandonMeetingRun(room.meetingId)
    throw toBbbFailure(err)
  }
  const run = await deps.store.confirmMeetingRun(room.meetingId, {
    createTime: created.createTime,
    internalMeetingId: created.internalMeetingID ?? null,
    moderatorPw: created.moderatorPW ?? null,
  })
  deps.status.invalidate()
  if (opened.created) {
    await deps.store.appendAudit({
      actor: joiner.actor,
      actorName: joiner.fullName,
      spaceId: room.spaceId,
      roomId: room.id,
      action: 'meeting.started',
      details: {
        createTime: created.createTime,
        maxParticipants: rules.maxParticipants,
        durationMinutes: rules.durationMinutes,
        record: rules.record,
      },
    })
    deps.onChange?.({ type: 'meeting-started', room })
  }
  return run ?? { ...opened.run, createTime: created.createTime }
}

/** Ends a room's meeting (its moderators only). Ending a meeting BBB no longer knows is not an error. */
export async function endMeeting(deps: JoinDeps, principal: Principal, roomId: string): Promise<void> {
  const { room, access } = await loadRoomFor(deps.store, principal, roomId)
  if (!access.canEnd) {
    throw new AppError('not_a_moderator', 'Only the moderators of this room can end its meeting.', { details: { roomId } })
  }
  const run = await deps.store.getOpenRun(room.meetingId)
  try {
    await deps.bbb.end({ meetingID: room.meetingId, ...(run?.moderatorPw ? { password: run.moderatorPw } : {}) })
  } catch (err) {
    const failure = toBbbFailure(err)
    if (!(failure instanceof AppError && failure.details?.messageKey === 'notFound')) throw failure
  }
  const now = deps.clock()
  await deps.store.recordMeetingEnded(room.meetingId, null, now)
  deps.status.invalidate()
  await deps.store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId: room.spaceId,
    roomId: room.id,
    action: 'meeting.ended',
    details: { by: 'moderator' },
    at: now,
  })
  deps.onChange?.({ type: 'meeting-ended', room })
}
