import type { Locale, RecordingConsent } from '../contract/index.js'
import { RECORDING_CONSENT_TEXT } from '../i18n/retention.js'

/** The consent text in a language (the admins' words, else the service's), or null when consent is switched off. */
export function consentText(consent: RecordingConsent, locale: Locale): string | null {
  if (!consent.enabled) return null
  return consent[locale]?.trim() || RECORDING_CONSENT_TEXT[locale]
}

/**
 * What create carries for a meeting that may be recorded: BBB's own recording notice, and the consent text after
 * the room's welcome message.
 */
export function consentParams(text: string, welcome: string | undefined): { notifyRecordingIsOn: true; welcome: string } {
  return { notifyRecordingIsOn: true, welcome: welcome ? `${welcome}<br><br>${text}` : text }
}
