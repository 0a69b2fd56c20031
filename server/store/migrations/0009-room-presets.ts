import type { Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/**
 * Room-setting presets defined by administrators (global ones have no space) and each space's branding (logo,
 * banner), both JSON documents so a setting BBB adds later needs no schema change.
 */
export const roomPresets: StoreMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('presets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('presets_space').on('presets').column('space_id').execute()
    await db.schema
      .createTable('space_branding')
      .addColumn('space_id', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute()
  },
}
