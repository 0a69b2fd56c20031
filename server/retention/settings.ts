import type { RetentionSettings, SpaceRetention } from '../contract/index.js'
import type { RetentionRuleRepo } from '../store/types.js'

/**
 * The defaults, and why (docs/retention.md says the same for admins): a year of attendance and audit answers the
 * questions that come within a year (who attended, who changed what) and matches the CNIL's usual guidance for
 * access logs; usage per space follows the hourly history's 400 days so a year can be compared with the last;
 * mail is only kept to diagnose deliveries; a person not seen in the platform's tokens for a year is forgotten
 * (what is remembered only serves sign-in from a room link, invitations and attendance kinds, and comes back the
 * next time they open the platform); recordings are the organisers' to delete unless admins decide.
 */
export const DEFAULT_RETENTION: Readonly<RetentionSettings> = Object.freeze({
  attendanceDays: 365,
  auditDays: 365,
  usagePerSpaceDays: 400,
  mailDays: 90,
  identityDays: 365,
  recordingDays: null,
  consent: Object.freeze({ enabled: true, fr: null, en: null }),
})

/** The retention rules and the recordings kept on request. */
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

/**
 * The retention rules in force: the saved ones over {@link DEFAULT_RETENTION}, a space's own recording rule over
 * the global one; the rows are the store's (`RetentionRuleRepo`).
 */
export function createRetentionRepo(store: RetentionRuleRepo): RetentionRepo {
  async function get(): Promise<RetentionSettings> {
    const saved = await store.getSavedRetention()
    if (!saved) return DEFAULT_RETENTION
    return { ...DEFAULT_RETENTION, ...saved, consent: { ...DEFAULT_RETENTION.consent, ...saved.consent } }
  }

  async function getSpace(spaceId: string): Promise<SpaceRetention> {
    const [global, own] = await Promise.all([get(), store.getSpaceRecordingDays(spaceId)])
    if (!own) return { spaceId, override: null, recordingDays: global.recordingDays }
    return { spaceId, override: { recordingDays: own.recordingDays }, recordingDays: own.recordingDays }
  }

  return {
    get,
    put: (settings, now) => store.putRetention(settings, now),
    getSpace,
    async putSpace(spaceId, recordingDays, now) {
      await store.putSpaceRecordingDays(spaceId, recordingDays, now)
      return getSpace(spaceId)
    },
    spaceOverrides: () => store.spaceRecordingOverrides(),
    setKeep: (recordId, roomId, keep, by, now) => store.setRecordingKeep(recordId, roomId, keep, by, now),
    kept: (recordIds) => store.keptRecordings(recordIds),
  }
}
