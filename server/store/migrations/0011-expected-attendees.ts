import type { Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/** Scheduled meetings may say how many people they expect (capacity planning): JSON `{internal, external}`. */
export const expectedAttendees: StoreMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('scheduled_meetings').addColumn('expected_attendees', 'text').execute()
  },
}
