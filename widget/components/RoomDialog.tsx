import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { WidgetError, type AccessCodeKind, type MyLimits, type Preset, type Room, type RoomSettingState, type SpaceMember } from '../api.js'
import { useAnnounce, useTexts, useWidget } from '../context.js'
import { presetName } from '../i18n/presets.js'
import { ROOM_DIALOG_TEXTS } from '../i18n/room-dialog.js'
import { SETTING_TEXTS } from '../i18n/settings.js'
import { AccessCode } from './AccessCode.js'
import { Dialog } from './Dialog.js'
import { RoomDocuments } from './RoomDocuments.js'

function numberOrNull(value: FormDataEntryValue | null): number | null {
  const text = typeof value === 'string' ? value.trim() : ''
  return text === '' ? null : Number(text)
}

/** How a control is bounded by the administrator: hidden (`allowed: false`), fixed to `value`, or free. */
interface Rule {
  allowed: boolean
  editable: boolean
  value: unknown
}

/** The settings moved out of their contract group: guests' ones sit with the guests, `record` heads Recording. */
const APART = new Set(['guestPolicy', 'allowPromoteGuestToModerator', 'record'])
const GROUPS = ['audioVideo', 'permissions', 'features', 'meeting', 'recording'] as const
/** Settings shown only while the one they refine is on. */
const NEEDS: Readonly<Record<string, string>> = {
  endWhenNoModeratorDelayInMinutes: 'endWhenNoModerator',
  autoStartRecording: 'record',
  allowStartStopRecording: 'record',
  notifyRecordingIsOn: 'record',
}

/** Props of {@link RoomDialog}. */
export interface RoomDialogProps {
  spaceId: string
  /** The room to configure, or null for "New room". */
  room: Room | null
  onClose: () => void
  onDelete: (room: Room) => void
}

/**
 * "New room" / "Room settings": name, bounds and preset, then collapsible groups (guests and access codes,
 * moderators, audio & video, permissions, features, meeting, recording, slides) as the administrator's policies
 * allow them (`GET /me/limits`: disabled settings hidden, forced ones shown fixed with the reason), and "Delete
 * room" for an existing room. A new room asked to have access codes stays open as its settings, showing them.
 */
