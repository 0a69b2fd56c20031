import { useEffect, useState, type ChangeEvent } from 'react'
import { WidgetError, type DocumentLimits, type Room, type RoomDocument } from '../api.js'
import { useAnnounce, useTexts, useWidget } from '../context.js'
import { DOCUMENT_TEXTS } from '../i18n/documents.js'
import { errorMessage } from '../i18n/errors.js'
import { useWidgetId } from '../hooks/use-widget-id.js'

/** What the file picker offers: the types and extensions rooms take. */
const ACCEPT = '.pdf,.odp,.pptx,.docx,.png,.jpg,.jpeg,application/pdf,application/vnd.oasis.opendocument.presentation,' +
  'application/vnd.openxmlformats-officedocument.presentationml.presentation,' +
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document,image/png,image/jpeg'

/**
 * A room's slides in the room dialog (managers): the documents BBB shows when the meeting opens, each with a Delete
 * button, and a file picker that uploads at once (busy while it goes, the refusal in words when it fails). Not a
 * form of its own: it sits inside the room dialog's form.
 */
export function RoomDocuments(props: { room: Room }) {
  const { room } = props
  const { api, locale, errorText } = useWidget()
  const tr = useTexts(DOCUMENT_TEXTS)
  const announce = useAnnounce()
  const id = useWidgetId('bbb-docs')
  const [docs, setDocs] = useState<RoomDocument[]>([])
  const [limits, setLimits] = useState<DocumentLimits | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [reloads, setReloads] = useState(0)

  useEffect(() => {
    if (!room.canManage) return
    let live = true
    api.listDocuments(room.id).then(
      (r) => live && (setDocs(r.documents), setLimits(r.limits)),
      (err: unknown) => live && setError(errorText(err)),
    )
    return () => {
      live = false
    }
  }, [api, room.id, room.canManage, reloads])

  if (!room.canManage) return null

  const size = (bytes: number) =>
    bytes >= 1024 * 1024
      ? tr('documents.mb', { n: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024)) })
      : tr('documents.kb', { n: Math.max(1, Math.round(bytes / 1024)) })

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget
    const file = input.files?.[0]
    if (!file) return
    setError(null)
    // Too big is known before sending it: say so at once rather than upload it for nothing.
    if (limits && file.size > limits.maxBytes) {
      setError(errorMessage('document_too_large', locale))
      input.value = ''
      return
    }
    setBusy(file.name)
    try {
      const added = await api.uploadDocument(room.id, file, file.name)
      announce(tr('documents.uploaded', { name: added.filename }))
      setReloads((n) => n + 1)
    } catch (err) {
      setError(err instanceof WidgetError ? errorText(err) : errorMessage('unknown', locale))
    } finally {
      setBusy(null)
      input.value = ''
    }
  }

  const remove = async (doc: RoomDocument) => {
    setError(null)
    try {
      await api.deleteDocument(room.id, doc.id)
      announce(tr('documents.removed', { name: doc.filename }))
      setReloads((n) => n + 1)
    } catch (err) {
      setError(errorText(err))
    }
  }

  const full = limits !== null && docs.length >= limits.maxDocuments
  return (
    <section className="bbb-docs" aria-labelledby={`${id}-title`} aria-busy={busy !== null} data-bbb-documents={room.id}>
      <h3 id={`${id}-title`} className="bbb-h4">
        {tr('documents.title')}
      </h3>
      {limits ? (
        <p className="bbb-muted" id={`${id}-hint`}>
          {tr('documents.hint', { max: limits.maxDocuments, size: size(limits.maxBytes) })}
        </p>
      ) : null}
      {docs.length === 0 ? (
        <p className="bbb-muted">{tr('documents.none')}</p>
      ) : (
        <ul>
          {docs.map((doc) => (
            <li key={doc.id} data-bbb-document={doc.id}>
              <span className="bbb-doc-name">{doc.filename}</span>{' '}
              <span className="bbb-muted">{doc.source === 'url' ? tr('documents.link') : size(doc.size)}</span>{' '}
              <button type="button" className="bbb-btn bbb-btn-quiet" aria-label={`${tr('documents.remove')} — ${doc.filename}`} onClick={() => void remove(doc)} disabled={busy !== null}>
                {tr('documents.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {full ? (
        <p className="bbb-muted">{tr('documents.full')}</p>
      ) : (
        <div className="bbb-field">
          <label htmlFor={`${id}-file`}>{tr('documents.add')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept={ACCEPT}
            disabled={busy !== null}
            onChange={(e) => void pick(e)}
            {...(limits ? { 'aria-describedby': `${id}-hint` } : {})}
          />
        </div>
      )}
      <p role="status" className="bbb-muted">
        {busy !== null ? tr('documents.uploading', { name: busy }) : ''}
      </p>
      {error ? (
        <p className="bbb-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  )
}
