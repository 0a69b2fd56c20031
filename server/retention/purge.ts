import { randomUUID } from 'node:crypto'
import type { Recording } from '../bbb/index.js'
import { bbbMessageKey } from '../bbb-failures.js'
import type { Clock, ClockTimer } from '../clock.js'
import type { PurgeCounts, RetentionSettings } from '../contract/index.js'
import type { AuditLog, JobLease, RetentionPurgeRepo, RoomRepo, Store } from '../store/types.js'
import type { RetentionRepo } from './settings.js'

export const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
/** The purge's row in `job_leases`. */
export const PURGE_JOB = 'retention-purge'
/** Longer than any purge takes: an instance that dies holding the lease holds up the others this long at most. */
const LEASE_MS = HOUR_MS
/** A quiet start: the first check waits this long after the service starts, then one check an hour. */
export const FIRST_CHECK_MS = 10 * 60_000
const BATCH = 500
/** getRecordings' page (BBB 2.6+ answers at most 100). */
const PAGE = 100
/** The service's own recordings carry this meta (rooms/start-meeting.ts); nothing else on the BBB is touched. */
const ORIGIN_META = { 'bbb-origin': 'bbb-spaces' }

/** The BBB recording calls the purge makes. */
export interface PurgeBbb {
  getRecordings(params: { meta?: Record<string, string>; offset?: number; limit?: number }): Promise<{ recordings: Recording[] }>
  deleteRecordings(params: { recordID: string }): Promise<unknown>
}

export interface RetentionPurgeDeps {
  retention: RetentionRepo
  store: Pick<AuditLog, 'appendAudit'> & Pick<RoomRepo, 'getRoomByMeetingId'> & RetentionPurgeRepo & Pick<Store, 'jobLease'>
  bbb: PurgeBbb
  clock: Clock
  log: { info(details: object, message: string): void; warn(details: object, message: string): void }
  /** Told of each recording deleted (the recordings list cache forgets the meeting). */
  onRecordingDeleted?: (meetingId: string) => void
}

export interface RetentionPurge {
  /** Purges now, whatever the lease says (the CLI, tests); audited. */
  run(): Promise<PurgeCounts>
  /** Purges if no instance did today (UTC) and none is at it: null when this instance's turn did not come. */
  runDue(): Promise<PurgeCounts | null>
  /** Checks {@link FIRST_CHECK_MS} after now, then every hour. */
  start(): void
  /** Stops checking; waits for a purge in progress. */
  close(): Promise<void>
}

/**
 * Deletes what is past its retention (settings.ts): a row goes when its time is before `now - days`, to the
 * millisecond, and stays otherwise; running again deletes nothing more. Meeting runs go by their end (open runs
 * never), with their attendance rows and learning-dashboard figures; audit entries by `at`; usage per space by
 * minute and hour (the whole service's totals follow the usage history's own 400 days); finished mail by when
 * it finished; identities by when their host token was last seen (never one holding a seat or in a meeting now:
 * the running meeting still reads their kind); recordings of the service's rooms by their end, unless kept on
 * request. One audit entry (`retention.purged`) gives the counts.
 */
