import type { AuditEntry } from '../contract/limits.js'

/** An audit record is stored as the API shows it. */
export type { AuditEntry }

/** What is written: the room's name is read from the rooms when the log is listed. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'roomName'> & { at?: number }

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
