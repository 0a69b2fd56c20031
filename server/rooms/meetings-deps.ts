import type { BbbClient, PresentationDocument } from '../bbb/index.js'
import type { Clock } from '../clock.js'
import type { Locale } from '../contract/index.js'
import type { EffectiveLimits, RoomRules } from '../limits/effective.js'
import type { StatusSource } from '../status/meeting-status.js'
import type { MeetingRun, Room, UserKind } from '../model/index.js'
import type { Store } from '../store/types.js'

/** A change this instance caused, so live status can show it at once. */
export interface MeetingChange {
  type: 'meeting-started' | 'join-granted' | 'meeting-ended'
  room: Room
  /** A start: BBB's createTime from the create's answer. */
  createTime?: number
}

/** What the meetings service is built from (in the composition root). */
export interface MeetingsDeps {
  store: Store
  bbb: BbbClient
  status: StatusSource
  clock: Clock
  /**
   * How long a start waits for another instance's create of the same meeting before it creates the meeting itself:
   * as long as that create may still be waiting for BBB's answer (the BBB call timeout, and some margin).
   */
  createWaitMs: number
  /** Public base URL of the service (logout and error pages). */
  publicUrl: string
  /** Builds the create's callback URLs for a meeting (end callback, recording ready); optional. */
  createMeta?: (room: Room) => Record<string, string>
  /** The room's documents for create's `presentation` module (slides ready at start); optional. */
  presentation?: (room: Room) => Promise<readonly PresentationDocument[]>
  /** Told when a meeting starts or a join is granted, so live status can follow. */
  onChange?: (event: MeetingChange) => void
  /**
   * The recording-consent text for a meeting that may be recorded, in the starter's language (null: consent is
   * off); create then carries `notifyRecordingIsOn` and the text after the welcome message. Optional.
   */
  recordingConsent?: (room: Room, locale: Locale) => Promise<string | null>
}

/** Creates made by this instance: in flight, or recently done (`at` set when it succeeded). */
export type PendingCreates = Map<string, { run: Promise<MeetingRun>; at: number | null }>

/** The service's own state next to its deps: the single-flight map of creates lives here and nowhere else. */
export type MeetingsContext = MeetingsDeps & { pendingCreates: PendingCreates }

/** A room with the limits and rules in force for it. */
export interface RoomInForce {
  room: Room
  limits: EffectiveLimits
  rules: RoomRules
}

/** Who is about to join, whatever the way in (platform token, room link, guest). */
export interface Joiner {
  userId: string
  fullName: string
  kind: UserKind
  bbbRole: 'MODERATOR' | 'VIEWER'
  guest: boolean
  canStart: boolean
  avatarUrl: string | null
  /** BBB's interface language for this person (not the language of our errors: the HTTP layer picks that). */
  locale: Locale
  /** For the audit: `sub`, or `guest:<name>`. */
  actor: string
}
