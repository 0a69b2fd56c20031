import { AppError } from '../errors.js'
import type { ErrorCode } from '../contract/index.js'
import type { SpaceRole } from '../model/index.js'
import { spaceRole, type Principal } from './principal.js'

/**
 * The one home of authorization: who may do what, asked as `can(subject, action, target)`. Every refusal in
 * the service goes through {@link authorize}, and what the widget is told it may do (`GET /me/limits`, a room's
 * `canStart` / `canEnd` / `canManage`) is computed from {@link can} too, so both never disagree.
 */

/** Whoever acts: a platform user from a host token, or a signed-in room-link visitor with their last-seen spaces. */
export type Subject = Pick<Principal, 'spaces' | 'admin'> & Partial<Pick<Principal, 'sub'>>

export type Action =
  /** Read a space, its rooms and meetings (members). */
  | 'space.read'
  /** Create rooms, read the space's audit, manage its calendar feed (managers). */
  | 'space.manage'
  /** Start a room's meeting (its moderators, or anyone where the room lets anyone start). */
  | 'room.start'
  /** End a room's meeting (its moderators). */
  | 'room.end'
  /** Moderate a room: its recordings, its scheduled meetings (managers and the room's moderators). */
  | 'room.moderate'
  /** Change or delete a room (managers). */
  | 'room.manage'
  /** The admin API: limits, usage, the whole audit (`admin: true` tokens). */
  | 'admin'

export interface SpaceTarget {
  spaceId: string
}

/** A room as permissions see it: whose it is, and the two settings that widen who moderates or starts. */
export interface RoomTarget {
  spaceId: string
  roomId: string
  allJoinAsModerator: boolean
  /** The effective rule (room setting under the space's policy). */
  anyoneCanStart: boolean
  /** Users (host `sub`) the room names as its moderators, besides the space's managers. */
  coModerators?: readonly string[]
}

export type TargetOf<A extends Action> = A extends 'admin' ? null : A extends 'space.read' | 'space.manage' ? SpaceTarget : RoomTarget

/** The room target of a room and the rules in force for it. */
export function roomTarget(
  room: { id: string; spaceId: string; settings: { allJoinAsModerator: boolean; coModerators?: readonly string[] } },
  rules: { anyoneCanStart: boolean },
): RoomTarget {
  return {
    spaceId: room.spaceId,
    roomId: room.id,
    allJoinAsModerator: room.settings.allJoinAsModerator,
    anyoneCanStart: rules.anyoneCanStart,
    ...(room.settings.coModerators?.length ? { coModerators: room.settings.coModerators } : {}),
  }
}

function moderates(subject: Subject, role: SpaceRole, target: RoomTarget): boolean {
  if (role === 'manager' || target.allJoinAsModerator) return true
  // A co-moderator is named by the `sub` of their host token (a member of the space, as every joiner).
  return subject.sub !== undefined && (target.coModerators?.includes(subject.sub) ?? false)
}

/** Whether `subject` may do `action` on `target`. */
export function can<A extends Action>(subject: Subject, action: A, target: TargetOf<A>): boolean {
  if (action === 'admin') return subject.admin
  const role = spaceRole(subject as Principal, (target as SpaceTarget).spaceId)
  if (!role) return false
  switch (action) {
    case 'space.read':
      return true
    case 'space.manage':
    case 'room.manage':
      return role === 'manager'
    case 'room.end':
    case 'room.moderate':
      return moderates(subject, role, target as RoomTarget)
    case 'room.start':
      return moderates(subject, role, target as RoomTarget) || (target as RoomTarget).anyoneCanStart
    default:
      return false
  }
}

const REFUSAL: Readonly<Record<Action, ErrorCode>> = {
  'space.read': 'not_a_member',
  'space.manage': 'not_a_manager',
  'room.start': 'not_a_moderator',
  'room.end': 'not_a_moderator',
  'room.moderate': 'not_a_moderator',
  'room.manage': 'not_a_manager',
  admin: 'not_admin',
}

/**
 * Throws unless {@link can}: `403 not_admin` for the admin API; else `403 not_a_member` when the subject is not
 * in the target's space, then the action's own refusal (`not_a_manager`, `not_a_moderator`). Details name the
 * room (room actions) or the space.
 */
export function authorize<A extends Action>(subject: Subject, action: A, target: TargetOf<A>): void {
  if (can(subject, action, target)) return
  if (action === 'admin' || target === null) {
    throw new AppError('not_admin', 'Only administrators can do this.', { details: { required: 'admin' } })
  }
  const { spaceId } = target
  const roomId = (target as Partial<RoomTarget>).roomId
  if (!spaceRole(subject as Principal, spaceId)) {
    throw new AppError('not_a_member', 'You are not a member of this space.', { details: { spaceId } })
  }
  const code = REFUSAL[action]
  throw new AppError(code, `Not allowed: ${action}.`, { details: roomId !== undefined ? { roomId } : { spaceId } })
}

/** The caller's role in the space, or `403 not_a_member`. */
export function requireMember(subject: Subject, spaceId: string): SpaceRole {
  authorize(subject, 'space.read', { spaceId })
  return spaceRole(subject as Principal, spaceId)!
}

/** What a member may do in a room, as rooms are shown to them. */
export interface RoomAccess {
  role: SpaceRole
  /** The BBB role the caller joins with. */
  bbbRole: 'MODERATOR' | 'VIEWER'
  canStart: boolean
  canEnd: boolean
  canManage: boolean
}

/** A member's access to a room (`subject` must be in the room's space). */
export function roomAccess(subject: Subject, target: RoomTarget): RoomAccess {
  return {
    role: requireMember(subject, target.spaceId),
    bbbRole: can(subject, 'room.moderate', target) ? 'MODERATOR' : 'VIEWER',
    canStart: can(subject, 'room.start', target),
    canEnd: can(subject, 'room.end', target),
    canManage: can(subject, 'room.manage', target),
  }
}
