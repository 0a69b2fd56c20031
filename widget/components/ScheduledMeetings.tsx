import { useEffect, useRef, useState } from 'react'
import type { AttendeeDelivery, MeetingDeliveriesAnswer, Room, ScheduledMeetingView } from '../api.js'
import { useTexts, useWidget } from '../context.js'
import { SCHEDULE_TEXTS } from '../i18n/schedule.js'
import { Dialog } from './Dialog.js'
import { ScheduleForm } from './ScheduleForm.js'
import { meetingWhen } from './schedule-format.js'
import { useWidgetId } from '../hooks/use-widget-id.js'

// The standalone script renders these from its own script (bbb-spaces-schedule.js, with its own Preact), so they
// take what they need from the space view as props rather than from its contexts.
export { ScheduleForm, type ScheduleFormProps } from './ScheduleForm.js'

/** Props of {@link RoomMeetings}. */
export interface RoomMeetingsProps {
  room: Room
  /** The room's meetings that have not ended, soonest first. */
  meetings: ScheduledMeetingView[]
  /** May plan the room's meetings (edit, cancel, invitations). */
  moderates: boolean
  /** Reads the space's meetings again. */
  refresh: () => void
  /** Tells screen readers (the space view's live region). */
  announce: (text: string) => void
}

type Open = { kind: 'edit' | 'cancel' | 'mail'; meeting: ScheduledMeetingView } | null

