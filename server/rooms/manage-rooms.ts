import { AppError } from '../errors.js'
import type { Principal } from '../auth/principal.js'
import type { EffectiveLimits } from '../limits/effective.js'
import type { Room, RoomSettings } from '../model/index.js'
import type { Store } from '../store/types.js'
import { authorize, roomTarget } from '../auth/permissions.js'
import { checkSettingPolicies, withinPolicies } from '../limits/settings.js'
import { requirePreset } from '../limits/presets.js'
import { defaultRoomSettings, effectiveLimits, loadRoomFor, newRoomRecord } from './rooms.js'
import { checkCodeStrength, generateCode, settingOf, type AccessCodeKind } from './access-codes.js'

const POLICED: ReadonlyArray<keyof RoomSettings & keyof EffectiveLimits['policies']> = [
  'record',
  'guestsAllowed',
  'waitingRoom',
  'anyoneCanStart',
]

/**
 * Refuses settings the space's policies or caps do not allow: a `disabled` setting turned on or a `forced` one
 * turned off (`403 policy_forbidden`), an access code where codes are disabled or none where they are forced,
 * a room cap above the space's (`400 invalid_limits`, naming the field).
 */
export function checkRoomSettings(settings: RoomSettings, limits: EffectiveLimits): void {
  for (const key of POLICED) {
    const policy = limits.policies[key]
    if ((policy === 'disabled' && settings[key]) || (policy === 'forced' && !settings[key])) {
      throw new AppError('policy_forbidden', `The "${key}" setting is ${policy} by your administrator.`, {
        details: { field: `settings.${key}`, setting: key, policy },
      })
    }
  }
  const codePolicy = limits.policies.accessCode
  if (codePolicy === 'disabled' && settings.accessCode) {
    throw new AppError('policy_forbidden', 'Access codes are disabled by your administrator.', {
      details: { field: 'settings.accessCode', setting: 'accessCode', policy: codePolicy },
    })
  }
  if (codePolicy === 'forced' && !settings.accessCode) {
    throw new AppError('policy_forbidden', 'Your administrator requires an access code on every room.', {
      details: { field: 'settings.accessCode', setting: 'accessCode', policy: codePolicy },
    })
  }
  const caps: Array<[keyof RoomSettings, number | null, number | null]> = [
    ['maxParticipants', settings.maxParticipants, limits.maxParticipantsPerMeeting],
    ['durationMinutes', settings.durationMinutes, limits.maxDurationMinutes],
  ]
  for (const [field, value, cap] of caps) {
    if (cap !== null && (value === null || value > cap)) {
      if (value === null) continue // unlimited in the room means "whatever the space allows"
      throw new AppError('invalid_limits', `settings.${field} cannot exceed the space's limit of ${cap}.`, {
        details: { field: `settings.${field}`, max: cap },
      })
    }
  }
}

export async function createRoom(
  store: Store,
  principal: Principal,
  input: { spaceId: string; name: string; settings?: Partial<RoomSettings>; preset?: string },
  now: number,
): Promise<Room> {
  authorize(principal, 'space.manage', { spaceId: input.spaceId })
  const limits = await effectiveLimits(store, input.spaceId)
  // The preset's settings come under the room's own, minus what the policies fix otherwise.
  const preset = input.preset ? await requirePreset(store, input.spaceId, input.preset) : undefined
  const settings = { ...defaultRoomSettings(limits), ...withinPolicies(preset?.settings ?? {}, limits.policies), ...input.settings }
  checkRoomSettings(settings, limits)
  checkCodeStrength(input.settings ?? {})
  checkSettingPolicies(input.settings ?? {}, limits.policies)
  const room = await store.createRoom(newRoomRecord(input.spaceId, input.name, false, settings), now)
  await store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId: room.spaceId,
    roomId: room.id,
    action: 'room.created',
    // The preset by id and by the name it had then (an administrator's id is random, and the preset may go).
    details: { name: room.name, settings: redactCodes(room.settings), ...(preset ? { preset: preset.id, presetName: preset.name } : {}) },
    at: now,
  })
  return room
}

