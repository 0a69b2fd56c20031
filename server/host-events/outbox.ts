import type { Kysely } from 'kysely'
import type { Db, StoreContext } from '../store/context.js'
import { leasedQueue } from '../store/leased-queue.js'
import { eventBody, type HostEvent } from './events.js'
import type { OutboxQueue } from '../store/types.js'

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

export interface Outbox extends OutboxQueue<ClaimedEvent> {
  /** Adds an event (with `tx`: inside that transaction). False when an event with its id is already there. */
  add(event: HostEvent, now: number, tx?: Db): Promise<boolean>
  /**
   * Leases up to `limit` events for `owner` until `now + leaseMs`: each the oldest pending event of its room, due,
   * and not leased by anyone else. A room's next event is never claimable while an older one is pending.
   */
  claim(owner: string, now: number, leaseMs: number, limit: number): Promise<ClaimedEvent[]>
  counts(): Promise<OutboxCounts>
  /**
   * Records a participant as present (`true`) or gone in `tx`; true only when that changes what was recorded, so
   * the first of several instances seeing the same change wins.
   */
  markPresence(tx: Db, meetingId: string, userKey: string, present: boolean, now: number): Promise<boolean>
  /** Forgets a meeting's participants (it ended), in `tx`. */
  forgetPresence(tx: Db, meetingId: string): Promise<void>
}

/** The outbox queries, on the store's database (SQLite or PostgreSQL); leases and settlement are the store's `leasedQueue`. */
export function createOutbox(ctx: Pick<StoreContext, 'db' | 'dialect'>): Outbox {
  const db = ctx.db.withTables<Tables>() as unknown as OutboxDb
  const on = (tx?: Db): OutboxDb => (tx ? (tx.withTables<Tables>()) : db)
  // A room's events go in order.
  const queue = leasedQueue<HostEventsTable>(ctx, { table: 'host_events', stream: 'room_id', done: 'delivered', columns: ['id', 'type', 'room_id', 'body'] })

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
      const rows = await queue.claim(owner, now, leaseMs, limit)
      return rows.map((r) => ({
        seq: Number(r.seq),
        id: r.id,
        type: r.type,
        roomId: r.room_id,
        body: r.body,
        createdAt: Number(r.created_at),
        attempts: Number(r.attempts),
      }))
    },
    delivered: (e, owner, now) => queue.delivered(e.seq, owner, now),
    retry: (e, owner, nextAttemptAt, error) => queue.retry(e.seq, owner, nextAttemptAt, error),
    giveUp: (e, owner, now, error) => queue.giveUp(e.seq, owner, now, error),
    nextDueAt: () => queue.nextDueAt(),
    purge: (before) => queue.purge(before),

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
