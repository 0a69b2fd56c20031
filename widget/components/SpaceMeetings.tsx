import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react'
import { WidgetError, type MyLimits, type Room, type RoomSettingsInput } from '../api.js'
import { useAnnounce, useSpace, useWidget } from '../context.js'
import { Dialog } from './Dialog.js'
import { InviteActions } from './InviteActions.js'
import { OutageNotice, RoomJoin } from './MeetingButton.js'

// Recordings are a separate chunk, so the ESM entry stays within its size budget.
const RoomRecordings = lazy(() => import('./Recordings.js').then((m) => ({ default: m.RoomRecordings })))

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

function RoomItem(props: { room: Room; spaceId: string; version: number; recordingEvents: number; onEdit: () => void; onEnd: () => void }) {
  const { room } = props
  const { t } = useWidget()
  const announce = useAnnounce()
  const attendees = room.status.attendees ?? []

  return (
    <li className="bbb-room" data-bbb-room={room.id}>
      <div className="bbb-room-head">
        <h3 className="bbb-h3">
          {room.status.running ? <span className="bbb-dot" aria-hidden="true" /> : null}
          {room.name}
        </h3>
        <div className="bbb-tools">
          {room.canManage ? (
            <button
              type="button"
              className="bbb-btn bbb-btn-quiet"
              onClick={props.onEdit}
              aria-label={`${t('meetings.settings')} — ${room.name}`}
              data-bbb-action="settings"
            >
              {t('meetings.settings')}
            </button>
          ) : null}
        </div>
      </div>
      <RoomJoin spaceId={props.spaceId} room={room} version={props.version} />
      <InviteActions room={room} canSchedule={room.canManage || room.canEnd} announce={announce} />
      {room.status.running && attendees.length > 0 ? (
        <div className="bbb-attendees">
          <h4 className="bbb-h4">{t('meetings.attendees')}</h4>
          <ul>
            {attendees.map((a, i) => (
              <li key={`${a.name}-${i}`}>
                {a.name}
                {a.role === 'MODERATOR' ? <span className="bbb-muted"> ({t('meetings.moderator')})</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {room.status.running && room.canEnd ? (
        <button
          type="button"
          className="bbb-btn bbb-btn-danger"
          onClick={props.onEnd}
          aria-label={`${t('meetings.end')} — ${room.name}`}
          data-bbb-action="end"
        >
          {t('meetings.end')}
        </button>
      ) : null}
      {/* Only rooms that record (or just got a recording) ask for their list: no request per room otherwise. */}
      {room.settings.record || props.recordingEvents > 0 ? (
        <Suspense fallback={null}>
          <RoomRecordings room={room} events={props.recordingEvents} />
        </Suspense>
      ) : null}
    </li>
  )
}

function numberOrNull(value: FormDataEntryValue | null): number | null {
  const text = typeof value === 'string' ? value.trim() : ''
  return text === '' ? null : Number(text)
}

function RoomDialog(props: { spaceId: string; room: Room | null; onClose: () => void; onDelete: (room: Room) => void }) {
  const { api, hub, t, errorText } = useWidget()
  const announce = useAnnounce()
  const [error, setError] = useState<{ text: string; field?: string } | null>(null)
  const [saving, setSaving] = useState(false)
  const [rules, setRules] = useState<MyLimits | null>(null)
  const s = props.room?.settings

  // What the administrator allows here: disabled settings are hidden, forced ones shown fixed, caps as bounds.
  useEffect(() => {
    let live = true
    api.getMyLimits(props.spaceId).then(
      (r) => live && setRules(r),
      () => {},
    )
    return () => {
      live = false
    }
  }, [api, props.spaceId])
  const POLICED = ['anyoneCanStart', 'waitingRoom', 'record'] as const
  const rule = (name: string) => (POLICED as readonly string[]).includes(name) ? rules?.settings?.[name as (typeof POLICED)[number]] : undefined

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    const name = String(form.get('name') ?? '').trim()
    const settings: Partial<RoomSettingsInput> = {
      maxParticipants: numberOrNull(form.get('maxParticipants')),
      durationMinutes: numberOrNull(form.get('durationMinutes')),
      allJoinAsModerator: form.get('allJoinAsModerator') === 'on',
      muteOnStart: form.get('muteOnStart') === 'on',
    }
    // Settings the administrator fixed are not ours to send.
    for (const name of POLICED) {
      const r = rule(name)
      if (!r || r.editable) settings[name] = form.get(name) === 'on'
    }
    setSaving(true)
    try {
      if (props.room) {
        await api.updateRoom(props.room.id, { name, settings })
        announce(t('status.saved'))
      } else {
        await api.createRoom(props.spaceId, { name, settings })
        announce(t('status.created', { room: name }))
      }
      hub.refresh(props.spaceId)
      props.onClose()
    } catch (err) {
      const field = err instanceof WidgetError ? String(err.details?.field ?? '') : ''
      setError({ text: errorText(err), field })
    } finally {
      setSaving(false)
    }
  }

  const check = (name: 'anyoneCanStart' | 'allJoinAsModerator' | 'muteOnStart' | 'waitingRoom' | 'record', label: string) => {
    const r = rule(name)
    if (r && !r.allowed) return null
    const fixed = r ? !r.editable : false
    const initial = fixed ? r!.policy === 'forced' : s ? Boolean(s[name]) : (r?.default ?? false)
    return (
      <div className="bbb-check" key={`${name}-${rules ? 'rules' : 'plain'}`}>
        <input type="checkbox" id={`bbb-f-${name}`} name={name} defaultChecked={initial} disabled={fixed} />
        <label htmlFor={`bbb-f-${name}`}>{label}</label>
      </div>
    )
  }
  const bound = (f: 'maxParticipants' | 'durationMinutes') =>
    f === 'maxParticipants' ? rules?.limits?.maxParticipantsPerMeeting : rules?.limits?.maxDurationMinutes
  const fieldError = (field: string) =>
    error?.field && (error.field === field || error.field.endsWith(`.${field}`)) ? (
      <p className="bbb-error" id={`bbb-e-${field}`}>
        {error.text}
      </p>
    ) : null
  const invalid = (field: string) => Boolean(error?.field && (error.field === field || error.field.endsWith(`.${field}`)))

  return (
    <Dialog title={props.room ? t('room.dialogEdit') : t('room.dialogNew')} onClose={props.onClose}>
      <form className="bbb-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="bbb-field">
          <label htmlFor="bbb-f-name">{t('room.name')}</label>
          <input
            id="bbb-f-name"
            name="name"
            required
            maxLength={100}
            defaultValue={props.room?.name ?? ''}
            aria-invalid={invalid('name')}
            {...(invalid('name') ? { 'aria-describedby': 'bbb-e-name' } : {})}
          />
          {fieldError('name')}
        </div>
        {(['maxParticipants', 'durationMinutes'] as const).map((f) => (
          <div className="bbb-field" key={f}>
            <label htmlFor={`bbb-f-${f}`}>{t(`room.${f}`)}</label>
            <input
              id={`bbb-f-${f}`}
              name={f}
              type="number"
              min={0}
              {...(typeof bound(f) === 'number' ? { max: bound(f)!, placeholder: `≤ ${bound(f)}` } : {})}
              inputMode="numeric"
              defaultValue={s?.[f] ?? ''}
              aria-invalid={invalid(f)}
              {...(invalid(f) ? { 'aria-describedby': `bbb-e-${f}` } : {})}
            />
            {fieldError(f)}
          </div>
        ))}
        {check('anyoneCanStart', t('room.anyoneCanStart'))}
        {check('allJoinAsModerator', t('room.allJoinAsModerator'))}
        {check('muteOnStart', t('room.muteOnStart'))}
        {check('waitingRoom', t('room.waitingRoom'))}
        {check('record', t('room.record'))}
        {error && !invalid('name') && !invalid('maxParticipants') && !invalid('durationMinutes') ? (
          <p className="bbb-error" role="alert">
            {error.text}
          </p>
        ) : null}
        <div className="bbb-actions">
          {props.room ? (
            <button type="button" className="bbb-btn bbb-btn-danger" onClick={() => props.onDelete(props.room!)} data-bbb-action="delete">
              {t('room.delete')}
            </button>
          ) : null}
          <button type="submit" className="bbb-btn bbb-btn-primary" disabled={saving} data-bbb-action="save">
            {props.room ? t('common.save') : t('common.create')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

function ConfirmDialog(props: { title: string; text: string; action: string; run: () => Promise<void>; onClose: () => void }) {
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
    <Dialog title={props.title} onClose={props.onClose}>
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

function EndDialog(props: { spaceId: string; room: Room; onClose: () => void }) {
  const { api, hub, t, emit } = useWidget()
  return (
    <ConfirmDialog
      title={t('meetings.end')}
      text={t('meetings.endConfirm', { room: props.room.name })}
      action={t('meetings.end')}
      onClose={props.onClose}
      run={async () => {
        await api.end(props.room.id)
        emit('ended', { spaceId: props.spaceId, roomId: props.room.id })
        hub.refresh(props.spaceId)
      }}
    />
  )
}

function DeleteDialog(props: { spaceId: string; room: Room; onClose: () => void }) {
  const { api, hub, t } = useWidget()
  const announce = useAnnounce()
  return (
    <ConfirmDialog
      title={t('room.delete')}
      text={t('room.deleteConfirm', { room: props.room.name })}
      action={t('room.delete')}
      onClose={props.onClose}
      run={async () => {
        await api.deleteRoom(props.room.id)
        announce(t('status.deleted'))
        hub.refresh(props.spaceId)
      }}
    />
  )
}
