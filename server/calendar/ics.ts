import { TZDate } from '@date-fns/tz'
import ical, { ICalCalendarMethod, ICalEventStatus, type ICalCalendar } from 'ical-generator'
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library'
import type { ScheduledMeeting } from '../model/index.js'

const PROD_ID = { company: 'bbb-spaces', product: 'bbb-spaces', language: 'EN' }

/** What an invite says about the meeting's room, besides the meeting itself. */
export interface InviteRoom {
  /** The stable room link, `PUBLIC_URL/r/<roomId>`: signs a fresh join at click time. */
  link: string
  name: string
  /** The guest access code, printed in the description when the room has one. */
  accessCode: string | null
  /** A telephone dial-in number (`DIAL_IN_NUMBER`), printed when configured. */
  dialInNumber: string | null
  /**
   * The address invitations are mailed from (`MAIL_FROM`) when mail is on: it is then the ORGANIZER, and the
   * organiser, when their address differs, its SENT-BY (RFC 5546), so `invite.ics` and the mail carry one VEVENT.
   */
  mailFrom?: string | null
}

let zoneNames: Set<string> | null = null

/** True for IANA zone names we can write a VTIMEZONE for (e.g. `Europe/Paris`). */
export function isKnownTimezone(name: string): boolean {
  if (!zoneNames) {
    const list = tzlib_get_timezones()
    zoneNames = new Set(Array.isArray(list) ? list : (JSON.parse(list) as string[]))
  }
  return zoneNames.has(name)
}

function vtimezone(name: string): string | null {
  const block = tzlib_get_ical_block(name)
  const text = Array.isArray(block) ? block[0] : undefined
  // The library answers a link (America/Montreal) with its target's block (TZID:America/Toronto); the TZID
  // must be the one the events name, or clients find no VTIMEZONE for them.
  return text ? text.replace(/^TZID:.*$/m, `TZID:${name}`) : null
}

/**
 * The event description, in French then English: the room link (never a signed BBB URL), the guest access code
 * when the room has one, the dial-in number when configured, then the organiser's own text.
 */
export function inviteDescription(meeting: Pick<ScheduledMeeting, 'description'>, room: InviteRoom): string {
  const fr = [`Rejoindre la réunion : ${room.link}`]
  const en = [`Join the meeting: ${room.link}`]
  if (room.accessCode) {
    fr.push(`Code d'accès invité : ${room.accessCode}`)
    en.push(`Guest access code: ${room.accessCode}`)
  }
  if (room.dialInNumber) {
    fr.push(`Par téléphone : ${room.dialInNumber}`)
    en.push(`By phone: ${room.dialInNumber}`)
  }
  const parts = [fr.join('\n'), en.join('\n')]
  if (meeting.description) parts.unshift(meeting.description)
  return parts.join('\n\n')
}

/**
 * A parameter value per RFC 6868 inside double quotes: `^` → `^^`, a line break → `^n`, `"` → `^'`; other
 * control characters are dropped. Commas, semicolons and colons are safe inside the quotes (RFC 5545 §3.2).
 */
