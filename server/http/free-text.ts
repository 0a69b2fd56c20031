import { z } from 'zod'

// Control characters (C0, DEL, C1), lone surrogates, and format characters: bidi embeddings, overrides and
// isolates (U+202A-202E, U+2066-2069), zero-width spaces and joiners (U+200B-200D, U+2060, U+FEFF), soft hyphens.
const INVISIBLE = /[\p{Cc}\p{Cs}\p{Cf}]/gu
// Line and paragraph breaks of any kind, and tabs: a space in a one-line field.
const BREAKS = /\r\n|[\r\n\t\v\f\u0085\u2028\u2029]/g

/**
 * Free text typed by a person, made safe to store, log and show: composed (NFC), line breaks turned into
 * spaces (kept as `\n` with `lines`), every other control, bidi and zero-width character removed, trimmed.
 * A NUL never reaches PostgreSQL, an override never flips a name, a zero-width string is empty.
 */
export function normalizeFreeText(value: string, options: { lines?: boolean } = {}): string {
  const broken = options.lines ? value.replace(/\r\n|[\r\u0085\u2028\u2029]/g, '\n') : value.replace(BREAKS, ' ')
  const kept = options.lines ? broken.replace(/[^\n]+/g, (line) => line.replace(INVISIBLE, '')) : broken.replace(INVISIBLE, '')
  return kept.normalize('NFC').trim()
}

/**
 * The schema of a free-text field: {@link normalizeFreeText}, then the length rule on what is left (`min`
 * default 0). Every field a person types (room, guest and attendee names, titles, welcome texts) uses it.
 */
export function freeText(max: number, options: { min?: number; lines?: boolean } = {}) {
  const min = options.min ?? 0
  return z
    .string()
    .min(min)
    .max(max)
    .transform((s) => normalizeFreeText(s, { lines: options.lines ?? false }))
    .pipe(min > 0 ? z.string().min(min, 'must not be empty').max(max) : z.string().max(max))
}
