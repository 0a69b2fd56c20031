import { sql, type RawBuilder } from 'kysely'
import type { StoreContext } from './context.js'
import type { OutboxItem, OutboxQueue } from './types.js'

/**
 * A durable outbox table (the host events, the mail): rows `pending` until settled, each stream's rows sent in
 * order, claimed under a lease so several instances share the work and an instance that dies leaves its rows to
 * the others once the lease ends. The columns every such table has: `seq` (order), `state`, `attempts`,
 * `next_attempt_at`, `lease_owner`, `lease_until`, `last_error`, `created_at`, `finished_at`.
 */
export interface LeasedTable {
  /** The table's name. */
  table: string
  /** The column naming a row's stream: a stream's next row waits while an older one is pending. */
  stream: string
  /** The state of a row its receiver took (`delivered`, `sent`). */
  done: string
  /** The columns `claim` answers besides `seq`, `attempts` and `created_at`. */
  columns: readonly string[]
}

/** The lease and settlement queries of a {@link LeasedTable}, the same on SQLite and PostgreSQL. */
export interface LeasedQueue<Row> {
  /**
   * Leases up to `limit` rows for `owner` until `now + leaseMs`, `attempts` counted: each the oldest pending row of
   * its stream, due, and not leased by anyone else. Answers them in `seq` order, as the table has them.
   */
  claim(owner: string, now: number, leaseMs: number, limit: number): Promise<Row[]>
  /** The row was taken: settled as done, if `owner` still holds it. */
  delivered(seq: number, owner: string, now: number): Promise<void>
  /** Releases the lease and sets the next attempt. */
  retry(seq: number, owner: string, nextAttemptAt: number, error: string): Promise<void>
  /** Gives up: the row stays, `failed`, with its last error. */
  giveUp(seq: number, owner: string, now: number, error: string): Promise<void>
  /** When the next stream head is due (or its lease ends), null when nothing is pending. */
  nextDueAt(): Promise<number | null>
  /** Deletes settled rows finished before `before`. */
  purge(before: number): Promise<number>
}

export function leasedQueue<Row extends { seq: number | string; attempts: number | string; created_at: number | string }>(
  ctx: Pick<StoreContext, 'db' | 'dialect'>,
  spec: LeasedTable,
): LeasedQueue<Row> {
  const db = ctx.db
  const table = sql.table(spec.table)
  const headOnly = (alias: string): RawBuilder<unknown> =>
    sql`not exists (
      select 1 from ${table} o
      where ${sql.ref(`o.${spec.stream}`)} = ${sql.ref(`${alias}.${spec.stream}`)} and o.state = 'pending' and o.seq < ${sql.ref(`${alias}.seq`)}
    )`
  /** Settles a row this owner still holds. */
  const settle = async (seq: number, owner: string, set: RawBuilder<unknown>): Promise<void> => {
    await sql`update ${table} set ${set} where seq = ${seq} and lease_owner = ${owner} and state = 'pending'`.execute(db)
  }

  return {
    async claim(owner, now, leaseMs, limit) {
      // One statement: on PostgreSQL, rows another instance is claiming right now are skipped (and, being pending,
      // keep their stream's later rows out); on SQLite the statement holds the write lock.
      const lock = ctx.dialect === 'postgres' ? sql`for update skip locked` : sql``
      const returned = sql.join(['seq', 'attempts', 'created_at', ...spec.columns].map((c) => sql.ref(c)))
      const { rows } = await sql<Row>`
        update ${table}
        set lease_owner = ${owner}, lease_until = ${now + leaseMs}, attempts = attempts + 1
        where seq in (
          select h.seq from ${table} h
          where h.state = 'pending'
            and h.next_attempt_at <= ${now}
            and (h.lease_until is null or h.lease_until <= ${now})
            and ${headOnly('h')}
          order by h.seq
          limit ${limit}
          ${lock}
        )
        returning ${returned}`.execute(db)
      return [...rows].sort((a, b) => Number(a.seq) - Number(b.seq))
    },

    delivered: (seq, owner, now) =>
      settle(seq, owner, sql`state = ${spec.done}, finished_at = ${now}, lease_owner = null, lease_until = null, last_error = null`),

    retry: (seq, owner, nextAttemptAt, error) =>
      settle(seq, owner, sql`next_attempt_at = ${nextAttemptAt}, lease_owner = null, lease_until = null, last_error = ${error}`),

    giveUp: (seq, owner, now, error) =>
      settle(seq, owner, sql`state = 'failed', finished_at = ${now}, lease_owner = null, lease_until = null, last_error = ${error}`),

    async nextDueAt() {
      // Over each stream's oldest pending row only: the ones behind it wait for it, whatever their own time.
      const { rows } = await sql<{ due: number | string | null }>`
        select min(case when h.lease_until is not null and h.lease_until > h.next_attempt_at
                        then h.lease_until else h.next_attempt_at end) as due
        from ${table} h
        where h.state = 'pending' and ${headOnly('h')}`.execute(db)
      const due = rows[0]?.due
      return due === null || due === undefined ? null : Number(due)
    },

    async purge(before) {
      const result = await sql`delete from ${table} where state in (${spec.done}, 'failed') and finished_at < ${before}`.execute(db)
      return Number(result.numAffectedRows ?? 0n)
    },
  }
}

/** The queue columns of a new row: pending, due at once, never tried, leased by no one. */
export function pendingRow(now: number) {
  return { created_at: now, state: 'pending', attempts: 0, next_attempt_at: now, lease_owner: null, lease_until: null, last_error: null, finished_at: null } as const
}

/** An outbox over a {@link LeasedQueue}: its claimed rows shaped by `toItem`, settled by their `seq`. */
export function outboxOf<Row, T extends OutboxItem & { seq: number }>(queue: LeasedQueue<Row>, toItem: (row: Row) => T): OutboxQueue<T> {
  return {
    claim: async (owner, now, leaseMs, limit) => (await queue.claim(owner, now, leaseMs, limit)).map(toItem),
    delivered: (item, owner, now) => queue.delivered(item.seq, owner, now),
    retry: (item, owner, nextAttemptAt, error) => queue.retry(item.seq, owner, nextAttemptAt, error),
    giveUp: (item, owner, now, error) => queue.giveUp(item.seq, owner, now, error),
    nextDueAt: () => queue.nextDueAt(),
    purge: (before) => queue.purge(before),
  }
}
