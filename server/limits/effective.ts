import type { PolicyRule } from '../contract/index.js'
import type { GlobalLimits, LicenceLimits, Policies, Policy, RoomSettings, SpaceLimits } from '../model/index.js'

/** A space's limits and policies after applying its overrides to the global defaults. */
export interface EffectiveLimits {
  licence: LicenceLimits
  maxParticipantsPerMeeting: number | null
  maxDurationMinutes: number | null
  maxConcurrentMeetings: number | null
  countModerators: boolean
  policies: Policies
}

/** What a room may actually do once the space's limits and policies are applied to its settings. */
export interface RoomRules {
  maxParticipants: number | null
  durationMinutes: number | null
  record: boolean
  guestsAllowed: boolean
  waitingRoom: boolean
  anyoneCanStart: boolean
  accessCode: string | null
}

/** The smaller of two caps, where null means unlimited. */
export function minCap(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined) return b ?? null
  if (b === null || b === undefined) return a
  return Math.min(a, b)
}

/** Whether a policy fixes its setting (forced or disabled): what no lower level may loosen. */
export function fixesSetting(policy: Policy | PolicyRule | undefined): boolean {
  const name = typeof policy === 'string' ? policy : policy?.policy
  return name === 'forced' || name === 'disabled'
}

/**
 * The most restrictive level wins: a policy the admins fixed globally (forced or disabled) holds in every space;
 * a space may fix, or change the default of, what the global level leaves open.
 */
export function mergePolicies(global: Policies, space: Partial<Policies>): Policies {
  const merged: Record<string, Policy | PolicyRule | undefined> = { ...global }
  for (const [key, policy] of Object.entries(space)) {
    if (policy !== undefined && !fixesSetting(merged[key])) merged[key] = policy
  }
  return merged as Policies
}

/** Space overrides on top of the global defaults and policies. */
export function resolveLimits(global: GlobalLimits, space: SpaceLimits): EffectiveLimits {
  const pick = <K extends keyof GlobalLimits['defaults']>(key: K): GlobalLimits['defaults'][K] =>
    (Object.hasOwn(space.limits, key) ? space.limits[key] : global.defaults[key]) as GlobalLimits['defaults'][K]
  return {
    licence: global.licence,
    maxParticipantsPerMeeting: pick('maxParticipantsPerMeeting'),
    maxDurationMinutes: pick('maxDurationMinutes'),
    maxConcurrentMeetings: pick('maxConcurrentMeetings'),
    countModerators: pick('countModerators'),
    policies: mergePolicies(global.policies, space.policies),
  }
}

/** `forced` turns a setting on, `disabled` off; `default_on` and `optional` leave the room's choice. */
export function applyPolicy(policy: Policy, value: boolean): boolean {
  if (policy === 'forced') return true
  if (policy === 'disabled') return false
  return value
}

/** The value a new room starts with for a policy-governed setting. */
export function policyDefault(policy: Policy): boolean {
  return policy === 'forced' || policy === 'default_on'
}

export function roomRules(limits: EffectiveLimits, settings: RoomSettings): RoomRules {
  const p = limits.policies
  const accessCodeAllowed = p.accessCode !== 'disabled'
  return {
    maxParticipants: minCap(settings.maxParticipants, limits.maxParticipantsPerMeeting),
    // BBB reads `duration=0` as "no limit": a room's 0 means "not set", never a way around the space's cap.
    durationMinutes: minCap(settings.durationMinutes || null, limits.maxDurationMinutes),
    record: applyPolicy(p.record, settings.record),
    // A code forced by policy on a room that has none (set before the policy) must not open it to guests without one.
    guestsAllowed: applyPolicy(p.guestsAllowed, settings.guestsAllowed) && !(p.accessCode === 'forced' && !settings.accessCode),
    waitingRoom: applyPolicy(p.waitingRoom, settings.waitingRoom),
    anyoneCanStart: applyPolicy(p.anyoneCanStart, settings.anyoneCanStart),
    accessCode: accessCodeAllowed ? settings.accessCode : null,
  }
}

/**
 * The caps BBB enforces itself, as a backstop to the seat ledger. BBB reads 0 as "no limit", so 0 is never sent
 * (the ledger refuses every seat then); and BBB counts moderators, so when they are exempt no cap is sent.
 */
export function bbbCaps(limits: EffectiveLimits, rules: RoomRules): { maxParticipants?: number; duration?: number } {
  const max = rules.maxParticipants
  const duration = rules.durationMinutes
  return {
    ...(max !== null && max > 0 && limits.countModerators ? { maxParticipants: max } : {}),
    ...(duration !== null && duration > 0 ? { duration } : {}),
  }
}
