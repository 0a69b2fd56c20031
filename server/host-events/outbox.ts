import { sql, type Kysely } from 'kysely'
import type { Db, StoreContext } from '../store/context.js'
import { eventBody, type HostEvent } from './events.js'

/** The outbox table (created by the store's migration `0002-host-events`). */
export interface HostEventsTable {
  seq: number
  id: string
  type: string
  room_id: string
  space_id: string
  body: string
  created_at: number
  /** `pending` until delivered, or `failed` once given up. */
  state: 'pending' | 'delivered' | 'failed'
  attempts: number
  next_attempt_at: number
  lease_owner: string | null
  lease_until: number | null
  last_error: string | null
  finished_at: number | null
}

/** Who the platform was told is in each meeting (migration `0003-host-event-presence`). */
export interface HostEventPresenceTable {
  meeting_id: string
  user_key: string
  present: number
  changed_at: number
}

type Tables = { host_events: HostEventsTable; host_event_presence: HostEventPresenceTable }
type OutboxDb = Kysely<Tables>

/** A claimed event, ready to send. */
export interface ClaimedEvent {
  seq: number
  id: string
  type: string
  roomId: string
  body: string
  createdAt: number
  /** Attempts so far, this one included. */
  attempts: number
}

export interface OutboxCounts {
  pending: number
  delivered: number
  failed: number
}

export interface Outbox {
  /** Adds an event (with `tx`: inside that transaction). False when an event with its id is already there. */
  add(event: HostEvent, now: number, tx?: Db): Promise<boolean>
  /**
   * Leases up to `limit` events for `owner` until `now + leaseMs`: each the oldest pending event of its room, due,
   * and not leased by anyone else. A room's next event is never claimable while an older one is pending.
   */
  claim(owner: string, now: number, leaseMs: number, limit: number): Promise<ClaimedEvent[]>
  delivered(seq: number, owner: string, now: number): Promise<void>
  /** Releases the lease and sets the next attempt. */
  retry(seq: number, owner: string, nextAttemptAt: number, error: string): Promise<void>
  /** Gives up: the event stays, `failed`, with its last error. */
  giveUp(seq: number, owner: string, now: number, error: string): Promise<void>
  /** When the next room head is due (or its lease ends), null when nothing is pending. */
  nextDueAt(): Promise<number | null>
  /** Deletes delivered and failed events finished before `before`. */
  purge(before: number): Promise<number>
  counts(): Promise<OutboxCounts>
  /**
   * Records a participant as present (`true`) or gone in `tx`; true only when that changes what was recorded, so
   * the first of several instances seeing the same change wins.
   */
  markPresence(tx: Db, meetingId: string, userKey: string, present: boolean, now: number): Promise<boolean>
  /** Forgets a meeting's participants (it ended), in `tx`. */
  forgetPresence(tx: Db, meetingId: string): Promise<void>
}

