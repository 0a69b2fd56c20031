import { sql } from 'kysely'
import type SqliteDatabase from 'better-sqlite3'
import type { Db, StoreContext } from './context.js'
import { LOCK_KEYS, toCount } from './context.js'
import { batcher } from './batcher.js'
import { INSERT_AUDIT_ROW } from './audit.js'
import type { SeatRefusal, SeatRequest, SeatResult, UserKind } from '../model/index.js'

/** The most joins one admission transaction decides (a few thousand bound values at most). */
export const MAX_BATCH = 200

/** What the seats table holds, read once under the lock for a whole batch. */
export interface SeatSnapshot {
  total: number
  byKind: Record<UserKind, number>
  /** Per meeting of the batch: every seat, and those of non-moderators. */
  meetings: Map<string, { all: number; viewers: number }>
  /** Seats the batch's users hold already (`meetingId \0 userId` → state). */
  held: Map<string, 'reserved' | 'present'>
}

const seatKey = (meetingId: string, userId: string) => `${meetingId}\u0000${userId}`

/**
 * Decides a batch of joins in order against one snapshot, as if each had run alone after the ones before it: a
 * seat held (or granted earlier in the batch) is granted again, otherwise the room, the licence and the user's
 * kind are counted and the first cap reached refuses. The snapshot is updated with each grant.
 */
export function decideSeats(requests: readonly SeatRequest[], snapshot: SeatSnapshot): SeatResult[] {
  return requests.map((request) => {
    const key = seatKey(request.meetingId, request.userId)
    if (snapshot.held.has(key)) return { granted: true, alreadyHeld: true }
    let meeting = snapshot.meetings.get(request.meetingId)
    if (!meeting) snapshot.meetings.set(request.meetingId, (meeting = { all: 0, viewers: 0 }))
    const { caps } = request
    const exempt = request.moderator && !request.countModerators
    if (caps.room !== null && !exempt) {
      const used = request.countModerators ? meeting.all : meeting.viewers
      if (used >= caps.room) return { granted: false, refusal: 'room_full', cap: caps.room, used }
    }
    if (caps.total !== null && snapshot.total >= caps.total) {
      return { granted: false, refusal: 'licence_full', cap: caps.total, used: snapshot.total }
    }
    const kindCap = caps[request.kind]
    if (kindCap !== null && snapshot.byKind[request.kind] >= kindCap) {
      const refusal: SeatRefusal = request.kind === 'internal' ? 'licence_full_internal' : 'licence_full_external'
      return { granted: false, refusal, cap: kindCap, used: snapshot.byKind[request.kind] }
    }
    snapshot.total += 1
    snapshot.byKind[request.kind] += 1
    meeting.all += 1
    if (!request.moderator) meeting.viewers += 1
    snapshot.held.set(key, 'reserved')
    return { granted: true, alreadyHeld: false }
  })
}

/**
 * Seat admission for both databases, by batches. Joins that arrive while an admission transaction runs wait for
 * it and then go together in the next one: one lock, one sweep of lapsed reservations, one read of the counts,
 * decisions in order in memory ({@link decideSeats}), then the reservations, extensions and audit rows written
 * in a few statements. Under a rush the cost of the lock is shared by the whole batch instead of paid per join
 * (issue 21); alone, a join costs about what it did. The lock (PostgreSQL advisory lock, SQLite's write lock)
 * still serialises batches across instances, so counts stay exact.
 */
export function batchedSeatAdmission(ctx: StoreContext): (request: SeatRequest) => Promise<SeatResult> {
  const batches = batcher<SeatRequest, SeatResult>(MAX_BATCH, (requests) => admitBatch(ctx, requests))
  return (request) => {
    if (!Number.isSafeInteger(Math.trunc(request.now))) return Promise.reject(new Error('admitSeat: now must be milliseconds'))
    return batches.submit({ ...request, now: Math.trunc(request.now) })
  }
}

async function admitBatch(ctx: StoreContext, requests: SeatRequest[]): Promise<SeatResult[]> {
  const sweepBefore = Math.min(...requests.map((r) => r.now))
  // SQLite: the whole batch in one synchronous transaction of prepared statements (the profile of the join bench
  // showed kysely's compiling and awaiting, statement by statement, as the largest part of a join).
  if (ctx.immediate) return ctx.immediate((raw) => admitBatchNow(raw, requests, sweepBefore))
  return underSeatsLock(ctx, sweepBefore, async (tx) => {
    const results = decideSeats(requests, await readSnapshot(tx, requests))
    await writeBatch(tx, requests, results)
    return results
  })
}

