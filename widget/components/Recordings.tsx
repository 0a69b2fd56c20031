import { useEffect, useState, type FormEvent } from 'react'
import type { Recording, Room } from '../api.js'
import { useAnnounce, useTexts, useWidget } from '../context.js'
import { RECORDING_TEXTS } from '../i18n/recordings.js'
import { Dialog } from './Dialog.js'

/**
 * A room's recordings: name, date, duration and a "Play" link (new tab); moderators (`room.canEnd`) also
 * publish / unpublish, rename and delete (after confirming). Reloads when `events` (the room's count of
 * `recording` events) grows.
 */
export function RoomRecordings(props: { room: Room; events: number }) {
  const { room } = props
  const { api, locale, errorText } = useWidget()
  const tr = useTexts(RECORDING_TEXTS)
  const announce = useAnnounce()
  const [list, setList] = useState<Recording[]>([])
  const [error, setError] = useState<string | null>(null)
  const [reloads, setReloads] = useState(0)
  const [dialog, setDialog] = useState<{ kind: 'rename' | 'remove'; rec: Recording } | null>(null)
  const moderator = room.canEnd

  useEffect(() => {
    let live = true
    api.listRecordings(room.id).then(
      (r) => live && (setList(r), setError(null)),
      (err: unknown) => live && setError(errorText(err)),
    )
    return () => {
      live = false
    }
  }, [api, room.id, props.events, reloads])

  /** Runs a change, then reloads the list; a failure shows where the change was asked for. */
  const change = async (run: () => Promise<unknown>) => {
    await run()
    announce(tr('recordings.done'))
    setReloads((n) => n + 1)
  }
  const act = (run: () => Promise<unknown>) => change(run).catch((err: unknown) => setError(errorText(err)))

  if (list.length === 0 && !error) return null
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <div className="bbb-recs" data-bbb-recordings={room.id}>
      <h4 className="bbb-h4">{tr('recordings.title')}</h4>
      {error ? (
        <p className="bbb-error" role="alert">
          {error}
        </p>
      ) : null}
      <ul>
        {list.map((rec) => (
          <li key={rec.recordId} data-bbb-recording={rec.recordId}>
            <span className="bbb-rec-name">{rec.name}</span>{' '}
            <span className="bbb-muted">
              {when.format(rec.startTime)} · {tr('recordings.minutes', { n: Math.max(1, Math.round((rec.endTime - rec.startTime) / 60_000)) })}
              {rec.published ? '' : ` · ${tr('recordings.unpublished')}`}
              {rec.keep ? ` · ${tr('recordings.kept')}` : ''}
            </span>
            <span className="bbb-tools">
              {rec.playbackUrl ? (
                <a href={rec.playbackUrl} target="_blank" rel="noopener noreferrer" aria-label={`${tr('recordings.play')} — ${rec.name} (${tr('recordings.newTab')})`}>
                  {tr('recordings.play')}
                </a>
              ) : (
                <span className="bbb-muted">{tr('recordings.processing')}</span>
              )}
              {moderator ? (
                <>
                  <button
                    type="button"
                    className="bbb-btn bbb-btn-quiet"
                    aria-label={`${tr(rec.published ? 'recordings.unpublish' : 'recordings.publish')} — ${rec.name}`}
                    onClick={() => void act(() => api.publishRecording(room.id, rec.recordId, !rec.published))}
                  >
                    {tr(rec.published ? 'recordings.unpublish' : 'recordings.publish')}
                  </button>
                  <button
                    type="button"
                    className="bbb-btn bbb-btn-quiet"
                    aria-pressed={rec.keep}
                    aria-label={`${tr('recordings.keep')} — ${rec.name}`}
                    title={tr('recordings.keepHint')}
                    data-bbb-action="keep"
                    onClick={() => void act(() => api.keepRecording(room.id, rec.recordId, !rec.keep))}
                  >
                    {tr('recordings.keep')}
                  </button>
                  <button type="button" className="bbb-btn bbb-btn-quiet" aria-label={`${tr('recordings.rename')} — ${rec.name}`} onClick={() => setDialog({ kind: 'rename', rec })}>
                    {tr('recordings.rename')}
                  </button>
                  <button type="button" className="bbb-btn bbb-btn-quiet" aria-label={`${tr('recordings.remove')} — ${rec.name}`} onClick={() => setDialog({ kind: 'remove', rec })}>
                    {tr('recordings.remove')}
                  </button>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {dialog ? (
        <ChangeDialog
          title={tr(dialog.kind === 'rename' ? 'recordings.renameTitle' : 'recordings.removeTitle')}
          action={tr(dialog.kind === 'rename' ? 'recordings.rename' : 'recordings.remove')}
          {...(dialog.kind === 'rename'
            ? { nameLabel: tr('recordings.name'), initial: dialog.rec.name }
            : { text: tr('recordings.removeConfirm', { name: dialog.rec.name }) })}
          run={(name) =>
            change(() =>
              dialog.kind === 'rename'
                ? api.renameRecording(room.id, dialog.rec.recordId, name)
                : api.deleteRecording(room.id, dialog.rec.recordId),
            )
          }
          onClose={() => setDialog(null)}
        />
      ) : null}
    </div>
  )
}

/** Rename (a name field) or delete (a confirmation text); errors stay in the dialog. */
function ChangeDialog(props: {
  title: string
  action: string
  text?: string
  nameLabel?: string
  initial?: string
  run: (name: string) => Promise<void>
  onClose: () => void
}) {
  const { t, errorText } = useWidget()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    setBusy(true)
    try {
      await props.run(String(new FormData(e.currentTarget).get('name') ?? '').trim())
      props.onClose()
    } catch (err) {
      setError(errorText(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form className="bbb-form" onSubmit={(e) => void submit(e)}>
        {props.nameLabel ? (
          <div className="bbb-field">
            <label htmlFor="bbb-f-rec-name">{props.nameLabel}</label>
            <input id="bbb-f-rec-name" name="name" required maxLength={200} defaultValue={props.initial} />
          </div>
        ) : (
          <p>{props.text}</p>
        )}
        {error ? (
          <p className="bbb-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="bbb-actions">
          <button type="button" className="bbb-btn" onClick={props.onClose}>
            {t('button.cancel')}
          </button>
          <button type="submit" className={`bbb-btn ${props.nameLabel ? 'bbb-btn-primary' : 'bbb-btn-danger'}`} disabled={busy} data-bbb-action="confirm">
            {props.action}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
