import { z } from 'zod'
import { AppError } from '../errors.js'
import type {
  BbbSettings,
  MeetingLayout,
  Policy,
  PolicyRule,
  RoomFeature,
  RoomGuestPolicy,
  RoomSettingState,
  SettingGroup,
  SettingKey,
  SettingType,
  SettingValue,
} from '../contract/index.js'
import type { Policies, RoomSettings } from '../model/index.js'

/**
 * The room settings that are BigBlueButton `create` parameters, one entry per BBB parameter name: its type, the
 * value BBB takes when it is not sent (`bbbDefault`), and what BBB accepts. Everything else (validation, policies,
 * presets, what reaches `create`, what the widget offers) is derived from this table.
 */
export interface SettingSpec {
  type: SettingType
  group: SettingGroup
  /** BBB's own default (what a room that does not set it gets). */
  bbbDefault: SettingValue
  values?: readonly string[]
  min?: number
  max?: number
  /** Longest text, for `string` settings. */
  maxLength?: number
}

export const MEETING_LAYOUTS = [
  'CUSTOM_LAYOUT',
  'SMART_LAYOUT',
  'PRESENTATION_FOCUS',
  'VIDEO_FOCUS',
  'CAMERAS_ONLY',
  'PRESENTATION_ONLY',
  'PARTICIPANTS_AND_CHAT_ONLY',
] as const satisfies readonly MeetingLayout[]

/** The `disabledFeatures` values offered to rooms (BBB 2.7 / 3.0 names). */
export const ROOM_FEATURES = [
  'breakoutRooms',
  'captions',
  'chat',
  'privateChat',
  'polls',
  'screenshare',
  'sharedNotes',
  'externalVideos',
  'layouts',
  'learningDashboard',
  'liveTranscription',
  'virtualBackgrounds',
  'customVirtualBackgrounds',
  'cameraAsContent',
  'timer',
  'downloadPresentationWithAnnotations',
] as const satisfies readonly RoomFeature[]

export const GUEST_POLICIES = ['ALWAYS_ACCEPT', 'ALWAYS_DENY', 'ASK_MODERATOR'] as const satisfies readonly RoomGuestPolicy[]

const bool = (group: SettingGroup, bbbDefault = false): SettingSpec => ({ type: 'boolean', group, bbbDefault })
const minutes = (group: SettingGroup, bbbDefault: number): SettingSpec => ({ type: 'number', group, bbbDefault, min: 1, max: 1440 })

export const SETTINGS: Readonly<Record<SettingKey, SettingSpec>> = Object.freeze({
  muteOnStart: bool('audioVideo'),
  allowModsToUnmuteUsers: bool('audioVideo'),
  webcamsOnlyForModerator: bool('audioVideo'),
  // 0: no cap (BBB's reading); BBB's default is 3 webcams per user.
  userCameraCap: { type: 'number', group: 'audioVideo', bbbDefault: 3, min: 0, max: 10 },
  lockSettingsDisableCam: bool('permissions'),
  lockSettingsDisableMic: bool('permissions'),
  lockSettingsDisablePrivateChat: bool('permissions'),
  lockSettingsDisablePublicChat: bool('permissions'),
  lockSettingsDisableNotes: bool('permissions'),
  lockSettingsHideUserList: bool('permissions'),
  lockSettingsLockOnJoin: bool('permissions', true),
  disabledFeatures: { type: 'list', group: 'features', bbbDefault: [], values: ROOM_FEATURES },
  meetingLayout: { type: 'enum', group: 'meeting', bbbDefault: 'SMART_LAYOUT', values: MEETING_LAYOUTS },
  welcome: { type: 'string', group: 'meeting', bbbDefault: null, maxLength: 1000 },
  moderatorOnlyMessage: { type: 'string', group: 'meeting', bbbDefault: null, maxLength: 1000 },
  endWhenNoModerator: bool('meeting'),
  endWhenNoModeratorDelayInMinutes: minutes('meeting', 1),
  meetingExpireIfNoUserJoinedInMinutes: minutes('meeting', 5),
  guestPolicy: { type: 'enum', group: 'permissions', bbbDefault: 'ALWAYS_ACCEPT', values: GUEST_POLICIES },
  allowPromoteGuestToModerator: bool('permissions'),
  record: bool('recording'),
  autoStartRecording: bool('recording'),
  allowStartStopRecording: bool('recording', true),
  notifyRecordingIsOn: bool('recording'),
})

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[]

