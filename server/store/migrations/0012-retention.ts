import type { Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/**
 * Retention (server/retention/): a space's own rule for its recordings (the global rules live in `settings` under
 * `retention`), and the recordings a moderator asked to keep whatever the rule. The daily purge's lease is the row
 * `retention-purge` of `job_leases` (migration 0007).
 */
export const retention: StoreMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('space_retention')
      .addColumn('space_id', 'text', (c) => c.primaryKey())
      // Days a recording is kept; null: kept until someone deletes it.
      .addColumn('recording_days', 'integer')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema
      .createTable('recording_keeps')
      .addColumn('record_id', 'text', (c) => c.primaryKey())
      .addColumn('room_id', 'text', (c) => c.notNull())
      .addColumn('kept_by', 'text', (c) => c.notNull())
      .addColumn('kept_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('recording_keeps_room').on('recording_keeps').column('room_id').execute()
  },
}
