import type { Locale } from './errors.js'

/** `GET /r/:roomId/status.json`: public status of a room for its link page, polled while someone waits. */
export interface RoomLinkStatus {
  name: string
  running: boolean
  /** ISO time a scheduled meeting opens the room, when the link is not open yet. */
  opensAt?: string
  /** How many are in the meeting, while it runs. */
  participants?: number
  /** The room's participant cap is reached (only said while it runs). */
  full?: boolean
}

/** How a space presents itself on its public pages (the room-link page); every field optional. */
export interface SpaceBranding {
  /** An https URL (or a data: image) of the space's logo. */
  logo?: string | null
  /** A short line shown above the room's name. */
  bannerText?: string | null
  /** The banner's background, a CSS hex colour (`#1a5fb4`). */
  bannerColor?: string | null
}

/** The invitation a link carries (`/r/:roomId?i=<token>`), as the page is told about it. */
export interface LinkInvitation {
  /** The invited person's name, to pre-fill the name field. */
  name: string | null
  valid: boolean
  reason?: 'invitation_revoked' | 'invitation_expired' | 'invitation_not_found'
}

/** What the room-link page's script starts from (embedded in the page as JSON). */
export interface RoomLinkPageData {
  roomId: string
  found: boolean
  locale: Locale
  name?: string
  /** The space's display name (from the host token's `spaceName` claim). */
  spaceName?: string
  branding?: SpaceBranding
  /** Present when the link carries an invitation token (`?i=`). */
  invitation?: LinkInvitation
  running?: boolean
  participants?: number
  full?: boolean
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
  /** The invitation token of the link (`/r/:roomId?i=<token>`), when it carries one. */
  invitation?: string
}
