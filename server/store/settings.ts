import type { CapacitySettings, RetentionSettings } from '../contract/index.js'
import { parseJson, type StoreContext } from './context.js'
import type { CapacitySettingsRepo, RetentionRuleRepo } from './types.js'

/**
 * The service-wide settings admins change, one JSON row per key of `settings`: the retention rules (`retention`)
 * and the capacity threshold (`capacity`). The defaults are the callers'.
 */
export function settingQueries(ctx: Pick<StoreContext, 'db'>): Pick<RetentionRuleRepo, 'getSavedRetention' | 'putRetention'> & CapacitySettingsRepo {
  const { db } = ctx
  /** The saved value, null when none was saved (or it cannot be read). */
  const get = async <T>(key: string): Promise<T | null> => {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
    return row ? parseJson<T | null>(row.value, null) : null
  }
  const put = async (key: string, settings: object, now: number): Promise<void> => {
    const value = JSON.stringify(settings)
    await db
      .insertInto('settings')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute()
  }
  return {
    getSavedRetention: () => get<Partial<RetentionSettings>>('retention'),
    putRetention: (settings, now) => put('retention', settings, now),
    getSavedCapacity: () => get<Partial<CapacitySettings>>('capacity'),
    putCapacity: (settings, now) => put('capacity', settings, now),
  }
}
