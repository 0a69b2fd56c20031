import { useEffect, useState, type FormEvent } from 'react'
import { WidgetError, type MyLimits, type Room, type RoomSettingsInput } from '../api.js'
import { useAnnounce, useWidget } from '../context.js'
import { Dialog } from './Dialog.js'
import { RoomDocuments } from './RoomDocuments.js'

function numberOrNull(value: FormDataEntryValue | null): number | null {
  const text = typeof value === 'string' ? value.trim() : ''
  return text === '' ? null : Number(text)
}

/**
 * "New room" / "Room settings": name, bounds, the room's settings as the administrator's policies allow them
 * (`GET /me/limits`: disabled hidden, forced shown fixed), and "Delete room" for an existing room.
 */
export function RoomDialog(props: { spaceId: string; room: Room | null; onClose: () => void; onDelete: (room: Room) => void }) {
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
        {/* BBB settings (h/settings replaces these checkboxes with grouped sections). */}
        {check('anyoneCanStart', t('room.anyoneCanStart'))}
        {check('allJoinAsModerator', t('room.allJoinAsModerator'))}
        {check('muteOnStart', t('room.muteOnStart'))}
        {check('waitingRoom', t('room.waitingRoom'))}
        {check('record', t('room.record'))}
        {props.room ? <RoomDocuments room={props.room} /> : null}
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