/**
 * A transaction holding the seats lock, lapsed reservations swept first. PostgreSQL: begin, lock, commit without
 * waiting for the disk flush (seats are short-lived: a crash loses seconds of reservations, never consistency) and
 * sweep travel as one message (no parameters: `now` is a checked integer). SQLite: BEGIN IMMEDIATE is the lock.
 */
async function underSeatsLock<T>(ctx: StoreContext, now: number, fn: (tx: Db) => Promise<T>): Promise<T> {
  if (ctx.dialect === 'sqlite') {
    return ctx.locked('seats', async (tx) => {
      await tx.deleteFrom('seats').where('state', '=', 'reserved').where('expires_at', '<=', now).execute()
      return fn(tx)
    })
  }
  return ctx.db.connection().execute(async (conn) => {
    await sql
      .raw(
        `begin; select pg_advisory_xact_lock(${LOCK_KEYS.seats}); set local synchronous_commit = off; ` +
          `delete from seats where state = 'reserved' and expires_at <= ${now}`,
      )
      .execute(conn)
    try {
      const result = await fn(conn)
      await sql`commit`.execute(conn)
      return result
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined)
      throw error
    }
  })
}

/**
 * The held seats of a batch and the counts its caps need, in one statement. A count is read only when some join
 * of the batch has that cap (most deployments cap the licence, few every room): counting scans seats, and a join
 * without caps needs none, as before batching.
 */
async function readSnapshot(tx: Db, requests: readonly SeatRequest[]): Promise<SeatSnapshot> {
  const meetings = sql.join([...new Set(requests.map((r) => r.meetingId))])
  const users = sql.join([...new Set(requests.map((r) => r.userId))])
  const capped = [...new Set(requests.filter((r) => r.caps.room !== null).map((r) => r.meetingId))]
  const licence = requests.some((r) => r.caps.total !== null || r.caps.internal !== null || r.caps.external !== null)
  const parts = [
    sql`select 'held' as t, meeting_id as a, user_id as b, 0 as n, case when state = 'present' then 1 else 0 end as v
      from seats where meeting_id in (${meetings}) and user_id in (${users})`,
    ...(licence ? [sql`select 'kind', kind, null, count(*), 0 from seats group by kind`] : []),
    ...(capped.length > 0
      ? [
          sql`select 'meeting', meeting_id, null, count(*), sum(case when moderator = 0 then 1 else 0 end)
            from seats where meeting_id in (${sql.join(capped)}) group by meeting_id`,
        ]
      : []),
  ]
  const { rows } = await sql<{ t: string; a: string; b: string | null; n: unknown; v: unknown }>`${sql.join(parts, sql` union all `)}`.execute(tx)
  const snapshot: SeatSnapshot = { total: 0, byKind: { internal: 0, external: 0 }, meetings: new Map(), held: new Map() }
  for (const row of rows) {
    if (row.t === 'kind') {
      const n = toCount(row.n)
      snapshot.total += n
      if (row.a === 'internal' || row.a === 'external') snapshot.byKind[row.a] += n
    } else if (row.t === 'meeting') {
      snapshot.meetings.set(row.a, { all: toCount(row.n), viewers: toCount(row.v) })
    } else {
      snapshot.held.set(seatKey(row.a, row.b ?? ''), toCount(row.v) === 1 ? 'present' : 'reserved')
    }
  }
  return snapshot
}

