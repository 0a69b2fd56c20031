import type { SpaceRole } from '../model/index.js'
import { can, type Subject } from '../auth/permissions.js'
import type { MyLimits, SettingRule } from '../contract/index.js'
import type { EffectiveLimits } from './effective.js'
import { policyDefault } from './effective.js'
import { POLICY_KEYS } from './schema.js'
import { settingStates } from './settings.js'

/** What `GET /me/limits` answers (the contract's types). */
export type { MyLimits, SettingRule }


/**
 * The effective limits and policies of a space seen by one member, and what the widget may show: a control is
 * offered only when the policies allow it, so users never meet a refusal after a click.
 */
export function myLimits(
  spaceId: string,
  role: SpaceRole,
  external: boolean,
  limits: EffectiveLimits,
  runningMeetings: number,
): MyLimits {
  // What a member may do is asked of the permissions, as the routes ask it; only policies and caps are added here.
  const subject: Subject = { spaces: { [spaceId]: role }, admin: false }
  const manager = can(subject, 'space.manage', { spaceId })
  const p = limits.policies
  const settings = Object.fromEntries(
    POLICY_KEYS.map((key) => {
      const policy = p[key]
      const open = policy === 'default_on' || policy === 'default_off' || policy === 'optional'
      return [key, { policy, allowed: policy !== 'disabled', editable: manager && open, default: policyDefault(policy) }]
    }),
  ) as MyLimits['settings']
  const belowMeetingCap = limits.maxConcurrentMeetings === null || runningMeetings < limits.maxConcurrentMeetings
  const licenceMeetings = limits.licence.maxMeetings
  return {
    spaceId,
    role,
    kind: external ? 'external' : 'internal',
    limits: {
      maxParticipantsPerMeeting: limits.maxParticipantsPerMeeting,
      maxDurationMinutes: limits.maxDurationMinutes,
      maxConcurrentMeetings: limits.maxConcurrentMeetings,
      countModerators: limits.countModerators,
    },
    policies: { ...p },
    settings,
    roomSettings: settingStates(p, manager),
    meetings: { running: runningMeetings, max: limits.maxConcurrentMeetings },
    can: {
      // A room that only managers may start (the default room included), under the space's policy.
      canStart: can(subject, 'room.start', { spaceId, roomId: '', allJoinAsModerator: false, anyoneCanStart: p.anyoneCanStart === 'forced' }),
      canRecord: p.record !== 'disabled',
      canChangeRecording: settings.record.editable,
      canInviteGuests: p.guestsAllowed !== 'disabled',
      canUseWaitingRoom: p.waitingRoom !== 'disabled',
      canSetAccessCode: manager && p.accessCode !== 'disabled',
      canCreateRooms: manager,
      canManageRooms: can(subject, 'room.manage', { spaceId, roomId: '', allJoinAsModerator: false, anyoneCanStart: false }),
      canStartNewMeeting: belowMeetingCap && licenceMeetings !== 0,
    },
  }
}
