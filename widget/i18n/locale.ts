import type { Locale } from '../../server/contract/index.js'

/** The languages the widget and the room-link page speak (the service's). */
export type { Locale }

/** One user-visible text in every language; `{name}` placeholders are filled when shown. */
export type Text = Readonly<Record<Locale, string>>

/** A section of the catalogue: texts by key. */
export type Texts = Readonly<Record<string, Text>>

/** Values for a text's `{name}` placeholders. */
export type TextVars = Readonly<Record<string, unknown>>

/** Translates a key of one catalogue section, filling `{name}` placeholders. */
export type Translate<K extends string = string> = (key: K, vars?: TextVars) => string

/**
 * The widget's language: the `locale` option when given, else the host document's `lang`, else the
 * browser's language; anything but French falls back to English.
 */
export function resolveLocale(option?: string | null): Locale {
  const candidates = [
    option,
    typeof document !== 'undefined' ? document.documentElement.lang : null,
    typeof navigator !== 'undefined' ? navigator.language : null,
  ]
  for (const c of candidates) {
    if (!c) continue
    const base = c.toLowerCase().split(/[-_]/)[0]
    if (base === 'fr' || base === 'en') return base
  }
  return 'en'
}

/** Fills `{name}` placeholders from `vars`; a placeholder without a value stays visible. */
export function fill(text: string, vars?: TextVars): string {
  if (!vars) return text
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const value = vars[name]
    return value === undefined || value === null || typeof value === 'object' ? m : String(value)
  })
}

/** A translator over one catalogue section, in one language. */
export function translator<T extends Texts>(texts: T, locale: Locale): Translate<keyof T & string> {
  return (key, vars) => {
    const text = texts[key]
    return text ? fill(text[locale], vars) : key
  }
}
