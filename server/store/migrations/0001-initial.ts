import { sql, type Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/** Every table of the first release. */
export const initial: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await db.schema
      .createTable('rooms')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('meeting_id', 'text', (c) => c.notNull().unique())
      .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('rooms_space').on('rooms').column('space_id').execute()
    // At most one default room per space, whatever the number of simultaneous first accesses.
    await db.schema
      .createIndex('rooms_one_default_per_space')
      .on('rooms')
      .column('space_id')
      .unique()
      .where(sql.ref('is_default'), '=', 1)
      .execute()

    await db.schema
      .createTable('meeting_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('meeting_id', 'text', (c) => c.notNull())
      .addColumn('room_id', 'text', (c) => c.notNull())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('create_time', 'bigint')
      .addColumn('internal_meeting_id', 'text')
      .addColumn('moderator_pw', 'text')
      .addColumn('started_by', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .execute()
    await db.schema
      .createIndex('meeting_runs_one_open_per_meeting')
      .on('meeting_runs')
      .column('meeting_id')
      .unique()
      .where(sql.ref('ended_at'), 'is', null)
      .execute()
    await db.schema.createIndex('meeting_runs_space').on('meeting_runs').columns(['space_id', 'ended_at']).execute()

    await db.schema
      .createTable('audit')
      .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('actor_name', 'text')
      .addColumn('space_id', 'text')
      .addColumn('room_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('audit_at').on('audit').column('at').execute()
    await db.schema.createIndex('audit_space').on('audit').columns(['space_id', 'at']).execute()
    await db.schema.createIndex('audit_action').on('audit').column('action').execute()

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('space_limits')
      .addColumn('space_id', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('seats')
      .addColumn('meeting_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('room_id', 'text', (c) => c.notNull())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('moderator', 'integer', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('seats_pk', ['meeting_id', 'user_id'])
      .execute()
    await db.schema.createIndex('seats_expiry').on('seats').column('expires_at').execute()

    await db.schema
      .createTable('identities')
      .addColumn('sub', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('email_key', 'text')
      .addColumn('external', 'integer', (c) => c.notNull())
      .addColumn('spaces', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('identities_email').on('identities').column('email_key').execute()

    await db.schema
      .createTable('scheduled_meetings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('room_id', 'text', (c) => c.notNull())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('uid', 'text', (c) => c.notNull().unique())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('start_at', 'bigint', (c) => c.notNull())
      .addColumn('end_at', 'bigint', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      .addColumn('attendees', 'text', (c) => c.notNull())
      .addColumn('sequence', 'integer', (c) => c.notNull())
      .addColumn('organizer', 'text', (c) => c.notNull())
      .addColumn('cancelled_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('scheduled_space_start').on('scheduled_meetings').columns(['space_id', 'start_at']).execute()
    await db.schema.createIndex('scheduled_room_start').on('scheduled_meetings').columns(['room_id', 'start_at']).execute()

    await db.schema
      .createTable('calendar_keys')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute()
    await db.schema.createIndex('calendar_keys_space').on('calendar_keys').column('space_id').execute()

    await db.schema
      .createTable('recordings')
      .addColumn('record_id', 'text', (c) => c.primaryKey())
      .addColumn('meeting_id', 'text', (c) => c.notNull())
      .addColumn('room_id', 'text')
      .addColumn('ready_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('recordings_meeting').on('recordings').column('meeting_id').execute()
  },
}
