import type { Locale } from '../contract/index.js'
import { MAIL_TEXTS, type MailTextKey } from '../i18n/mail.js'
import { meetingInviteIcs } from '../calendar/ics.js'
import type { ScheduledAttendee, ScheduledMeeting, StoredMail } from '../model/index.js'

/** Why a message is sent: a new invitation, a change, the meeting cancelled, or this attendee removed from it. */
export type MailKind = 'new' | 'update' | 'cancel' | 'removed'

export interface MailInput {
  /** The meeting as it is now (cancelled for `cancel`). */
  meeting: ScheduledMeeting
  kind: MailKind
  to: ScheduledAttendee
  /** The room link, or the attendee's personal link. */
  link: string
  personal: boolean
  roomName: string
  dialInNumber: string | null
  /** `MAIL_FROM` as configured (`Name <address>` or an address). */
  from: string
  locale: Locale
  /** Where the time is given (the attendee's zone when known, else the meeting's). */
  timezone: string
  messageId: string
}

/** The address inside `Name <address>` (or the whole value). */
export function mailAddress(from: string): string {
  return (/<\s*([^<>\s]+)\s*>/.exec(from)?.[1] ?? from).trim()
}

function words(key: MailTextKey, locale: Locale, values: Record<string, string> = {}): string {
  return MAIL_TEXTS[key][locale].replace(/\{(\w+)\}/g, (_m, k: string) => values[k] ?? '')
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** "lundi 1 décembre 2026, 10:00 – 11:00 (Europe/Paris)" in the reader's language and zone. */
export function meetingTime(meeting: Pick<ScheduledMeeting, 'start' | 'end'>, locale: Locale, timezone: string): string {
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB'
  const day = new Intl.DateTimeFormat(tag, { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
  const time = new Intl.DateTimeFormat(tag, { timeZone: timezone, hour: '2-digit', minute: '2-digit' })
  const sameDay = day.format(meeting.start) === day.format(meeting.end)
  const end = sameDay ? time.format(meeting.end) : `${day.format(meeting.end)}, ${time.format(meeting.end)}`
  return `${day.format(meeting.start)}, ${time.format(meeting.start)} – ${end} (${timezone})`
}

/**
 * One attendee's iMIP message (RFC 6047): subject, text and HTML in their language, and the calendar object
 * (`METHOD:REQUEST`, or `CANCEL` with STATUS:CANCELLED for a cancelled meeting or a removed attendee), the same
 * VEVENT as `invite.ics` but for the link (theirs) and the guest access code (never mailed: members sign in,
 * externals have their personal link).
 */
export function composeMail(input: MailInput): StoredMail {
  const { meeting, kind, locale } = input
  const cancel = kind === 'cancel' || kind === 'removed'
  const carried: ScheduledMeeting =
    kind === 'removed'
      ? { ...meeting, attendees: [input.to], cancelledAt: meeting.cancelledAt ?? meeting.updatedAt }
      : meeting
  const ics = meetingInviteIcs(carried, {
    link: input.link,
    name: input.roomName,
    accessCode: null,
    dialInNumber: input.dialInNumber,
    mailFrom: mailAddress(input.from),
  })
  const values = { title: meeting.title, organizer: meeting.organizer.name || mailAddress(input.from) }
  const subject = words(kind === 'new' ? 'subjectNew' : cancel ? 'subjectCancel' : 'subjectUpdate', locale, values)
  const lead = words(
    kind === 'new' ? 'leadNew' : kind === 'update' ? 'leadUpdate' : kind === 'cancel' ? 'leadCancel' : 'leadRemoved',
    locale,
    values,
  )
  const when = meetingTime(meeting, locale, input.timezone)
  // French typography puts a space before the colon.
  const colon = locale === 'fr' ? ' : ' : ': '

  const text: string[] = [lead, '', `${words('when', locale)}${colon}${when}`]
  const html: string[] = [`<p>${escapeHtml(lead)}</p>`, `<p><strong>${escapeHtml(words('when', locale))}</strong>${colon}${escapeHtml(when)}</p>`]
  if (!cancel) {
    text.push(`${words('join', locale)}${colon}${input.link}`)
    html.push(`<p><a href="${escapeHtml(input.link)}">${escapeHtml(words('join', locale))}</a><br>${escapeHtml(input.link)}</p>`)
    if (input.personal) {
      text.push(words('personalLink', locale))
      html.push(`<p>${escapeHtml(words('personalLink', locale))}</p>`)
    }
    if (input.dialInNumber) {
      text.push(`${words('phone', locale)}${colon}${input.dialInNumber}`)
      html.push(`<p>${escapeHtml(words('phone', locale))}${colon}${escapeHtml(input.dialInNumber)}</p>`)
    }
    if (meeting.description) {
      text.push('', meeting.description)
      html.push(`<p>${escapeHtml(meeting.description)}</p>`)
    }
    text.push('', words('calendarHint', locale))
    html.push(`<p style="color:#555">${escapeHtml(words('calendarHint', locale))}</p>`)
  }
  return {
    messageId: input.messageId,
    from: input.from,
    to: { ...(input.to.name ? { name: input.to.name } : {}), address: input.to.email },
    subject,
    text: text.join('\n') + '\n',
    html: `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${html.join('\n')}</body></html>`,
    method: cancel ? 'CANCEL' : 'REQUEST',
    ics,
  }
}
