import type { LicenceLimits } from './limits.js'

/** `GET|PUT /admin/capacity`: when a booking warns (a share of each licence cap), and whether it is refused. */
export interface CapacitySettings {
  /** Percent of `maxParticipants` / `maxInternal` / `maxExternal` (default 90). */
  thresholdPercent: number
  /** Refuse the booking with `capacity_exceeded` instead of warning (default false). */
  refuse: boolean
}

/** Expected participants: all, internal, external. */
export interface CapacityCounts {
  total: number
  internal: number
  external: number
}

/** One hour of the capacity plan where scheduled meetings expect people. */
export interface CapacityHour {
  /** Start of the hour, ISO 8601 (UTC). */
  at: string
  /** Scheduled meetings overlapping the hour that state their expected attendance. */
  meetings: number
  /** Participants those meetings expect. */
  booked: CapacityCounts
  /**
   * The usual load at that hour: the mean of the highest number of participants at once at the same hour of the
   * same weekday over the 4 weeks before (the weeks the service sampled); null when none was sampled.
   */
  usual: number | null
}

/** `GET /admin/capacity/plan?from&to`: booked expected attendance per hour against the licence and the usual load. */
export interface CapacityPlanAnswer {
  from: string
  to: string
  /** The licence caps in force now. */
  licence: LicenceLimits
  settings: CapacitySettings
  /** Where a booking warns (the threshold's share of each cap), null for no cap. */
  thresholds: { participants: number | null; internal: number | null; external: number | null }
  /** The hours with at least one booking, in order. */
  hours: CapacityHour[]
}

/** How wide one point of the usage history is. */
export type UsageHistoryStep = 'minute' | 'hour' | 'day'

/** A figure over a point's span: its highest sample and its mean over the sampled minutes. */
export interface UsageStat {
  max: number
  avg: number
}

/** One point of the usage history; a span the service did not sample (it was down) has no point. */
export interface UsageHistoryPoint {
  /** Start of the span, ISO 8601 (UTC). */
  at: string
  /** Minutes sampled in the span. */
  minutes: number
  participants: UsageStat
  internal: UsageStat
  external: UsageStat
  meetings: UsageStat
}

/** A space among the busiest of the period. */
export interface BusySpace {
  spaceId: string
  /** Highest number of participants at once. */
  peak: number
  /** Mean participants over the sampled minutes. */
  avg: number
}

/** `GET /admin/usage/history?from&to&step&spaceId` (JSON; `format=csv` gives the points as CSV). */
export interface UsageHistoryAnswer {
  from: string
  to: string
  step: UsageHistoryStep
  /** The space shown, or null for the whole service. */
  spaceId: string | null
  /** The licence caps in force now (the lines the chart draws). */
  licence: LicenceLimits
  points: UsageHistoryPoint[]
  /** Up to 10 spaces with the highest peaks over the period (empty when one space is asked for). */
  busiestSpaces: BusySpace[]
}
