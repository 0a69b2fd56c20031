import { useId, useState, type FormEvent } from 'react'
import { Dialog } from './Dialog.js'
import type { ScheduledMeetingView } from '../api.js'
import { useWidget } from '../context.js'
import type { Translate } from '../i18n/locale.js'
import type { WidgetTextKey } from '../i18n/widget.js'

const DURATIONS = [15, 30, 45, 60, 90, 120, 180]

/** "45 min", "1 h", "1 h 30". */
function durationText(t: Translate<WidgetTextKey>, n: number): string {
  if (n < 60) return t('schedule.minutes', { n })
  const h = Math.floor(n / 60)
  return n % 60 ? t('schedule.hoursMinutes', { h, m: n % 60 }) : t('schedule.hours', { h })
}

/** The offset (ms) of a zone from UTC at an instant. */
function zoneOffset(zone: string, at: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  )
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second))
  return asUtc - at
}

/** The UTC instant of a wall-clock date and time in a zone (`2026-11-03`, `10:00`, `Europe/Paris`). */
export function zonedInstant(date: string, time: string, zone: string): number {
  const [y, m, d] = date.split('-').map(Number)
  const [h, mi] = time.split(':').map(Number)
  const wall = Date.UTC(y, m - 1, d, h, mi)
  const first = wall - zoneOffset(zone, wall)
  return wall - zoneOffset(zone, first)
}

/**
 * "Schedule…": title, date, time and duration, in the browser's time zone (the invitation is written in it, with
 * its VTIMEZONE). Calls `onScheduled` with the created meeting.
 */
export function ScheduleDialog(props: {
  roomId: string
  onClose: () => void
  onScheduled: (meeting: ScheduledMeetingView) => void
}) {
  const { api, t, errorText } = useWidget()
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'Europe/Paris'
  const ids = { title: useId(), date: useId(), time: useId(), duration: useId(), error: useId() }
  const [title, setTitle] = useState('')
  const [date, setDate] = useState('')
  const [time, setTime] = useState('10:00')
  const [duration, setDuration] = useState(60)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!title.trim() || !date || !time) return
    setBusy(true)
    setError(null)
    try {
      const meeting = await api.scheduleMeeting(props.roomId, {
        title: title.trim(),
        start: new Date(zonedInstant(date, time, zone)).toISOString(),
        durationMinutes: duration,
        timezone: zone,
      })
      props.onScheduled(meeting)
      props.onClose()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog title={t('schedule.title')} onClose={props.onClose}>
      <form onSubmit={submit} aria-busy={busy}>
        <p>
          <label htmlFor={ids.title}>{t('schedule.name')}</label>
          <input id={ids.title} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
        </p>
        <p>
          <label htmlFor={ids.date}>{t('schedule.date')}</label>
          <input id={ids.date} type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
        </p>
        <p>
          <label htmlFor={ids.time}>{t('schedule.time')}</label>
          <input id={ids.time} type="time" required value={time} onChange={(e) => setTime(e.target.value)} aria-describedby={`${ids.time}-zone`} />
          <small id={`${ids.time}-zone`}>{t('schedule.zone', { zone })}</small>
        </p>
        <p>
          <label htmlFor={ids.duration}>{t('schedule.duration')}</label>
          <select id={ids.duration} value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
            {DURATIONS.map((n) => (
              <option key={n} value={n}>
                {durationText(t, n)}
              </option>
            ))}
          </select>
        </p>
        {error ? (
          <p role="alert" id={ids.error}>
            {error}
          </p>
        ) : null}
        <p>
          <button type="submit" className="bbb-btn bbb-btn-primary" disabled={busy}>
            {t('schedule.submit')}
          </button>{' '}
          <button type="button" className="bbb-btn" onClick={props.onClose}>
            {t('button.cancel')}
          </button>
        </p>
      </form>
    </Dialog>
  )
}
