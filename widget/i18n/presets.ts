import type { Preset } from '../../server/contract/index.js'
import { translator, type Locale, type Texts } from './locale.js'

/**
 * The built-in presets' names (`p.<id>`), which the service sends in English only: the room dialog
 * (bbb-spaces-room.js) and the admin console (bbb-spaces-admin.js) each carry a copy, the main script none.
 */
export const PRESET_TEXTS = {
  'p.team-meeting': { en: 'Team meeting', fr: 'Réunion d’équipe' },
  'p.conference': { en: 'Conference', fr: 'Conférence' },
  'p.training': { en: 'Training', fr: 'Formation' },
  'p.interview': { en: 'Interview', fr: 'Entretien' },
} as const satisfies Texts

/** A built-in preset's name in `locale` by its id, or undefined for any other id (admins' presets, new ones). */
export function builtinPresetName(id: string, locale: Locale): string | undefined {
  const key = `p.${id}`
  return Object.hasOwn(PRESET_TEXTS, key) ? translator(PRESET_TEXTS, locale)(key as keyof typeof PRESET_TEXTS) : undefined
}

/**
 * The name a person sees: a built-in preset's in their language, chosen by its id; an administrator's as typed
 * (and a built-in one this widget does not know yet as the service names it).
 */
export function presetName(preset: Pick<Preset, 'id' | 'name' | 'scope'>, locale: Locale): string {
  return (preset.scope === 'builtin' ? builtinPresetName(preset.id, locale) : undefined) ?? preset.name
}
