import { describe, expect, it } from 'vitest'
import { ERROR_CODES, HTTP_STATUS } from '../../server/errors.js'
import { ERROR_TEXTS, PAGE_TEXTS, errorText, pickLocale } from '../../server/i18n/index.js'

describe('the server catalogue', () => {
  it('lists every error code once, the same codes as the status table', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
    expect([...ERROR_CODES].sort()).toEqual(Object.keys(HTTP_STATUS).sort())
    expect(Object.keys(ERROR_TEXTS).sort()).toEqual([...ERROR_CODES].sort())
  })

  it.each(ERROR_CODES)('has a French and an English text for %s, neither empty, and different', (code) => {
    const details = { cap: 3, field: 'settings.record', setting: 'record', reason: 'too big' }
    const fr = errorText(code, 'fr', details, 'field: is wrong')
    const en = errorText(code, 'en', details, 'field: is wrong')
    expect(fr.trim().length).toBeGreaterThan(10)
    expect(en.trim().length).toBeGreaterThan(10)
    expect(fr).not.toBe(en)
    expect(`${fr} ${en}`).not.toMatch(/undefined|\[object/)
  })

  it('puts the details that matter in the words: the cap that refused, why a limit was refused', () => {
    expect(errorText('room_full', 'fr', { cap: 2 })).toBe(
      "Cette réunion est complète (2 participants). Réessayez plus tard, quand quelqu'un sera parti.",
    )
    // Why in words, never the field's internal name (the admin console shows the words beside that field).
    expect(errorText('invalid_limits', 'en', { field: 'licence.maxInternal', rule: 'max', max: 100 })).toBe('This limit is not accepted: 100 at most. Nothing was changed.')
    expect(errorText('invalid_limits', 'fr', { field: 'licence.maxInternal', rule: 'min', min: 0 })).not.toContain('licence.')
    expect(errorText('invalid_request', 'fr', {}, 'name: must be 2 to 64 characters')).toContain('name: must be 2 to 64 characters')
  })

  it('has both languages for every text of the pages the server renders', () => {
    for (const [key, text] of Object.entries(PAGE_TEXTS)) {
      expect(text.fr.trim(), key).not.toBe('')
      expect(text.en.trim(), key).not.toBe('')
    }
  })

  it('picks the explicit locale first, then Accept-Language, then English', () => {
    expect(pickLocale('fr', 'en-GB')).toBe('fr')
    expect(pickLocale(null, 'fr-FR,fr;q=0.9')).toBe('fr')
    expect(pickLocale('de', 'de-DE')).toBe('en')
    expect(pickLocale(undefined, undefined)).toBe('en')
  })
})