export function paramValue(value: string): string {
  const encoded = value
    .replace(/\r\n|\r|\n/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
    .replace(/[\^\n"]/g, (c) => (c === '^' ? '^^' : c === '\n' ? '^n' : "^'"))
  return `"${encoded}"`
}

/** Folds a content line at 75 octets (RFC 5545 §3.1) without splitting a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = []
  let current = ''
  let octets = 0
  for (const ch of line) {
    const size = Buffer.byteLength(ch)
    const limit = out.length === 0 ? 75 : 74
    if (octets + size > limit) {
      out.push(current)
      current = ''
      octets = 0
    }
    current += ch
    octets += size
  }
  out.push(current)
  return out.join('\r\n ')
}

function property(name: string, params: Array<[string, string]>, value: string): string {
  return fold(`${name}${params.map(([k, v]) => `;${k}=${v}`).join('')}:${value}`)
}

/**
 * ORGANIZER (every METHOD needs it, RFC 5546 §3.2) and, for REQUEST and CANCEL, one ATTENDEE per invitee.
 * Without the organiser's own address, replies could reach nobody: the fallback is `noreply@<host>` and
 * attendees are told RSVP=FALSE.
 */
function people(meeting: ScheduledMeeting, room: InviteRoom, withAttendees: boolean): string[] {
  const email = meeting.organizer.email
  // Mailed methods (REQUEST, CANCEL) name MAIL_FROM; a PUBLISH (feed, no attendee) is never mailed and keeps the organiser.
  const from = withAttendees ? (room.mailFrom ?? null) : null
  const organizerParams: Array<[string, string]> = meeting.organizer.name ? [['CN', paramValue(meeting.organizer.name)]] : []
  if (from && email && email.toLowerCase() !== from.toLowerCase()) organizerParams.push(['SENT-BY', paramValue(`mailto:${email}`)])
  const lines = [property('ORGANIZER', organizerParams, `mailto:${from ?? email ?? `noreply@${new URL(room.link).hostname}`}`)]
  if (!withAttendees) return lines
  for (const a of meeting.attendees) {
    lines.push(
      property(
        'ATTENDEE',
        [
          ...(a.name ? ([['CN', paramValue(a.name)]] as Array<[string, string]>) : []),
          ['ROLE', 'REQ-PARTICIPANT'],
          ['PARTSTAT', 'NEEDS-ACTION'],
          ['RSVP', email ? 'TRUE' : 'FALSE'],
        ],
        `mailto:${a.email}`,
      ),
    )
  }
  return lines
}

function addEvent(cal: ICalCalendar, meeting: ScheduledMeeting, room: InviteRoom): void {
  const cancelled = meeting.cancelledAt !== null
  cal.createEvent({
    id: meeting.uid,
    sequence: meeting.sequence,
    stamp: new Date(meeting.updatedAt),
    created: new Date(meeting.createdAt),
    lastModified: new Date(meeting.updatedAt),
    // A TZDate makes ical-generator write the wall-clock time in the meeting's zone, not the process's.
    start: new TZDate(meeting.start, meeting.timezone),
    end: new TZDate(meeting.end, meeting.timezone),
    timezone: meeting.timezone,
    summary: meeting.title,
    description: inviteDescription(meeting, room),
    location: room.link,
    url: room.link,
    status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
  })
}

/**
 * The calendar text with each event's ORGANIZER/ATTENDEE lines (written here, for the RFC 6868 parameter
 * encoding ical-generator lacks) and CRLF after every line, the last one included (RFC 5545 §3.1).
 */
function render(cal: ICalCalendar, extra: string[][]): string {
  const parts = cal.toString().split('\r\nEND:VEVENT')
  let text = parts[0]
  for (let i = 1; i < parts.length; i++) {
    const lines = extra[i - 1] ?? []
    text += (lines.length > 0 ? `\r\n${lines.join('\r\n')}` : '') + '\r\nEND:VEVENT' + parts[i]
  }
  return text.endsWith('\r\n') ? text : `${text}\r\n`
}

function newCalendar(method: ICalCalendarMethod, name?: string): ICalCalendar {
  return ical({
    prodId: PROD_ID,
    method,
    ...(name ? { name } : {}),
    timezone: { name: null, generator: vtimezone },
  })
}

/**
 * One meeting's invitation: `METHOD:REQUEST` when it has attendees, `METHOD:PUBLISH` otherwise, and
 * `METHOD:CANCEL` (same UID, higher SEQUENCE, STATUS:CANCELLED) once cancelled. Times are written in the
 * meeting's zone with its VTIMEZONE.
 */
export function meetingInviteIcs(meeting: ScheduledMeeting, room: InviteRoom): string {
  const method =
    meeting.cancelledAt !== null
      ? ICalCalendarMethod.CANCEL
      : meeting.attendees.length > 0
        ? ICalCalendarMethod.REQUEST
        : ICalCalendarMethod.PUBLISH
  const cal = newCalendar(method)
  addEvent(cal, meeting, room)
  return render(cal, [people(meeting, room, method !== ICalCalendarMethod.PUBLISH)])
}

/**
 * A space's subscribable feed (`METHOD:PUBLISH`): every meeting given, each with its room and ORGANIZER, and
 * no ATTENDEE (RFC 5546 §3.2.1 forbids them in PUBLISH; the invitations carry them).
 */
export function calendarFeedIcs(name: string, entries: Array<{ meeting: ScheduledMeeting; room: InviteRoom }>): string {
  const cal = newCalendar(ICalCalendarMethod.PUBLISH, name)
  cal.ttl(15 * 60)
  for (const { meeting, room } of entries) addEvent(cal, meeting, room)
  return render(cal, entries.map(({ meeting, room }) => people(meeting, room, false)))
}
