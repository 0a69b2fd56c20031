import { describe, expect, it } from 'vitest'
import { attendeesText, nextHalfHour, parseAttendees, wallClock, zonedInstant } from '../../widget/components/ScheduleForm.js'

describe('the schedule dialog’s date and time in a zone', () => {
  it('turns a Paris wall-clock time into the right instant on both sides of the end of summer time', () => {
    expect(new Date(zonedInstant('2026-10-22', '10:00', 'Europe/Paris')).toISOString()).toBe('2026-10-22T08:00:00.000Z')
    expect(new Date(zonedInstant('2026-11-03', '10:00', 'Europe/Paris')).toISOString()).toBe('2026-11-03T09:00:00.000Z')
    expect(new Date(zonedInstant('2026-11-03', '10:00', 'America/Montreal')).toISOString()).toBe('2026-11-03T15:00:00.000Z')
  })
})

describe('the schedule dialog’s defaults and attendees', () => {
  it('starts at the next half hour, shown on the wall clock of the chosen zone', () => {
    expect(new Date(nextHalfHour(Date.parse('2026-11-03T09:12:40Z'))).toISOString()).toBe('2026-11-03T09:30:00.000Z')
    expect(new Date(nextHalfHour(Date.parse('2026-11-03T09:30:00Z'))).toISOString()).toBe('2026-11-03T10:00:00.000Z')
    expect(wallClock(Date.parse('2026-11-03T23:30:00Z'), 'Europe/Paris')).toEqual({ date: '2026-11-04', time: '00:30' })
    expect(wallClock(Date.parse('2026-11-03T23:30:00Z'), 'America/Montreal')).toEqual({ date: '2026-11-03', time: '18:30' })
  })

  it('reads attendees as a mail client writes them, names with commas and accents included', () => {
    const typed = 'Zoé Lefèvre <zoe@example.org>, "Martin, Alice" <alice@example.org>\nbob@example.net; Martin, Paul <paul@example.com>\nzoe@EXAMPLE.org'
    const { attendees, bad } = parseAttendees(typed)
    expect(bad).toBeNull()
    expect(attendees).toEqual([
      { email: 'zoe@example.org', name: 'Zoé Lefèvre' },
      { email: 'alice@example.org', name: 'Martin, Alice' },
      { email: 'bob@example.net' },
      { email: 'paul@example.com', name: 'Martin, Paul' },
    ])
    expect(parseAttendees(attendeesText(attendees)).attendees).toEqual(attendees)
    expect(parseAttendees('alice@example.org\nnot an address').bad).toBe('not an address')
    expect(parseAttendees('Bob <bob@nowhere>').bad).toBe('Bob <bob@nowhere>')
    expect(parseAttendees('  \n ').attendees).toEqual([])
  })
})

