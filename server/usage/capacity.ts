import type { CapacitySettings, CapacityWarning, ExpectedAttendees } from '../contract/index.js'
import { AppError } from '../errors.js'
import type { StoreContext } from '../store/context.js'
import type { LimitsRepo, ScheduleRepo } from '../store/types.js'
import { HOUR_MS } from './history-store.js'

/** Warn at 90 % of a licence cap; refusing is the admins' choice. */
export const DEFAULT_CAPACITY: CapacitySettings = { thresholdPercent: 90, refuse: false }
const KEY = 'capacity'

/** The capacity settings, kept in the store's `settings` table under `capacity`. */
export function capacitySettings(ctx: Pick<StoreContext, 'db'>) {
  return {
    async get(): Promise<CapacitySettings> {
      const row = await ctx.db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst()
      if (!row) return DEFAULT_CAPACITY
      try {
        return { ...DEFAULT_CAPACITY, ...(JSON.parse(row.value) as Partial<CapacitySettings>) }
      } catch {
        return DEFAULT_CAPACITY
      }
    },
    async put(settings: CapacitySettings, now: number): Promise<void> {
      const value = JSON.stringify(settings)
      await ctx.db
        .insertInto('settings')
        .values({ key: KEY, value, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
        .execute()
    },
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
  store: Pick<ScheduleRepo, 'listScheduledMeetings'> & Pick<LimitsRepo, 'getGlobalLimits'> & { context: Pick<StoreContext, 'db'> },
  booking: Booking,
): Promise<CapacityWarning[]> {
  const mine = booking.expected
  if (!mine || mine.internal + mine.external === 0) return []
  const from = booking.start - (booking.start % HOUR_MS)
  const [settings, { licence }, others] = await Promise.all([
    capacitySettings(store.context).get(),
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
