import type { SettingGroup, SettingKey, SettingType, SettingValue } from './settings.js'

export type Policy = 'forced' | 'default_on' | 'default_off' | 'optional' | 'disabled'
export type PolicyKey = 'record' | 'guestsAllowed' | 'waitingRoom' | 'anyoneCanStart' | 'accessCode'
/** The room settings (BBB parameter names) whose policies may carry a value; `record` keeps its plain policy. */
export type ValuePolicyKey = Exclude<SettingKey, PolicyKey>
/** Today's five policies, and a policy (or a policy with a value) per BBB room setting. */
export type Policies = Record<PolicyKey, Policy> & Partial<Record<ValuePolicyKey, Policy | PolicyRule>>

/**
 * A policy with a value: `forced` fixes the setting to `value` (a boolean setting without one: on);
 * `default_on`/`default_off` with a value give new rooms that value.
 */
export interface PolicyRule {
  policy: Policy
  value?: SettingValue
}

/** What a member is told of one setting in a space (`GET /me/limits` `roomSettings`). */
export interface RoomSettingState {
  type: SettingType
  group: SettingGroup
  policy: Policy
  /** false: the setting is off in this space (hidden in the widget). */
  allowed: boolean
  /** Whether the caller may change it on a room (managers, unless forced or disabled). */
  editable: boolean
  /** The value a new room starts with; for a forced setting, the value it is fixed to. */
  default: SettingValue
  /** The values an `enum` or `list` setting accepts. */
  values?: string[]
  min?: number
  max?: number
}

export type SpaceRole = 'manager' | 'member'

export interface LicenceLimits {
  maxParticipants: number | null
  maxInternal: number | null
  maxExternal: number | null
  maxMeetings: number | null
}

export interface DefaultLimits {
  maxParticipantsPerMeeting: number | null
  maxDurationMinutes: number | null
  maxConcurrentMeetings: number | null
  countModerators: boolean
}

/** `GET|PUT /admin/limits` (`null`: unlimited). */
export interface AdminLimits {
  licence: LicenceLimits
  defaults: DefaultLimits
  policies: Policies
}

/** A space's limits in force: its overrides over the global defaults. */
export interface EffectiveLimitsView extends DefaultLimits {
  licence: LicenceLimits
  policies: Policies
}

/** `GET|PUT /admin/spaces/:spaceId/limits`: the space's overrides and what is in force. */
export interface SpaceLimitsAnswer {
  spaceId: string
  limits: Partial<DefaultLimits>
  policies: Partial<Policies>
  effective: EffectiveLimitsView
}

/** A count against its cap (`cap: null`: unlimited). */
export interface Gauge {
  used: number
  cap: number | null
}

export interface UsageCounts {
  total: number
  internal: number
  external: number
}

/** `GET /admin/usage`: the ledger's usage next to the caps in force. */
export interface UsageReport {
  at: number
  licence: { participants: Gauge; internal: Gauge; external: Gauge; meetings: Gauge }
  participants: UsageCounts
  runningMeetings: number
  spaces: Array<{
    spaceId: string
    runningMeetings: number
    maxConcurrentMeetings: number | null
    participants: UsageCounts
    rooms: Array<{
      roomId: string
      name: string | null
      meetingId: string
      participants: UsageCounts
      maxParticipants: number | null
    }>
  }>
}

/** `GET /admin/usage`; `reconciled: false` (with the reason's code) when BBB could not be read. */
export type AdminUsage = UsageReport & ({ reconciled: true } | { reconciled: false; reason: string })

export interface SettingRule {
  policy: Policy
  /** Whether a room may have it on at all. */
  allowed: boolean
  /** Whether the caller may change it on a room (managers, where the policy leaves a choice). */
  editable: boolean
  /** The value a new room starts with. */
  default: boolean
}

/** `GET /me/limits?spaceId=`: the caller's limits, policies and allowed actions in one space. */
export interface MyLimits {
  spaceId: string
  role: SpaceRole
  kind: 'internal' | 'external'
  limits: DefaultLimits
  policies: Policies
  settings: Record<PolicyKey, SettingRule>
  /** Every BBB room setting: its type, its policy here, and whether and how the caller may set it. */
  roomSettings: Record<SettingKey, RoomSettingState>
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

/** One audit record; `at` in epoch ms. */
export interface AuditEntry {
  id: number
  at: number
  /** `sub` of the actor, `guest:<name>`, `oidc:<issuer>#<sub>` or `system`. */
  actor: string
  actorName: string | null
  spaceId: string | null
  roomId: string | null
  /** The room's name (as it is now; for a deleted room, as its entries recorded it), null without a room. */
  roomName: string | null
  /** e.g. `room.created`, `meeting.started`, `join.granted`, `join.refused`, `limits.changed`. */
  action: string
  details: Record<string, unknown>
}

/** `GET /spaces/:spaceId/audit` (managers). */
export interface AuditPage {
  entries: AuditEntry[]
  total: number
}

/** `GET /admin/audit`: a page and where it is. */
export interface AdminAuditPage extends AuditPage {
  limit: number
  offset: number
}

/** `PUT /admin/limits`: the keys to change (`null`: unlimited); absent keys keep their value. */
export interface AdminLimitsBody {
  licence?: Partial<LicenceLimits>
  defaults?: Partial<DefaultLimits>
  policies?: Partial<Policies>
}

/** `PUT /admin/spaces/:spaceId/limits`: the space's whole override set; a GET's answer may be sent back as is. */
export interface SpaceLimitsBody {
  limits?: Partial<DefaultLimits>
  policies?: Partial<Policies>
  spaceId?: string
  effective?: unknown
}