/** New reservations, reservations held again (their window starts over), and the audit rows of every grant. */
async function writeBatch(tx: Db, requests: readonly SeatRequest[], results: readonly SeatResult[]): Promise<void> {
  const fresh: SeatRequest[] = []
  // Held again, by reservation window (a guest's is shorter): one statement per window, not per join.
  const again = new Map<number, SeatRequest[]>()
  const audits: Array<{ request: SeatRequest; alreadyHeld: boolean }> = []
  requests.forEach((request, i) => {
    const result = results[i]
    if (!result.granted) return
    if (result.alreadyHeld) again.set(request.reservationMs, [...(again.get(request.reservationMs) ?? []), request])
    else fresh.push(request)
    if (request.audit) audits.push({ request, alreadyHeld: result.alreadyHeld })
  })
  if (fresh.length > 0) {
    await tx
      .insertInto('seats')
      .values(
        fresh.map((r) => ({
          meeting_id: r.meetingId,
          user_id: r.userId,
          room_id: r.roomId,
          space_id: r.spaceId,
          kind: r.kind,
          moderator: r.moderator ? 1 : 0,
          state: 'reserved' as const,
          expires_at: r.now + r.reservationMs,
          created_at: r.now,
        })),
      )
      .execute()
  }
  for (const [window, held] of again) {
    // After the inserts, so a seat granted and asked again in one batch is extended too. Only reservations
    // have a window to extend (a present seat has none); it starts over at the batch's latest request.
    const expires = Math.max(...held.map((r) => r.now)) + window
    const pairs = sql.join(held.map((r) => sql`(${r.meetingId}, ${r.userId})`))
    await sql`update seats set expires_at = ${expires} where state = 'reserved' and (meeting_id, user_id) in (${pairs})`.execute(tx)
  }
  if (audits.length > 0) {
    await tx
      .insertInto('audit')
      .values(
        audits.map(({ request, alreadyHeld }) => {
          const entry = request.audit!
          return {
            at: entry.at ?? request.now,
            actor: entry.actor,
            actor_name: entry.actorName,
            space_id: entry.spaceId,
            room_id: entry.roomId,
            action: entry.action,
            details: JSON.stringify({ ...(entry.details ?? {}), alreadyHeld }),
          }
        }),
      )
      .execute()
  }
}

/**
 * SQLite's batch, run synchronously inside BEGIN IMMEDIATE (the database's write lock, as `underSeatsLock`): the
 * same sweep, snapshot, decisions and writes as the PostgreSQL path, one prepared statement per row (each costs
 * microseconds here, and no round trip).
 */
function admitBatchNow(raw: SqliteDatabase.Database, requests: readonly SeatRequest[], sweepBefore: number): SeatResult[] {
  raw.prepare(`delete from seats where state = 'reserved' and expires_at <= ?`).run(sweepBefore)
  const snapshot: SeatSnapshot = { total: 0, byKind: { internal: 0, external: 0 }, meetings: new Map(), held: new Map() }
  const heldSeat = raw.prepare<[string, string], { state: string }>(`select state from seats where meeting_id = ? and user_id = ?`)
  for (const r of requests) {
    const found = heldSeat.get(r.meetingId, r.userId)
    if (found) snapshot.held.set(seatKey(r.meetingId, r.userId), found.state === 'present' ? 'present' : 'reserved')
  }
  if (requests.some((r) => r.caps.total !== null || r.caps.internal !== null || r.caps.external !== null)) {
    for (const row of raw.prepare<[], { kind: string; n: number }>(`select kind, count(*) as n from seats group by kind`).all()) {
      snapshot.total += row.n
      if (row.kind === 'internal' || row.kind === 'external') snapshot.byKind[row.kind] += row.n
    }
  }
  const meetingCount = raw.prepare<[string], { n: number; v: number | null }>(
    `select count(*) as n, sum(case when moderator = 0 then 1 else 0 end) as v from seats where meeting_id = ?`,
  )
  for (const meetingId of new Set(requests.filter((r) => r.caps.room !== null).map((r) => r.meetingId))) {
    const row = meetingCount.get(meetingId)
    snapshot.meetings.set(meetingId, { all: row?.n ?? 0, viewers: row?.v ?? 0 })
  }

  const results = decideSeats(requests, snapshot)
  const insertSeat = raw.prepare(
    `insert into seats (meeting_id, user_id, room_id, space_id, kind, moderator, state, expires_at, created_at)
     values (?, ?, ?, ?, ?, ?, 'reserved', ?, ?)`,
  )
  const extendSeat = raw.prepare(`update seats set expires_at = ? where state = 'reserved' and meeting_id = ? and user_id = ?`)
  const insertAudit = raw.prepare(INSERT_AUDIT_ROW)
  requests.forEach((r, i) => {
    const result = results[i]
    if (!result.granted) return
    const expires = r.now + r.reservationMs
    if (result.alreadyHeld) extendSeat.run(expires, r.meetingId, r.userId)
    else insertSeat.run(r.meetingId, r.userId, r.roomId, r.spaceId, r.kind, r.moderator ? 1 : 0, expires, r.now)
    const entry = r.audit
    if (entry) {
      const details = JSON.stringify({ ...(entry.details ?? {}), alreadyHeld: result.alreadyHeld })
      insertAudit.run(entry.at ?? r.now, entry.actor, entry.actorName ?? null, entry.spaceId ?? null, entry.roomId ?? null, entry.action, details)
    }
  })
  return results
}
