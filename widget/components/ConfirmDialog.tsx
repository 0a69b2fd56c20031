import { useState } from 'react'
import type { Room } from '../api.js'
import { useAnnounce, useWidget } from '../context.js'
import { Dialog } from './Dialog.js'

/** A question with "Cancel" and a (danger) action; the error of the action stays in the dialog. */
export function ConfirmDialog(props: {
  title: string
  text: string
  action: string
  run: () => Promise<void>
  onClose: () => void
  returnFocus?: (root: Document | ShadowRoot) => HTMLElement | null
}) {
  const { t, errorText } = useWidget()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const confirm = async () => {
    setBusy(true)
    try {
      await props.run()
      props.onClose()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog title={props.title} onClose={props.onClose} {...(props.returnFocus ? { returnFocus: props.returnFocus } : {})}>
      <p>{props.text}</p>
      {error ? (
        <p className="bbb-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="bbb-actions">
        <button type="button" className="bbb-btn" onClick={props.onClose}>
          {t('button.cancel')}
        </button>
        <button type="button" className="bbb-btn bbb-btn-danger" onClick={() => void confirm()} disabled={busy} data-bbb-action="confirm">
          {props.action}
        </button>
      </div>
    </Dialog>
  )
}

export function EndDialog(props: { spaceId: string; room: Room; onClose: () => void }) {
  const { api, hub, t, emit } = useWidget()
  return (
    <ConfirmDialog
      title={t('meetings.end')}
      text={t('meetings.endConfirm', { room: props.room.name })}
      action={t('meetings.end')}
      onClose={props.onClose}
      // The meeting ended (and its "End meeting" button went): focus goes to the room's start button.
      returnFocus={(root) => root.querySelector(`[data-bbb-room="${props.room.id}"] [data-bbb-action="join"]`)}
      run={async () => {
        await api.end(props.room.id)
        emit('ended', { spaceId: props.spaceId, roomId: props.room.id })
        hub.refresh(props.spaceId)
      }}
    />
  )
}

export function DeleteDialog(props: { spaceId: string; room: Room; onClose: () => void }) {
  const { api, hub, t } = useWidget()
  const announce = useAnnounce()
  return (
    <ConfirmDialog
      title={t('room.delete')}
      text={t('room.deleteConfirm', { room: props.room.name })}
      action={t('room.delete')}
      onClose={props.onClose}
      returnFocus={(root) => root.querySelector('[data-bbb-action="new-room"]')}
      run={async () => {
        await api.deleteRoom(props.room.id)
        announce(t('status.deleted'))
        hub.refresh(props.spaceId)
      }}
    />
  )
}
