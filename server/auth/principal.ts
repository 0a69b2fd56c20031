import type { SpaceRole } from '../model/index.js'

export type Locale = 'fr' | 'en'

/** Who is calling: a platform user known from a verified host token. */
export interface Principal {
  sub: string
  name: string
  email: string | null
  locale: Locale | null
  avatar: string | null
  /** Partners outside the organisation; they count against the external licence cap. */
  external: boolean
  admin: boolean
  spaces: Readonly<Record<string, SpaceRole>>
  /** The spaces' display names the host gave (the token's `spaceNames` claim). */
  spaceNames?: Readonly<Record<string, string>>
}

/** The user's role in a space, or null when they are not a member. */
export function spaceRole(principal: Principal, spaceId: string): SpaceRole | null {
  return Object.hasOwn(principal.spaces, spaceId) ? (principal.spaces[spaceId] ?? null) : null
}
