import type { AdminLimitsBody, SpaceLimitsBody } from '../contract/index.js'
import { z } from 'zod'
import { AppError } from '../errors.js'
import type { GlobalLimits, Policy, SpaceLimits } from '../model/index.js'
import type { PolicyRule, ValuePolicyKey } from '../contract/index.js'
import { policyEntrySchema, SETTING_KEYS } from './settings.js'
import { fixesSetting } from './effective.js'

/** The largest cap accepted anywhere (fits a 32-bit database integer with room to spare). */
export const MAX_CAP = 10_000_000

export const POLICY_VALUES = ['forced', 'default_on', 'default_off', 'optional', 'disabled'] as const satisfies readonly Policy[]
export const POLICY_KEYS = ['record', 'guestsAllowed', 'waitingRoom', 'anyoneCanStart', 'accessCode'] as const

const cap = z.number().int('must be an integer').min(0, 'must be 0 or more').max(MAX_CAP).nullable()
// A 0-minute meeting would reach BBB as `duration=0`, which BBB reads as "no limit": refuse it outright.
const minutes = z.number().int('must be an integer').min(1, 'must be 1 or more (null for no limit)').max(MAX_CAP).nullable()
const policy = z.enum(POLICY_VALUES)

const licenceShape = z
  .object({ maxParticipants: cap, maxInternal: cap, maxExternal: cap, maxMeetings: cap })
  .strict()
const defaultsShape = z
  .object({
    maxParticipantsPerMeeting: cap,
    maxDurationMinutes: minutes,
    maxConcurrentMeetings: cap,
    countModerators: z.boolean(),
  })
  .strict()
// Today's five plain policies, then one per BBB room setting (by its BBB name), optional, with or without a value.
const valuePolicies = Object.fromEntries(
  SETTING_KEYS.filter((k) => k !== 'record').map((k) => [k, policyEntrySchema(k).optional()]),
) as Record<ValuePolicyKey, z.ZodOptional<z.ZodType<Policy | PolicyRule, Policy | PolicyRule>>>
const policiesShape = z
  .object({
    record: policy,
    guestsAllowed: policy,
    waitingRoom: policy,
    anyoneCanStart: policy,
    accessCode: policy,
    ...valuePolicies,
  })
  .strict()

/**
 * Body of `PUT /admin/limits`: any subset of the GET shape. Keys present replace the current values, absent
 * ones are kept, so a PUT of what a GET returned with one value changed changes that value only.
 */
export const globalLimitsInput = z
  .object({
    licence: licenceShape.partial().optional(),
    defaults: defaultsShape.partial().optional(),
    policies: policiesShape.partial().optional(),
  })
  .strict()

/**
 * Body of `PUT /admin/spaces/:spaceId/limits`: the space's whole override set. Keys present override the
 * defaults (`null` = unlimited), absent ones inherit. `spaceId` and `effective`, as a GET returns them, are
 * accepted and ignored (read-only) so a GET can be sent back.
 */
export const spaceLimitsInput = z
  .object({
    limits: defaultsShape.partial().optional(),
    policies: policiesShape.partial().optional(),
    spaceId: z.string().optional(),
    effective: z.unknown().optional(),
  })
  .strict()

export type GlobalLimitsInput = z.output<typeof globalLimitsInput>
export type SpaceLimitsInput = z.output<typeof spaceLimitsInput>

/**
 * Why a limit was refused, as a stable code the widget words (`details.rule`): with `min` or `max` for the bound.
 * `unknown_field` for a key that is not a limit, `invalid` for any other value of the wrong kind.
 */
export type LimitRule = 'integer' | 'min' | 'max' | 'unknown_field' | 'invalid'

/**
 * `400 invalid_limits` naming one field (`details.field`, e.g. `licence.maxInternal`) and why (`details.rule`, and
 * `min`/`max` when a bound was crossed); `details.reason` keeps the technical sentence for logs and scripts.
 */
export function invalidLimits(field: string, reason: string, extra: Record<string, unknown> & { rule?: LimitRule } = {}): AppError {
  const rule: LimitRule = extra.rule ?? (extra.max !== undefined ? 'max' : extra.min !== undefined ? 'min' : 'invalid')
  return new AppError('invalid_limits', `${field}: ${reason}`, { details: { field, reason, ...extra, rule } })
}

function ruleOf(issue: z.core.$ZodIssue): { rule: LimitRule; min?: number; max?: number } {
  if (issue.code === 'unrecognized_keys') return { rule: 'unknown_field' }
  if (issue.code === 'invalid_type' && issue.expected === 'int') return { rule: 'integer' }
  if (issue.code === 'too_small' && typeof issue.minimum === 'number') return { rule: 'min', min: issue.minimum }
  if (issue.code === 'too_big' && typeof issue.maximum === 'number') return { rule: 'max', max: issue.maximum }
  return { rule: 'invalid' }
}

