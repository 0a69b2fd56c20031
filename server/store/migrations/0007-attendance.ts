import { sql, type Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/**
 * Attendance per meeting run (who was there, from when to when, with BBB's learning-dashboard figures when it sends
 * them) and the leases of periodic jobs (the daily retention purge runs on one instance at a time).
 */
export const attendance: StoreMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('attendance_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('meeting_id', 'text', (c) => c.notNull())
      .addColumn('room_id', 'text', (c) => c.notNull())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('user_key', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('joined_at', 'bigint', (c) => c.notNull())
      .addColumn('left_at', 'bigint')
      .execute()
    // One open session per person and run, whatever the number of instances seeing the same join.
    await db.schema
      .createIndex('attendance_one_open_session')
      .on('attendance_sessions')
      .columns(['run_id', 'user_key'])
      .unique()
      .where(sql.ref('left_at'), 'is', null)
      .execute()
    await db.schema.createIndex('attendance_run').on('attendance_sessions').columns(['run_id', 'joined_at']).execute()
    await db.schema.createIndex('attendance_meeting_open').on('attendance_sessions').columns(['meeting_id', 'left_at']).execute()
    await db.schema.createIndex('attendance_space_time').on('attendance_sessions').columns(['space_id', 'joined_at']).execute()
    await db.schema.createIndex('attendance_user').on('attendance_sessions').column('user_id').execute()

    await db.schema
      .createTable('attendance_stats')
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('user_key', 'text', (c) => c.notNull())
      .addColumn('space_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('talk_seconds', 'integer')
      .addColumn('messages', 'integer')
      .addColumn('webcam_seconds', 'integer')
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('attendance_stats_pk', ['run_id', 'user_key'])
      .execute()
    await db.schema.createIndex('attendance_stats_user').on('attendance_stats').column('user_id').execute()
    await db.schema.createIndex('attendance_stats_space_time').on('attendance_stats').columns(['space_id', 'received_at']).execute()

    await db.schema
      .createTable('job_leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text')
      .addColumn('lease_until', 'bigint')
      .addColumn('last_done_at', 'bigint')
      .execute()
  },
}
