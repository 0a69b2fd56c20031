import { useState } from 'react'
import { useTexts, useWidget } from '../context.js'
import { ROOM_TEXTS } from '../i18n/rooms.js'
import { copyText } from '../clipboard.js'
import { ScheduleDialog } from './ScheduleDialog.js'

/**
 * "Copy link" (the stable room link, never a signed BBB URL), "Copy invitation" and "Schedule…" (for those who may
 * plan the room's meetings). A scheduled meeting then shows in the room's list, which downloads its `.ics`.
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
  const { t } = useWidget()
  const tr = useTexts(ROOM_TEXTS)
  // Several rooms' buttons are told apart by the room's name (the visible text starts the accessible name).
  const named = (text: string) => `${text} — ${props.room.name}`
  const [dialog, setDialog] = useState(false)
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
      <span role="status" aria-live="polite" className="bbb-note">
        {note}
      </span>
      {dialog ? (
        <ScheduleDialog
          roomId={props.room.id}
          onClose={() => setDialog(false)}
          onScheduled={(m) => say(t('invite.scheduled', { title: m.title }))}
        />
      ) : null}
    </div>
  )
}