/** Settings whose policy is one of today's five plain policies (no value). */
const PLAIN_POLICY_KEYS: ReadonlySet<string> = new Set(['record', 'guestsAllowed', 'waitingRoom', 'anyoneCanStart', 'accessCode'])

// No control characters but line breaks: they would reach BBB's UI and logs.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F]/ // eslint-disable-line no-control-regex

/** The schema of one setting's value, as BBB accepts it. */
export function settingValueSchema(key: SettingKey): z.ZodType<SettingValue, SettingValue> {
  const spec = SETTINGS[key]
  switch (spec.type) {
    case 'boolean':
      return z.boolean()
    case 'number':
      return z.number().int('must be an integer').min(spec.min ?? 0).max(spec.max ?? Number.MAX_SAFE_INTEGER)
    case 'enum':
      return z.enum(spec.values as [string, ...string[]], { error: `must be one of ${spec.values!.join(', ')}` })
    case 'string':
      return z
        .string()
        .max(spec.maxLength ?? 1000)
        .refine((s) => !CONTROL.test(s), 'must not contain control characters')
        .nullable()
    case 'list':
      return z
        .array(z.enum(spec.values as [string, ...string[]], { error: `must be among ${spec.values!.join(', ')}` }))
        .max(spec.values!.length)
        .refine((l) => new Set(l).size === l.length, 'must not repeat a value')
  }
}

/** `400 invalid_setting` naming the setting and what it accepts. */
export function invalidSetting(field: string, setting: string, reason: string): AppError {
  const spec = (SETTINGS as Record<string, SettingSpec | undefined>)[setting]
  return new AppError('invalid_setting', `${field}: ${reason}`, {
    details: { field, setting, reason, ...(spec?.values ? { allowed: [...spec.values] } : {}) },
  })
}

/**
 * Checks the BBB settings of a room settings body (`settings` of a create or PATCH, or a preset): a name that is
 * not a BBB room setting we know (and not one of the service's own keys, `own`), or a value BBB would refuse, is
 * `400 invalid_setting` naming it. Keys in `own` are left to the caller's schema. Returns nothing: the route's own schema parses the body afterwards.
 */
export function checkSettingValues(settings: unknown, own: ReadonlySet<string>, prefix = 'settings'): void {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return
  for (const [key, value] of Object.entries(settings)) {
    if (own.has(key)) continue
    if (!Object.hasOwn(SETTINGS, key)) {
      throw invalidSetting(`${prefix}.${key}`, key, 'unknown setting')
    }
    const result = settingValueSchema(key as SettingKey).safeParse(value)
    if (!result.success) throw invalidSetting(`${prefix}.${key}`, key, result.error.issues[0]?.message ?? 'invalid value')
  }
}

/** The zod schema of a policy entry for `key`: a plain policy, or (not for today's five) a policy with a value. */
export function policyEntrySchema(key: string): z.ZodType<Policy | PolicyRule, Policy | PolicyRule> {
  const policy = z.enum(['forced', 'default_on', 'default_off', 'optional', 'disabled'])
  if (PLAIN_POLICY_KEYS.has(key)) return policy
  const value = settingValueSchema(key as SettingKey)
  return z.union([policy, z.object({ policy, value: value.optional() }).strict()])
}

/** A policy entry as `{ policy, value? }`. */
export function ruleOf(policies: Partial<Policies>, key: SettingKey): PolicyRule {
  const entry = (policies as Record<string, Policy | PolicyRule | undefined>)[key]
  if (entry === undefined) return { policy: 'optional' }
  return typeof entry === 'string' ? { policy: entry } : entry
}

/** What `disabled` leaves of a setting: off, empty, or (numbers, enums) not sent so BBB's default applies. */
function offValue(spec: SettingSpec): SettingValue | undefined {
  if (spec.type === 'boolean') return false
  if (spec.type === 'list') return []
  if (spec.type === 'string') return null
  return undefined
}

/** The value a `forced` policy fixes (a boolean forced without a value: on). */
export function forcedValue(key: SettingKey, rule: PolicyRule): SettingValue {
  const spec = SETTINGS[key]
  if (rule.value !== undefined) return rule.value
  return spec.type === 'boolean' ? true : spec.bbbDefault
}

