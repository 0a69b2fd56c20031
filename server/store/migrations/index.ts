import type { Migration, MigrationProvider } from 'kysely'
import type { MigrationEnv, SqlDialect, StoreMigration } from './migration.js'
import { initial } from './0001-initial.js'
import { hostEvents } from './0002-host-events.js'
import { hostEventPresence } from './0003-host-event-presence.js'
import { roomDocuments } from './0004-room-documents.js'
import { usageHistory } from './0005-usage-history.js'
import { sealedAccessCodes } from './0006-sealed-access-codes.js'
import { attendance } from './0007-attendance.js'
import { spaceNames } from './0008-space-names.js'
import { roomPresets } from './0009-room-presets.js'
import { mailOutbox } from './0010-mail-outbox.js'
import { expectedAttendees } from './0011-expected-attendees.js'
import { retention } from './0012-retention.js'
import { identitySeen } from './0013-identity-seen.js'

export type { MigrationEnv, SqlDialect, StoreMigration } from './migration.js'

/** Every migration by name; applied in name order. */
export const MIGRATIONS: Readonly<Record<string, StoreMigration>> = Object.freeze({
  '0001-initial': initial,
  '0002-host-events': hostEvents,
  '0003-host-event-presence': hostEventPresence,
  '0004-room-documents': roomDocuments,
  '0005-usage-history': usageHistory,
  '0006-sealed-access-codes': sealedAccessCodes,
  '0007-attendance': attendance,
  '0008-space-names': spaceNames,
  '0009-room-presets': roomPresets,
  '0010-mail-outbox': mailOutbox,
  '0011-expected-attendees': expectedAttendees,
  '0012-retention': retention,
  '0013-identity-seen': identitySeen,
})

/** A static provider for kysely's Migrator (no file-system scanning, so bundling and tsx both work). */
export function migrationProvider(dialect: SqlDialect, env: MigrationEnv): MigrationProvider {
  return {
    async getMigrations() {
      const migrations: Record<string, Migration> = {}
      for (const [name, migration] of Object.entries(MIGRATIONS)) {
        migrations[name] = { up: (db) => migration.up(db, dialect, env) }
      }
      return migrations
    },
  }
}
