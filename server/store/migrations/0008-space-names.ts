import type { Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/**
 * The spaces' display names, as the host's tokens last gave them (`spaceNames` claim): the room-link page shows
 * it, and the default room is named after it. Default rooms named from the slug before this stay so until a
 * token gives their space's name, which renames them (unless a manager renamed them).
 */
export const spaceNames: StoreMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('spaces')
      .addColumn('space_id', 'text', (c) => c.primaryKey())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute()
  },
}
