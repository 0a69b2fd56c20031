import ICAL from 'ical.js'

/** One VEVENT as Thunderbird's parser (ical.js) reads it. */
export interface ParsedEvent {
  uid: string
  sequence: number
  summary: string
  description: string
  location: string
  url: string | null
  status: string | null
  /** Wall-clock start in the event's zone, `YYYY-MM-DDTHH:MM:SS`. */
  localStart: string
  localEnd: string
  tzid: string | null
  /** UTC instants (ms) after resolving the zone with the file's own VTIMEZONE. */
  startUtc: number
  endUtc: number
  dtstamp: number | null
  organizer: string | null
  attendees: Array<{ email: string; cn: string | null; role: string | null }>
}

export interface ParsedCalendar {
  method: string | null
  timezones: string[]
  events: ParsedEvent[]
}

/**
 * Parses an iCalendar text with ical.js. Each VTIMEZONE of the file is registered first, so times are resolved
 * with the zone rules the file itself carries (as a calendar client does), not with the machine's.
 */
export function parseIcs(text: string): ParsedCalendar {
  const root = new ICAL.Component(ICAL.parse(text))
  const timezones = root.getAllSubcomponents('vtimezone').map((tz) => {
    const zone = new ICAL.Timezone(tz)
    ICAL.TimezoneService.register(zone, zone.tzid)
    return zone.tzid
  })
  const events = root.getAllSubcomponents('vevent').map((vevent) => {
    const ev = new ICAL.Event(vevent)
    const dtstart = vevent.getFirstProperty('dtstart')
    const tzid = (dtstart?.getParameter('tzid') as string | undefined) ?? null
    if (tzid) {
      const zone = ICAL.TimezoneService.get(tzid)
      if (zone) {
        ev.startDate.zone = zone
        ev.endDate.zone = zone
      }
    }
    const stamp = vevent.getFirstPropertyValue('dtstamp') as ICAL.Time | null
    const organizer = vevent.getFirstPropertyValue('organizer') as string | null
    return {
      uid: ev.uid,
      sequence: ev.sequence,
      summary: ev.summary,
      description: ev.description,
      location: ev.location,
      url: (vevent.getFirstPropertyValue('url') as string | null) ?? null,
      status: (vevent.getFirstPropertyValue('status') as string | null) ?? null,
      localStart: ev.startDate.toString().slice(0, 19),
      localEnd: ev.endDate.toString().slice(0, 19),
      tzid,
      startUtc: ev.startDate.toUnixTime() * 1000,
      endUtc: ev.endDate.toUnixTime() * 1000,
      dtstamp: stamp ? stamp.toUnixTime() * 1000 : null,
      organizer,
      attendees: vevent.getAllProperties('attendee').map((p) => ({
        email: String(p.getFirstValue()).replace(/^mailto:/i, ''),
        cn: (p.getParameter('cn') as string | undefined) ?? null,
        role: (p.getParameter('role') as string | undefined) ?? null,
      })),
    }
  })
  return { method: (root.getFirstPropertyValue('method') as string | null) ?? null, timezones, events }
}
