/** Rooms of a space, and the roles and settings that decide who may do what in them. */
import type { RoomSettingsInput } from '../contract/rooms.js'

export type { SpaceRole } from '../contract/limits.js'
export type UserKind = 'internal' | 'external'
export type { Policy } from '../contract/limits.js'

/** A room's settings are stored as the API takes them. */
export type RoomSettings = RoomSettingsInput

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
