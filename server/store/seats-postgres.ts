import { sql } from 'kysely'
import type { Db } from './context.js'
import { LOCK_KEYS, toCount } from './context.js'
import type { SeatRefusal, SeatRequest, SeatResult } from '../model/index.js'

type Decision = 'grant' | 'held' | SeatRefusal

/**
 * Admissions of this instance one after the other: only one of its connections waits on the seats lock (the
 * other instances' admissions queue in the database), so a burst of joins cannot take the whole pool and starve
 * the reads every other request needs.
 */
export function postgresSeatAdmission(db: Db): (request: SeatRequest) => Promise<SeatResult> {
  let tail: Promise<unknown> = Promise.resolve()
  return (request) => {
    const result = tail.then(() => admitSeatPostgres(db, request))
    tail = result.catch(() => undefined)
    return result
  }
}

/**
 * A new seat on PostgreSQL in three round trips instead of ten, the seats lock held for the shortest time (the
 * join path's cost under a rush, issue 21): (1) begin, take the seats lock, commit without waiting for the disk
 * flush, sweep lapsed reservations — one simple-protocol message; (2) one statement that extends a seat the user
 * still holds, or counts the room, the licence and the user's kind, decides, inserts the reservation and the
 * audit row; (3) commit. Statement (2) runs after the lock is taken, so its snapshot sees every seat committed
 * before — counts stay exact across instances, as with the step-by-step transaction it replaces.
 */
async function admitSeatPostgres(db: Db, request: SeatRequest): Promise<SeatResult> {
  const now = Math.trunc(request.now)
  if (!Number.isSafeInteger(now)) throw new Error('admitSeat: now must be an integer of milliseconds')
  const expires = now + request.reservationMs
  const { caps } = request
  const kindCap = caps[request.kind]
  const kindRefusal: SeatRefusal = request.kind === 'internal' ? 'licence_full_internal' : 'licence_full_external'
  const exempt = request.moderator && !request.countModerators
  const audit = request.audit
  const details = (alreadyHeld: boolean) => JSON.stringify({ ...(audit?.details ?? {}), alreadyHeld })

  return db.connection().execute(async (conn) => {
    // No parameters here (numbers checked above), so the four statements travel as one message.
    await sql
      .raw(
        `begin; select pg_advisory_xact_lock(${LOCK_KEYS.seats}); set local synchronous_commit = off; ` +
          `delete from seats where state = 'reserved' and expires_at <= ${now}`,
      )
      .execute(conn)
    try {
      const { rows } = await sql<{ decision: Decision; room_used: unknown; total_used: unknown; kind_used: unknown }>`
        with held as (
          update seats set expires_at = case when state = 'reserved' then ${expires}::bigint else expires_at end
          where meeting_id = ${request.meetingId} and user_id = ${request.userId}
          returning 1
        ),
        counts as (
          select
            count(*) filter (where meeting_id = ${request.meetingId} and (${request.countModerators}::boolean or moderator = 0)) as room_used,
            count(*) as total_used,
            count(*) filter (where kind = ${request.kind}) as kind_used
          from seats
        ),
        decision as (
          select case
            when exists (select 1 from held) then 'held'
            when ${caps.room}::bigint is not null and not ${exempt}::boolean and room_used >= ${caps.room}::bigint then 'room_full'
            when ${caps.total}::bigint is not null and total_used >= ${caps.total}::bigint then 'licence_full'
            when ${kindCap}::bigint is not null and kind_used >= ${kindCap}::bigint then ${kindRefusal}
            else 'grant'
          end as decision, room_used, total_used, kind_used
          from counts
        ),
        inserted as (
          insert into seats (meeting_id, user_id, room_id, space_id, kind, moderator, state, expires_at, created_at)
          select ${request.meetingId}, ${request.userId}, ${request.roomId}, ${request.spaceId}, ${request.kind},
            ${request.moderator ? 1 : 0}, 'reserved', ${expires}::bigint, ${now}::bigint
          from decision where decision = 'grant'
          returning 1
        ),
        audited as (
          insert into audit (at, actor, actor_name, space_id, room_id, action, details)
          select ${audit?.at ?? now}::bigint, ${audit?.actor ?? ''}, ${audit?.actorName ?? null}, ${audit?.spaceId ?? null},
            ${audit?.roomId ?? null}, ${audit?.action ?? ''},
            case when decision = 'held' then ${details(true)} else ${details(false)} end
          from decision where ${audit !== undefined}::boolean and decision in ('grant', 'held')
          returning 1
        )
        select decision, room_used, total_used, kind_used,
          (select count(*) from inserted) as inserted, (select count(*) from audited) as audited
        from decision`.execute(conn)
      await sql`commit`.execute(conn)
      const row = rows[0]
      if (!row) throw new Error('admitSeat: the admission statement answered no row')
      switch (row.decision) {
        case 'grant':
          return { granted: true, alreadyHeld: false }
        case 'held':
          return { granted: true, alreadyHeld: true }
        case 'room_full':
          return { granted: false, refusal: 'room_full', cap: caps.room!, used: toCount(row.room_used) }
        case 'licence_full':
          return { granted: false, refusal: 'licence_full', cap: caps.total!, used: toCount(row.total_used) }
        default:
          return { granted: false, refusal: row.decision, cap: kindCap!, used: toCount(row.kind_used) }
      }
    } catch (error) {
      await sql`rollback`.execute(conn).catch(() => undefined)
      throw error
    }
  })
}
