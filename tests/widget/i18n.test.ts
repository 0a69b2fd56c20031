import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTranslator, errorKey, resolveLocale } from '../../widget/i18n.js'

afterEach(() => {
  vi.unstubAllGlobals()
})

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
    const fr = createTranslator('fr')
    expect(fr('button.joinCount', { count: 3 })).toBe('Rejoindre (3 présents)')
    expect(fr('status.started', {})).toBe('La réunion dans {room} a commencé.')
  })

  it('has its own French and English text for every refusal the join API can answer', () => {
    const codes = ['room_full', 'licence_full', 'licence_full_internal', 'licence_full_external', 'meeting_not_running',
      'space_meeting_limit', 'licence_meeting_limit', 'not_a_member', 'bbb_unavailable', 'invalid_token']
    const fr = createTranslator('fr')
    const en = createTranslator('en')
    for (const code of codes) {
      const key = errorKey(code)
      expect(key, code).toBeDefined()
      expect(fr(key!)).not.toBe(en(key!))
    }
    expect(errorKey('some_future_code')).toBeUndefined()
  })
})
