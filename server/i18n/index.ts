import type { ErrorCode, Locale } from '../contract/index.js'
import { ERROR_TEXTS } from './errors.js'
import { PAGE_TEXTS, type PageTextKey } from './pages.js'

/**
 * The server's one catalogue of user-visible text, in French and English: every error code's message and the
 * texts of the pages it renders. Domain errors carry a code and details; the HTTP layer picks the locale once
 * and asks here.
 */
export { ERROR_TEXTS } from './errors.js'
export { PAGE_TEXTS, type PageTextKey } from './pages.js'
export { MAIL_TEXTS, type MailTextKey } from './mail.js'

/** The message for an error code in a language, built from its details (and technical message, see `Text`). */
export function errorText(code: ErrorCode, locale: Locale, details: Readonly<Record<string, unknown>> = {}, technical = ''): string {
  const text = ERROR_TEXTS[code][locale]
  return typeof text === 'string' ? text : text(details, technical)
}

export function pageText(key: PageTextKey, locale: Locale): string {
  return PAGE_TEXTS[key][locale]
}

/** fr or en from an explicit choice (a token's locale, a `?lang`), else an Accept-Language header; English by default. */
export function pickLocale(chosen: string | null | undefined, acceptLanguage: string | undefined): Locale {
  if (chosen === 'fr' || chosen === 'en') return chosen
  const first = acceptLanguage?.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('fr') ? 'fr' : 'en'
}
