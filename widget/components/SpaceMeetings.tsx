import { useEffect, useRef, useState } from 'react'
import type { Room } from '../api.js'
import { useSpace, useWidget } from '../context.js'
import { DeleteDialog, EndDialog } from './ConfirmDialog.js'
import { OutageNotice } from './MeetingButton.js'
import { RoomDialog } from './RoomDialog.js'
import { RoomItem } from './RoomItem.js'

/** Props of {@link SpaceMeetings}. */
export interface SpaceMeetingsProps {
  /** The host's space id (as in the token's `spaces` claim). */
  spaceId: string
  /** Heading text; default "Meetings" / "Réunions". */
  title?: string
}

type DialogState = { kind: 'create' } | { kind: 'edit'; room: Room } | { kind: 'end'; room: Room } | { kind: 'delete'; room: Room } | null

/**
 * A space's rooms with live status, who is in (for members), join/start buttons, copy link; managers create,
 * rename, configure and delete rooms; moderators end meetings.
 */
export function SpaceMeetings(props: SpaceMeetingsProps) {
  const { t, emit, errorText } = useWidget()
  const snapshot = useSpace(props.spaceId)
  const [dialog, setDialog] = useState<DialogState>(null)
  const readySent = useRef(false)
  const rooms = snapshot.rooms
  const canManage = rooms?.some((r) => r.canManage) ?? false

  useEffect(() => {
    if (!readySent.current && (rooms || snapshot.error)) {
      readySent.current = true
      emit('ready', { spaceId: props.spaceId })
    }
  }, [rooms, snapshot.error, emit, props.spaceId])

  return (
    <section className="bbb-card" aria-labelledby={`bbb-title-${props.spaceId}`} data-bbb-space-meetings={props.spaceId}>
      <div className="bbb-head">
        <h2 className="bbb-h2" id={`bbb-title-${props.spaceId}`}>
          {props.title ?? t('meetings.title')}
        </h2>
        {canManage ? (
          <button type="button" className="bbb-btn" onClick={() => setDialog({ kind: 'create' })} data-bbb-action="new-room">
            <span aria-hidden="true">+ </span>
            {t('meetings.newRoom')}
          </button>
        ) : null}
      </div>
      <OutageNotice error={snapshot.error} />
      {snapshot.error && snapshot.error.code !== 'bbb_unavailable' ? (
        <p className="bbb-error" role="alert">
          {errorText(snapshot.error)}
        </p>
      ) : null}
      {!rooms ? (
        snapshot.error ? null : <p className="bbb-muted">{t('status.loading')}</p>
      ) : rooms.length === 0 ? (
        <p className="bbb-muted">{t('meetings.none')}</p>
      ) : (
        <ul className="bbb-rooms">
          {rooms.map((room) => (
            <RoomItem
              key={room.id}
              room={room}
              spaceId={props.spaceId}
              version={snapshot.version}
              recordingEvents={snapshot.recordings[room.id] ?? 0}
              onEdit={() => setDialog({ kind: 'edit', room })}
              onEnd={() => setDialog({ kind: 'end', room })}
            />
          ))}
        </ul>
      )}
      {dialog?.kind === 'create' || dialog?.kind === 'edit' ? (
        <RoomDialog
          spaceId={props.spaceId}
          room={dialog.kind === 'edit' ? dialog.room : null}
          onClose={() => setDialog(null)}
          onDelete={(room) => setDialog({ kind: 'delete', room })}
        />
      ) : null}
      {dialog?.kind === 'end' ? <EndDialog spaceId={props.spaceId} room={dialog.room} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'delete' ? <DeleteDialog spaceId={props.spaceId} room={dialog.room} onClose={() => setDialog(null)} /> : null}
    </section>
  )
}
