import type { Kysely } from 'kysely'
import type { RetentionSettings, SpaceRetention } from '../contract/index.js'
import type { StoreContext } from '../store/context.js'
import type { SettingsTable } from '../store/schema.js'

/**
 * The defaults, and why (docs/retention.md says the same for admins): a year of attendance and audit answers the
 * questions that come within a year (who attended, who changed what) and matches the CNIL's usual guidance for
 * access logs; usage per space follows the hourly history's 400 days so a year can be compared with the last;
 * mail is only kept to diagnose deliveries; recordings are the organisers' to delete unless admins decide.
 */
export const DEFAULT_RETENTION: Readonly<RetentionSettings> = Object.freeze({
  attendanceDays: 365,
  auditDays: 365,
  usagePerSpaceDays: 400,
  mailDays: 90,
  recordingDays: null,
  consent: Object.freeze({ enabled: true, fr: null, en: null }),
})

const KEY = 'retention'

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

type Tables = { settings: SettingsTable; space_retention: SpaceRetentionTable; recording_keeps: RecordingKeepsTable }

/** The retention rules and the recordings kept on request (both dialects). */
export interface RetentionRepo {
  get(): Promise<RetentionSettings>
  put(settings: RetentionSettings, now: number): Promise<void>
  /** A space's own recording rule and the one in force. */
  getSpace(spaceId: string): Promise<SpaceRetention>
  /** Sets (a number or null) or removes (undefined) a space's own recording rule. */
  putSpace(spaceId: string, recordingDays: number | null | undefined, now: number): Promise<SpaceRetention>
  /** Every space's own recording rule. */
  spaceOverrides(): Promise<Map<string, number | null>>
  setKeep(recordId: string, roomId: string, keep: boolean, by: string, now: number): Promise<void>
  /** Which of these recordings are kept on request. */
  kept(recordIds: readonly string[]): Promise<Set<string>>
}

export function createRetentionRepo(ctx: Pick<StoreContext, 'db'>): RetentionRepo {
  const db = ctx.db as unknown as Kysely<Tables>

  async function get(): Promise<RetentionSettings> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst()
    if (!row) return DEFAULT_RETENTION
    try {
      const saved = JSON.parse(row.value) as Partial<RetentionSettings>
      return { ...DEFAULT_RETENTION, ...saved, consent: { ...DEFAULT_RETENTION.consent, ...saved.consent } }
    } catch {
      return DEFAULT_RETENTION
    }
  }

  async function getSpace(spaceId: string): Promise<SpaceRetention> {
    const [global, row] = await Promise.all([
      get(),
      db.selectFrom('space_retention').select('recording_days').where('space_id', '=', spaceId).executeTakeFirst(),
    ])
    if (!row) return { spaceId, override: null, recordingDays: global.recordingDays }
    const days = row.recording_days === null ? null : Number(row.recording_days)
    return { spaceId, override: { recordingDays: days }, recordingDays: days }
  }

  return {
    get,
    async put(settings, now) {
      const value = JSON.stringify(settings)
      await db
        .insertInto('settings')
        .values({ key: KEY, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
        .execute()
    },
    getSpace,
    async putSpace(spaceId, recordingDays, now) {
      if (recordingDays === undefined) {
        await db.deleteFrom('space_retention').where('space_id', '=', spaceId).execute()
      } else {
        await db
          .insertInto('space_retention')
          .values({ space_id: spaceId, recording_days: recordingDays, updated_at: now })
          .onConflict((oc) => oc.column('space_id').doUpdateSet({ recording_days: recordingDays, updated_at: now }))
          .execute()
      }
      return getSpace(spaceId)
    },
    async spaceOverrides() {
      const rows = await db.selectFrom('space_retention').select(['space_id', 'recording_days']).execute()
      return new Map(rows.map((r) => [r.space_id, r.recording_days === null ? null : Number(r.recording_days)]))
    },
    async setKeep(recordId, roomId, keep, by, now) {
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
    async kept(recordIds) {
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
