import { describe, expect, it } from 'vitest'
import { zonedInstant } from '../../widget/components/ScheduleDialog.js'

describe('the schedule dialog’s date and time in a zone', () => {
  it('turns a Paris wall-clock time into the right instant on both sides of the end of summer time', () => {
    expect(new Date(zonedInstant('2026-10-22', '10:00', 'Europe/Paris')).toISOString()).toBe('2026-10-22T08:00:00.000Z')
    expect(new Date(zonedInstant('2026-11-03', '10:00', 'Europe/Paris')).toISOString()).toBe('2026-11-03T09:00:00.000Z')
    expect(new Date(zonedInstant('2026-11-03', '10:00', 'America/Montreal')).toISOString()).toBe('2026-11-03T15:00:00.000Z')
  })
})
