import type { CapacityHour, CapacityPlanAnswer, CapacitySettings, CapacityWarning, ExpectedAttendees } from '../contract/index.js'
import { AppError } from '../errors.js'
import type { CapacitySettingsRepo, LimitsRepo, ScheduleRepo, UsageHistoryRepo } from '../store/types.js'
import { ALL_SPACES, DAY_MS, HOUR_MS } from '../store/usage-history.js'

/** Warn at 90 % of a licence cap; refusing is the admins' choice. */
export const DEFAULT_CAPACITY: CapacitySettings = { thresholdPercent: 90, refuse: false }
/** The capacity settings in force: the saved ones over {@link DEFAULT_CAPACITY}. */
export function capacitySettings(store: CapacitySettingsRepo) {
  return {
    async get(): Promise<CapacitySettings> {
      const saved = await store.getSavedCapacity()
      return saved ? { ...DEFAULT_CAPACITY, ...saved } : DEFAULT_CAPACITY
    },
    put: (settings: CapacitySettings, now: number): Promise<void> => store.putCapacity(settings, now),
  }
}

export interface Booking {
  start: number
  end: number
  expected: ExpectedAttendees | null | undefined
  /** The meeting being changed (its old booking does not count). */
  excludeId?: string
}

/**
 * The hours of a booking where the participants expected by every scheduled meeting (this one included) pass the
 * threshold of a licence cap (total, internal or external). When the admins made it a refusal, throws
 * `409 capacity_exceeded` with the first such hour instead.
 */
export async function bookingCapacity(
  store: Pick<ScheduleRepo, 'listScheduledMeetings'> & Pick<LimitsRepo, 'getGlobalLimits'> & CapacitySettingsRepo,
  booking: Booking,
): Promise<CapacityWarning[]> {
  const mine = booking.expected
  if (!mine || mine.internal + mine.external === 0) return []
  const from = booking.start - (booking.start % HOUR_MS)
  const [settings, { licence }, others] = await Promise.all([
    capacitySettings(store).get(),
    store.getGlobalLimits(),
    store.listScheduledMeetings({ from, to: booking.end }),
  ])
  const limit = (cap: number | null) => (cap === null ? null : Math.floor((cap * settings.thresholdPercent) / 100))
  const caps = [
    { limit: limit(licence.maxParticipants), count: (e: ExpectedAttendees) => e.internal + e.external },
    { limit: limit(licence.maxInternal), count: (e: ExpectedAttendees) => e.internal },
    { limit: limit(licence.maxExternal), count: (e: ExpectedAttendees) => e.external },
  ]
  const warnings: CapacityWarning[] = []
  for (let hour = from; hour < booking.end; hour += HOUR_MS) {
    const booked = others.filter((m) => m.id !== booking.excludeId && m.expectedAttendees && m.start < hour + HOUR_MS && m.end > hour)
    for (const cap of caps) {
      if (cap.limit === null) continue
      const expected = cap.count(mine) + booked.reduce((n, m) => n + cap.count(m.expectedAttendees!), 0)
      if (expected > cap.limit) {
        warnings.push({ code: 'capacity_warning', at: new Date(hour).toISOString(), expected, limit: cap.limit })
        break
      }
    }
  }
  if (warnings.length > 0 && settings.refuse) {
    const first = warnings[0]
    throw new AppError('capacity_exceeded', `${first.expected} participants expected at ${first.at}, over ${first.limit}`, {
      details: { at: first.at, expected: first.expected, limit: first.limit },
    })
  }
  return warnings
}

const WEEK_MS = 7 * DAY_MS
/** How many weeks back the usual load looks. */
export const USUAL_WEEKS = 4
/** The longest period a plan covers. */
export const MAX_PLAN_DAYS = 62

/**
 * The capacity plan over `[from, to)` (widened to whole hours): for each hour some scheduled meeting with an
 * expected attendance overlaps, the participants booked, against the licence caps, their warning thresholds, and
 * the usual load at that hour (the same hour 1 to 4 weeks before, from the usage history). `invalid_request` when
 * `to` is not after `from` or the period passes `MAX_PLAN_DAYS`.
 */
export async function capacityPlan(
  store: Pick<ScheduleRepo, 'listScheduledMeetings'> & Pick<LimitsRepo, 'getGlobalLimits'> & CapacitySettingsRepo,
  history: Pick<UsageHistoryRepo, 'hours'>,
  query: { from: number; to: number; now: number },
): Promise<CapacityPlanAnswer> {
  if (!(query.to > query.from)) throw new AppError('invalid_request', 'to: must be after from', { details: { field: 'to' } })
  const from = query.from - (query.from % HOUR_MS)
  const to = query.to % HOUR_MS === 0 ? query.to : query.to - (query.to % HOUR_MS) + HOUR_MS
  if (to - from > MAX_PLAN_DAYS * DAY_MS) {
    throw new AppError('invalid_request', `to: a plan covers ${MAX_PLAN_DAYS} days at most`, { details: { field: 'to', maxDays: MAX_PLAN_DAYS } })
  }
  const [settings, { licence }, meetings] = await Promise.all([
    capacitySettings(store).get(),
    store.getGlobalLimits(),
    store.listScheduledMeetings({ from, to }),
  ])
  const byHour = new Map<number, CapacityHour>()
  for (const m of meetings) {
    const expected = m.expectedAttendees
    if (!expected || expected.internal + expected.external === 0) continue
    for (let hour = Math.max(from, m.start - (m.start % HOUR_MS)); hour < Math.min(to, m.end); hour += HOUR_MS) {
      const h = byHour.get(hour) ?? { at: new Date(hour).toISOString(), meetings: 0, booked: { total: 0, internal: 0, external: 0 }, usual: null }
      h.meetings += 1
      h.booked.internal += expected.internal
      h.booked.external += expected.external
      h.booked.total += expected.internal + expected.external
      byHour.set(hour, h)
    }
  }
  const hours = [...byHour.keys()].sort((a, b) => a - b)
  if (hours.length > 0) {
    // Past hours only: the usual load is what was seen, never a guess.
    const pastFrom = hours[0] - USUAL_WEEKS * WEEK_MS
    const pastTo = Math.min(hours[hours.length - 1] - WEEK_MS + HOUR_MS, query.now - (query.now % HOUR_MS))
    const seen = new Map<number, number>()
    if (pastTo > pastFrom) for (const b of await history.hours(ALL_SPACES, pastFrom, pastTo)) seen.set(b.at, b.participants.max)
    for (const hour of hours) {
      const samples: number[] = []
      for (let k = 1; k <= USUAL_WEEKS; k++) {
        const peak = seen.get(hour - k * WEEK_MS)
        if (peak !== undefined) samples.push(peak)
      }
      if (samples.length > 0) byHour.get(hour)!.usual = Math.round(samples.reduce((a, b) => a + b, 0) / samples.length)
    }
  }
  const limit = (cap: number | null) => (cap === null ? null : Math.floor((cap * settings.thresholdPercent) / 100))
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    licence,
    settings,
    thresholds: { participants: limit(licence.maxParticipants), internal: limit(licence.maxInternal), external: limit(licence.maxExternal) },
    hours: hours.map((h) => byHour.get(h)!),
  }
}
