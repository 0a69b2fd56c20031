import type { Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/**
 * The retention purge forgets the identities not seen for `identityDays` (server/retention/purge.ts): an index on
 * `seen_at` so the daily delete finds them without reading every person the service ever saw.
 */
export const identitySeen: StoreMigration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('identities_seen').on('identities').column('seen_at').execute()
  },
}
