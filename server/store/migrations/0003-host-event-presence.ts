import type { Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/**
 * Who the host platform was told is in each meeting: a join or leave is sent only when it changes this row, so
 * several instances (or a restarted one) seeing the same attendee list send it once.
 */
export const hostEventPresence: StoreMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('host_event_presence')
      .addColumn('meeting_id', 'text', (c) => c.notNull())
      .addColumn('user_key', 'text', (c) => c.notNull())
      .addColumn('present', 'integer', (c) => c.notNull())
      .addColumn('changed_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('host_event_presence_pk', ['meeting_id', 'user_key'])
      .execute()
  },
}
