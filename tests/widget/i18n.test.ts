import { afterEach, describe, expect, it, vi } from 'vitest'
import { HTTP_STATUS } from '../../server/errors.js'
import { BUILTIN_PRESETS } from '../../server/limits/presets.js'
import { WidgetError, type ApiClient } from '../../widget/api.js'
import { ADMIN_TEXTS } from '../../widget/i18n/admin.js'
import { ATTENDANCE_TEXTS } from '../../widget/i18n/attendance.js'
import { ERROR_TEXTS, errorMessage, errorText, isKnownErrorCode } from '../../widget/i18n/errors.js'
import { FALLBACK_ERROR_TEXTS, interimErrorText, loadedErrorWords, withErrorWords } from '../../widget/i18n/errors-on-demand.js'
import { LINK_TEXTS } from '../../widget/i18n/link.js'
import { PRESET_TEXTS, presetName } from '../../widget/i18n/presets.js'
import { resolveLocale, translator, type Texts } from '../../widget/i18n/locale.js'
import { RECORDING_TEXTS } from '../../widget/i18n/recordings.js'
import { ROOM_DIALOG_TEXTS } from '../../widget/i18n/room-dialog.js'
import { ROOM_TEXTS } from '../../widget/i18n/rooms.js'
import { SETTING_TEXTS } from '../../widget/i18n/settings.js'
import { SCHEDULE_TEXTS } from '../../widget/i18n/schedule.js'
import { SPACE_SCHEDULE_TEXTS } from '../../widget/i18n/space-schedule.js'
import { WIDGET_TEXTS } from '../../widget/i18n/widget.js'

afterEach(() => {
  vi.unstubAllGlobals()
})