/** The value a room that does not set `key` gets from the policy, or undefined (BBB's default applies). */
export function policyDefaultValue(key: SettingKey, rule: PolicyRule): SettingValue | undefined {
  const spec = SETTINGS[key]
  if (rule.policy === 'forced') return forcedValue(key, rule)
  if (rule.policy === 'disabled') return offValue(spec)
  if (rule.policy === 'default_on' || rule.policy === 'default_off') {
    if (rule.value !== undefined) return rule.value
    if (spec.type === 'boolean') return rule.policy === 'default_on'
  }
  return undefined
}

/** A setting's value in force for a room: the policy's when forced or disabled, else the room's, else the default. */
export function effectiveValue(key: SettingKey, rule: PolicyRule, room: Partial<Record<SettingKey, SettingValue>>): SettingValue | undefined {
  if (rule.policy === 'forced') return forcedValue(key, rule)
  if (rule.policy === 'disabled') return offValue(SETTINGS[key])
  const own = room[key]
  return own !== undefined ? own : policyDefaultValue(key, rule)
}

/** Every BBB setting in force for a room; keys left out are not sent (BBB's default applies). */
export function effectiveSettings(policies: Partial<Policies>, room: RoomSettings): Partial<BbbSettings> {
  const out: Record<string, SettingValue> = {}
  for (const key of SETTING_KEYS) {
    const value = effectiveValue(key, ruleOf(policies, key), room)
    if (value !== undefined) out[key] = value
  }
  return out
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const sorted = (l: unknown[]) => l.map(String).sort().join(',')
    return a.length === b.length && sorted(a) === sorted(b)
  }
  return a === b
}

/**
 * Refuses (`403 policy_forbidden`, naming the setting) a room value the policies do not allow: another value
 * than a forced one, or anything but "off" where the setting is disabled. Only the keys given are checked, so a
 * room set before a policy changed can still be renamed (the policy wins at create anyway).
 */
export function checkSettingPolicies(given: Partial<Record<string, unknown>>, policies: Partial<Policies>): void {
  for (const key of SETTING_KEYS) {
    if (key === 'record' || !Object.hasOwn(given, key) || given[key] === undefined) continue
    const rule = ruleOf(policies, key)
    if (rule.policy !== 'forced' && rule.policy !== 'disabled') continue
    const allowed = rule.policy === 'forced' ? forcedValue(key, rule) : offValue(SETTINGS[key])
    if (allowed !== undefined && sameValue(given[key], allowed)) continue
    throw new AppError('policy_forbidden', `The "${key}" setting is ${rule.policy} by your administrator.`, {
      details: { field: `settings.${key}`, setting: key, policy: rule.policy, ...(rule.policy === 'forced' ? { value: allowed } : {}) },
    })
  }
}

/** Drops the values a preset gives that the policies fix otherwise (the policy wins; the preset is a suggestion). */
export function withinPolicies(settings: Partial<BbbSettings>, policies: Partial<Policies>): Partial<BbbSettings> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(settings)) {
    if (!Object.hasOwn(SETTINGS, key)) continue
    try {
      checkSettingPolicies({ [key]: value }, policies)
      if (key === 'record' && ruleOf(policies, 'record').policy === 'disabled' && value) continue
      out[key] = value
    } catch {
      // refused by a policy: left out
    }
  }
  return out
}

/** What the widget is told of each setting in a space (`GET /me/limits` `roomSettings`). */
export function settingStates(policies: Partial<Policies>, manager: boolean): Record<SettingKey, RoomSettingState> {
  const out = {} as Record<SettingKey, RoomSettingState>
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key]
    const rule = ruleOf(policies, key)
    const fixed = rule.policy === 'forced' || rule.policy === 'disabled'
    const value = policyDefaultValue(key, rule)
    out[key] = {
      type: spec.type,
      group: spec.group,
      policy: rule.policy,
      allowed: rule.policy !== 'disabled',
      editable: manager && !fixed,
      default: value !== undefined ? value : spec.bbbDefault,
      ...(spec.values ? { values: [...spec.values] } : {}),
      ...(spec.min !== undefined ? { min: spec.min } : {}),
      ...(spec.max !== undefined ? { max: spec.max } : {}),
    }
  }
  return out
}