export function createRetentionPurge(deps: RetentionPurgeDeps): RetentionPurge {
  const lease: JobLease = deps.store.jobLease(PURGE_JOB)
  const owner = randomUUID()
  let timer: ClockTimer | null = null
  let stopped = false
  let inFlight: Promise<unknown> = Promise.resolve()

  async function purgeRecordings(settings: RetentionSettings, now: number, counts: PurgeCounts): Promise<void> {
    const overrides = await deps.retention.spaceOverrides()
    if (settings.recordingDays === null && ![...overrides.values()].some((d) => d !== null)) return
    const daysOf = (spaceId: string) => (overrides.has(spaceId) ? overrides.get(spaceId)! : settings.recordingDays)
    const due: Array<{ rec: Recording; meetingId: string }> = []
    const rooms = new Map<string, string | null>()
    const seen = new Set<string>()
    for (let offset = 0; ; offset += PAGE) {
      const { recordings } = await deps.bbb.getRecordings({ meta: ORIGIN_META, offset, limit: PAGE }).catch((err: unknown) => {
        // Older BBB answers "none" as a FAILED noRecordings.
        if (bbbMessageKey(err) === 'noRecordings') return { recordings: [] }
        throw err
      })
      // BBB before 2.6 ignores offset and limit and answers everything at once: stop when a page brings nothing new.
      const fresh = recordings.filter((rec) => !seen.has(rec.recordID))
      for (const rec of fresh) {
        seen.add(rec.recordID)
        if (rec.state === 'deleted') continue
        if (!rooms.has(rec.meetingID)) rooms.set(rec.meetingID, (await deps.store.getRoomByMeetingId(rec.meetingID))?.spaceId ?? null)
        const spaceId = rooms.get(rec.meetingID)
        if (!spaceId) continue
        const days = daysOf(spaceId)
        if (days === null) continue
        if ((rec.endTime || rec.startTime) < now - days * DAY_MS) due.push({ rec, meetingId: rec.meetingID })
      }
      if (recordings.length < PAGE || fresh.length === 0 || recordings.length > PAGE) break
    }
    const kept = await deps.retention.kept(due.map((d) => d.rec.recordID))
    for (const { rec, meetingId } of due) {
      if (kept.has(rec.recordID)) {
        counts.recordingsKept++
        continue
      }
      try {
        await deps.bbb.deleteRecordings({ recordID: rec.recordID })
        counts.recordings++
        deps.onRecordingDeleted?.(meetingId)
      } catch (err) {
        deps.log.warn({ err: { message: String(err) }, recordId: rec.recordID }, 'retention: a recording could not be deleted')
      }
    }
  }

  async function run(): Promise<PurgeCounts> {
    const now = deps.clock.now()
    const settings = await deps.retention.get()
    const before = (days: number) => now - days * DAY_MS
    const counts: PurgeCounts = { runs: 0, attendanceRows: 0, analyticsRows: 0, auditEntries: 0, usageRows: 0, mailRows: 0, identities: 0, recordings: 0, recordingsKept: 0 }
    Object.assign(counts, await deps.store.purgeEndedRuns(before(settings.attendanceDays), BATCH))
    counts.auditEntries = await deps.store.purgeAudit(before(settings.auditDays))
    counts.usageRows = await deps.store.purgeSpaceUsage(before(settings.usagePerSpaceDays))
    counts.mailRows = await deps.store.purgeFinishedMail(before(settings.mailDays))
    counts.identities = await deps.store.purgeIdentities(before(settings.identityDays))
    try {
      await purgeRecordings(settings, now, counts)
    } catch (err) {
      deps.log.warn({ err: { message: String(err) } }, 'retention: recordings could not be listed')
    }
    await deps.store.appendAudit({
      actor: 'system',
      actorName: null,
      spaceId: null,
      roomId: null,
      action: 'retention.purged',
      details: { ...counts },
      at: now,
    })
    deps.log.info({ counts }, 'retention purge done')
    return counts
  }

  async function runDue(): Promise<PurgeCounts | null> {
    const now = deps.clock.now()
    if (!(await lease.claim(owner, now, LEASE_MS, now - (now % DAY_MS)))) return null
    try {
      const counts = await run()
      await lease.done(owner, deps.clock.now())
      return counts
    } catch (err) {
      await lease.release(owner).catch(() => undefined)
      throw err
    }
  }

  function schedule(ms: number): void {
    if (stopped) return
    timer = deps.clock.setTimeout(() => {
      timer = null
      inFlight = runDue()
        .catch((err: unknown) => deps.log.warn({ err: { message: String(err) } }, 'retention purge failed'))
        .finally(() => schedule(HOUR_MS))
    }, ms)
  }

  return {
    run,
    runDue,
    start() {
      schedule(FIRST_CHECK_MS)
    },
    async close() {
      stopped = true
      if (timer) deps.clock.clearTimeout(timer)
      timer = null
      await inFlight.catch(() => undefined)
    },
  }
}
