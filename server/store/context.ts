import { sql, type Kysely } from 'kysely'
import type SqliteDatabase from 'better-sqlite3'
import type { Clock } from '../clock.js'
import type { SqlDialect } from './migrations/index.js'
import type { Database } from './schema.js'
import { createDomainEvents, type DomainEvents } from './events.js'
import { createCodeCipher, type CodeCipher } from './code-cipher.js'

export type Db = Kysely<Database>

/** The serialised sections. Each is one PostgreSQL advisory lock key (any constant unique to this service). */
export const LOCK_KEYS = { seats: 726_300_001, runs: 726_300_002 } as const
export type LockName = keyof typeof LOCK_KEYS

/** What the query modules share: the database, its dialect, and the two ways to write atomically. */
export interface StoreContext {
  db: Db
  dialect: SqlDialect
  /** Stamps what the caller did not date (an audit entry without `at`). */
  clock: Clock
  /** A transaction; on SQLite it takes the write lock up front (BEGIN IMMEDIATE). */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>
  /**
   * A transaction serialised with every other holder of the same lock, across processes: on PostgreSQL by
   * `pg_advisory_xact_lock` inside the transaction, on SQLite by the database write lock itself.
   */
  locked<T>(lock: LockName, fn: (tx: Db) => Promise<T>): Promise<T>
  /**
   * SQLite only (null on PostgreSQL): runs `fn` synchronously on the database itself, in one BEGIN IMMEDIATE
   * transaction, while holding kysely's one connection, so no other query of this process interleaves. For the hot
   * path (seat admission): prepared statements and no await between them, where each kysely query is compiled and
   * awaited. `fn` must not keep the handle.
   */
  immediate: (<T>(fn: (raw: SqliteDatabase.Database) => T) => Promise<T>) | null
  /** Domain events, emitted by the query modules inside their transactions. */
  events: DomainEvents
  /** Seals rooms' access codes at rest (store/rooms.ts). */
  codes: CodeCipher
}

export function createContext(
  db: Db,
  dialect: SqlDialect,
  clock: Clock,
  codes: CodeCipher = createCodeCipher(),
  raw: SqliteDatabase.Database | null = null,
): StoreContext {
  const events = createDomainEvents()
  const immediate =
    raw === null ? null : <T>(fn: (database: SqliteDatabase.Database) => T): Promise<T> => db.connection().execute(async () => raw.transaction(fn).immediate(raw))
  const ctx = { ...createBareContext(db, dialect, clock, events), codes, immediate }
  // Whoever follows domain events hears of a commit once it is done (the rows are then visible to others).
  const notifying =
    (begin: <T>(fn: (tx: Db) => Promise<T>) => Promise<T>) =>
    async <T>(fn: (tx: Db) => Promise<T>): Promise<T> => {
      let used: Db | null = null
      const result = await begin((tx) => {
        used = tx
        return fn(tx)
      })
      if (used) events.committed(used)
      return result
    }
  return {
    ...ctx,
    transaction: notifying(ctx.transaction),
    locked: (lock, fn) => notifying((f) => ctx.locked(lock, f))(fn),
  }
}

function createBareContext(db: Db, dialect: SqlDialect, clock: Clock, events: DomainEvents): Omit<StoreContext, 'codes' | 'immediate'> {
  if (dialect === 'sqlite') {
    // kysely's SQLite driver begins with a deferred BEGIN, which only takes the write lock at the first write:
    // two processes could then both count and both insert. BEGIN IMMEDIATE on the one connection prevents it
    // (the driver's mutex already serialises this process; busy_timeout makes other processes wait).
    const transaction = <T>(fn: (tx: Db) => Promise<T>): Promise<T> =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn)
        try {
          const result = await fn(conn)
          await sql`commit`.execute(conn)
          return result
        } catch (error) {
          await sql`rollback`.execute(conn).catch(() => undefined)
          throw error
        }
      })
    return { db, dialect, clock, events, transaction, locked: (_lock, fn) => transaction(fn) }
  }
  const transaction = <T>(fn: (tx: Db) => Promise<T>): Promise<T> => db.transaction().execute(fn)
  return {
    db,
    dialect,
    clock,
    events,
    transaction,
    locked: (lock, fn) =>
      db.transaction().execute(async (tx) => {
        // Seats are short-lived (a lapsed reservation frees itself): not waiting for the commit's disk flush
        // while holding the lock multiplies admissions per second, and a crash loses only seconds of them.
        // One round trip for both (set_config(…, true) is `set local`).
        if (lock === 'seats') {
          await sql`select pg_advisory_xact_lock(${LOCK_KEYS[lock]}), set_config('synchronous_commit', 'off', true)`.execute(tx)
        } else await sql`select pg_advisory_xact_lock(${LOCK_KEYS[lock]})`.execute(tx)
        return fn(tx)
      }),
  }
}

/** Parses a JSON column, with a fallback when it is empty or damaged. */
export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback
  try {
    return JSON.parse(text) as T
  } catch {
    return fallback
  }
}

/** Counts rows; `count(*)` comes back as a number on both drivers (bigint is parsed on PostgreSQL). */
export function toCount(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0)
}
