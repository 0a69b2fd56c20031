import type { Kysely } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../server/log.js'
import { createRetentionPurge, DAY_MS, type PurgeBbb } from '../../server/retention/purge.js'
import { createRetentionRepo, DEFAULT_RETENTION } from '../../server/retention/settings.js'
import { openStore } from '../../server/store/index.js'
import type { Store } from '../../server/store/types.js'
import { createTestDatabase } from '../helpers/databases.js'
import { FakeClock } from '../host-events/fake-clock.js'

// The daily purge, on SQLite and PostgreSQL, with a clock the test sets: a row one millisecond past its retention
// goes, a row exactly at it stays, a second run deletes nothing more, and two instances on one database never both
// run the day's purge.

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const NOW = Date.UTC(2026, 10, 29, 9, 0, 0)
const log = createLogger({ level: 'silent' })
/** The purge must not ask BBB anything while no recording rule is set. */
const noBbb: PurgeBbb = {
  getRecordings: () => Promise.reject(new Error('BBB asked without a recording rule')),
  deleteRecordings: () => Promise.reject(new Error('BBB asked without a recording rule')),
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const raw = (store: Store) => store.context.db as unknown as Kysely<any>

async function openTwo(kind: 'sqlite' | 'postgres', clock: FakeClock): Promise<[Store, Store]> {
  const database = await createTestDatabase(kind)
  const a = await openStore(database.url, { clock })
  const b = await openStore(database.url, { clock })
  cleanups.push(async () => {
    await a.close()
    await b.close()
    await database.drop()
  })
  return [a, b]
}

function purgeOf(store: Store, clock: FakeClock) {
  return createRetentionPurge({ retention: createRetentionRepo(store), store, bbb: noBbb, clock, log })
}

/** An ended run with one attendance row and one learning-dashboard row. */
async function endedRun(store: Store, id: string, endedAt: number | null): Promise<void> {
  const db = raw(store)
  await db
    .insertInto('meeting_runs')
    .values({ id, meeting_id: `m-${id}`, room_id: 'room-1', space_id: 'space-1', create_time: endedAt ?? NOW, internal_meeting_id: null, moderator_pw: null, started_by: 'zoe', started_at: (endedAt ?? NOW) - 3_600_000, ended_at: endedAt })
    .execute()
  await db
    .insertInto('attendance_sessions')
    .values({ id: `s-${id}`, run_id: id, meeting_id: `m-${id}`, room_id: 'room-1', space_id: 'space-1', user_key: 'u:zoe', user_id: 'zoe', name: 'Zoé', kind: 'internal', role: 'viewer', joined_at: (endedAt ?? NOW) - 3_000_000, left_at: endedAt })
    .execute()
  await db
    .insertInto('attendance_stats')
    .values({ run_id: id, user_key: 'u:zoe', space_id: 'space-1', user_id: 'zoe', name: 'Zoé', talk_seconds: 12, messages: 3, webcam_seconds: 0, received_at: endedAt ?? NOW })
    .execute()
}

async function mail(store: Store, id: string, state: string, finishedAt: number | null): Promise<void> {
  await raw(store)
    .insertInto('mail_outbox')
    .values({ id, meeting_id: 'sm-1', stream: `sm-1:${id}`, recipient: 'zoe@example.fr', method: 'REQUEST', sequence: 0, body: 'x', created_at: (finishedAt ?? NOW) - 1000, state, next_attempt_at: 0, finished_at: finishedAt })
    .execute()
}

async function count(store: Store, table: string): Promise<number> {
  const row = await raw(store).selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

async function ids(store: Store, table: string, column: string): Promise<string[]> {
  return (await raw(store).selectFrom(table).select(column).orderBy(column).execute()).map((r) => String(r[column]))
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`retention purge (${kind})`, () => {
    it('deletes exactly what is past retention, to the millisecond, and nothing more when run again', async () => {
      const clock = new FakeClock(NOW)
      const [store] = await openTwo(kind, clock)
      const retention = createRetentionRepo(store)
      await retention.put({ ...DEFAULT_RETENTION, attendanceDays: 30, auditDays: 60, usagePerSpaceDays: 90, mailDays: 10 }, NOW)
      const edge = (days: number) => NOW - days * DAY_MS

      await endedRun(store, 'run-past', edge(30) - 1)
      await endedRun(store, 'run-edge', edge(30))
      await endedRun(store, 'run-open', null)
      await raw(store).updateTable('meeting_runs').set({ started_at: edge(400) }).where('id', '=', 'run-open').execute()

      for (const [action, at] of [['old.past', edge(60) - 1], ['old.edge', edge(60)], ['new', NOW]] as const) {
        await store.appendAudit({ actor: 'zoe', actorName: 'Zoé', spaceId: 'space-1', roomId: null, action, details: {}, at })
      }

      const usage = raw(store)
      for (const [space, minute] of [['space-1', edge(90) - 60_000], ['space-1', edge(90)], ['', edge(90) - 60_000]] as const) {
        await usage.insertInto('usage_minutes').values({ minute, space_id: space, participants: 3, internal: 2, external: 1, meetings: 1 }).execute()
      }
      for (const [space, hour] of [['space-1', edge(90) - 3_600_000], ['space-1', edge(90)], ['', edge(90) - 3_600_000]] as const) {
        await usage
          .insertInto('usage_hours')
          .values({ hour, space_id: space, minutes: 60, participants_max: 3, participants_sum: 180, internal_max: 2, internal_sum: 120, external_max: 1, external_sum: 60, meetings_max: 1, meetings_sum: 60 })
          .execute()
      }

      await mail(store, 'mail-past', 'sent', edge(10) - 1)
      await mail(store, 'mail-failed-past', 'failed', edge(10) - 1)
      await mail(store, 'mail-edge', 'sent', edge(10))
      await mail(store, 'mail-pending', 'pending', null)
      await raw(store).updateTable('mail_outbox').set({ created_at: edge(400) }).where('id', '=', 'mail-pending').execute()

      const purge = purgeOf(store, clock)
      expect(await purge.run()).toEqual({ runs: 1, attendanceRows: 1, analyticsRows: 1, auditEntries: 1, usageRows: 2, mailRows: 2, identities: 0, recordings: 0, recordingsKept: 0 })

      expect(await ids(store, 'meeting_runs', 'id')).toEqual(['run-edge', 'run-open'])
      expect(await ids(store, 'attendance_sessions', 'run_id')).toEqual(['run-edge', 'run-open'])
      expect(await ids(store, 'attendance_stats', 'run_id')).toEqual(['run-edge', 'run-open'])
      const actions = (await store.listAudit({ limit: 50 })).entries.map((e) => e.action)
      expect(actions.sort()).toEqual(['new', 'old.edge', 'retention.purged'])
      // the whole service's totals are not per space: the usage history keeps them its own 400 days
      expect((await usage.selectFrom('usage_minutes').select(['minute', 'space_id']).orderBy('space_id').execute()).map((r) => [Number(r.minute), r.space_id])).toEqual([
        [edge(90) - 60_000, ''],
        [edge(90), 'space-1'],
      ])
      expect(await count(store, 'usage_hours')).toBe(2)
      expect(await ids(store, 'mail_outbox', 'id')).toEqual(['mail-edge', 'mail-pending'])

      const [audited] = (await store.listAudit({ action: 'retention.purged' })).entries
      expect(audited).toMatchObject({ actor: 'system', at: NOW, details: { runs: 1, attendanceRows: 1, auditEntries: 1, usageRows: 2, mailRows: 2 } })

      expect(await purge.run()).toEqual({ runs: 0, attendanceRows: 0, analyticsRows: 0, auditEntries: 0, usageRows: 0, mailRows: 0, identities: 0, recordings: 0, recordingsKept: 0 })
      expect(await count(store, 'meeting_runs')).toBe(2)

      // a millisecond later, the rows that stood exactly at their limit are past it
      clock.advance(1)
      expect(await purge.run()).toMatchObject({ runs: 1, attendanceRows: 1, analyticsRows: 1, auditEntries: 1, usageRows: 2, mailRows: 1 })
      expect(await ids(store, 'meeting_runs', 'id')).toEqual(['run-open'])
    })

    it('forgets the people not seen for identityDays, to the millisecond, but never one with a seat or in a meeting now', async () => {
      const clock = new FakeClock(NOW)
      const [store] = await openTwo(kind, clock)
      const retention = createRetentionRepo(store)
      await retention.put({ ...DEFAULT_RETENTION, identityDays: 30 }, NOW)
      const edge = NOW - 30 * DAY_MS
      const seen = (sub: string, seenAt: number) =>
        store.saveIdentity({ sub, name: sub, email: `${sub}@example.fr`, external: false, spaces: { 'space-1': 'member' }, seenAt })
      await seen('past', edge - 1)
      await seen('edge', edge)
      await seen('recent', NOW)
      // Joining now (a seat) and in a meeting now (an open session): the running join path still reads them.
      await seen('seated', edge - DAY_MS)
      await raw(store)
        .insertInto('seats')
        .values({ meeting_id: 'm-live', user_id: 'seated', room_id: 'room-1', space_id: 'space-1', kind: 'internal', moderator: 0, state: 'reserved', expires_at: NOW + 60_000, created_at: NOW })
        .execute()
      await seen('present', edge - DAY_MS)
      await endedRun(store, 'run-live', null)
      await raw(store).updateTable('attendance_sessions').set({ user_id: 'present', left_at: null }).where('run_id', '=', 'run-live').execute()
      // Once left, a past meeting does not keep anyone.
      await seen('left', edge - DAY_MS)
      await endedRun(store, 'run-left', NOW - DAY_MS)
      await raw(store).updateTable('attendance_sessions').set({ user_id: 'left' }).where('run_id', '=', 'run-left').execute()

      const purge = purgeOf(store, clock)
      expect(await purge.run()).toMatchObject({ identities: 2, runs: 0 })
      expect(await ids(store, 'identities', 'sub')).toEqual(['edge', 'present', 'recent', 'seated'])
      expect(await store.getIdentityByEmail('past@example.fr')).toBeUndefined()
      const [audited] = (await store.listAudit({ action: 'retention.purged' })).entries
      expect(audited?.details).toMatchObject({ identities: 2 })

      clock.advance(1)
      expect(await purge.run()).toMatchObject({ identities: 1 })
      expect(await ids(store, 'identities', 'sub')).toEqual(['present', 'recent', 'seated'])

      // The seat gone and the meeting over, they go too; anyone forgotten is remembered again when next seen.
      await raw(store).deleteFrom('seats').execute()
      await raw(store).updateTable('attendance_sessions').set({ left_at: NOW }).where('run_id', '=', 'run-live').execute()
      expect(await purge.run()).toMatchObject({ identities: 2 })
      expect(await ids(store, 'identities', 'sub')).toEqual(['recent'])
      await seen('past', clock.now())
      expect(await store.getIdentity('past')).toMatchObject({ sub: 'past', seenAt: clock.now() })
    })

    it('runs once a day whatever the number of instances: one wins the lease, the others skip until the next day', async () => {
      const clock = new FakeClock(NOW)
      const [a, b] = await openTwo(kind, clock)
      const purgeA = purgeOf(a, clock)
      const purgeB = purgeOf(b, clock)
      const first = await Promise.all([purgeA.runDue(), purgeB.runDue(), purgeA.runDue(), purgeB.runDue()])
      expect(first.filter((r) => r !== null)).toHaveLength(1)
      expect((await a.listAudit({ action: 'retention.purged' })).total).toBe(1)

      clock.advance(14 * 3_600_000) // 23:00 UTC, the same day
      expect(await Promise.all([purgeA.runDue(), purgeB.runDue()])).toEqual([null, null])

      clock.advance(2 * 3_600_000) // the next day
      const second = await Promise.all([purgeB.runDue(), purgeA.runDue()])
      expect(second.filter((r) => r !== null)).toHaveLength(1)
      expect((await b.listAudit({ action: 'retention.purged' })).total).toBe(2)
    })

    it('frees the lease when a purge fails, so the next check (here or on another instance) runs it', async () => {
      const clock = new FakeClock(NOW)
      const [a, b] = await openTwo(kind, clock)
      const broken = createRetentionRepo(a)
      broken.get = () => Promise.reject(new Error('database went away'))
      const failing = createRetentionPurge({ retention: broken, store: a, bbb: noBbb, clock, log })
      await expect(failing.runDue()).rejects.toThrow('database went away')
      expect(await purgeOf(b, clock).runDue()).not.toBeNull()
      expect((await a.listAudit({ action: 'retention.purged' })).total).toBe(1)
    })

    it('checks on its own clock: ten minutes after the start, then hourly, purging once per day', async () => {
      const clock = new FakeClock(NOW)
      const [store] = await openTwo(kind, clock)
      const purge = purgeOf(store, clock)
      cleanups.push(() => purge.close())
      purge.start()
      const purged = async () => (await store.listAudit({ action: 'retention.purged' })).total
      clock.advance(9 * 60_000)
      await purge.close().then(() => undefined)
      expect(await purged()).toBe(0)

      const running = purgeOf(store, clock)
      cleanups.push(() => running.close())
      running.start()
      clock.advance(10 * 60_000)
      await running.close()
      expect(await purged()).toBe(1)
    })
  })
}
