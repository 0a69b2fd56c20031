import { useState, type FormEvent } from 'react'
import { Dialog } from './Dialog.js'
import { WidgetError, type CapacityWarning, type MeetingAttendee, type ScheduledMeetingView } from '../api.js'
import type { UpdateMeetingBody } from '../../server/contract/index.js'
import { useTexts, useWidget } from '../context.js'
import { SCHEDULE_TEXTS } from '../i18n/schedule.js'
import { dateLocale } from './schedule-format.js'
import { useWidgetId } from '../hooks/use-widget-id.js'

const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240]
const HALF_HOUR = 30 * 60_000

/** The wall clock of an instant in a zone: `{ date: '2026-11-03', time: '10:00' }`. */
export function wallClock(at: number, zone: string): { date: string; time: string } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(new Date(at))
      .map((x) => [x.type, x.value]),
  )
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` }
}

/** A wall-clock date and time read as if it were UTC. */
function asUtc(date: string, time: string): number {
  const [y, m, d] = date.split('-').map(Number)
  const [h, mi] = time.split(':').map(Number)
  return Date.UTC(y, m - 1, d, h, mi)
}

/** The offset (ms) of a zone from UTC at an instant on a whole minute. */
function zoneOffset(zone: string, at: number): number {
  const { date, time } = wallClock(at, zone)
  return asUtc(date, time) - at
}

/** The UTC instant of a wall-clock date and time in a zone (`2026-11-03`, `10:00`, `Europe/Paris`). */
export function zonedInstant(date: string, time: string, zone: string): number {
  const wall = asUtc(date, time)
  const first = wall - zoneOffset(zone, wall)
  return wall - zoneOffset(zone, first)
}

/** The next half hour after `now` (10:12 → 10:30, 10:30 → 11:00). */
export function nextHalfHour(now: number): number {
  return now - (now % HALF_HOUR) + HALF_HOUR
}

/** The browser's IANA time zone (the person's), else the service's default. */
export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Paris'
}

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/

/**
 * Attendees typed as a mail client writes them: `Name <address>` or the address alone, one per line or separated
 * by commas or semicolons ("Martin, Alice <alice@example.org>" keeps its comma). `bad` is the first piece that is
 * not an address.
 */
export function parseAttendees(text: string): { attendees: MeetingAttendee[]; bad: string | null } {
  const attendees: MeetingAttendee[] = []
  const seen = new Set<string>()
  let carry = ''
  for (const raw of text.split(/[\n,;]/)) {
    const piece = carry ? `${carry}, ${raw.trim()}` : raw.trim()
    if (!piece) continue
    if (!piece.includes('@')) {
      carry = piece
      continue
    }
    carry = ''
    const named = /^"?([^"<>]*?)"?\s*<\s*([^<>\s]+)\s*>$/.exec(piece)
    const email = (named ? named[2] : piece).trim()
    const name = named?.[1]?.trim().replace(/"/g, '') ?? ''
    if (!EMAIL.test(email)) return { attendees, bad: piece }
    if (seen.has(email.toLowerCase())) continue
    seen.add(email.toLowerCase())
    attendees.push(name ? { email, name: name.slice(0, 200) } : { email })
  }
  return { attendees, bad: carry || null }
}

/** Attendees back as text, one per line. */
export function attendeesText(attendees: readonly MeetingAttendee[]): string {
  return attendees.map((a) => (a.name ? `${a.name} <${a.email}>` : a.email)).join('\n')
}

function zones(current: string): string[] {
  const all = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? []
  return all.includes(current) ? all : [current, ...all]
}

const count = (text: string): number | null => (text.trim() === '' ? null : Math.max(0, Math.floor(Number(text))))

/** Props of {@link ScheduleForm}. */
export interface ScheduleFormProps {
  roomId: string
  /** The meeting to edit; absent: a new one. */
  meeting?: ScheduledMeetingView
  onClose: () => void
  /** Told of the created (or changed) meeting (the space view reads its list again). */
  onScheduled?: (meeting: ScheduledMeetingView) => void
}

/**
 * "Schedule…" and "Edit": title, date, start time (the next half hour by default), duration (1 h), time zone (the
 * person's), description, attendees (they get the invitation by mail) and the expected attendance (capacity
 * planning). A booking past the capacity threshold is kept and the dialog says so, in words, leaving the organiser
 * to keep it or change it; a refusal (`capacity_exceeded`) stays in the dialog with its figures.
 */
export function ScheduleForm(props: ScheduleFormProps) {
  const { api, locale, t, errorText } = useWidget()
  const tr = useTexts(SCHEDULE_TEXTS)
  const [meeting, setMeeting] = useState(props.meeting ?? null)
  const [f, setF] = useState(() => {
    const m = props.meeting
    const zone = m?.timezone ?? browserZone()
    const start = m ? Date.parse(m.start) : nextHalfHour(Date.now())
    return {
      zone,
      ...wallClock(start, zone),
      duration: m ? Math.round((Date.parse(m.end) - start) / 60_000) : 60,
      title: m?.title ?? '',
      description: m?.description ?? '',
      attendees: attendeesText(m?.attendees ?? []),
      internal: m?.expectedAttendees ? String(m.expectedAttendees.internal) : '',
      external: m?.expectedAttendees ? String(m.expectedAttendees.external) : '',
    }
  })
  const set = (key: keyof typeof f) => (e: { target: { value: string } }) => {
    const value = e.target.value
    setF((prev) => ({ ...prev, [key]: key === 'duration' ? Number(value) : value }))
  }
  const id = useWidgetId()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ text: string; field?: string } | null>(null)
  const [warnings, setWarnings] = useState<CapacityWarning[]>([])
  const hour = new Intl.DateTimeFormat(dateLocale(locale), { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })
  const durations = DURATIONS.includes(f.duration) ? DURATIONS : [...DURATIONS, f.duration].sort((a, b) => a - b)
  const durationText = (n: number) =>
    n < 60 ? tr('sched.duration.minutes', { n }) : n % 60 ? tr('sched.duration.hoursMinutes', { h: Math.floor(n / 60), m: n % 60 }) : tr('sched.duration.hours', { h: n / 60 })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const { attendees, bad } = parseAttendees(f.attendees)
    if (bad !== null) return setError({ text: tr('sched.field.attendeesBad', { text: bad }), field: 'attendees' })
    if (!f.title.trim()) return setError({ text: tr('sched.field.title'), field: 'title' })
    const internal = count(f.internal)
    const external = count(f.external)
    const expectedAttendees = internal === null && external === null ? null : { internal: internal ?? 0, external: external ?? 0 }
    const start = new Date(zonedInstant(f.date, f.time, f.zone)).toISOString()
    const body = {
      title: f.title.trim(),
      start,
      durationMinutes: f.duration,
      timezone: f.zone,
      description: f.description.trim() || null,
      attendees,
      expectedAttendees,
    }
    setBusy(true)
    setError(null)
    try {
      let answer: { meeting: ScheduledMeetingView; warnings?: CapacityWarning[] }
      if (meeting) {
        // Only what changed: an unchanged attendee list sends nobody a message for it.
        const patch: UpdateMeetingBody = {}
        if (Date.parse(start) !== Date.parse(meeting.start) || f.duration * 60_000 !== Date.parse(meeting.end) - Date.parse(meeting.start)) {
          patch.start = start
          patch.durationMinutes = f.duration
        }
        if (f.zone !== meeting.timezone) patch.timezone = f.zone
        if (body.title !== meeting.title) patch.title = body.title
        if (body.description !== (meeting.description ?? null)) patch.description = body.description
        if (f.attendees !== attendeesText(meeting.attendees)) {
          // Known attendees keep their language and zone.
          patch.attendees = attendees.map((a) => ({ ...meeting.attendees.find((b) => b.email.toLowerCase() === a.email.toLowerCase()), ...a }))
        }
        if (JSON.stringify(expectedAttendees) !== JSON.stringify(meeting.expectedAttendees ?? null)) patch.expectedAttendees = expectedAttendees
        answer = Object.keys(patch).length > 0 ? await api.updateMeeting(meeting.id, patch) : { meeting }
      } else {
        answer = await api.scheduleMeeting(props.roomId, body)
      }
      props.onScheduled?.(answer.meeting)
      if (answer.warnings?.length) {
        // Booked past the threshold: the meeting stands; the dialog now edits it and says why it warns.
        setMeeting(answer.meeting)
        setWarnings(answer.warnings)
      } else {
        props.onClose()
      }
    } catch (err) {
      const details = err instanceof WidgetError ? err.details : undefined
      const refused =
        err instanceof WidgetError && err.code === 'capacity_exceeded' && typeof details?.at === 'string'
          ? ` ${tr('sched.capacity.refused', { when: hour.format(new Date(details.at)), expected: details.expected, limit: details.limit })}`
          : ''
      setError({ text: errorText(err) + refused, field: String(details?.field ?? '').split('.')[0] })
    } finally {
      setBusy(false)
    }
  }

  const field = (key: 'title' | 'date' | 'time', label: string, input: Record<string, unknown>) => (
    <div className="bbb-field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        required
        value={f[key]}
        onChange={set(key)}
        aria-invalid={error?.field === key}
        {...input}
      />
    </div>
  )

  return (
    <Dialog title={meeting ? tr('sched.dialog.edit') : tr('sched.dialog.new')} onClose={props.onClose}>
      <form className="bbb-form bbb-sched" onSubmit={(e) => void submit(e)} aria-busy={busy} data-bbb-schedule-form>
        {warnings.length > 0 ? (
          <div className="bbb-warn" role="alert" data-bbb-capacity-warning>
            <p>
              <strong>{tr('sched.capacity.title')}</strong>
            </p>
            {warnings.map((w) => (
              <p key={w.at}>{tr('sched.capacity.hour', { when: hour.format(new Date(w.at)), expected: w.expected, limit: w.limit })}</p>
            ))}
            <p>{tr('sched.capacity.kept')}</p>
          </div>
        ) : null}
        {field('title', tr('sched.field.title'), { maxLength: 200, autoComplete: 'off' })}
        <div className="bbb-row">
          {field('date', tr('sched.field.date'), { type: 'date' })}
          {field('time', tr('sched.field.time'), { type: 'time', step: 300 })}
          <div className="bbb-field">
            <label htmlFor={`${id}-duration`}>{tr('sched.field.duration')}</label>
            <select id={`${id}-duration`} value={f.duration} onChange={set('duration')}>
              {durations.map((n) => (
                <option key={n} value={n}>
                  {durationText(n)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="bbb-field">
          <label htmlFor={`${id}-zone`}>{tr('sched.field.zone')}</label>
          <select id={`${id}-zone`} value={f.zone} onChange={set('zone')}>
            {zones(f.zone).map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </div>
        <div className="bbb-field">
          <label htmlFor={`${id}-description`}>{tr('sched.field.description')}</label>
          <textarea id={`${id}-description`} rows={3} maxLength={4000} value={f.description} onChange={set('description')} />
        </div>
        <div className="bbb-field">
          <label htmlFor={`${id}-attendees`}>{tr('sched.field.attendees')}</label>
          <textarea
            id={`${id}-attendees`}
            rows={3}
            value={f.attendees}
            onChange={set('attendees')}
            aria-describedby={`${id}-attendees-hint`}
            aria-invalid={error?.field === 'attendees'}
            placeholder="Alice Martin <alice@example.org>"
          />
          <small className="bbb-hint" id={`${id}-attendees-hint`}>
            {tr('sched.field.attendeesHint')}
          </small>
        </div>
        <fieldset>
          <legend>{tr('sched.field.expected')}</legend>
          <div className="bbb-row">
            {(['internal', 'external'] as const).map((k) => (
              <div className="bbb-field" key={k}>
                <label htmlFor={`${id}-${k}`}>{tr(`sched.field.${k}`)}</label>
                <input id={`${id}-${k}`} type="number" min={0} inputMode="numeric" value={f[k]} onChange={set(k)} />
              </div>
            ))}
          </div>
        </fieldset>
        {error ? (
          <p className="bbb-error" role="alert">
            {error.text}
          </p>
        ) : null}
        <div className="bbb-actions">
          <button type="button" className="bbb-btn" onClick={props.onClose}>
            {warnings.length > 0 ? tr('sched.capacity.keep') : t('button.cancel')}
          </button>
          <button type="submit" className="bbb-btn bbb-btn-primary" disabled={busy} data-bbb-action="schedule-submit">
            {meeting ? tr('sched.submit.edit') : tr('sched.submit.new')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
