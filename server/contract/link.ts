import type { Locale } from './errors.js'

/** `GET /r/:roomId/status.json`: public status of a room for its link page, polled while someone waits. */
export interface RoomLinkStatus {
  name: string
  running: boolean
  /** ISO time a scheduled meeting opens the room, when the link is not open yet. */
  opensAt?: string
}

/** What the room-link page's script starts from (embedded in the page as JSON). */
export interface RoomLinkPageData {
  roomId: string
  found: boolean
  locale: Locale
  name?: string
  running?: boolean
  opensAt?: string
  guestsAllowed?: boolean
  accessCodeRequired?: boolean
  moderatorCode?: boolean
  waitingRoom?: boolean
  oidc?: boolean
  signedIn?: { name: string; member: boolean } | null
}

/** `POST /r/:roomId/join`; answered with a `JoinAnswer`. */
export interface LinkJoinBody {
  /** Display name (2-64 characters); signed-in members may omit it. */
  name?: string
  accessCode?: string
}
