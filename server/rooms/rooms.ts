import { randomBytes, randomInt } from 'node:crypto'
import { AppError } from '../errors.js'
import type { Locale, Principal } from '../auth/principal.js'
import { requireMember, roomAccess, roomTarget, type RoomAccess } from '../auth/permissions.js'
import { policyDefaultValue, ruleOf } from '../limits/settings.js'
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
    // A policy's default (or forced value) for the one BBB setting every room stores.
    muteOnStart: p ? policyDefaultValue('muteOnStart', ruleOf(p, 'muteOnStart')) === true : false,
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
  const locale = principal.locale ?? 'en'
  // The host's name for the space (signed in its token) is remembered, and renames a default room still named
  // by the service.
  const given = principal.spaceNames?.[spaceId]
  let spaceName: string | null | undefined
  if (given) {
    spaceName = await store.getSpaceName(spaceId)
    if (spaceName !== given) {
      await store.setSpaceName(spaceId, given, { from: generatedRoomNames(spaceId, spaceName), to: defaultRoomName(given, locale) }, now)
      spaceName = given
    }
  }
  let rooms = await store.listRooms(spaceId)
  if (!rooms.some((r) => r.isDefault)) {
    spaceName ??= await store.getSpaceName(spaceId)
    await store.ensureDefaultRoom(newRoomRecord(spaceId, defaultRoomName(spaceName, locale), true, defaultRoomSettings(limits)), now)
    rooms = await store.listRooms(spaceId)
  }
  if (limits.policies.accessCode === 'forced') rooms = await Promise.all(rooms.map((r) => withForcedCode(store, r, limits)))
  return { role, limits, rooms }
}

/** The default room's suffix after the space's name, and its whole name while the space's name is unknown. */
const DEFAULT_ROOM_WORDS = {
  fr: { suffix: 'salle de réunion', alone: 'Salle de réunion' },
  en: { suffix: 'meeting room', alone: 'Meeting room' },
} as const

/** "Équipe Alpha — salle de réunion"; never the space's slug ("Salle de réunion" until its name is known). */
export function defaultRoomName(spaceName: string | null, locale: Locale): string {
  const words = DEFAULT_ROOM_WORDS[locale]
  return spaceName ? `${spaceName} — ${words.suffix}` : words.alone
}

/** Every name the service may have given a space's default room (in any language, the slug-based one of 0.1). */
export function generatedRoomNames(spaceId: string, spaceName: string | null): string[] {
  const names = [`${spaceId} — meeting room`]
  for (const locale of ['fr', 'en'] as const) {
    names.push(defaultRoomName(null, locale))
    if (spaceName) names.push(defaultRoomName(spaceName, locale))
  }
  return names
}

export function newRoomRecord(spaceId: string, name: string, isDefault: boolean, settings: RoomSettings): NewRoom {
  return { id: newRoomSlug(), spaceId, name, meetingId: newMeetingId(), isDefault, settings }
}
