import type { Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/**
 * Usage history (server/usage/): one row per sampled minute and space (`space_id` '' is the whole service, and
 * doubles as the minute's claim, so two instances never both write a minute), rolled up in the database into one
 * row per hour and space keeping the maximum and the sum (average = sum / minutes sampled).
 */
export const usageHistory: StoreMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('usage_minutes')
      .addColumn('minute', 'bigint', (c) => c.notNull())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('participants', 'integer', (c) => c.notNull())
      .addColumn('internal', 'integer', (c) => c.notNull())
      .addColumn('external', 'integer', (c) => c.notNull())
      .addColumn('meetings', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('usage_minutes_pk', ['minute', 'space_id'])
      .execute()
    await db.schema
      .createTable('usage_hours')
      .addColumn('hour', 'bigint', (c) => c.notNull())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('minutes', 'integer', (c) => c.notNull())
      .addColumn('participants_max', 'integer', (c) => c.notNull())
      .addColumn('participants_sum', 'integer', (c) => c.notNull())
      .addColumn('internal_max', 'integer', (c) => c.notNull())
      .addColumn('internal_sum', 'integer', (c) => c.notNull())
      .addColumn('external_max', 'integer', (c) => c.notNull())
      .addColumn('external_sum', 'integer', (c) => c.notNull())
      .addColumn('meetings_max', 'integer', (c) => c.notNull())
      .addColumn('meetings_sum', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('usage_hours_pk', ['hour', 'space_id'])
      .execute()
  },
}
