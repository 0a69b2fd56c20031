import { randomInt } from 'node:crypto'
import { AppError } from '../errors.js'
import type { EffectiveLimits } from '../limits/effective.js'
import type { Room, RoomSettings } from '../model/index.js'
import type { Store } from '../store/types.js'

/** Which code: the guests' (`settings.accessCode`) or the moderators' (`settings.moderatorAccessCode`). */
export type AccessCodeKind = 'viewer' | 'moderator'

export const ACCESS_CODE_KINDS: readonly AccessCodeKind[] = ['viewer', 'moderator']

/** 8 digits: easy to dictate on the phone, 10^8 possibilities. */
export const VIEWER_CODE_DIGITS = 8
/** 32 symbols nobody confuses when reading aloud or copying (no I, O, 0, 1). */
export const MODERATOR_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
/** 8 of them: 32^8 (about 10^12) possibilities. */
export const MODERATOR_CODE_LENGTH = 8
/** What a code set by hand must be worth at least: as many guesses as 8 random digits. */
const MIN_BITS = Math.log2(10 ** VIEWER_CODE_DIGITS)
const MIN_LENGTH = 6

export function settingOf(kind: AccessCodeKind): 'accessCode' | 'moderatorAccessCode' {
  return kind === 'viewer' ? 'accessCode' : 'moderatorAccessCode'
}

/** A new random code from node:crypto: 8 digits for guests, 8 characters of {@link MODERATOR_CODE_ALPHABET} for moderators. */
export function generateCode(kind: AccessCodeKind): string {
  if (kind === 'viewer') return Array.from({ length: VIEWER_CODE_DIGITS }, () => String(randomInt(10))).join('')
  return Array.from({ length: MODERATOR_CODE_LENGTH }, () => MODERATOR_CODE_ALPHABET[randomInt(MODERATOR_CODE_ALPHABET.length)]).join('')
}

/**
 * Whether a code typed by a manager is at least as hard to guess as a generated one: 6 characters or more, worth
 * at least 8 random digits for the kinds of characters it uses (8 digits, 6 lowercase letters, 6 mixed), and
 * not one character repeated nor a run (`12345678`, `abcdef`, `87654321`).
 */
export function strongEnough(code: string): boolean {
  if (code.length < MIN_LENGTH) return false
  let pool = 0
  if (/[0-9]/.test(code)) pool += 10
  if (/[a-z]/.test(code)) pool += 26
  if (/[A-Z]/.test(code)) pool += 26
  if (pool === 0 || code.length * Math.log2(pool) < MIN_BITS - 1e-9) return false
  const steps = new Set<number>()
  for (let i = 1; i < code.length; i++) steps.add(code.charCodeAt(i) - code.charCodeAt(i - 1))
  return !(steps.size === 1 && Math.abs([...steps][0] ?? 0) <= 1)
}

/** Refuses codes set by hand that are too easy to guess (`400 access_code_too_weak`, naming the field). */
export function checkCodeStrength(settings: Partial<RoomSettings>): void {
  for (const field of ['accessCode', 'moderatorAccessCode'] as const) {
    const code = settings[field]
    if (typeof code === 'string' && !strongEnough(code)) {
      throw new AppError('access_code_too_weak', `settings.${field} is too easy to guess.`, {
        details: { field: `settings.${field}`, minDigits: VIEWER_CODE_DIGITS, minLength: MIN_LENGTH },
      })
    }
  }
}

/**
 * Compares a typed code with the room's. Spaces and dashes people add when dictating are ignored; a code made
 * only of capitals and digits (the generated moderators' ones) is matched whatever the case typed.
 */
export function codeMatches(given: string, expected: string, equal: (a: string, b: string) => boolean): boolean {
  const typed = given.replace(/[\s-]+/g, '')
  return equal(/^[A-Z0-9]+$/.test(expected) ? typed.toUpperCase() : typed, expected)
}

/**
 * A room under a `forced` access-code policy that has no guest code gets one now (a generated one, set only if
 * still missing, so two instances racing agree), and its managers see it. Rooms are given one when created, and
 * lazily when read by a member or joined from the link, so rooms that existed before the policy became forced
 * are covered too.
 */
export async function withForcedCode(store: Store, room: Room, limits: EffectiveLimits): Promise<Room> {
  if (limits.policies.accessCode !== 'forced' || room.settings.accessCode) return room
  return (await store.setAccessCodeIfMissing(room.id, generateCode('viewer'))) ?? room
}
