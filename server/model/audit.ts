import type { AuditEntry } from '../contract/limits.js'

/** An audit record is stored as the API shows it. */
export type { AuditEntry }

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
