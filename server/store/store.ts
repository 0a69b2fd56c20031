import type { Clock } from '../clock.js'
import { createAttendanceRepo } from './attendance.js'
import { auditQueries } from './audit.js'
import { createContext, type Db } from './context.js'
import { documentQueries } from './documents.js'
import { createHostEventOutbox } from './host-events-outbox.js'
import { identityQueries } from './identities.js'
import { createJobLease } from './job-leases.js'
import { limitQueries } from './limits.js'
import { createMailOutbox } from './mail-outbox.js'
import type { SqlDialect } from './migrations/index.js'
import { presetQueries } from './presets.js'
import { recordingQueries } from './recordings.js'
import { retentionPurgeQueries, retentionQueries } from './retention.js'
import { roomQueries } from './rooms.js'
import { runQueries } from './runs.js'
import { scheduleQueries } from './schedule.js'
import { seatQueries } from './seats.js'
import { settingQueries } from './settings.js'
import { spaceQueries } from './spaces.js'
import { createUsageHistoryRepo } from './usage-history.js'
import { userDataQueries } from './user-data.js'
import { sql } from 'kysely'
import type SqliteDatabase from 'better-sqlite3'
import type { Store } from './types.js'
import { createCodeCipher } from './code-cipher.js'
import { withReadCache } from './read-cache.js'

/**
 * The one `Store` over a migrated Kysely database, whatever the dialect: each repository is built over the same
 * context (database, dialect, clock). `close` destroys the database. `raw`: the SQLite database under `db`, for the
 * few statements run synchronously (`StoreContext.immediate`).
 */
export function createKyselyStore(db: Db, dialect: SqlDialect, clock: Clock, codeKey?: Uint8Array, raw: SqliteDatabase.Database | null = null): Store {
  const ctx = createContext(db, dialect, clock, createCodeCipher(codeKey), raw)
  let closed: Promise<void> | null = null
  const repos: Omit<Store, 'readCache'> = {
    kind: dialect,
    ...roomQueries(ctx),
    ...spaceQueries(ctx),
    ...runQueries(ctx),
    ...auditQueries(ctx),
    ...limitQueries(ctx),
    ...seatQueries(ctx),
    ...identityQueries(ctx),
    ...scheduleQueries(ctx),
    ...recordingQueries(ctx),
    ...documentQueries(ctx),
    ...presetQueries(ctx),
    ...settingQueries(ctx),
    ...retentionQueries(ctx),
    ...retentionPurgeQueries(ctx),
    ...userDataQueries(ctx),
    attendance: createAttendanceRepo(ctx),
    jobLease: (name) => createJobLease(ctx, name),
    mailOutbox: createMailOutbox(ctx),
    hostEventOutbox: createHostEventOutbox(ctx),
    usageHistory: createUsageHistoryRepo(ctx),
    transaction: (fn) => ctx.transaction(fn),
    onDomainEvent: (sink, options) => ctx.events.subscribe(sink, options),
    context: ctx,
    async ping() {
      await sql`select 1`.execute(db)
    },
    close() {
      closed ??= db.destroy()
      return closed
    },
  }
  // The reads every join makes are remembered per instance (read-cache.ts).
  return withReadCache(repos, clock)
}
