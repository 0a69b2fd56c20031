import { randomUUID } from 'node:crypto'

export type HostEventType = 'meeting.started' | 'meeting.ended' | 'participant.joined' | 'participant.left' | 'recording.ready'

/** One event as the host platform receives it (the JSON body, keys in this order). */
export interface HostEvent {
  /** Unique; the same on every retry, so receivers drop duplicates. */
  id: string
  type: HostEventType
  /** ISO 8601 time the change was seen. */
  at: string
  spaceId: string
  roomId: string
  data: Record<string, unknown>
}

/** The exact bytes POSTed (kept in the outbox, so every retry sends the same body). */
export function eventBody(event: HostEvent): string {
  const { id, type, at, spaceId, roomId, data } = event
  return JSON.stringify({ id, type, at, spaceId, roomId, data })
}

export function randomEventId(): string {
  return randomUUID()
}