const SECTIONS: Record<string, Texts> = {
  widget: WIDGET_TEXTS,
  admin: ADMIN_TEXTS,
  recordings: RECORDING_TEXTS,
  attendance: ATTENDANCE_TEXTS,
  link: LINK_TEXTS,
  rooms: ROOM_TEXTS,
  roomDialog: ROOM_DIALOG_TEXTS,
  settings: SETTING_TEXTS,
  presets: PRESET_TEXTS,
  schedule: SCHEDULE_TEXTS,
  spaceSchedule: SPACE_SCHEDULE_TEXTS,
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('widget language', () => {
  it('takes the option first, then the document’s lang, then the browser’s, and falls back to English', () => {
    vi.stubGlobal('document', { documentElement: { lang: 'fr-CA' } })
    vi.stubGlobal('navigator', { language: 'en-US' })
    expect(resolveLocale('en')).toBe('en')
    expect(resolveLocale(undefined)).toBe('fr')
    vi.stubGlobal('document', { documentElement: { lang: '' } })
    vi.stubGlobal('navigator', { language: 'fr_FR' })
    expect(resolveLocale(null)).toBe('fr')
    vi.stubGlobal('navigator', { language: 'de-DE' })
    expect(resolveLocale('es')).toBe('en')
  })

  it('fills placeholders and leaves unknown ones visible', () => {
    const fr = translator(WIDGET_TEXTS, 'fr')
    expect(fr('button.joinCount', { count: 3 })).toBe('Rejoindre (3 présents)')
    expect(fr('status.started', {})).toBe('La réunion dans {room} a commencé.')
  })

  it('has its own French and English text for every refusal the join API can answer', () => {
    const codes = ['room_full', 'licence_full', 'licence_full_internal', 'licence_full_external', 'meeting_not_running',
      'space_meeting_limit', 'licence_meeting_limit', 'not_a_member', 'bbb_unavailable', 'invalid_token'] as const
    for (const code of codes) {
      expect(isKnownErrorCode(code), code).toBe(true)
      expect(errorMessage(code, 'fr')).not.toBe(errorMessage(code, 'en'))
    }
    expect(isKnownErrorCode('some_future_code')).toBe(false)
  })
})

describe('the widget’s one catalogue', () => {
  it('has a French and an English text for every error code the service can answer, and for no other', () => {
    const serverCodes = Object.keys(HTTP_STATUS).sort()
    const widgetCodes = Object.keys(ERROR_TEXTS).filter((c) => c !== 'network' && c !== 'unknown').sort()
    expect(widgetCodes).toEqual(serverCodes)
    const details = { cap: 3, field: 'settings.record', setting: 'record', reason: 'too big' }
    for (const code of Object.keys(ERROR_TEXTS) as Array<keyof typeof ERROR_TEXTS>) {
      const fr = errorMessage(code, 'fr', details, 'field: is wrong')
      const en = errorMessage(code, 'en', details, 'field: is wrong')
      expect(fr.trim().length, `${code} fr`).toBeGreaterThan(10)
      expect(en.trim().length, `${code} en`).toBeGreaterThan(10)
      expect(fr, code).not.toBe(en)
      expect(`${fr} ${en}`).not.toMatch(/undefined|\[object|\{\w+\}/)
    }
  })

  it('gives every UI text both languages with the same placeholders, and each key once across its sections', () => {
    const seen = new Map<string, string>()
    for (const [section, texts] of Object.entries(SECTIONS)) {
      for (const [key, text] of Object.entries(texts)) {
        expect(seen.get(key), `${key} is in ${seen.get(key)} and ${section}`).toBeUndefined()
        seen.set(key, section)
        expect(text.fr.trim(), `${section} ${key} fr`).not.toBe('')
        expect(text.en.trim(), `${section} ${key} en`).not.toBe('')
        expect(placeholders(text.fr), `${section} ${key}`).toEqual(placeholders(text.en))
      }
    }
  })

  it('tells a failure in the widget’s words, the service’s message only for a code it does not know yet', () => {
    const full = new WidgetError('licence_full_external', 'server words', { status: 409, details: { cap: 0 } })
    expect(errorText(full, 'en')).toBe('The video service has reached its limit of 0 simultaneous external participants. Try again later.')
    expect(errorText(full, 'fr')).toBe(
      'Le service de visioconférence a atteint sa limite de 0 participants externes simultanés. Réessayez plus tard.',
    )
    // The request's own technical words are only in the service's message: it is shown as sent.
    const bad = new WidgetError('invalid_request', 'La requête n’est pas valide : name: must be 2 to 64 characters', { status: 400 })
    expect(errorText(bad, 'fr')).toBe(bad.message)
    const future = new WidgetError('some_future_code' as never, 'Le service a parlé.', { status: 400 })
    expect(errorText(future, 'fr')).toBe('Le service a parlé.')
    expect(errorText(new TypeError('boom'), 'en')).toBe('Something went wrong. Try again.')
    expect(errorText(new WidgetError('network', 'unreachable'), 'fr')).toBe('Le service de réunions est injoignable. Vérifiez votre connexion.')
  })

  it('says a failure met before its words are loaded in the same words they hold, or the service’s own', () => {
    for (const locale of ['fr', 'en'] as const) {
      for (const code of ['network', 'unknown'] as const) expect(FALLBACK_ERROR_TEXTS[code][locale]).toBe(errorMessage(code, locale))
      expect(interimErrorText(new WidgetError('network', 'unreachable'), locale)).toBe(errorMessage('network', locale))
      // The service answers in the language the widget asks for.
      const full = new WidgetError('room_full', errorMessage('room_full', locale, { cap: 2 }), { status: 409, details: { cap: 2 } })
      expect(interimErrorText(full, locale)).toBe(errorText(full, locale))
      // Nothing to say yet without the service's words: the words arrive a moment later.
      expect(interimErrorText(new WidgetError('room_not_found', ''), locale)).toBe('')
      expect(interimErrorText(new WidgetError('unknown', 'Bad Gateway', { status: 502 }), locale)).toBe('')
    }
  })

  it('loads the words of every error code on the first refusal, before the code that catches it runs', async () => {
    expect(loadedErrorWords()).toBeNull()
    const refusing = { listRooms: () => Promise.reject(new WidgetError('not_a_member', 'x', { status: 403 })) } as unknown as ApiClient
    const err = await withErrorWords(refusing).listRooms('s').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WidgetError)
    expect(loadedErrorWords()?.errorText(err, 'en')).toBe('You are not a member of this space.')
  })
})

describe('preset names', () => {
  it('names every built-in preset of the service in both languages, by its id, in English as the service does', () => {
    for (const preset of BUILTIN_PRESETS) {
      expect(presetName(preset, 'en'), preset.id).toBe(preset.name)
      expect(presetName(preset, 'fr'), preset.id).not.toBe(preset.name)
    }
    expect(Object.keys(PRESET_TEXTS).sort()).toEqual(BUILTIN_PRESETS.map((p) => `p.${p.id}`).sort())
    expect(BUILTIN_PRESETS.map((p) => presetName(p, 'fr'))).toEqual(['Réunion d’équipe', 'Conférence', 'Formation', 'Entretien'])
  })

  it('keeps an administrator’s preset as typed, even under a built-in id, and a built-in one it does not know as sent', () => {
    expect(presetName({ id: 'p-0a1b2c3d4e5f', name: 'Town hall', scope: 'global' }, 'fr')).toBe('Town hall')
    expect(presetName({ id: 'conference', name: 'Amphi', scope: 'space' }, 'fr')).toBe('Amphi')
    expect(presetName({ id: 'webinar', name: 'Webinar', scope: 'builtin' }, 'fr')).toBe('Webinar')
  })
})
