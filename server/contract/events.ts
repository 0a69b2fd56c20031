import type { RoomStatus } from './rooms.js'

/** `POST /events/tickets` (201): a short-lived `?ticket=` for plain EventSource clients. */
export interface EventsTicket {
  ticket: string
  /** Epoch ms. */
  expiresAt: number
}

/** SSE `status`: a room's current status (sent first, then on every visible change). */
export type StatusEvent = RoomStatus & { roomId: string }

/** SSE `ended`: a room's meeting ended (`at`, epoch ms). */
export interface EndedEvent {
  roomId: string
  at: number
}

/** SSE `recording`: a recording of the room is ready. */
export interface RecordingEvent {
  roomId: string
  recordId: string
}

/** Every event a status stream sends, by its SSE `event:` name. */
export interface LiveEvents {
  status: StatusEvent
  ended: EndedEvent
  recording: RecordingEvent
}

export type LiveEventType = keyof LiveEvents
