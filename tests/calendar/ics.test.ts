import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { calendarFeedIcs, inviteDescription, isKnownTimezone, meetingInviteIcs, type InviteRoom } from '../../server/calendar/ics.js'
import type { ScheduledMeeting } from '../../server/model/index.js'
import { parseIcs } from '../invites/parse-ics.js'

const ROOM: InviteRoom = {
  link: 'https://visio.example.org/r/abc-def-ghi-jkm',
  name: 'Équipe projet',
  accessCode: '4821',
  dialInNumber: '+33 1 84 88 00 00',
}

function meeting(overrides: Partial<ScheduledMeeting> = {}): ScheduledMeeting {
  const created = Date.parse('2026-10-20T09:00:00Z')
  return {
    id: 'mtg0000001',
    roomId: 'abc-def-ghi-jkm',
    spaceId: 'team-42',
    uid: '6f1d1e9e-2b4c-4c57-9d1a-1c1f3f0e9a11@visio.example.org',
    title: 'Revue de sprint; "Q4", suite',
    description: 'Ordre du jour : démo, questions.',
    // 3 November 2026, 10:00 in Paris: winter time (+01:00), though planned on 20 October (summer time).
    start: Date.parse('2026-11-03T10:00:00+01:00'),
    end: Date.parse('2026-11-03T11:30:00+01:00'),
    timezone: 'Europe/Paris',
    attendees: [],
    sequence: 0,
    organizer: { sub: 'alice', name: 'Alice Martin', email: 'alice@example.org' },
    cancelledAt: null,
    createdAt: created,
    updatedAt: created,
    ...overrides,
  }
}

