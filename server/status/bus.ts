import { createHash, randomUUID } from 'node:crypto'
import pg from 'pg'
import type { Clock, ClockTimer } from '../clock.js'
import type { Logger } from '../log.js'
import { parseDatabaseUrl, type DatabaseLocation } from '../store/location.js'
import type { MeetingStatus } from './meeting-status.js'
import type { CacheChange } from '../store/types.js'

/** What one instance tells the others about changes it learnt first (webhooks, callbacks). */
export type BusMessage =
  | { type: 'status'; meetingId: string; status: MeetingStatus }
  /** The status was too big for a notification: ask BBB. */
  | { type: 'stale'; meetingId: string }
  | { type: 'ended'; meetingId: string }
  | { type: 'recording'; meetingId: string; recordId: string }
  /** A write made cached reads stale (a room, a space's limits, a run): the others forget them too. */
  | { type: 'forget'; change: CacheChange }

/** Carries {@link BusMessage}s between the service instances sharing one database. */
export interface StatusBus {
  readonly kind: 'memory' | 'postgres'
  /** Sends to the other instances (never back to this one). */
  publish(message: BusMessage): void
  /** Messages from other instances. */
  subscribe(handler: (message: BusMessage) => void): () => void
  close(): Promise<void>
}

/** PostgreSQL NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7000

/**
 * The bus for the store's database (a `DATABASE_URL`, or its parsed location): PostgreSQL `LISTEN/NOTIFY` on a
 * channel named after the database and schema (so test schemas on one server do not hear each other), or an
 * in-process bus for SQLite (one instance per file).
 */
export async function createStatusBus(
  options: ({ databaseUrl: string } | { location: DatabaseLocation }) & { clock: Clock; log?: Logger },
): Promise<StatusBus> {
  const location = 'location' in options ? options.location : parseDatabaseUrl(options.databaseUrl)
  if (location.kind === 'postgres') return createPostgresBus(location, options.clock, options.log)
  return createMemoryBus()
}

export function createMemoryBus(): StatusBus {
  const handlers = new Set<(m: BusMessage) => void>()
  return {
    kind: 'memory',
    // A single instance: nobody else to tell.
    publish() {},
    subscribe(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    async close() {
      handlers.clear()
    },
  }
}

/**
 * The channel for a database and schema (LISTEN takes an identifier, not a parameter). Named after what the
 * instances share, not how their URLs are spelled (host alias, password, sslmode), so they always hear each other.
 */
export function busChannel(database: string, schema: string): string {
  return `bbb_spaces_status_${createHash('sha256').update(`${database}\u0000${schema}`).digest('hex').slice(0, 16)}`
}

const RECONNECT_MAX_MS = 30_000

async function createPostgresBus(
  location: Extract<DatabaseLocation, { kind: 'postgres' }>,
  clock: Clock,
  log?: Logger,
): Promise<StatusBus> {
  const schema = location.schema ?? 'public'
  const origin = randomUUID()
  const handlers = new Set<(m: BusMessage) => void>()
  let channel: string | null = null
  let closed = false
  let client: pg.Client | null = null
  let reconnect: ClockTimer | null = null

  /** Tries again later, waiting longer after each failure (1 s, 2 s, 4 s … 30 s), until it is back or closed. */
  function scheduleReconnect(delayMs: number): void {
    if (closed || reconnect) return
    reconnect = clock.setTimeout(() => {
      reconnect = null
      connect().catch((e: unknown) => {
        log?.warn({ err: { message: String(e) } }, 'status bus: reconnect failed')
        scheduleReconnect(Math.min(delayMs * 2, RECONNECT_MAX_MS))
      })
    }, delayMs)
  }

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: location.connectionString })
    c.on('error', (err) => {
      log?.warn({ err: { message: err.message } }, 'status bus: PostgreSQL connection lost')
      void c.end().catch(() => undefined)
      if (client === c) client = null
      scheduleReconnect(1000)
    })
    c.on('notification', (n) => {
      if (n.channel !== channel || !n.payload) return
      let parsed: { origin?: string; message?: BusMessage }
      try {
        parsed = JSON.parse(n.payload) as typeof parsed
      } catch {
        return
      }
      if (parsed.origin === origin || !parsed.message) return
      for (const handler of handlers) handler(parsed.message)
    })
    try {
      await c.connect()
      if (channel === null) {
        const { rows } = await c.query<{ db: string }>('SELECT current_database() AS db')
        channel = busChannel(rows[0].db, schema)
      }
      await c.query(`LISTEN ${channel}`)
    } catch (err) {
      await c.end().catch(() => undefined)
      throw err
    }
    if (closed) {
      await c.end().catch(() => undefined)
      return
    }
    client = c
  }

  await connect()
  let sending: Promise<unknown> = Promise.resolve()
  return {
    kind: 'postgres',
    publish(message) {
      let payload = JSON.stringify({ origin, message })
      // The limit is in bytes: names with accents take two or more.
      if (Buffer.byteLength(payload, 'utf8') > MAX_PAYLOAD && message.type === 'status') {
        payload = JSON.stringify({ origin, message: { type: 'stale', meetingId: message.meetingId } })
      }
      const c = client
      const to = channel
      if (!c || to === null) return
      // One notification after the other on the listening connection (pg deprecates overlapping queries on one
      // client; a rush sends many): in order, and a failure does not stop the next.
      sending = sending
        .then(() => c.query('SELECT pg_notify($1, $2)', [to, payload]))
        .catch((err: unknown) => log?.warn({ err: { message: String(err) } }, 'status bus: notify failed'))
    },
    subscribe(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    async close() {
      closed = true
      if (reconnect) clock.clearTimeout(reconnect)
      handlers.clear()
      const c = client
      client = null
      await c?.end().catch(() => undefined)
    },
  }
}
