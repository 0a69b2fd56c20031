import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from '../../server/errors.js'
import { errorText as serverText } from '../../server/i18n/index.js'
import { errorMessage } from '../../widget/i18n/errors.js'

// Each side has its one catalogue (the widget may not import the server's); they must say the same thing.

const DETAILS = { cap: 3, field: 'licence.maxExternal', setting: 'record', reason: 'must be at least 0' }

describe('the widget and the API', () => {
  it.each(ERROR_CODES)('answer the same words for %s, in French and in English', (code) => {
    for (const locale of ['fr', 'en'] as const) {
      expect(errorMessage(code, locale, DETAILS, 'name: must be 2 to 64 characters'), locale).toBe(
        serverText(code, locale, DETAILS, 'name: must be 2 to 64 characters'),
      )
    }
  })

  it('fill in only the details they are given, as the API does', () => {
    expect(errorMessage('invalid_limits', 'en', { field: 'licence.maxExternal' })).toBe(serverText('invalid_limits', 'en', { field: 'licence.maxExternal' }))
    for (const details of [{ field: 'licence.maxMeetings', rule: 'min', min: 0 }, { rule: 'max', max: 40 }, { rule: 'integer' }]) {
      for (const locale of ['fr', 'en'] as const) expect(errorMessage('invalid_limits', locale, details)).toBe(serverText('invalid_limits', locale, details))
    }
    expect(errorMessage('room_full', 'fr', { cap: 2 })).toBe(serverText('room_full', 'fr', { cap: 2 }))
  })
})
