import { useState } from 'react'
import type { ScheduledMeetingView } from '../api.js'
import { useTexts, useWidget } from '../context.js'
import { ROOM_TEXTS } from '../i18n/rooms.js'
import { copyText } from '../clipboard.js'
import { ScheduleDialog } from './ScheduleDialog.js'

/** Saves text as a file in the browser (the `.ics` opens in the person's calendar application). */
function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/calendar;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.rel = 'noopener'
  a.style.display = 'none'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * "Copy link" (the stable room link, never a signed BBB URL), "Schedule…" (for those who may plan the room's
 * meetings) and, once a meeting is scheduled, "Add to calendar" (downloads its `.ics`).
 */
export function InviteActions(props: {
  room: { id: string; name: string; link: string }
  /** Managers of the space and moderators of the room. */
  canSchedule: boolean
  /** Told what to announce to screen readers (e.g. the widget's live region). */
  announce?: (text: string) => void
  /** A ready invitation to paste in a mail ("Copy invitation"). */
  invitation?: string
}) {
  const { api, t, errorText } = useWidget()
  const tr = useTexts(ROOM_TEXTS)
  // Several rooms' buttons are told apart by the room's name (the visible text starts the accessible name).
  const named = (text: string) => `${text} — ${props.room.name}`
  const [dialog, setDialog] = useState(false)
  const [meeting, setMeeting] = useState<ScheduledMeetingView | null>(null)
  const [note, setNote] = useState('')
  const say = (text: string) => {
    setNote(text)
    props.announce?.(text)
  }

  const copy = async () => {
    await copyText(props.room.link, t('invite.copy'))
    say(t('status.copied'))
  }
  const copyInvitation = async (text: string) => {
    await copyText(text, tr('invite.copyInvitation'))
    say(tr('invite.copied'))
  }

  const addToCalendar = async (m: ScheduledMeetingView) => {
    try {
      download(`${m.title.replace(/[^\p{L}\p{N} _-]/gu, '').trim() || 'meeting'}.ics`, await api.getInvite(m.id))
    } catch (err) {
      say(errorText(err))
    }
  }

  return (
    <div className="bbb-invite-actions">
      <button type="button" className="bbb-btn" onClick={() => void copy()} aria-label={named(t('invite.copy'))}>
        {t('invite.copy')}
      </button>
      {props.invitation ? (
        <button type="button" className="bbb-btn" onClick={() => void copyInvitation(props.invitation!)} aria-label={named(tr('invite.copyInvitation'))}>
          {tr('invite.copyInvitation')}
        </button>
      ) : null}
      {props.canSchedule ? (
        <button type="button" className="bbb-btn" onClick={() => setDialog(true)} aria-haspopup="dialog" aria-label={named(t('invite.schedule'))}>
          {t('invite.schedule')}
        </button>
      ) : null}
      {meeting ? (
        <button type="button" className="bbb-btn" onClick={() => void addToCalendar(meeting)}>
          {t('invite.addToCalendar')}
        </button>
      ) : null}
      <span role="status" aria-live="polite" className="bbb-note">
        {note}
      </span>
      {dialog ? (
        <ScheduleDialog
          roomId={props.room.id}
          onClose={() => setDialog(false)}
          onScheduled={(m) => {
            setMeeting(m)
            say(t('invite.scheduled', { title: m.title }))
          }}
        />
      ) : null}
    </div>
  )
}
