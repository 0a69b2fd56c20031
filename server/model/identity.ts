import type { SpaceRole } from './room.js'

/** A platform user as last seen in a host token (memberships included). */
export interface Identity {
  sub: string
  name: string
  email: string | null
  external: boolean
  spaces: Record<string, SpaceRole>
  seenAt: number
}
