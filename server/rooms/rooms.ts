import { randomBytes, randomInt } from 'node:crypto'
import { AppError } from '../errors.js'
import type { Principal } from '../auth/principal.js'
import { requireMember, roomAccess, roomTarget, type RoomAccess } from '../auth/permissions.js'
import { policyDefault, resolveLimits, roomRules, type EffectiveLimits, type RoomRules } from '../limits/effective.js'
import type { NewRoom, Room, RoomSettings, SpaceRole } from '../model/index.js'
import type { Store } from '../store/types.js'
import { generateCode, withForcedCode } from './access-codes.js'

const SLUG_ALPHABET = 'abcdefghijkmnopqrstuvwxyz'

/** A friendly public room id: four groups of three letters (`abc-def-ghi-jkm`), no `l` to avoid 1/l mix-ups. */
export function newRoomSlug(): string {
  const group = () => Array.from({ length: 3 }, () => SLUG_ALPHABET[randomInt(SLUG_ALPHABET.length)]).join('')
  return [group(), group(), group(), group()].join('-')
}

/** The BBB meetingID: random and unrelated to the public slug, so a link never reveals it. */
export function newMeetingId(): string {
  return randomBytes(16).toString('hex')
}

export const ROOM_SLUG_PATTERN = /^[a-z]{3}-[a-z]{3}-[a-z]{3}-[a-z]{3}$/

export function defaultRoomSettings(limits?: EffectiveLimits): RoomSettings {
  const p = limits?.policies
  return {
    anyoneCanStart: p ? policyDefault(p.anyoneCanStart) : false,
    allJoinAsModerator: false,
    muteOnStart: false,
    guestsAllowed: p ? policyDefault(p.guestsAllowed) : false,
    waitingRoom: p ? policyDefault(p.waitingRoom) : false,
    // A policy that forces a guest code gives every new room a generated one.
    accessCode: p?.accessCode === 'forced' ? generateCode('viewer') : null,
    moderatorAccessCode: null,
    record: p ? policyDefault(p.record) : false,
    welcome: null,
    maxParticipants: null,
    durationMinutes: null,
  }
}

export async function effectiveLimits(store: Store, spaceId: string): Promise<EffectiveLimits> {
  const { global, space } = await store.getLimits(spaceId)
  return resolveLimits(global, space)
}

export async function requireRoom(store: Store, roomId: string): Promise<Room> {
  const room = ROOM_SLUG_PATTERN.test(roomId) ? await store.getRoom(roomId) : undefined
  if (!room) throw new AppError('room_not_found', 'No room with this id.', { details: { roomId } })
  return room
}

export interface RoomContext {
  room: Room
  limits: EffectiveLimits
  rules: RoomRules
  access: RoomAccess
}

/** Loads a room with the caller's access to it; 404 for unknown rooms, 403 for non-members. */
export async function loadRoomFor(store: Store, principal: Principal, roomId: string): Promise<RoomContext> {
  const found = await requireRoom(store, roomId)
  requireMember(principal, found.spaceId)
  const limits = await effectiveLimits(store, found.spaceId)
  const room = await withForcedCode(store, found, limits)
  const rules = roomRules(limits, room.settings)
  return { room, limits, rules, access: roomAccess(principal, roomTarget(room, rules)) }
}

/** A space's rooms; the first access by a member creates the space's default room. */
export async function listSpaceRooms(
  store: Store,
  principal: Principal,
  spaceId: string,
  now: number,
): Promise<{ role: SpaceRole; limits: EffectiveLimits; rooms: Room[] }> {
  const role = requireMember(principal, spaceId)
  const limits = await effectiveLimits(store, spaceId)
  let rooms = await store.listRooms(spaceId)
  if (!rooms.some((r) => r.isDefault)) {
    await store.ensureDefaultRoom(newRoomRecord(spaceId, defaultRoomName(spaceId), true, defaultRoomSettings(limits)), now)
    rooms = await store.listRooms(spaceId)
  }
  if (limits.policies.accessCode === 'forced') rooms = await Promise.all(rooms.map((r) => withForcedCode(store, r, limits)))
  return { role, limits, rooms }
}

export function defaultRoomName(spaceId: string): string {
  return `${spaceId} — meeting room`
}

export function newRoomRecord(spaceId: string, name: string, isDefault: boolean, settings: RoomSettings): NewRoom {
  return { id: newRoomSlug(), spaceId, name, meetingId: newMeetingId(), isDefault, settings }
}
