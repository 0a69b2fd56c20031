import type { Db } from './context.js'

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

export interface DomainEvents {
  subscribe(sink: DomainEventSink): () => void
  emit(tx: Db, event: DomainEvent): Promise<void>
}

export function createDomainEvents(): DomainEvents {
  const sinks = new Set<DomainEventSink>()
  return {
    subscribe(sink) {
      sinks.add(sink)
      return () => void sinks.delete(sink)
    },
    async emit(tx, event) {
      for (const sink of sinks) await sink(tx, event)
    },
  }
}
