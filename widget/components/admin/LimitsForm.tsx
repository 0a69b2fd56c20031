import { useEffect, useState, type FormEvent } from 'react'
import type { AdminLimits } from '../../api.js'
import { useTexts, useWidget } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { PolicyFields, readPolicies } from './PolicyFields.js'
import { SaveBar, useSave } from './SaveBar.js'

export const LICENCE_FIELDS = ['maxParticipants', 'maxInternal', 'maxExternal', 'maxMeetings'] as const
export const DEFAULT_FIELDS = ['maxParticipantsPerMeeting', 'maxDurationMinutes', 'maxConcurrentMeetings'] as const

/** Reads the form into a limits document (an empty number: unlimited). */
function limitsFrom(form: FormData, current: AdminLimits): AdminLimits {
  const num = (name: string): number | null => {
    const v = String(form.get(name) ?? '').trim()
    return v === '' ? null : Number(v)
  }
  const next: AdminLimits = { licence: { ...current.licence }, defaults: { ...current.defaults }, policies: { ...current.policies } }
  for (const f of LICENCE_FIELDS) next.licence[f] = num(`licence.${f}`)
  for (const f of DEFAULT_FIELDS) next.defaults[f] = num(`defaults.${f}`)
  next.defaults.countModerators = form.get('defaults.countModerators') === 'on'
  // A setting without a policy reads as "Optional": left unset unless chosen, so a save changes only what changed.
  const chosen = Object.entries(readPolicies(form)).filter(([key, value]) => Object.hasOwn(current.policies, key) || value !== 'optional')
  next.policies = { ...current.policies, ...Object.fromEntries(chosen) }
  return next
}

/** A number field of a limits form, with the refusal that names it shown beneath, in words. */
export function NumberField(props: {
  name: string
  id: string
  label: string
  value: number | null | undefined
  placeholder: string
  error: { field: string; text: string } | null
  /** Other names the service may give this field in `details.field`. */
  aliases?: readonly string[]
}) {
  const bad = props.error !== null && [props.name, ...(props.aliases ?? [])].includes(props.error.field)
  return (
    <div className="bbb-field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type="number"
        min={0}
        step={1}
        inputMode="numeric"
        placeholder={props.placeholder}
        defaultValue={props.value ?? ''}
        aria-invalid={bad}
        {...(bad ? { 'aria-describedby': `${props.id}-error` } : {})}
      />
      {bad ? (
        <p className="bbb-error" id={`${props.id}-error`} data-bbb-field-error={props.name}>
          {props.error!.text}
        </p>
      ) : null}
    </div>
  )
}

/**
 * The licence caps, the spaces' defaults and the policies of every room setting. A refused value
 * (`invalid_limits`, its field in `details.field`) is shown beside its field in words; "Saved." shows by the button.
 */
export function LimitsForm(props: { onSaved: () => void }) {
  const { api, t, errorText } = useWidget()
  const ta = useTexts(ADMIN_TEXTS)
  const save = useSave()
  const [limits, setLimits] = useState<AdminLimits | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [formKey, setFormKey] = useState(0)

  useEffect(() => {
    api.getLimits().then(setLimits, setLoadError)
  }, [api])

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    if (!limits) return
    const next = limitsFrom(new FormData(e.currentTarget), limits)
    const ok = await save.run(async () => {
      const saved = await api.putLimits(next)
      setLimits(saved && 'licence' in saved ? saved : next)
    })
    if (ok) {
      setFormKey((k) => k + 1)
      props.onSaved()
    }
  }

  const fields = [...LICENCE_FIELDS.map((f) => `licence.${f}`), ...DEFAULT_FIELDS.map((f) => `defaults.${f}`)]
  const besideField = save.error !== null && fields.some((f) => f === save.error!.field || f.endsWith(`.${save.error!.field}`))

  return (
    <section className="bbb-section" aria-labelledby="bbb-limits-title">
      <h3 className="bbb-h3" id="bbb-limits-title">
        {ta('admin.limits')}
      </h3>
      {loadError ? (
        <p className="bbb-error" role="alert">
          {errorText(loadError)}
        </p>
      ) : null}
      {limits ? (
        <form key={formKey} className="bbb-form" onSubmit={(e) => void submit(e)} onInput={save.touched} noValidate data-bbb-limits-form>
          <p className="bbb-muted">{ta('admin.emptyUnlimited')}</p>
          <fieldset>
            <legend>{ta('admin.licence')}</legend>
            <div className="bbb-grid2">
              {LICENCE_FIELDS.map((f) => (
                <NumberField key={f} name={`licence.${f}`} id={`bbb-l-licence-${f}`} label={ta(`admin.f.${f}`)} value={limits.licence[f]} placeholder={t('common.unlimited')} error={save.error} aliases={[f]} />
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{ta('admin.defaults')}</legend>
            <div className="bbb-grid2">
              {DEFAULT_FIELDS.map((f) => (
                <NumberField key={f} name={`defaults.${f}`} id={`bbb-l-defaults-${f}`} label={ta(`admin.f.${f}`)} value={limits.defaults[f]} placeholder={t('common.unlimited')} error={save.error} aliases={[f]} />
              ))}
            </div>
            <div className="bbb-check">
              <input type="checkbox" id="bbb-l-countModerators" name="defaults.countModerators" defaultChecked={limits.defaults.countModerators} />
              <label htmlFor="bbb-l-countModerators">{ta('admin.f.countModerators')}</label>
            </div>
          </fieldset>
          <PolicyFields prefix="bbb-gp" policies={limits.policies} />
          <SaveBar state={save} label={t('common.save')} action="save-limits" errorShown={besideField} />
        </form>
      ) : loadError ? null : (
        <p className="bbb-muted">{t('status.loading')}</p>
      )}
    </section>
  )
}
