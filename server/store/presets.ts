import type { StoreContext } from './context.js'
import { parseJson } from './context.js'
import type { SpaceBranding, StoredPreset } from '../model/index.js'
import type { PresetRepo } from './types.js'
import type { PresetsTable } from './schema.js'

function toPreset(row: PresetsTable): StoredPreset {
  return {
    id: row.id,
    spaceId: row.space_id,
    name: row.name,
    settings: parseJson<StoredPreset['settings']>(row.settings, {}),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export function presetQueries(ctx: StoreContext): PresetRepo {
  const { db } = ctx
  return {
    async listPresets(spaceId) {
      const query = db.selectFrom('presets').selectAll()
      const rows = await (spaceId === null ? query.where('space_id', 'is', null) : query.where('space_id', '=', spaceId))
        .orderBy('name')
        .orderBy('id')
        .execute()
      return rows.map(toPreset)
    },

    async getPreset(id) {
      const row = await db.selectFrom('presets').selectAll().where('id', '=', id).executeTakeFirst()
      return row ? toPreset(row) : undefined
    },

    async putPreset(preset) {
      const settings = JSON.stringify(preset.settings)
      await db
        .insertInto('presets')
        .values({
          id: preset.id,
          space_id: preset.spaceId,
          name: preset.name,
          settings,
          created_at: preset.createdAt,
          updated_at: preset.updatedAt,
        })
        .onConflict((oc) => oc.column('id').doUpdateSet({ name: preset.name, settings, updated_at: preset.updatedAt }))
        .execute()
    },

    async deletePreset(id) {
      const result = await db.deleteFrom('presets').where('id', '=', id).executeTakeFirst()
      return Number(result.numDeletedRows) > 0
    },

    async getBranding(spaceId) {
      const row = await db.selectFrom('space_branding').select('value').where('space_id', '=', spaceId).executeTakeFirst()
      return parseJson<SpaceBranding>(row?.value, {})
    },

    async putBranding(spaceId, branding, now) {
      const value = JSON.stringify(branding)
      await db
        .insertInto('space_branding')
        .values({ space_id: spaceId, value, updated_at: now })
        .onConflict((oc) => oc.column('space_id').doUpdateSet({ value, updated_at: now }))
        .execute()
    },
  }
}
