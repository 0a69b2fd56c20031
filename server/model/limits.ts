import type { Policy } from './room.js'

export interface LicenceLimits {
  maxParticipants: number | null
  maxInternal: number | null
  maxExternal: number | null
  maxMeetings: number | null
}

export interface DefaultLimits {
  maxParticipantsPerMeeting: number | null
  maxDurationMinutes: number | null
  maxConcurrentMeetings: number | null
  countModerators: boolean
}

export interface Policies {
  record: Policy
  guestsAllowed: Policy
  waitingRoom: Policy
  anyoneCanStart: Policy
  accessCode: Policy
}

export interface GlobalLimits {
  licence: LicenceLimits
  defaults: DefaultLimits
  policies: Policies
}

/** A space's overrides: only the keys present override the global defaults and policies. */
export interface SpaceLimits {
  limits: Partial<DefaultLimits>
  policies: Partial<Policies>
}
