import type { Policy, SpaceRole } from '../store/types.js'
import type { EffectiveLimits } from './effective.js'
import { policyDefault } from './effective.js'
import { POLICY_KEYS } from './schema.js'

export interface SettingRule {
  policy: Policy
  /** Whether a room may have it on at all. */
  allowed: boolean
  /** Whether the caller may change it on a room (managers, where the policy leaves a choice). */
  editable: boolean
  /** The value a new room starts with. */
  default: boolean
}

/** What `GET /me/limits` answers: the caller's limits, policies and allowed actions in one space. */
export interface MyLimits {
  spaceId: string
  role: SpaceRole
  kind: 'internal' | 'external'
  limits: {
    maxParticipantsPerMeeting: number | null
    maxDurationMinutes: number | null
    maxConcurrentMeetings: number | null
    countModerators: boolean
  }
  policies: EffectiveLimits['policies']
  settings: Record<(typeof POLICY_KEYS)[number], SettingRule>
  meetings: { running: number; max: number | null }
  can: {
    /** Start a meeting in rooms where only managers may (the default room included). */
    canStart: boolean
    /** Recording is allowed in this space (it still needs a room with recording on). */
    canRecord: boolean
    /** Turn recording on or off on a room. */
    canChangeRecording: boolean
    /** Guests (room links without a platform account) may be invited. */
    canInviteGuests: boolean
    canUseWaitingRoom: boolean
    canSetAccessCode: boolean
    canCreateRooms: boolean
    canManageRooms: boolean
    /** The space is below its concurrent-meeting cap (a new meeting may start now). */
    canStartNewMeeting: boolean
  }
}

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
  const manager = role === 'manager'
  const p = limits.policies
  const settings = Object.fromEntries(
    POLICY_KEYS.map((key) => {
      const policy = p[key]
      const open = policy === 'default_on' || policy === 'optional'
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
    meetings: { running: runningMeetings, max: limits.maxConcurrentMeetings },
    can: {
      canStart: manager || p.anyoneCanStart === 'forced',
      canRecord: p.record !== 'disabled',
      canChangeRecording: settings.record.editable,
      canInviteGuests: p.guestsAllowed !== 'disabled',
      canUseWaitingRoom: p.waitingRoom !== 'disabled',
      canSetAccessCode: manager && p.accessCode !== 'disabled',
      canCreateRooms: manager,
      canManageRooms: manager,
      canStartNewMeeting: belowMeetingCap && licenceMeetings !== 0,
    },
  }
}
