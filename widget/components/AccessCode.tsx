import { useState } from 'react'
import type { AccessCodeKind, Room } from '../api.js'
import { useAnnounce, useTexts, useWidget } from '../context.js'
import { copyText } from '../clipboard.js'
import { ROOM_DIALOG_TEXTS } from '../i18n/room-dialog.js'

/**
 * One access code of an existing room in the room dialog (managers): hidden until "Show", "Copy", "New code"
 * (the old one stops working at once), "Remove" (not where the administrator requires a code), or "Generate"
 * when the room has none. Each change is saved at once through the access-codes API and announced.
 */
export function AccessCode(props: { room: Room; kind: AccessCodeKind; required: boolean; onChange: (room: Room) => void }) {
  const { room, kind } = props
  const { api, errorText } = useWidget()
  const tr = useTexts(ROOM_DIALOG_TEXTS)
  const announce = useAnnounce()
  const [shown, setShown] = useState(false)
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState<{ text: string; error?: boolean } | null>(null)
  const code = (kind === 'viewer' ? room.settings.accessCode : room.settings.moderatorAccessCode) ?? null
  const label = tr(kind === 'viewer' ? 'code.viewer' : 'code.moderator')
  const id = `bbb-code-${kind}`

  const say = (text: string, error = false) => {
    setNote({ text, error })
    if (!error) announce(text)
  }
  const change = async (remove: boolean) => {
    setBusy(true)
    try {
      const updated = remove ? await api.removeAccessCode(room.id, kind) : await api.generateAccessCode(room.id, kind)
      props.onChange(updated)
      say(tr(remove ? 'code.removed' : 'code.generated'))
    } catch (err) {
      say(errorText(err), true)
    } finally {
      setBusy(false)
    }
  }
  const copy = async () => {
    if (!code) return
    await copyText(code, label)
    say(tr('code.copied'))
  }
  const named = (action: string) => `${action} — ${label}`

  return (
    <div className="bbb-code" role="group" aria-labelledby={`${id}-l`} aria-describedby={`${id}-h`} data-bbb-code={kind}>
      <div className="bbb-code-row">
        <span id={`${id}-l`} className="bbb-code-label">
          {label}
        </span>
        {code ? (
          <code className="bbb-code-value" data-bbb-code-value={shown ? code : ''}>
            {shown ? code : <span aria-hidden="true">••••••••</span>}
            {shown ? null : <span className="bbb-sr-only">{tr('code.masked')}</span>}
          </code>
        ) : (
          <span className="bbb-muted">{tr('code.none')}</span>
        )}
      </div>
      <p className="bbb-muted" id={`${id}-h`}>
        {tr(kind === 'viewer' ? 'code.viewerHint' : 'code.moderatorHint')}
        {props.required ? ` ${tr('code.required')}` : ''}
      </p>
      <div className="bbb-tools">
        {code ? (
          <>
            <button type="button" className="bbb-btn" aria-pressed={shown} aria-label={named(tr('code.show'))} onClick={() => setShown(!shown)}>
              {tr('code.show')}
            </button>
            <button type="button" className="bbb-btn" aria-label={named(tr('code.copy'))} onClick={() => void copy()}>
              {tr('code.copy')}
            </button>
            <button type="button" className="bbb-btn" aria-label={named(tr('code.rotate'))} disabled={busy} onClick={() => void change(false)}>
              {tr('code.rotate')}
            </button>
            {props.required ? null : (
              <button type="button" className="bbb-btn" aria-label={named(tr('code.remove'))} disabled={busy} onClick={() => void change(true)}>
                {tr('code.remove')}
              </button>
            )}
          </>
        ) : (
          <button type="button" className="bbb-btn" aria-label={named(tr('code.generate'))} disabled={busy} onClick={() => void change(false)}>
            {tr('code.generate')}
          </button>
        )}
      </div>
      <p className={note?.error ? 'bbb-error' : 'bbb-note'} role="status">
        {note?.text ?? ''}
      </p>
    </div>
  )
}
