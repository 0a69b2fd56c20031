/** Rooms of a space, and the roles and settings that decide who may do what in them. */

export type SpaceRole = 'manager' | 'member'
export type UserKind = 'internal' | 'external'
export type Policy = 'forced' | 'default_on' | 'optional' | 'disabled'

export interface RoomSettings {
  anyoneCanStart: boolean
  allJoinAsModerator: boolean
  muteOnStart: boolean
  guestsAllowed: boolean
  /** Guests wait for a moderator (BBB guestPolicy ASK_MODERATOR). */
  waitingRoom: boolean
  accessCode: string | null
  moderatorAccessCode: string | null
  record: boolean
  welcome: string | null
  maxParticipants: number | null
  durationMinutes: number | null
}

export interface Room {
  /** Public slug (`abc-def-ghi-jkl`), used in every path. */
  id: string
  spaceId: string
  name: string
  /** The BBB meetingID: random, separate from the slug. */
  meetingId: string
  isDefault: boolean
  settings: RoomSettings
  createdAt: number
  updatedAt: number
}

export interface NewRoom {
  id: string
  spaceId: string
  name: string
  meetingId: string
  isDefault: boolean
  settings: RoomSettings
}

export interface RoomPatch {
  name?: string
  settings?: Partial<RoomSettings>
}
