import { sql, type Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/** The host-events outbox: events to POST to the host platform, kept until delivered (then for a while, to dedupe). */
export const hostEvents: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await db.schema
      .createTable('host_events')
      .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('room_id', 'text', (c) => c.notNull())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('finished_at', 'bigint')
      .execute()
    // The claim looks for each room's oldest pending event.
    await db.schema
      .createIndex('host_events_pending')
      .on('host_events')
      .columns(['room_id', 'seq'])
      .where(sql.ref('state'), '=', 'pending')
      .execute()
    await db.schema.createIndex('host_events_finished').on('host_events').columns(['state', 'finished_at']).execute()
  },
}