/** Parses a limits body or throws `400 invalid_limits` naming the first bad field (unknown keys included). */
export function parseLimits<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {})
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.map(String)
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : []
    const field = [...path, ...(keys.length > 0 ? [keys[0]] : [])].join('.') || 'body'
    const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message
    return { field, message, ...ruleOf(issue) }
  })
  const first = issues[0]
  const { field, message, ...why } = first
  throw invalidLimits(field, message, { ...why, issues: issues.map((i) => ({ field: i.field, message: i.message })) })
}

/** The current global limits with a PUT body applied over them. */
export function mergeGlobal(current: GlobalLimits, input: GlobalLimitsInput): GlobalLimits {
  return {
    licence: { ...current.licence, ...input.licence },
    defaults: { ...current.defaults, ...input.defaults },
    policies: { ...current.policies, ...input.policies },
  }
}

/** Refuses licence sub-caps above the total (`licence.maxInternal` / `licence.maxExternal`). */
export function checkGlobal(limits: GlobalLimits): void {
  const { maxParticipants, maxInternal, maxExternal } = limits.licence
  if (maxParticipants === null) return
  if (maxInternal !== null && maxInternal > maxParticipants) {
    throw invalidLimits('licence.maxInternal', `cannot exceed licence.maxParticipants (${maxParticipants})`, { rule: 'max', max: maxParticipants })
  }
  if (maxExternal !== null && maxExternal > maxParticipants) {
    throw invalidLimits('licence.maxExternal', `cannot exceed licence.maxParticipants (${maxParticipants})`, { rule: 'max', max: maxParticipants })
  }
}

/** Refuses a space override above the licence: per-meeting participants, concurrent meetings. */
export function checkSpace(space: SpaceLimits, global: GlobalLimits): void {
  const checks: Array<[keyof SpaceLimits['limits'], number | null, string]> = [
    ['maxParticipantsPerMeeting', global.licence.maxParticipants, 'licence.maxParticipants'],
    ['maxConcurrentMeetings', global.licence.maxMeetings, 'licence.maxMeetings'],
  ]
  for (const [key, licenceCap, licenceName] of checks) {
    const value = space.limits[key]
    if (typeof value === 'number' && licenceCap !== null && value > licenceCap) {
      throw invalidLimits(`limits.${key}`, `cannot exceed ${licenceName} (${licenceCap})`, { max: licenceCap })
    }
  }
  // A policy fixed for every space cannot be loosened (or fixed the other way) for one.
  const globalPolicies = global.policies as Record<string, Policy | PolicyRule | undefined>
  for (const [key, policy] of Object.entries(space.policies)) {
    const fixed = globalPolicies[key]
    if (policy !== undefined && fixesSetting(fixed) && JSON.stringify(policy) !== JSON.stringify(fixed)) {
      throw invalidLimits(`policies.${key}`, 'is fixed for every space by the global policy', { global: fixed })
    }
  }
}

/** The space overrides a PUT body describes (only the keys present). */
export function toSpaceLimits(input: SpaceLimitsInput): SpaceLimits {
  return { limits: { ...input.limits }, policies: { ...input.policies } }
}

/**
 * What changed between two limit documents, by dotted path: `{ 'licence.maxParticipants': { before, after } }`.
 * A key absent on one side (a space override not set) is reported as `'inherit'` there.
 */
export function diffLimits(before: object, after: object, prefix = ''): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {}
  const b = before as Record<string, unknown>
  const a = after as Record<string, unknown>
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const path = prefix ? `${prefix}.${key}` : key
    const x = b[key]
    const y = a[key]
    if (isPlainObject(x) || isPlainObject(y)) {
      Object.assign(out, diffLimits(isPlainObject(x) ? x : {}, isPlainObject(y) ? y : {}, path))
    } else if (x !== y) {
      out[path] = { before: x === undefined ? 'inherit' : x, after: y === undefined ? 'inherit' : y }
    }
  }
  return out
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

// The contract's request bodies are what these schemas accept (a field whose type differs fails to compile).
export type GlobalLimitsBodyMatches = AssertSame<z.input<typeof globalLimitsInput>, AdminLimitsBody>
export type SpaceLimitsBodyMatches = AssertSame<z.input<typeof spaceLimitsInput>, SpaceLimitsBody>
type AssertSame<A extends B, B extends A2, A2 = A> = [A, B]
