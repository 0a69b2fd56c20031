import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/** The database or a transaction on it (as context.ts's `Db`, named here so the two files don't import each other). */
type Db = Kysely<Database>

/**
 * A change the store just wrote that other modules follow (the host-events outbox). Told inside the writing
 * transaction, once per change: a run is started when BBB first confirms it, ended when it is closed, a recording
 * is ready the first time it is recorded.
 */
export type DomainEvent =
  | { type: 'meeting.started'; meetingId: string; roomId: string; spaceId: string; createTime: number | null; startedBy: string }
  | { type: 'meeting.ended'; meetingId: string; roomId: string; spaceId: string; createTime: number | null }
  | { type: 'recording.ready'; meetingId: string; roomId: string; spaceId: string; recordId: string }

/**
 * Called with the transaction that wrote the change: writes made with `tx` commit or roll back with it. A sink that
 * throws rolls the change back.
 */
export type DomainEventSink = (tx: Db, event: DomainEvent) => Promise<void>

export interface DomainEventOptions {
  /** Called after a transaction that told events has committed (e.g. to wake a worker that reads them). */
  committed?: () => void
}

export interface DomainEvents {
  subscribe(sink: DomainEventSink, options?: DomainEventOptions): () => void
  emit(tx: Db, event: DomainEvent): Promise<void>
  /** The transaction wrappers call it once `tx` committed. */
  committed(tx: Db): void
}

export function createDomainEvents(): DomainEvents {
  const subscribers = new Set<{ sink: DomainEventSink; options: DomainEventOptions }>()
  const told = new WeakSet<Db>()
  return {
    subscribe(sink, options = {}) {
      const entry = { sink, options }
      subscribers.add(entry)
      return () => void subscribers.delete(entry)
    },
    async emit(tx, event) {
      if (subscribers.size > 0) told.add(tx)
      for (const { sink } of subscribers) await sink(tx, event)
    },
    committed(tx) {
      if (!told.delete(tx)) return
      for (const { options } of subscribers) options.committed?.()
    },
  }
}