export async function updateRoom(
  store: Store,
  principal: Principal,
  roomId: string,
  patch: { name?: string; settings?: Partial<RoomSettings> },
  now: number,
): Promise<Room> {
  const { room, limits, rules } = await loadRoomFor(store, principal, roomId)
  authorize(principal, 'room.manage', roomTarget(room, rules))
  const settings = { ...room.settings, ...patch.settings }
  checkRoomSettings(settings, limits)
  checkCodeStrength(patch.settings ?? {})
  checkSettingPolicies(patch.settings ?? {}, limits.policies)
  const updated = await store.updateRoom(roomId, patch, now)
  if (!updated) throw new AppError('room_not_found', 'No room with this id.', { details: { roomId } })
  await store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId: room.spaceId,
    roomId,
    action: 'room.changed',
    details: { changes: { ...(patch.name !== undefined ? { name: patch.name } : {}), ...redactCodes(patch.settings ?? {}) } },
    at: now,
  })
  return updated
}

export async function deleteRoom(store: Store, principal: Principal, roomId: string, now: number): Promise<void> {
  const { room, rules } = await loadRoomFor(store, principal, roomId)
  authorize(principal, 'room.manage', roomTarget(room, rules))
  if (await store.getOpenRun(room.meetingId)) {
    throw new AppError('room_running', 'This room has a meeting running; end it first.', { details: { roomId } })
  }
  await store.deleteRoom(roomId)
  await store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId: room.spaceId,
    roomId,
    action: 'room.deleted',
    details: { name: room.name },
    at: now,
  })
}

/** Access codes are secrets of the room: the audit says they changed, not what they are. */
function redactCodes(settings: Partial<RoomSettings>): Partial<RoomSettings> | Record<string, unknown> {
  const out: Record<string, unknown> = { ...settings }
  for (const key of ['accessCode', 'moderatorAccessCode'] as const) {
    if (key in out) out[key] = out[key] ? '(set)' : null
  }
  return out
}

async function changeCode(store: Store, principal: Principal, roomId: string, kind: AccessCodeKind, code: string | null, now: number): Promise<Room> {
  const { room, limits, rules } = await loadRoomFor(store, principal, roomId)
  authorize(principal, 'room.manage', roomTarget(room, rules))
  const policy = limits.policies.accessCode
  if (kind === 'viewer' && ((code && policy === 'disabled') || (!code && policy === 'forced'))) {
    throw new AppError('policy_forbidden', code ? 'Access codes are disabled by your administrator.' : 'Your administrator requires an access code on every room.', {
      details: { field: 'settings.accessCode', setting: 'accessCode', policy },
    })
  }
  const field = settingOf(kind)
  const updated = await store.updateRoom(roomId, { settings: { [field]: code } }, now)
  if (!updated) throw new AppError('room_not_found', 'No room with this id.', { details: { roomId } })
  await store.appendAudit({
    actor: principal.sub,
    actorName: principal.name,
    spaceId: room.spaceId,
    roomId,
    action: 'room.changed',
    // The audit says the code changed, never what it is.
    details: { changes: { [field]: code ? '(generated)' : null } },
    at: now,
  })
  return updated
}

/** `POST /api/v1/rooms/:roomId/access-codes`: a new random code of this kind replaces the room's (managers). */
export function generateAccessCode(store: Store, principal: Principal, roomId: string, kind: AccessCodeKind, now: number): Promise<Room> {
  return changeCode(store, principal, roomId, kind, generateCode(kind), now)
}

/** `DELETE /api/v1/rooms/:roomId/access-codes/:kind`: the room no longer has this code (managers). */
export function removeAccessCode(store: Store, principal: Principal, roomId: string, kind: AccessCodeKind, now: number): Promise<Room> {
  return changeCode(store, principal, roomId, kind, null, now)
}