/** The outbox queries, on the store's database (SQLite or PostgreSQL). */
export function createOutbox(ctx: Pick<StoreContext, 'db' | 'dialect'>): Outbox {
  const db = ctx.db.withTables<Tables>() as unknown as OutboxDb
  const on = (tx?: Db): OutboxDb => (tx ? (tx.withTables<Tables>()) : db)
  const mine = (seq: number, owner: string) =>
    db.updateTable('host_events').where('seq', '=', seq).where('lease_owner', '=', owner).where('state', '=', 'pending')

  return {
    async add(event, now, tx) {
      const result = await on(tx)
        .insertInto('host_events')
        .values({
          id: event.id,
          type: event.type,
          room_id: event.roomId,
          space_id: event.spaceId,
          body: eventBody(event),
          created_at: now,
          state: 'pending',
          attempts: 0,
          next_attempt_at: now,
          lease_owner: null,
          lease_until: null,
          last_error: null,
          finished_at: null,
        } as never)
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst()
      return Boolean(result.numInsertedOrUpdatedRows)
    },

    async claim(owner, now, leaseMs, limit) {
      // One statement: on PostgreSQL, rows another instance is claiming right now are skipped (and, being
      // pending, keep their room's later events out); on SQLite the statement holds the write lock.
      const lock = ctx.dialect === 'postgres' ? sql`for update skip locked` : sql``
      const { rows } = await sql<HostEventsTable>`
        update host_events
        set lease_owner = ${owner}, lease_until = ${now + leaseMs}, attempts = attempts + 1
        where seq in (
          select h.seq from host_events h
          where h.state = 'pending'
            and h.next_attempt_at <= ${now}
            and (h.lease_until is null or h.lease_until <= ${now})
            and not exists (
              select 1 from host_events o where o.room_id = h.room_id and o.state = 'pending' and o.seq < h.seq
            )
          order by h.seq
          limit ${limit}
          ${lock}
        )
        returning seq, id, type, room_id, body, created_at, attempts`.execute(db)
      return rows
        .map((r) => ({
          seq: Number(r.seq),
          id: r.id,
          type: r.type,
          roomId: r.room_id,
          body: r.body,
          createdAt: Number(r.created_at),
          attempts: Number(r.attempts),
        }))
        .sort((a, b) => a.seq - b.seq)
    },

    async delivered(seq, owner, now) {
      await mine(seq, owner).set({ state: 'delivered', finished_at: now, lease_owner: null, lease_until: null, last_error: null }).execute()
    },

    async retry(seq, owner, nextAttemptAt, error) {
      await mine(seq, owner).set({ next_attempt_at: nextAttemptAt, lease_owner: null, lease_until: null, last_error: error }).execute()
    },

    async giveUp(seq, owner, now, error) {
      await mine(seq, owner).set({ state: 'failed', finished_at: now, lease_owner: null, lease_until: null, last_error: error }).execute()
    },

    async nextDueAt() {
      // Over each room's oldest pending event only: the ones behind it wait for it, whatever their own time.
      const { rows } = await sql<{ due: number | string | null }>`
        select min(case when h.lease_until is not null and h.lease_until > h.next_attempt_at
                        then h.lease_until else h.next_attempt_at end) as due
        from host_events h
        where h.state = 'pending'
          and not exists (
            select 1 from host_events o where o.room_id = h.room_id and o.state = 'pending' and o.seq < h.seq
          )`.execute(db)
      const due = rows[0]?.due
      return due === null || due === undefined ? null : Number(due)
    },

    async purge(before) {
      const result = await db
        .deleteFrom('host_events')
        .where('state', 'in', ['delivered', 'failed'])
        .where('finished_at', '<', before)
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    },

    async markPresence(tx, meetingId, userKey, present, now) {
      const q = on(tx)
      if (present) {
        const inserted = await q
          .insertInto('host_event_presence')
          .values({ meeting_id: meetingId, user_key: userKey, present: 1, changed_at: now })
          .onConflict((oc) => oc.columns(['meeting_id', 'user_key']).doNothing())
          .executeTakeFirst()
        if (inserted.numInsertedOrUpdatedRows) return true
      }
      const updated = await q
        .updateTable('host_event_presence')
        .set({ present: present ? 1 : 0, changed_at: now })
        .where('meeting_id', '=', meetingId)
        .where('user_key', '=', userKey)
        .where('present', '=', present ? 0 : 1)
        .executeTakeFirst()
      return updated.numUpdatedRows > 0n
    },

    async forgetPresence(tx, meetingId) {
      await on(tx).deleteFrom('host_event_presence').where('meeting_id', '=', meetingId).execute()
    },

    async counts() {
      const rows = await db
        .selectFrom('host_events')
        .select((eb) => ['state', eb.fn.countAll().as('n')])
        .groupBy('state')
        .execute()
      const counts: OutboxCounts = { pending: 0, delivered: 0, failed: 0 }
      for (const row of rows) counts[row.state] = Number(row.n)
      return counts
    },
  }
}
