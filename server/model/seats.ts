import type { NewAuditEntry } from './audit.js'
import type { UserKind } from './room.js'

export interface SeatRequest {
  meetingId: string
  roomId: string
  spaceId: string
  userId: string
  kind: UserKind
  moderator: boolean
  now: number
  /** How long a granted seat is held before the user shows up in BBB (about 90 s). */
  reservationMs: number
  caps: {
    /** Per-meeting participants (room/space/default, the most restrictive), null = unlimited. */
    room: number | null
    total: number | null
    internal: number | null
    external: number | null
  }
  /** When false, moderators neither need nor take a per-meeting seat (they still count for the licence). */
  countModerators: boolean
  /**
   * Appended in the same transaction when the seat is granted (not on a refusal), with `alreadyHeld` added to
   * its details. Optional.
   */
  audit?: NewAuditEntry
}

export type SeatRefusal = 'room_full' | 'licence_full' | 'licence_full_internal' | 'licence_full_external'

export type SeatResult =
  | { granted: true; alreadyHeld: boolean }
  | { granted: false; refusal: SeatRefusal; cap: number; used: number }

export interface PresentUser {
  userId: string
  kind: UserKind
  moderator: boolean
}

export interface UsageCounts {
  total: number
  internal: number
  external: number
}

export interface Usage extends UsageCounts {
  runningMeetings: number
  spaces: Array<{
    spaceId: string
    runningMeetings: number
    participants: UsageCounts
    rooms: Array<{ roomId: string; meetingId: string; participants: UsageCounts }>
  }>
}
