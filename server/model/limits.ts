/** The licence caps, defaults and policies are stored exactly as the API shows them. */
export type { DefaultLimits, LicenceLimits, Policies } from '../contract/limits.js'
import type { DefaultLimits, LicenceLimits, Policies } from '../contract/limits.js'
import type { BbbSettings } from '../contract/settings.js'

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

/** A room-settings preset an administrator defined (global when `spaceId` is null). */
export interface StoredPreset {
  id: string
  spaceId: string | null
  name: string
  settings: Partial<BbbSettings>
  createdAt: number
  updatedAt: number
}

export type { BbbSettings } from '../contract/settings.js'
export type { SpaceBranding } from '../contract/link.js'
