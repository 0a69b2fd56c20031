import { useEffect, useState, type FormEvent } from 'react'
import { WidgetError, type AdminLimits, type Policy } from '../../api.js'
import { useAnnounce, useTexts, useWidget } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'

const LICENCE_FIELDS = ['maxParticipants', 'maxInternal', 'maxExternal', 'maxMeetings'] as const
const DEFAULT_FIELDS = ['maxParticipantsPerMeeting', 'maxDurationMinutes', 'maxConcurrentMeetings'] as const
const POLICY_FIELDS = ['record', 'guestsAllowed', 'waitingRoom', 'anyoneCanStart', 'accessCode'] as const
const POLICIES: readonly Policy[] = ['forced', 'default_on', 'default_off', 'optional', 'disabled']
/** The fields an `invalid_limits` can point at, with or without their group. */
const NUMBER_FIELDS: readonly string[] = [
  ...LICENCE_FIELDS.map((f) => `licence.${f}`),
  ...DEFAULT_FIELDS.map((f) => `defaults.${f}`),
  ...LICENCE_FIELDS,
  ...DEFAULT_FIELDS,
]

type FieldError = { field: string; text: string } | null

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
  for (const f of POLICY_FIELDS) next.policies[f] = String(form.get(`policies.${f}`)) as Policy
  return next
}

/**
 * The licence caps, the spaces' defaults and the policies. A refused value (`invalid_limits`, its field in
 * `details.field`) is shown beside its field with the service's explanation; "Saved." is announced.
 */
export function LimitsForm(props: { onSaved: () => void }) {
  const { api, t, errorText } = useWidget()
  const ta = useTexts(ADMIN_TEXTS)
  const announce = useAnnounce()
  const [limits, setLimits] = useState<AdminLimits | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [error, setError] = useState<FieldError>(null)
  const [saving, setSaving] = useState(false)
  const [formKey, setFormKey] = useState(0)

  useEffect(() => {
    api.getLimits().then(setLimits, setLoadError)
  }, [api])

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    if (!limits) return
    const next = limitsFrom(new FormData(e.currentTarget), limits)
    setSaving(true)
    setError(null)
    try {
      const saved = await api.putLimits(next)
      setLimits(saved && 'licence' in saved ? saved : next)
      setFormKey((k) => k + 1)
      announce(t('status.saved'))
      props.onSaved()
    } catch (err) {
      const field = err instanceof WidgetError ? String(err.details?.field ?? '') : ''
      // invalid_limits names the field and the reason (its details), shown beside that field.
      const text = errorText(err)
      setError({ field, text })
      announce(text)
    } finally {
      setSaving(false)
    }
  }

  const numberField = (group: 'licence' | 'defaults', name: (typeof LICENCE_FIELDS)[number] | (typeof DEFAULT_FIELDS)[number], value: number | null) => {
    const key = `${group}.${name}`
    const bad = error?.field === key || error?.field === name
    const id = `bbb-l-${group}-${name}`
    return (
      <div className="bbb-field" key={key}>
        <label htmlFor={id}>{ta(`admin.f.${name}`)}</label>
        <input
          id={id}
          name={key}
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          placeholder={t('common.unlimited')}
          defaultValue={value ?? ''}
          aria-invalid={bad}
          {...(bad ? { 'aria-describedby': `${id}-error` } : {})}
        />
        {bad ? (
          <p className="bbb-error" id={`${id}-error`} data-bbb-field-error={key}>
            {error.text}
          </p>
        ) : null}
      </div>
    )
  }

  const besideField = error !== null && NUMBER_FIELDS.includes(error.field)

  return (
    <section className="bbb-section">
      <h3 className="bbb-h3" id="bbb-limits-title">
        {ta('admin.limits')}
      </h3>
      {loadError ? (
        <p className="bbb-error" role="alert">
          {errorText(loadError)}
        </p>
      ) : null}
      {limits ? (
        <form key={formKey} className="bbb-form" onSubmit={(e) => void submit(e)} noValidate data-bbb-limits-form>
          <p className="bbb-muted">{ta('admin.emptyUnlimited')}</p>
          <fieldset>
            <legend>{ta('admin.licence')}</legend>
            {LICENCE_FIELDS.map((f) => numberField('licence', f, limits.licence[f]))}
          </fieldset>
          <fieldset>
            <legend>{ta('admin.defaults')}</legend>
            {DEFAULT_FIELDS.map((f) => numberField('defaults', f, limits.defaults[f]))}
            <div className="bbb-check">
              <input type="checkbox" id="bbb-l-countModerators" name="defaults.countModerators" defaultChecked={limits.defaults.countModerators} />
              <label htmlFor="bbb-l-countModerators">{ta('admin.f.countModerators')}</label>
            </div>
          </fieldset>
          <fieldset>
            <legend>{ta('admin.policies')}</legend>
            {POLICY_FIELDS.map((f) => (
              <div className="bbb-field" key={f}>
                <label htmlFor={`bbb-p-${f}`}>{ta(`admin.f.${f}`)}</label>
                <select id={`bbb-p-${f}`} name={`policies.${f}`} defaultValue={limits.policies[f]}>
                  {POLICIES.map((p) => (
                    <option key={p} value={p}>
                      {ta(`admin.p.${p}`)}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </fieldset>
          {error && !besideField ? (
            <p className="bbb-error" role="alert">
              {error.text}
            </p>
          ) : null}
          <div className="bbb-actions">
            <button type="submit" className="bbb-btn bbb-btn-primary" disabled={saving} data-bbb-action="save-limits">
              {t('common.save')}
            </button>
          </div>
        </form>
      ) : loadError ? null : (
        <p className="bbb-muted">{t('status.loading')}</p>
      )}
    </section>
  )
}
