import { randomBytes } from 'node:crypto'

export type Role = 'MODERATOR' | 'VIEWER'
export type GuestStatus = 'ALLOW' | 'WAIT' | 'DENY'
export type GuestPolicy = 'ALWAYS_ACCEPT' | 'ALWAYS_DENY' | 'ASK_MODERATOR' | 'ALWAYS_ACCEPT_AUTH'

export interface Attendee {
  internalUserID: string
  /** The external userID given at join (the internal one when none was given), as bbb-web reports it. */
  userID: string
  fullName: string
  role: Role
  guest: boolean
  simulated: boolean
  lastSeen: number
  sessionToken?: string
}

export interface Session {
  token: string
  authToken: string
  meetingID: string
  internalMeetingID: string
  internalUserID: string
  userID: string
  fullName: string
  role: Role
  guest: boolean
  guestStatus: GuestStatus
  /** pending: joined through the API, page not loaded yet; waiting: guest in the lobby. */
  state: 'pending' | 'waiting' | 'in' | 'left' | 'ended' | 'denied'
  createdAt: number
  lastSeen: number
}

export interface Meeting {
  meetingID: string
  internalMeetingID: string
  name: string
  createTime: number
  attendeePW: string
  moderatorPW: string
  voiceBridge: string
  dialNumber: string
  duration: number
  maxParticipants: number
  record: boolean
  metadata: Map<string, string>
  guestPolicy: GuestPolicy
  endWhenNoModerator: boolean
  endWhenNoModeratorDelayMinutes: number
  expireIfNoUserJoinedMinutes: number
  expireWhenLastUserLeftMinutes: number
  logoutURL: string | undefined
  welcome: string
  hasUserJoined: boolean
  startTime: number
  endTime: number
  state: 'running' | 'ending' | 'ended'
  forciblyEnded: boolean
  attendees: Map<string, Attendee>
  sessions: Set<string>
  uniqueUsers: Set<string>
  documents: number
  /** The documents of create's and insertDocument's presentation module, in order, as the client page shows them. */
  presentations: Presentation[]
  /** `disabledFeatures` of create, minus `disabledFeaturesExclude` (e.g. presentation, learningDashboard). */
  disabledFeatures: ReadonlySet<string>
  /** Every create parameter as received (checksum aside): the dev routes and the client page show them. */
  createParams?: Readonly<Record<string, string>>
  timers: Partial<Record<'noJoin' | 'lastLeft' | 'duration' | 'noModerator' | 'end' | 'purge', NodeJS.Timeout>>
}

/** A presentation document given at create or by insertDocument; one given by URL is fetched as bbb-web does. */
export interface Presentation {
  name: string
  /** null: sent inline (base64). */
  url: string | null
  current: boolean
  downloadable: boolean
  state: 'fetching' | 'ready' | 'failed'
  bytes: number
  contentType: string | null
  error: string | null
}

export interface RecordingFormat {
  type: string
  url: string
  processingTime: number
  length: number
}

export interface Recording {
  recordID: string
  meetingID: string
  internalMeetingID: string
  name: string
  published: boolean
  state: 'published' | 'unpublished' | 'deleted'
  startTime: number
  endTime: number
  participants: number
  metadata: Map<string, string>
  formats: RecordingFormat[]
  textTracks: { kind: string; lang: string; label: string; source: string }[]
}

/** A mapped bbb-webhooks event (getRaw=false), before it is wrapped in `{ data: … }`. */
export interface DevEvent {
  id: string
  meetingID: string
  attributes: Record<string, unknown>
  ts: number
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** A random lower-case alphanumeric token. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (let i = 0; i < length; i++) out += ALNUM[bytes[i] % ALNUM.length]
  return out
}

/** Whether the meeting counts as running for bbb-web: not ended, and someone is in. */
export function isRunning(meeting: Meeting): boolean {
  return meeting.state !== 'ended' && meeting.attendees.size > 0
}
