import { useEffect, useState } from 'react'
import type { AttendanceAnswer, MeetingRunView, Room } from '../api.js'
import { useAnnounce, useTexts, useWidget } from '../context.js'
import { ATTENDANCE_TEXTS } from '../i18n/attendance.js'

/**
 * A room's past meetings, for its moderators and the space's managers: a disclosure that asks for the runs only
 * when opened; each run shows its start, duration and how many attended, its attendance on demand (name, kind,
 * role, each stay in the user's language and time zone) and a CSV download (times in the browser's zone).
 */
export function PastMeetings(props: { room: Room }) {
  const { room } = props
  const { api, errorText } = useWidget()
  const tr = useTexts(ATTENDANCE_TEXTS)
  const [open, setOpen] = useState(false)
  const [runs, setRuns] = useState<MeetingRunView[] | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!open) return
    const controller = new AbortController()
    api.listRuns(room.id, controller.signal).then(
      (r) => (setRuns(r), setError(null)),
      (err: unknown) => !controller.signal.aborted && setError(errorText(err)),
    )
    return () => controller.abort()
  }, [api, room.id, open])

  const panel = `bbb-past-${room.id}`
  return (
    <div className="bbb-past" data-bbb-past={room.id}>
      {/* A disclosure button, not a heading: a heading named after the room would shadow the room's own. */}
      <button
        type="button"
        className="bbb-btn bbb-btn-quiet"
        aria-expanded={open}
        aria-controls={panel}
        aria-label={`${tr('past.title')} — ${room.name}`}
        onClick={() => setOpen(!open)}
      >
        {tr('past.title')}
      </button>
      {open ? (
        <div id={panel}>
          {error ? (
            <p className="bbb-error" role="alert">
              {error}
            </p>
          ) : null}
          {runs === null ? (
            error ? null : <p className="bbb-muted">{tr('past.loading')}</p>
          ) : runs.length === 0 ? (
            <p className="bbb-muted">{tr('past.none')}</p>
          ) : (
            <ul>
              {runs.map((run) => (
                <PastRun key={run.id} room={room} run={run} />
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  )
}

/** One run: when, how long, how many; its attendance list and CSV download. */
function PastRun(props: { room: Room; run: MeetingRunView }) {
  const { room, run } = props
  const { api, locale, errorText } = useWidget()
  const tr = useTexts(ATTENDANCE_TEXTS)
  const announce = useAnnounce()
  const [shown, setShown] = useState(false)
  const [report, setReport] = useState<AttendanceAnswer | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (!shown) return
    const controller = new AbortController()
    api.getAttendance(run.id, controller.signal).then(
      (r) => (setReport(r), setError(null)),
      (err: unknown) => !controller.signal.aborted && setError(errorText(err)),
    )
    return () => controller.abort()
  }, [api, run.id, shown])

  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(run.startedAt)
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' })
  const length =
    run.endedAt === null ? tr('past.running') : tr('past.minutes', { n: Math.max(1, Math.round((run.endedAt - run.startedAt) / 60_000)) })

  const download = async () => {
    setBusy(true)
    try {
      const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
      const blob = await api.getAttendanceCsv(run.id, tz)
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = `${tr('past.attendance')}-${room.name}-${localDay(run.startedAt)}.csv`.replace(/[\\/:*?"<>|\s]+/g, '-')
      document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 60_000)
      setError(null)
      announce(tr('past.downloaded'))
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }

  const panel = `bbb-run-${run.id}`
  return (
    <li data-bbb-run={run.id}>
      <span className="bbb-rec-name">{when}</span>{' '}
      <span className="bbb-muted">
        {length} · {tr('past.attended', { n: run.participants })}
      </span>
      <span className="bbb-tools">
        <button
          type="button"
          className="bbb-btn bbb-btn-quiet"
          aria-expanded={shown}
          aria-controls={panel}
          aria-label={`${tr('past.attendance')} — ${when}`}
          onClick={() => setShown(!shown)}
        >
          {tr('past.attendance')}
        </button>
        <button type="button" className="bbb-btn bbb-btn-quiet" aria-label={`${tr('past.csv')} — ${when}`} disabled={busy} onClick={() => void download()}>
          {tr('past.csv')}
        </button>
      </span>
      {error ? (
        <p className="bbb-error" role="alert">
          {error}
        </p>
      ) : null}
      {shown ? (
        <div id={panel} data-bbb-attendance={run.id}>
          {report === null ? (
            error ? null : <p className="bbb-muted">{tr('past.loading')}</p>
          ) : report.attendees.length === 0 ? (
            <p className="bbb-muted">{tr('past.nobody')}</p>
          ) : (
            <ul>
              {report.attendees.map((a, i) => (
                <li key={`${a.userId ?? a.name}-${i}`}>
                  {a.name}{' '}
                  <span className="bbb-muted">
                    ({tr(`past.kind.${a.kind}`)}, {tr(`past.role.${a.role}`)}) ·{' '}
                    {a.sessions
                      .map((s) =>
                        s.leftAt === null
                          ? `${time.format(s.joinedAt)} – ${tr('past.stillIn')}`
                          : tr('past.stay', { from: time.format(s.joinedAt), to: time.format(s.leftAt) }),
                      )
                      .join(', ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </li>
  )
}

/** `YYYY-MM-DD` of an instant in the browser's zone, for the file name. */
function localDay(ms: number): string {
  const d = new Date(ms)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