export function RoomDialog(props: RoomDialogProps) {
  const { api, hub, t, errorText, locale } = useWidget()
  const tr = useTexts(ROOM_DIALOG_TEXTS)
  const ts = useTexts(SETTING_TEXTS)
  const announce = useAnnounce()
  const [room, setRoom] = useState(props.room)
  const [error, setError] = useState<{ text: string; field?: string } | null>(null)
  const [saving, setSaving] = useState(false)
  const [rules, setRules] = useState<MyLimits | null>(null)
  const [presets, setPresets] = useState<Preset[]>([])
  const [preset, setPreset] = useState('')
  const [values, setValues] = useState<Record<string, unknown>>({})
  const [codesAtCreate, setCodesAtCreate] = useState<Record<AccessCodeKind, boolean>>({ viewer: false, moderator: false })
  const [created, setCreated] = useState('')
  const [members, setMembers] = useState<SpaceMember[]>([])
  const [picked, setPicked] = useState<string[] | null>(null)
  const createdRef = useRef<HTMLParagraphElement>(null)
  // The dialog turned into the new room's settings: focus goes to the words saying so, the codes follow.
  useEffect(() => {
    if (created) createdRef.current?.focus()
  }, [created])
  const s = room?.settings as Record<string, unknown> | undefined

  useEffect(() => {
    let live = true
    api.getMyLimits(props.spaceId).then(
      (r) => live && setRules(r),
      () => {},
    )
    api.listMembers(props.spaceId).then(
      (m) => live && setMembers(m.filter((x) => x.role === 'member')),
      () => {},
    )
    if (!props.room) {
      api.listPresets(props.spaceId).then(
        (p) => live && setPresets(p),
        () => {},
      )
    }
    return () => {
      live = false
    }
  }, [api, props.spaceId, props.room])

  // Co-moderators: members the service has seen are ticked in a list, anyone else typed by their platform id.
  const coModerators = (s?.coModerators as string[] | undefined) ?? []
  const known = new Set(members.map((m) => m.sub))
  const pickedNow = picked ?? coModerators.filter((sub) => known.has(sub))
  const presetSettings = (presets.find((p) => p.id === preset)?.settings ?? {}) as Record<string, unknown>
  const set = (key: string, value: unknown) => setValues((v) => ({ ...v, [key]: value }))
  /** A control's value: as changed here, else the room's, else the chosen preset's, else the rule's default. */
  const valueOf = (key: string, rule?: Rule): unknown => {
    if (rule && !rule.editable) return rule.value
    if (key in values) return values[key]
    if (s?.[key] !== undefined) return s[key]
    if (key in presetSettings) return presetSettings[key]
    return rule?.value
  }
  /** One of the service's five policies (`guestsAllowed`, `waitingRoom`, `anyoneCanStart`, `record`, `accessCode`). */
  const plain = (key: keyof MyLimits['settings']): Rule | undefined => {
    const r = rules?.settings?.[key]
    return r && { allowed: r.allowed, editable: r.editable, value: r.editable ? r.default : r.policy === 'forced' }
  }
  const bbb = (st: RoomSettingState): Rule => ({ allowed: st.allowed, editable: st.editable, value: st.default })
  const fixedNote = (id: string) => (
    <span className="bbb-fixed" id={`${id}-fx`}>
      {tr('room.fixed')}
    </span>
  )
  const describedBy = (id: string, fixed: boolean) => (fixed ? { 'aria-describedby': `${id}-fx` } : {})

  const checkbox = (key: string, label: string, rule: Rule | undefined, onChange = (on: boolean) => set(key, on), checked?: boolean) => {
    if (rule && !rule.allowed) return null
    const fixed = rule ? !rule.editable : false
    const id = `bbb-f-${key}`
    return (
      <div className="bbb-check" key={key}>
        <input
          type="checkbox"
          id={id}
          checked={checked ?? Boolean(valueOf(key, rule))}
          disabled={fixed}
          onChange={(e) => onChange(e.currentTarget.checked)}
          {...describedBy(id, fixed)}
        />
        <label htmlFor={id}>{label}</label>
        {fixed ? fixedNote(id) : null}
      </div>
    )
  }

  /** A BBB setting's control, by its type. */
  const setting = (key: string, st: RoomSettingState): ReactNode => {
    const parent = NEEDS[key]
    if (!st.allowed) return null
    if (parent && !valueOf(parent, parent === 'record' ? plain('record') : rules ? bbb(rules.roomSettings[parent as 'endWhenNoModerator']) : undefined)) return null
    const rule = bbb(st)
    const label = ts(`s.${key}` as keyof typeof SETTING_TEXTS)
    if (st.type === 'boolean') return checkbox(key, label, rule)
    const fixed = !st.editable
    const id = `bbb-f-${key}`
    const value = valueOf(key, rule)
    if (st.type === 'list') {
      const off = (Array.isArray(value) ? value : []) as string[]
      return (
        <fieldset key={key} {...describedBy(id, fixed)}>
          <legend>{label}</legend>
          {(st.values ?? []).map((f) =>
            checkbox(`${key}-${f}`, ts(`f.${f}` as keyof typeof SETTING_TEXTS), { allowed: true, editable: !fixed, value: !off.includes(f) }, (on) =>
              set(key, on ? off.filter((x) => x !== f) : [...off, f]),
              !off.includes(f),
            ),
          )}
          {fixed ? fixedNote(id) : null}
        </fieldset>
      )
    }
    const common = { id, disabled: fixed, ...describedBy(id, fixed) }
    return (
      <div className="bbb-field" key={key}>
        <label htmlFor={id}>{label}</label>
        {st.type === 'enum' ? (
          <select {...common} value={String(value ?? '')} onChange={(e) => set(key, e.currentTarget.value)}>
            {(st.values ?? []).map((v) => (
              <option key={v} value={v}>
                {ts(`l.${v}` as keyof typeof SETTING_TEXTS)}
              </option>
            ))}
          </select>
        ) : st.type === 'number' ? (
          <input
            {...common}
            type="number"
            inputMode="numeric"
            min={st.min}
            max={st.max}
            value={value === undefined || value === null ? '' : String(value)}
            onChange={(e) => set(key, e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value))}
          />
        ) : (
          <textarea {...common} rows={2} maxLength={1000} value={String(value ?? '')} onChange={(e) => set(key, e.currentTarget.value || null)} />
        )}
        {fixed ? fixedNote(id) : null}
      </div>
    )
  }

  const group = (name: string, title: string, children: ReactNode[], open = false) =>
    children.some(Boolean) ? (
      <details className="bbb-group" key={name} open={open} data-bbb-group={name}>
        <summary>{title}</summary>
        <div className="bbb-group-body">{children}</div>
      </details>
    ) : null

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    const name = String(form.get('name') ?? '').trim()
    const settings: Record<string, unknown> = {
      maxParticipants: numberOrNull(form.get('maxParticipants')),
      durationMinutes: numberOrNull(form.get('durationMinutes')),
    }
    // Only what was changed here: the rest stays the room's (or comes from the preset and the policies).
    for (const [key, value] of Object.entries(values)) settings[key] = value
    const others = String(form.get('coModerators') ?? '').split(/[\s,;]+/)
    const named = [...new Set([...pickedNow, ...others].filter(Boolean))]
    if ([...named].sort().join() !== [...coModerators].sort().join()) settings.coModerators = named
    setSaving(true)
    setError(null)
    try {
      if (room) {
        await api.updateRoom(room.id, { name, settings })
        announce(t('status.saved'))
        hub.refresh(props.spaceId)
        props.onClose()
        return
      }
      let made = await api.createRoom(props.spaceId, { name, ...(preset ? { preset } : {}), settings })
      hub.refresh(props.spaceId)
      const guests = Boolean(made.settings.guestsAllowed)
      for (const kind of ['viewer', 'moderator'] as const) {
        if (guests && codesAtCreate[kind]) made = await api.generateAccessCode(made.id, kind)
      }
      if (guests && (made.settings.accessCode || made.settings.moderatorAccessCode)) {
        // Stay open as the new room's settings: the manager sees and copies its codes.
        setRoom(made)
        setValues({})
        setCreated(tr('room.created', { room: made.name }))
        announce(tr('room.created', { room: made.name }))
      } else {
        announce(t('status.created', { room: name }))
        props.onClose()
      }
    } catch (err) {
      const field = err instanceof WidgetError ? String(err.details?.field ?? '') : ''
      setError({ text: errorText(err), field })
    } finally {
      setSaving(false)
    }
  }

  const onField = (field: string) => Boolean(error?.field && (error.field === field || error.field.endsWith(`.${field}`)))
  const fieldError = (field: string) =>
    onField(field) ? (
      <p className="bbb-error" id={`bbb-e-${field}`}>
        {error!.text}
      </p>
    ) : null
  const invalidProps = (field: string) => ({ 'aria-invalid': onField(field), ...(onField(field) ? { 'aria-describedby': `bbb-e-${field}` } : {}) })
  const bound = (f: 'maxParticipants' | 'durationMinutes') =>
    f === 'maxParticipants' ? rules?.limits?.maxParticipantsPerMeeting : rules?.limits?.maxDurationMinutes

  const guestRule = plain('guestsAllowed')
  const guests = Boolean(valueOf('guestsAllowed', guestRule)) && guestRule?.allowed !== false
  const codeRule = rules?.settings?.accessCode
  const codeRequired = codeRule?.policy === 'forced'
  const codes = (['viewer', 'moderator'] as const)
    .filter((kind) => kind === 'moderator' || codeRule?.allowed !== false)
    .map((kind) =>
      room ? (
        <AccessCode
          key={kind}
          room={room}
          kind={kind}
          required={kind === 'viewer' && codeRequired}
          onChange={(r) => {
            setRoom(r)
            hub.refresh(props.spaceId)
          }}
        />
      ) : (
        checkbox(
          `code-${kind}`,
          tr(kind === 'viewer' ? 'code.viewerAtCreate' : 'code.moderatorAtCreate'),
          kind === 'viewer' && codeRequired ? { allowed: true, editable: false, value: true } : undefined,
          (on) => setCodesAtCreate((c) => ({ ...c, [kind]: on })),
          (kind === 'viewer' && codeRequired) || codesAtCreate[kind],
        )
      ),
    )
  const roomSettings = rules?.roomSettings ? Object.entries<RoomSettingState>(rules.roomSettings) : []
  const promote = rules?.roomSettings?.allowPromoteGuestToModerator

  return (
    <Dialog title={room ? `${t('room.dialogEdit')} — ${room.name}` : t('room.dialogNew')} onClose={props.onClose}>
      <form className="bbb-form" onSubmit={(e) => void submit(e)} noValidate data-bbb-room-dialog={room ? 'edit' : 'new'}>
        {created ? (
          <p className="bbb-note" data-bbb-created tabIndex={-1} ref={createdRef}>
            {created}
          </p>
        ) : null}
        <div className="bbb-field">
          <label htmlFor="bbb-f-name">{t('room.name')}</label>
          <input id="bbb-f-name" name="name" required maxLength={100} defaultValue={room?.name ?? ''} {...invalidProps('name')} />
          {fieldError('name')}
        </div>
        {!room && presets.length > 0 ? (
          <div className="bbb-field">
            <label htmlFor="bbb-f-preset">{tr('room.preset')}</label>
            <select id="bbb-f-preset" value={preset} onChange={(e) => setPreset(e.currentTarget.value)} aria-describedby="bbb-f-preset-h">
              <option value="">{tr('room.presetNone')}</option>
              {presets.map((p) => (
                <option key={p.id} value={p.id}>
                  {presetName(p, locale)}
                </option>
              ))}
            </select>
            <span className="bbb-muted" id="bbb-f-preset-h">
              {tr('room.presetHint')}
            </span>
          </div>
        ) : null}
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
              defaultValue={(s?.[f] as number | null | undefined) ?? ''}
              {...invalidProps(f)}
            />
            {fieldError(f)}
          </div>
        ))}
        {group(
          'guests',
          ts('group.guests'),
          [
            checkbox('guestsAllowed', tr('room.guestsAllowed'), guestRule),
            guests ? checkbox('waitingRoom', t('room.waitingRoom'), plain('waitingRoom')) : null,
            guests && promote ? setting('allowPromoteGuestToModerator', promote) : null,
            ...(guests ? codes : []),
          ],
          true,
        )}
        {group('moderation', ts('group.moderation'), [
          checkbox('anyoneCanStart', t('room.anyoneCanStart'), plain('anyoneCanStart')),
          checkbox('allJoinAsModerator', t('room.allJoinAsModerator'), undefined),
          <fieldset key="coModerators" {...(members.length > 0 ? { 'aria-describedby': 'bbb-f-coModerators-h' } : {})}>
            <legend>{tr('room.coModerators')}</legend>
            {members.length > 0 ? (
              <span className="bbb-muted" id="bbb-f-coModerators-h">
                {tr('room.coModeratorsHint')}
              </span>
            ) : null}
            {members.map((m, i) =>
              checkbox(`co-${i}`, m.name, undefined, (on) => setPicked(on ? [...pickedNow, m.sub] : pickedNow.filter((x) => x !== m.sub)), pickedNow.includes(m.sub)),
            )}
            <div className="bbb-field">
              <label htmlFor="bbb-f-coModerators">{tr('room.coModeratorsOther')}</label>
              <input
                key={`${members.length}-${room?.id ?? ''}`}
                id="bbb-f-coModerators"
                name="coModerators"
                defaultValue={coModerators.filter((sub) => !known.has(sub)).join(', ')}
                autoComplete="off"
              />
            </div>
          </fieldset>,
        ])}
        {GROUPS.map((g) =>
          group(g, ts(`group.${g}`), [
            g === 'recording' ? checkbox('record', ts('s.record'), plain('record')) : null,
            ...roomSettings.filter(([key, st]) => st.group === g && !APART.has(key)).map(([key, st]) => setting(key, st)),
          ]),
        )}
        {room ? (
          <details className="bbb-group" data-bbb-group="slides">
            <summary>{ts('group.slides')}</summary>
            <div className="bbb-group-body">
              <RoomDocuments room={room} />
            </div>
          </details>
        ) : null}
        {error && !onField('name') && !onField('maxParticipants') && !onField('durationMinutes') ? (
          <p className="bbb-error" role="alert">
            {error.text}
          </p>
        ) : null}
        <div className="bbb-actions">
          {room ? (
            <button type="button" key="delete" className="bbb-btn bbb-btn-danger" onClick={() => props.onDelete(room)} data-bbb-action="delete">
              {t('room.delete')}
            </button>
          ) : null}
          <button type="submit" key="save" className="bbb-btn bbb-btn-primary" disabled={saving} data-bbb-action="save">
            {room ? t('common.save') : t('common.create')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
