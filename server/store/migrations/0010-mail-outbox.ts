import { sql, type Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/**
 * Invitation mail: the outbox of iMIP messages (written in the transaction that schedules, changes or cancels a
 * meeting, then delivered by a worker) and the personal guest links of external attendees.
 */
export const mailOutbox: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await db.schema
      .createTable('mail_outbox')
      .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('meeting_id', 'text', (c) => c.notNull())
      // One recipient of one meeting: its messages go out in order (a REQUEST before the CANCEL that follows it).
      .addColumn('stream', 'text', (c) => c.notNull())
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('method', 'text', (c) => c.notNull())
      .addColumn('sequence', 'integer', (c) => c.notNull())
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
    await db.schema
      .createIndex('mail_outbox_pending')
      .on('mail_outbox')
      .columns(['stream', 'seq'])
      .where(sql.ref('state'), '=', 'pending')
      .execute()
    await db.schema.createIndex('mail_outbox_meeting').on('mail_outbox').columns(['meeting_id', 'seq']).execute()
    await db.schema.createIndex('mail_outbox_finished').on('mail_outbox').columns(['state', 'finished_at']).execute()

    await db.schema
      .createTable('meeting_invitations')
      .addColumn('token', 'text', (c) => c.primaryKey())
      .addColumn('meeting_id', 'text', (c) => c.notNull())
      .addColumn('room_id', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute()
    await db.schema.createIndex('meeting_invitations_meeting').on('meeting_invitations').columns(['meeting_id', 'email']).execute()
  },
}
