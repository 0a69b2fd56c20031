import { useEffect, useState, type FormEvent } from 'react'
import type { DefaultLimits, SpaceLimitsAnswer } from '../../api.js'
import { useTexts, useWidget } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { BrandingForm } from './BrandingForm.js'
import { DEFAULT_FIELDS, NumberField } from './LimitsForm.js'
import { PolicyFields, readPolicies } from './PolicyFields.js'
import { PresetsPanel } from './PresetsPanel.js'
import { Loading } from './Loading.js'
import { SaveBar, useSave } from './SaveBar.js'
import { SpaceRetentionForm } from './SpaceRetentionForm.js'
import { getSpaceLimits, putSpaceLimits } from './admin-api.js'

/** One space's overrides: limits (empty: as globally), policies (each "As globally" or its own), saved as a whole. */
function OverridesForm(props: { spaceId: string; onSaved: () => void }) {
  const { api, t, locale } = useWidget()
  const ta = useTexts(ADMIN_TEXTS)
  const save = useSave()
  const [view, setView] = useState<SpaceLimitsAnswer | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [formKey, setFormKey] = useState(0)

  useEffect(() => {
    setView(null)
    setLoadError(null)
    getSpaceLimits(api, props.spaceId).then(setView, setLoadError)
  }, [api, props.spaceId])

  if (loadError || !view) return <Loading error={loadError} />

  const number = (n: number | null) => (n === null ? t('common.unlimited') : n.toLocaleString(locale))
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    const limits: Partial<DefaultLimits> = {}
    for (const f of DEFAULT_FIELDS) {
      const v = String(form.get(`limits.${f}`) ?? '').trim()
      if (v !== '') limits[f] = Number(v)
    }
    const count = String(form.get('limits.countModerators') ?? '')
    if (count !== '') limits.countModerators = count === 'true'
    const ok = await save.run(async () => setView(await putSpaceLimits(api, props.spaceId, { limits, policies: readPolicies(form) })))
    if (ok) {
      setFormKey((k) => k + 1)
      props.onSaved()
    }
  }
  const besideField = save.error !== null && DEFAULT_FIELDS.some((f) => save.error!.field === `limits.${f}`)
  return (
    <form key={formKey} className="bbb-form" onSubmit={(e) => void submit(e)} onInput={save.touched} noValidate data-bbb-space-form={view.spaceId}>
      <h4 className="bbb-h4">{ta('space.overrides', { space: view.spaceId })}</h4>
      <p className="bbb-muted">{ta('space.hint')}</p>
      <fieldset>
        <legend>{ta('admin.defaults')}</legend>
        <div className="bbb-grid2">
          {DEFAULT_FIELDS.map((f) => (
            <NumberField
              key={f}
              name={`limits.${f}`}
              id={`bbb-s-${f}`}
              label={ta(`admin.f.${f}`)}
              value={view.limits[f]}
              placeholder={ta('space.inheritNumber', { value: number(view.effective[f]) })}
              error={save.error}
            />
          ))}
        </div>
        <div className="bbb-field">
          <label htmlFor="bbb-s-countModerators">{ta('admin.f.countModerators')}</label>
          <select id="bbb-s-countModerators" name="limits.countModerators" defaultValue={view.limits.countModerators === undefined ? '' : String(view.limits.countModerators)}>
            <option value="">{ta('space.inherit')}</option>
            <option value="true">{ta('space.on')}</option>
            <option value="false">{ta('space.off')}</option>
          </select>
        </div>
      </fieldset>
      <PolicyFields prefix="bbb-sp" policies={view.policies} inherited={view.effective.policies} />
      <SaveBar state={save} label={t('common.save')} action="save-space" errorShown={besideField} />
    </form>
  )
}

/**
 * One space, chosen by its identifier: its overrides of the limits and policies, its own rule for its recordings,
 * its presets and its branding.
 * `spaces` offers the identifiers the console has seen (running meetings), as suggestions.
 */
export function SpacePanel(props: { spaces: readonly string[]; onSaved: () => void }) {
  const ta = useTexts(ADMIN_TEXTS)
  const [spaceId, setSpaceId] = useState('')
  const open = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const id = String(new FormData(e.currentTarget).get('space') ?? '').trim()
    if (id) setSpaceId(id)
  }
  return (
    <section className="bbb-section" aria-labelledby="bbb-space-title" data-bbb-space-panel>
      <h3 className="bbb-h3" id="bbb-space-title">
        {ta('space.title')}
      </h3>
      <form className="bbb-inline" onSubmit={open}>
        <label htmlFor="bbb-space-id">{ta('space.id')}</label>
        <input id="bbb-space-id" name="space" list="bbb-space-ids" required maxLength={64} autoComplete="off" style={{ width: 'auto', flex: '1 1 10em' }} />
        <datalist id="bbb-space-ids">
          {props.spaces.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <button type="submit" className="bbb-btn" data-bbb-action="open-space">
          {ta('space.open')}
        </button>
      </form>
      {spaceId ? (
        <div key={spaceId}>
          <OverridesForm spaceId={spaceId} onSaved={props.onSaved} />
          <SpaceRetentionForm spaceId={spaceId} onSaved={props.onSaved} />
          <PresetsPanel spaceId={spaceId} onSaved={props.onSaved} />
          <BrandingForm spaceId={spaceId} onSaved={props.onSaved} />
        </div>
      ) : null}
    </section>
  )
}
