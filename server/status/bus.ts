import { createHash, randomUUID } from 'node:crypto'
import pg from 'pg'
import type { Logger } from '../log.js'
import type { MeetingStatus } from './meeting-status.js'

/** What one instance tells the others about changes it learnt first (webhooks, callbacks). */
export type BusMessage =
  | { type: 'status'; meetingId: string; status: MeetingStatus }
  /** The status was too big for a notification: ask BBB. */
  | { type: 'stale'; meetingId: string }
  | { type: 'ended'; meetingId: string }
  | { type: 'recording'; meetingId: string; recordId: string }

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
 * The bus for a database URL: PostgreSQL `LISTEN/NOTIFY` on a channel named after the database URL (so test
 * schemas on one server do not hear each other), or an in-process bus for SQLite (one instance per file).
 */
export async function createStatusBus(options: { databaseUrl: string; log?: Logger }): Promise<StatusBus> {
  if (/^postgres(ql)?:\/\//.test(options.databaseUrl)) return createPostgresBus(options.databaseUrl, options.log)
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

/** The channel for a database URL (LISTEN takes an identifier, not a parameter). */
export function busChannel(databaseUrl: string): string {
  return `bbb_spaces_status_${createHash('sha256').update(databaseUrl).digest('hex').slice(0, 16)}`
}

async function createPostgresBus(databaseUrl: string, log?: Logger): Promise<StatusBus> {
  const channel = busChannel(databaseUrl)
  const origin = randomUUID()
  const handlers = new Set<(m: BusMessage) => void>()
  let closed = false
  let client: pg.Client | null = null
  let reconnect: NodeJS.Timeout | null = null

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: databaseUrl })
    c.on('error', (err) => {
      log?.warn({ err: { message: err.message } }, 'status bus: PostgreSQL connection lost')
      void c.end().catch(() => undefined)
      if (client === c) client = null
      if (!closed && !reconnect) {
        reconnect = setTimeout(() => {
          reconnect = null
          connect().catch((e: unknown) => log?.warn({ err: { message: String(e) } }, 'status bus: reconnect failed'))
        }, 1000)
        reconnect.unref()
      }
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
    await c.connect()
    await c.query(`LISTEN ${channel}`)
    client = c
  }

  await connect()
  return {
    kind: 'postgres',
    publish(message) {
      let payload = JSON.stringify({ origin, message })
      if (payload.length > MAX_PAYLOAD && message.type === 'status') {
        payload = JSON.stringify({ origin, message: { type: 'stale', meetingId: message.meetingId } })
      }
      const c = client
      if (!c) return
      c.query('SELECT pg_notify($1, $2)', [channel, payload]).catch((err: unknown) =>
        log?.warn({ err: { message: String(err) } }, 'status bus: notify failed'),
      )
    },
    subscribe(handler) {
      handlers.add(handler)
      return () => handlers.delete(handler)
    },
    async close() {
      closed = true
      if (reconnect) clearTimeout(reconnect)
      handlers.clear()
      const c = client
      client = null
      await c?.end().catch(() => undefined)
    },
  }
}
