import type { Kysely } from 'kysely'
import type { StoreContext } from './context.js'
import type { AuditTable, IdentitiesTable, MeetingRunsTable, SeatsTable } from './schema.js'
import type { RetentionPurgeRepo, RetentionRuleRepo } from './types.js'

/** Tables of migration `0012-retention`. */
interface SpaceRetentionTable {
  space_id: string
  recording_days: number | null
  updated_at: number
}

interface RecordingKeepsTable {
  record_id: string
  room_id: string
  kept_by: string
  kept_at: number
}

type Tables = { space_retention: SpaceRetentionTable; recording_keeps: RecordingKeepsTable }

/** What the purge deletes (the tables other repositories write). */
interface PurgedTables {
  meeting_runs: MeetingRunsTable
  attendance_sessions: { run_id: string; user_id: string | null; left_at: number | null }
  attendance_stats: { run_id: string }
  audit: AuditTable
  usage_minutes: { minute: number; space_id: string }
  usage_hours: { hour: number; space_id: string }
  mail_outbox: { state: string; finished_at: number | null }
  identities: IdentitiesTable
  seats: SeatsTable
}

const deleted = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows)

/** Each space's own recording rule and the recordings kept on request (both dialects); the global rules are store/settings.ts's. */
export function retentionQueries(ctx: Pick<StoreContext, 'db'>): Omit<RetentionRuleRepo, 'getSavedRetention' | 'putRetention'> {
  const db = ctx.db as unknown as Kysely<Tables>
  return {
    async getSpaceRecordingDays(spaceId) {
      const row = await db.selectFrom('space_retention').select('recording_days').where('space_id', '=', spaceId).executeTakeFirst()
      return row && { recordingDays: row.recording_days === null ? null : Number(row.recording_days) }
    },
    async putSpaceRecordingDays(spaceId, recordingDays, now) {
      if (recordingDays === undefined) {
        await db.deleteFrom('space_retention').where('space_id', '=', spaceId).execute()
      } else {
        await db
          .insertInto('space_retention')
          .values({ space_id: spaceId, recording_days: recordingDays, updated_at: now })
          .onConflict((oc) => oc.column('space_id').doUpdateSet({ recording_days: recordingDays, updated_at: now }))
          .execute()
      }
    },
    async spaceRecordingOverrides() {
      const rows = await db.selectFrom('space_retention').select(['space_id', 'recording_days']).execute()
      return new Map(rows.map((r) => [r.space_id, r.recording_days === null ? null : Number(r.recording_days)]))
    },
    async setRecordingKeep(recordId, roomId, keep, by, now) {
      if (!keep) {
        await db.deleteFrom('recording_keeps').where('record_id', '=', recordId).execute()
        return
      }
      await db
        .insertInto('recording_keeps')
        .values({ record_id: recordId, room_id: roomId, kept_by: by, kept_at: now })
        .onConflict((oc) => oc.column('record_id').doNothing())
        .execute()
    },
    async keptRecordings(recordIds) {
      const found = new Set<string>()
      for (let i = 0; i < recordIds.length; i += 500) {
        const rows = await db
          .selectFrom('recording_keeps')
          .select('record_id')
          .where('record_id', 'in', recordIds.slice(i, i + 500))
          .execute()
        for (const r of rows) found.add(r.record_id)
      }
      return found
    },
  }
}

/** The deletions of the retention purge, each to the millisecond (`< before`). */
export function retentionPurgeQueries(ctx: Pick<StoreContext, 'db'>): RetentionPurgeRepo {
  const db = ctx.db as unknown as Kysely<PurgedTables>
  return {
    async purgeEndedRuns(before, batch) {
      const counts = { runs: 0, attendanceRows: 0, analyticsRows: 0 }
      for (;;) {
        const runs = await db
          .selectFrom('meeting_runs')
          .select('id')
          .where('ended_at', 'is not', null)
          .where('ended_at', '<', before)
          .limit(batch)
          .execute()
        if (runs.length === 0) return counts
        const ids = runs.map((r) => r.id)
        counts.attendanceRows += deleted(await db.deleteFrom('attendance_sessions').where('run_id', 'in', ids).executeTakeFirst())
        counts.analyticsRows += deleted(await db.deleteFrom('attendance_stats').where('run_id', 'in', ids).executeTakeFirst())
        counts.runs += deleted(await db.deleteFrom('meeting_runs').where('id', 'in', ids).executeTakeFirst())
      }
    },
    async purgeAudit(before) {
      return deleted(await db.deleteFrom('audit').where('at', '<', before).executeTakeFirst())
    },
    async purgeSpaceUsage(before) {
      return (
        deleted(await db.deleteFrom('usage_minutes').where('space_id', '<>', '').where('minute', '<', before).executeTakeFirst()) +
        deleted(await db.deleteFrom('usage_hours').where('space_id', '<>', '').where('hour', '<', before).executeTakeFirst())
      )
    },
    async purgeFinishedMail(before) {
      return deleted(await db.deleteFrom('mail_outbox').where('state', 'in', ['sent', 'failed']).where('finished_at', '<', before).executeTakeFirst())
    },
    async purgeIdentities(before) {
      // A seat (reserved or present) or an open session: the person is joining or in a meeting now, and the
      // running join path (limits' kinds, attendance) still reads their identity. They go at a later purge.
      return deleted(
        await db
          .deleteFrom('identities')
          .where('seen_at', '<', before)
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('seats').select('seats.user_id').whereRef('seats.user_id', '=', 'identities.sub'))))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('attendance_sessions')
                  .select('attendance_sessions.user_id')
                  .whereRef('attendance_sessions.user_id', '=', 'identities.sub')
                  .where('attendance_sessions.left_at', 'is', null),
              ),
            ),
          )
          .executeTakeFirst(),
      )
    },
  }
}