describe('meeting invitation (.ics) read back by ical.js', () => {
  const savedTz = process.env.TZ
  beforeEach(() => {
    // The machine's own zone must not leak into the invitation.
    process.env.TZ = 'America/New_York'
  })
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ
    else process.env.TZ = savedTz
  })

  it('keeps the local wall-clock time in Europe/Paris across the end of summer time, with the VTIMEZONE', () => {
    const cal = parseIcs(meetingInviteIcs(meeting(), ROOM))
    expect(cal.method).toBe('PUBLISH')
    expect(cal.timezones).toEqual(['Europe/Paris'])
    expect(cal.events).toHaveLength(1)
    const ev = cal.events[0]!
    expect(ev.tzid).toBe('Europe/Paris')
    expect(ev.localStart).toBe('2026-11-03T10:00:00')
    expect(ev.localEnd).toBe('2026-11-03T11:30:00')
    expect(new Date(ev.startUtc).toISOString()).toBe('2026-11-03T09:00:00.000Z')
    expect(new Date(ev.endUtc).toISOString()).toBe('2026-11-03T10:30:00.000Z')
    expect(ev.dtstamp).toBe(Date.parse('2026-10-20T09:00:00Z'))
  })

  it('keeps summer time for a date before the change', () => {
    const ev = parseIcs(
      meetingInviteIcs(meeting({ start: Date.parse('2026-10-22T10:00:00+02:00'), end: Date.parse('2026-10-22T11:00:00+02:00') }), ROOM),
    ).events[0]!
    expect(ev.localStart).toBe('2026-10-22T10:00:00')
    expect(new Date(ev.startUtc).toISOString()).toBe('2026-10-22T08:00:00.000Z')
  })

  it('writes another zone with its own VTIMEZONE', () => {
    const cal = parseIcs(
      meetingInviteIcs(
        meeting({ timezone: 'America/Montreal', start: Date.parse('2026-11-03T10:00:00-05:00'), end: Date.parse('2026-11-03T11:00:00-05:00') }),
        ROOM,
      ),
    )
    expect(cal.timezones).toEqual(['America/Montreal'])
    expect(cal.events[0]!.localStart).toBe('2026-11-03T10:00:00')
    expect(new Date(cal.events[0]!.startUtc).toISOString()).toBe('2026-11-03T15:00:00.000Z')
  })

  it('carries the room link as LOCATION and URL, and a French and English description with code and dial-in', () => {
    const ev = parseIcs(meetingInviteIcs(meeting(), ROOM)).events[0]!
    expect(ev.summary).toBe('Revue de sprint; "Q4", suite')
    expect(ev.location).toBe(ROOM.link)
    expect(ev.url).toBe(ROOM.link)
    expect(ev.status).toBe('CONFIRMED')
    expect(ev.description).toContain('Ordre du jour : démo, questions.')
    expect(ev.description).toContain(`Rejoindre la réunion : ${ROOM.link}`)
    expect(ev.description).toContain(`Join the meeting: ${ROOM.link}`)
    expect(ev.description).toContain("Code d'accès invité : 4821")
    expect(ev.description).toContain('Guest access code: 4821')
    expect(ev.description).toContain('By phone: +33 1 84 88 00 00')
    expect(ev.description).not.toMatch(/checksum=|\/bigbluebutton\/api\//)
  })

  it('leaves out the code and the phone when the room has none', () => {
    const text = inviteDescription({ description: null }, { ...ROOM, accessCode: null, dialInNumber: null })
    expect(text).not.toMatch(/code|phone|téléphone/i)
    expect(text.split('\n')).toEqual([`Rejoindre la réunion : ${ROOM.link}`, '', `Join the meeting: ${ROOM.link}`])
  })

  it('asks attendees with METHOD:REQUEST, ORGANIZER and ATTENDEE lines', () => {
    const cal = parseIcs(
      meetingInviteIcs(meeting({ attendees: [{ email: 'bob@partner.example', name: 'Bob Durand' }, { email: 'eve@example.org' }] }), ROOM),
    )
    expect(cal.method).toBe('REQUEST')
    const ev = cal.events[0]!
    expect(ev.organizer).toBe('mailto:alice@example.org')
    expect(ev.attendees).toEqual([
      { email: 'bob@partner.example', cn: 'Bob Durand', role: 'REQ-PARTICIPANT' },
      { email: 'eve@example.org', cn: null, role: 'REQ-PARTICIPANT' },
    ])
  })

  it('cancels with METHOD:CANCEL, the same UID and a higher SEQUENCE', () => {
    const before = parseIcs(meetingInviteIcs(meeting({ sequence: 2 }), ROOM)).events[0]!
    const after = parseIcs(meetingInviteIcs(meeting({ sequence: 3, cancelledAt: Date.now() }), ROOM))
    expect(after.method).toBe('CANCEL')
    expect(after.events[0]!.uid).toBe(before.uid)
    expect(after.events[0]!.sequence).toBe(3)
    expect(after.events[0]!.status).toBe('CANCELLED')
  })

  it('writes a feed of several meetings in several zones, one VTIMEZONE each', () => {
    const cal = parseIcs(
      calendarFeedIcs('team-42', [
        { meeting: meeting(), room: ROOM },
        {
          meeting: meeting({ id: 'mtg0000002', uid: 'second@visio.example.org', timezone: 'Europe/London', start: Date.parse('2026-11-04T09:00:00Z'), end: Date.parse('2026-11-04T10:00:00Z') }),
          room: ROOM,
        },
      ]),
    )
    expect(cal.method).toBe('PUBLISH')
    expect(cal.timezones.sort()).toEqual(['Europe/London', 'Europe/Paris'])
    expect(cal.events.map((e) => [e.uid, e.localStart])).toEqual([
      [meeting().uid, '2026-11-03T10:00:00'],
      ['second@visio.example.org', '2026-11-04T09:00:00'],
    ])
  })

  it('knows IANA zones and refuses made-up ones', () => {
    expect(isKnownTimezone('Europe/Paris')).toBe(true)
    expect(isKnownTimezone('Mars/Olympus_Mons')).toBe(false)
  })
})
