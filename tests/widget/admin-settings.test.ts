import { describe, expect, it } from 'vitest'
import { SETTINGS } from '../../server/limits/settings.js'
import { SETTING_SPECS } from '../../widget/components/admin/setting-specs.js'
import { ADMIN_SETTING_TEXTS } from '../../widget/i18n/admin-settings.js'

// The admin console's copy of the room settings' table (the widget may not import the server) is the service's.

describe("the admin console's room settings", () => {
  it('are the service’s: same keys, types, groups, bounds and values, in the same order', () => {
    const strip = (spec: { type: string; group: string; values?: readonly string[]; min?: number; max?: number }) => ({
      type: spec.type,
      group: spec.group,
      ...(spec.values ? { values: [...spec.values] } : {}),
      ...(spec.type === 'number' ? { min: spec.min, max: spec.max } : {}),
    })
    expect(Object.keys(SETTING_SPECS)).toEqual(Object.keys(SETTINGS))
    for (const [key, spec] of Object.entries(SETTINGS)) expect(strip(SETTING_SPECS[key as keyof typeof SETTINGS]), key).toEqual(strip(spec))
  })

  it('each have words, as each of their values, in French and English', () => {
    for (const [key, spec] of Object.entries(SETTING_SPECS)) {
      const texts = ADMIN_SETTING_TEXTS as Record<string, { fr: string; en: string } | undefined>
      expect(texts[`s.${key}`], key).toBeDefined()
      for (const value of spec.values ?? []) expect(texts[`v.${value}`], `${key}: ${value}`).toBeDefined()
    }
  })
})
