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

/** The host events in the outbox, by state. */
export interface HostEventCounts {
  pending: number
  delivered: number
  failed: number
}
