import type { Clock } from '../clock.js'
import type { MeetingMail } from '../mail/index.js'
import type { Store } from '../store/types.js'

/** The zone a scheduled meeting is written in when none is given. */
export const DEFAULT_TIMEZONE = 'Europe/Paris'
/** Meetings last an hour unless told otherwise. */
export const DEFAULT_DURATION_MINUTES = 60
/** The longest meeting one can schedule (a week). */
export const MAX_DURATION_MINUTES = 7 * 24 * 60

export interface InviteDeps {
  store: Store
  clock: Clock
  publicUrl: string
  /** How long before a scheduled start its room link lets people in (`JOIN_OPENS_MINUTES_BEFORE`, 15). */
  joinOpensMinutesBefore: number
  dialInNumber: string | null
  /** Invitation mail and personal links (absent in tests that do without). */
  mail?: MeetingMail
}
