import type { BbbSettings } from './settings.js'

/** Someone in a running meeting, as members of the space see them. */
export interface Attendee {
  name: string
  role: 'MODERATOR' | 'VIEWER'
}

/** A room's live state as widgets are shown it (also the `status` SSE event's body, with `roomId`). */
export interface RoomStatus {
  /** BBB knows the meeting (created, not ended). */
  running: boolean
  participants: number
  moderators: number
  startedAt: number | null
  attendees: Attendee[]
}

/**
 * The settings of a room as sent in create / update bodies. The BBB create parameters (`BbbSettings`, by BBB's
 * names) are optional: one a room does not set takes the space's policy default, else BBB's own default.
 */
export interface RoomSettingsInput extends Partial<Omit<BbbSettings, 'muteOnStart' | 'welcome' | 'record'>> {
  anyoneCanStart: boolean
  allJoinAsModerator: boolean
  muteOnStart: boolean
  guestsAllowed: boolean
  waitingRoom: boolean
  accessCode: string | null
  moderatorAccessCode: string | null
  record: boolean
  welcome: string | null
  maxParticipants: number | null
  durationMinutes: number | null
  /** Users (host token `sub`) who join as moderators, besides the space's managers. */
  coModerators?: string[]
}

/** Room settings as answered: the access codes only reach managers, everyone learns whether there is one. */
export type RoomSettingsView = Omit<RoomSettingsInput, 'accessCode' | 'moderatorAccessCode'> & {
  hasAccessCode: boolean
  accessCode?: string | null
  moderatorAccessCode?: string | null
}

/** A room of a space as the caller sees it. */
export interface RoomView {
  id: string
  name: string
  /** The stable public room link (`/r/:roomId`). */
  link: string
  /** The telephone dial-in number (`DIAL_IN_NUMBER`), when the service has one. */
  dialInNumber?: string
  settings: RoomSettingsView
  status: RoomStatus
  role: 'manager' | 'member'
  canStart: boolean
  canEnd: boolean
  canManage: boolean
}

/** `GET /spaces/:spaceId/rooms`. */
export interface RoomsAnswer {
  rooms: RoomView[]
}

/** `GET|PATCH /rooms/:roomId`, `POST /spaces/:spaceId/rooms` (201). */
export interface RoomAnswer {
  room: RoomView
}

/** Someone the service has seen with a role in a space (a host token naming it), by their host `sub`. */
export interface SpaceMember {
  sub: string
  name: string
  role: 'manager' | 'member'
}

/** `GET /spaces/:spaceId/members` (managers): the people seen in the space, e.g. to name a room's co-moderators. */
export interface SpaceMembersAnswer {
  members: SpaceMember[]
}

/** `POST /spaces/:spaceId/rooms`. */
export interface CreateRoomBody {
  name: string
  /** A preset's id (`GET /spaces/:spaceId/presets`): its settings, under the room's own ones. */
  preset?: string
  settings?: Partial<RoomSettingsInput>
}

/** `PATCH /rooms/:roomId`. */
export interface UpdateRoomBody {
  name?: string
  settings?: Partial<RoomSettingsInput>
}

/** Which access code: the guests' (`viewer`) or the moderators'. */
export type AccessCodeKind = 'viewer' | 'moderator'

/** `POST /rooms/:roomId/access-codes` (managers): generates or replaces that code; answers a `RoomAnswer`. */
export interface GenerateAccessCodeBody {
  kind: AccessCodeKind
}

/** `POST /rooms/:roomId/join` and `POST /r/:roomId/join`: where to send the browser. */
export interface JoinAnswer {
  joinUrl: string
  role: 'MODERATOR' | 'VIEWER'
}

/** `POST /rooms/:roomId/end`. */
export interface EndAnswer {
  ended: true
}