/** Saves an `.ics` text as a file named after the meeting (accents and apostrophes kept). */
function saveIcs(title: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = `${title.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'meeting'}.ics`
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/**
 * One room's upcoming meetings: title, when (the person's language and zone), how many are invited; "Download
 * .ics" for everyone; "Edit", "Invitations" and "Cancel meeting" (after a confirmation) for its moderators.
 */
export function RoomMeetings(props: RoomMeetingsProps) {
  const { room, meetings, announce } = props
  const { api, locale, errorText } = useWidget()
  const tr = useTexts(SCHEDULE_TEXTS)
  const [open, setOpen] = useState<Open>(null)
  const [error, setError] = useState<string | null>(null)
  const heading = useRef<HTMLParagraphElement>(null)
  const headingId = useWidgetId()
  const [refocus, setRefocus] = useState(false)
  // Once the dialog is gone (the page behind it is no longer inert), focus moves to the list's label.
  useEffect(() => {
    if (!refocus || open) return
    setRefocus(false)
    heading.current?.focus()
  }, [refocus, open])

  const ics = async (m: ScheduledMeetingView) => {
    try {
      saveIcs(m.title, await api.getInvite(m.id))
      setError(null)
      announce(tr('sched.done.downloaded'))
    } catch (err) {
      setError(errorText(err))
    }
  }
  const attendees = (n: number) => (n === 0 ? tr('sched.list.attendees0') : n === 1 ? tr('sched.list.attendees1') : tr('sched.list.attendeesN', { n }))

  return (
    <div className="bbb-upcoming" data-bbb-upcoming={room.id}>
      {/* A label, not a heading: the room's dialogs open above it in the page, and would break the heading order. */}
      <p className="bbb-h4" id={headingId} ref={heading} tabIndex={-1}>
        {tr('sched.list.title')}
      </p>
      {meetings.length === 0 ? (
        <p className="bbb-muted">{tr('sched.list.none')}</p>
      ) : (
        <ul aria-labelledby={headingId}>
          {meetings.map((m) => {
            const when = meetingWhen(locale, m)
            const now = Date.parse(m.start) <= Date.now()
            return (
              <li key={m.id} data-bbb-meeting={m.id}>
                <span className="bbb-rec-name">{m.title}</span>{' '}
                <span className="bbb-muted">
                  {when}
                  {now ? ` (${tr('sched.list.now')})` : ''} · {attendees(m.attendees.length)}
                </span>
                <span className="bbb-tools">
                  <button type="button" className="bbb-btn bbb-btn-quiet" aria-label={`${tr('sched.action.ics')} — ${m.title}`} onClick={() => void ics(m)}>
                    {tr('sched.action.ics')}
                  </button>
                  {props.moderates ? (
                    <>
                      <button
                        type="button"
                        className="bbb-btn bbb-btn-quiet"
                        aria-haspopup="dialog"
                        aria-label={`${tr('sched.action.edit')} — ${m.title}`}
                        onClick={() => setOpen({ kind: 'edit', meeting: m })}
                      >
                        {tr('sched.action.edit')}
                      </button>
                      {m.attendees.length > 0 ? (
                        <button
                          type="button"
                          className="bbb-btn bbb-btn-quiet"
                          aria-haspopup="dialog"
                          aria-label={`${tr('sched.action.invitations')} — ${m.title}`}
                          onClick={() => setOpen({ kind: 'mail', meeting: m })}
                        >
                          {tr('sched.action.invitations')}
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className="bbb-btn bbb-btn-quiet"
                        aria-haspopup="dialog"
                        aria-label={`${tr('sched.action.cancel')} — ${m.title}`}
                        onClick={() => setOpen({ kind: 'cancel', meeting: m })}
                      >
                        {tr('sched.action.cancel')}
                      </button>
                    </>
                  ) : null}
                </span>
              </li>
            )
          })}
        </ul>
      )}
      {error ? (
        <p className="bbb-error" role="alert">
          {error}
        </p>
      ) : null}
      {open?.kind === 'edit' ? (
        <ScheduleForm
          roomId={room.id}
          meeting={open.meeting}
          onClose={() => setOpen(null)}
          onScheduled={(m) => {
            props.refresh()
            announce(tr('sched.done.saved', { title: m.title }))
          }}
        />
      ) : null}
      {open?.kind === 'mail' ? <InvitationsDialog meeting={open.meeting} announce={announce} onClose={() => setOpen(null)} /> : null}
      {open?.kind === 'cancel' ? (
        <CancelDialog
          meeting={open.meeting}
          when={meetingWhen(locale, open.meeting)}
          onClose={(cancelled) => {
            setOpen(null)
            if (!cancelled) return
            announce(tr('sched.done.cancelled', { title: open.meeting.title }))
            props.refresh()
            // The button that opened the dialog goes with the meeting: focus stays in the room's list.
            setRefocus(true)
          }}
        />
      ) : null}
    </div>
  )
}

/** "Cancel “Title” (when)?" with "Keep the meeting" (focused first) and "Cancel meeting". */
function CancelDialog(props: { meeting: ScheduledMeetingView; when: string; onClose: (cancelled: boolean) => void }) {
  const { api, errorText } = useWidget()
  const tr = useTexts(SCHEDULE_TEXTS)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const confirm = async () => {
    setBusy(true)
    try {
      await api.cancelMeeting(props.meeting.id)
      props.onClose(true)
    } catch (err) {
      setError(errorText(err))
      setBusy(false)
    }
  }
  return (
    <Dialog title={tr('sched.cancel.title')} onClose={() => props.onClose(false)}>
      <p>{tr('sched.cancel.text', { title: props.meeting.title, when: props.when })}</p>
      {error ? (
        <p className="bbb-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="bbb-actions">
        <button type="button" className="bbb-btn" onClick={() => props.onClose(false)}>
          {tr('sched.cancel.keep')}
        </button>
        <button type="button" className="bbb-btn bbb-btn-danger" disabled={busy} onClick={() => void confirm()} data-bbb-action="confirm-cancel">
          {tr('sched.action.cancel')}
        </button>
      </div>
    </Dialog>
  )
}

/**
 * Each attendee's invitation: the state of their latest mail (queued, sent, refused with the server's answer),
 * their personal link (externals), "Resend" and "Revoke link". Says calmly when the service sends no mail. Reads
 * again every few seconds while a message is still queued.
 */
function InvitationsDialog(props: { meeting: ScheduledMeetingView; announce: (text: string) => void; onClose: () => void }) {
  const { meeting, announce } = props
  const { api, errorText } = useWidget()
  const tr = useTexts(SCHEDULE_TEXTS)
  const [answer, setAnswer] = useState<MeetingDeliveriesAnswer | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [reads, setReads] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    api.getDeliveries(meeting.id, controller.signal).then(
      (a) => (setAnswer(a), setError(null)),
      (err: unknown) => !controller.signal.aborted && setError(errorText(err)),
    )
    return () => controller.abort()
  }, [api, meeting.id, reads])
  const pending = answer?.deliveries.some((d) => d.delivery?.state === 'pending') ?? false
  useEffect(() => {
    if (!pending) return
    const timer = setTimeout(() => setReads((n) => n + 1), 2000)
    return () => clearTimeout(timer)
  }, [pending, answer])

  const act = async (d: AttendeeDelivery, action: 'resend' | 'revoke') => {
    try {
      setAnswer(action === 'resend' ? await api.resendInvitation(meeting.id, d.email) : await api.revokeInvitation(meeting.id, d.email))
      setError(null)
      announce(tr(action === 'resend' ? 'sched.mail.resent' : 'sched.mail.revokedDone', { email: d.email }))
    } catch (err) {
      setError(errorText(err))
    }
  }

  const mail = answer?.mail
  return (
    <Dialog title={tr('sched.mail.title', { title: meeting.title })} onClose={props.onClose}>
      <div data-bbb-deliveries={meeting.id}>
        {mail ? (
          <p className={mail.enabled ? 'bbb-muted' : 'bbb-note'} data-bbb-mail={mail.mode}>
            {tr(`sched.mail.${mail.mode}`)}
          </p>
        ) : null}
        {error ? (
          <p className="bbb-error" role="alert">
            {error}
          </p>
        ) : null}
        {!answer ? (
          error ? null : <p className="bbb-muted">{tr('sched.mail.loading')}</p>
        ) : answer.deliveries.length === 0 ? (
          <p className="bbb-muted">{tr('sched.mail.none')}</p>
        ) : (
          <ul className="bbb-deliveries">
            {answer.deliveries.map((d) => {
              const who = d.name ? `${d.name} <${d.email}>` : d.email
              const state = d.delivery ? tr(`sched.mail.${d.delivery.state}`) : tr('sched.mail.unsent')
              return (
                <li key={d.email} data-bbb-delivery={d.email} data-state={d.delivery?.state ?? 'none'}>
                  <span className="bbb-rec-name">{who}</span>{' '}
                  <span className="bbb-muted">
                    ({tr(d.external ? 'sched.mail.external' : 'sched.mail.member')}
                    {d.invited ? '' : `, ${tr('sched.mail.removed')}`})
                  </span>
                  <br />
                  <span className={d.delivery?.state === 'failed' ? 'bbb-error' : ''}>
                    {state}
                    {d.delivery?.method === 'CANCEL' ? ` ${tr('sched.mail.cancel')}` : ''}
                    {d.delivery?.state === 'failed' && d.delivery.error ? ` — ${d.delivery.error}` : ''}
                  </span>
                  {d.link ? <span> · {tr(`sched.link.${d.link.state}`)}</span> : null}
                  <span className="bbb-tools">
                    {mail?.enabled && d.invited ? (
                      <button type="button" className="bbb-btn bbb-btn-quiet" aria-label={`${tr('sched.mail.resend')} — ${d.email}`} onClick={() => void act(d, 'resend')}>
                        {tr('sched.mail.resend')}
                      </button>
                    ) : null}
                    {d.link?.state === 'active' ? (
                      <button type="button" className="bbb-btn bbb-btn-quiet" aria-label={`${tr('sched.mail.revoke')} — ${d.email}`} onClick={() => void act(d, 'revoke')}>
                        {tr('sched.mail.revoke')}
                      </button>
                    ) : null}
                  </span>
                </li>
              )
            })}
          </ul>
        )}
      </div>
    </Dialog>
  )
}
