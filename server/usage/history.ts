import type { UsageHistoryAnswer, UsageHistoryPoint, UsageHistoryStep, UsageStat } from '../contract/index.js'
import { AppError } from '../errors.js'
import type { LimitsRepo } from '../store/types.js'
import type { UsageBucket } from '../model/index.js'
import type { UsageHistoryRepo } from '../store/types.js'
import { ALL_SPACES, DAY_MS, HOUR_MS, MINUTE_MS } from '../store/usage-history.js'

export interface UsageHistoryQuery {
  from: number
  to: number
  /** Chosen from the period's length when absent: minutes up to 2 days, hours up to 93 days, days beyond. */
  step?: UsageHistoryStep
  /** One space, or the whole service. */
  spaceId?: string
}

const STEP_MS: Record<UsageHistoryStep, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS }
/** The longest period each step may cover (a chart never needs more points than these give). */
export const MAX_SPAN_MS: Record<UsageHistoryStep, number> = { minute: 7 * DAY_MS, hour: 93 * DAY_MS, day: 800 * DAY_MS }

function autoStep(spanMs: number): UsageHistoryStep {
  if (spanMs <= 2 * DAY_MS) return 'minute'
  if (spanMs <= MAX_SPAN_MS.hour) return 'hour'
  return 'day'
}

const stat = (s: { max: number; sum: number }, minutes: number): UsageStat => ({
  max: s.max,
  avg: minutes > 0 ? Math.round((s.sum / minutes) * 100) / 100 : 0,
})

function toPoint(bucket: UsageBucket): UsageHistoryPoint {
  return {
    at: new Date(bucket.at).toISOString(),
    minutes: bucket.minutes,
    participants: stat(bucket.participants, bucket.minutes),
    internal: stat(bucket.internal, bucket.minutes),
    external: stat(bucket.external, bucket.minutes),
    meetings: stat(bucket.meetings, bucket.minutes),
  }
}

/** UTC days from hours: the highest hourly peak, the sums added (so the average weighs every sampled minute). */
function days(hours: UsageBucket[]): UsageBucket[] {
  const byDay = new Map<number, UsageBucket>()
  for (const h of hours) {
    const at = h.at - (h.at % DAY_MS)
    const day = byDay.get(at)
    if (!day) {
      byDay.set(at, { ...structuredClone(h), at })
      continue
    }
    day.minutes += h.minutes
    for (const key of ['participants', 'internal', 'external', 'meetings'] as const) {
      day[key].max = Math.max(day[key].max, h[key].max)
      day[key].sum += h[key].sum
    }
  }
  return [...byDay.values()]
}

/**
 * The usage history of the whole service or one space over `[from, to)`, widened to whole steps (UTC), with the
 * licence caps in force now and the busiest spaces. Throws `invalid_request` when `to` is not after `from` or the
 * period is too long for the step (`MAX_SPAN_MS`).
 */
export async function usageHistory(
  repo: UsageHistoryRepo,
  limits: Pick<LimitsRepo, 'getGlobalLimits'>,
  query: UsageHistoryQuery,
): Promise<UsageHistoryAnswer> {
  if (!(query.to > query.from)) {
    throw new AppError('invalid_request', 'to: must be after from', { details: { field: 'to' } })
  }
  const step = query.step ?? autoStep(query.to - query.from)
  const size = STEP_MS[step]
  const from = query.from - (query.from % size)
  const to = query.to % size === 0 ? query.to : query.to - (query.to % size) + size
  if (to - from > MAX_SPAN_MS[step]) {
    throw new AppError('invalid_request', `step: a ${step} step covers ${MAX_SPAN_MS[step] / DAY_MS} days at most`, {
      details: { field: 'step', maxDays: MAX_SPAN_MS[step] / DAY_MS },
    })
  }
  const spaceId = query.spaceId ?? ALL_SPACES
  const [buckets, busiest, global] = await Promise.all([
    step === 'minute' ? repo.minutes(spaceId, from, to) : repo.hours(spaceId, from, to).then((h) => (step === 'day' ? days(h) : h)),
    query.spaceId ? Promise.resolve([]) : repo.spacePeaks(from - (from % HOUR_MS), to, 10),
    limits.getGlobalLimits(),
  ])
  const sampled = buckets.reduce((n, b) => n + b.minutes, 0)
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    step,
    spaceId: query.spaceId ?? null,
    licence: global.licence,
    points: buckets.map(toPoint),
    busiestSpaces: busiest.map((s) => ({ spaceId: s.spaceId, peak: s.peak, avg: stat({ max: s.peak, sum: s.sum }, sampled).avg })),
  }
}
