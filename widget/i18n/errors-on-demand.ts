import { WidgetError, type ApiClient } from '../api.js'
import type { Locale, Text } from './locale.js'

// The words for every error code (`errors.ts`, both languages) are needed only once something fails: React hosts
// load them as a chunk of their own on the first failure, not with every page (the standalone script has them
// inline, where dynamic imports are bundled in). Until they are there, and should they not load (the network is
// down), a failure is told in the service's own words, which it sends in the language the widget asks for.

type ErrorWords = typeof import('./errors.js')

let words: ErrorWords | null = null
let pending: Promise<ErrorWords> | null = null
let failed = false

/** The widget's words for the two failures it can meet before any answer: the same as in `errors.ts` (a test says so). */
export const FALLBACK_ERROR_TEXTS = {
  network: {
    en: 'The meeting service cannot be reached. Check your connection.',
    fr: 'Le service de réunions est injoignable. Vérifiez votre connexion.',
  },
  unknown: { en: 'Something went wrong. Try again.', fr: 'Une erreur est survenue. Réessayez.' },
} as const satisfies Record<string, Text>

/** Loads the words of every error code, once; a load that failed is tried again on the next need. */
export function loadErrorWords(): Promise<ErrorWords> {
  pending ??= import('./errors.js').then(
    (m) => (words = m),
    (err: unknown) => {
      pending = null
      failed = true
      throw err
    },
  )
  return pending
}

/** The words of every error code when loaded, else null. */
export function loadedErrorWords(): ErrorWords | null {
  return words
}

/**
 * What to tell about a failure before the words are loaded: the service's own words when it sent some, the
 * widget's for an unreachable service; otherwise nothing for the moment the words take to arrive, or "Something
 * went wrong" when they could not be loaded.
 */
export function interimErrorText(err: unknown, locale: Locale): string {
  if (err instanceof WidgetError) {
    if (err.code === 'network') return FALLBACK_ERROR_TEXTS.network[locale]
    if (err.status > 0 && err.message && err.code !== 'unknown') return err.message
  }
  return failed ? FALLBACK_ERROR_TEXTS.unknown[locale] : ''
}

/**
 * The client, its refusals held back until the words of every error code are loaded: the code that catches one
 * says it in the widget's words at once.
 */
export function withErrorWords(api: ApiClient): ApiClient {
  return new Proxy(api, {
    get(target, key) {
      const fn = target[key as keyof ApiClient] as unknown
      if (typeof fn !== 'function') return fn
      return (...args: unknown[]) => {
        const result = (fn as (...a: unknown[]) => unknown).apply(target, args)
        if (!(result instanceof Promise)) return result
        return result.catch(async (err: unknown) => {
          // An unreachable service has its words here already (and the words' chunk may not load either).
          if (err instanceof WidgetError && err.code !== 'network' && !words) await loadErrorWords().catch(() => {})
          throw err
        })
      }
    },
  })
}
