/** The licence caps, defaults and policies are stored exactly as the API shows them. */
export type { DefaultLimits, LicenceLimits, Policies } from '../contract/limits.js'
import type { DefaultLimits, LicenceLimits, Policies } from '../contract/limits.js'

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
