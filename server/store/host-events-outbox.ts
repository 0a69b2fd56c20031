import type { Kysely } from 'kysely'
import type { Db, StoreContext } from './context.js'
import { leasedQueue, outboxOf, pendingRow } from './leased-queue.js'
import type { HostEventOutbox } from './types.js'

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

/** The outbox queries, on the store's database (SQLite or PostgreSQL); leases and settlement are the store's `leasedQueue`. */
export function createHostEventOutbox(ctx: Pick<StoreContext, 'db' | 'dialect'>): HostEventOutbox {
  const db = ctx.db.withTables<Tables>() as unknown as OutboxDb
  const on = (tx?: Db): OutboxDb => (tx ? (tx.withTables<Tables>()) : db)
  // A room's events go in order.
  const queue = leasedQueue<HostEventsTable>(ctx, { table: 'host_events', stream: 'room_id', done: 'delivered', columns: ['id', 'type', 'room_id', 'body'] })

  return {
    ...outboxOf(queue, (r) => ({
      seq: Number(r.seq),
      id: r.id,
      type: r.type,
      roomId: r.room_id,
      body: r.body,
      createdAt: Number(r.created_at),
      attempts: Number(r.attempts),
    })),

    async add(event, now, tx) {
      const result = await on(tx)
        .insertInto('host_events')
        .values({
          id: event.id,
          type: event.type,
          room_id: event.roomId,
          space_id: event.spaceId,
          body: event.body,
          ...pendingRow(now),
        } as never)
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst()
      return Boolean(result.numInsertedOrUpdatedRows)
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
      const counts = { pending: 0, delivered: 0, failed: 0 }
      for (const row of rows) counts[row.state] = Number(row.n)
      return counts
    },
  }
}
