export interface AuditEntry {
  id: number
  at: number
  /** `sub` of the actor, `guest:<name>` or `system`. */
  actor: string
  actorName: string | null
  spaceId: string | null
  roomId: string | null
  /** e.g. `room.created`, `meeting.started`, `join.granted`, `join.refused`, `limits.changed`. */
  action: string
  details: Record<string, unknown>
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: number }

export interface AuditQuery {
  spaceId?: string
  roomId?: string
  /** Exact action, or a prefix ending in `.` (`join.`). */
  action?: string
  actor?: string
  from?: number
  to?: number
  /** Default 50, at most 500. */
  limit?: number
  offset?: number
}

export interface AuditPage {
  entries: AuditEntry[]
  total: number
}
