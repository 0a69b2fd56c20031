import { useEffect, useState, type FormEvent } from 'react'
import type { Preset, SettingKey } from '../../api.js'
import { useAnnounce, useTexts, useWidget } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { ADMIN_SETTING_TEXTS } from '../../i18n/admin-settings.js'
import { presetName } from '../../i18n/presets.js'
import { SaveBar, useSave } from './SaveBar.js'
import { readSettingValue, SettingValueControl } from './SettingValue.js'
import { SETTING_GROUPS, SETTING_SPECS } from './setting-specs.js'
import { createPreset, deletePreset, listAdminPresets } from './admin-api.js'

const SETTING_KEYS = Object.keys(SETTING_SPECS) as SettingKey[]

/**
 * Presets: the built-in and global ones (`spaceId` null), or those a space's rooms may pick, with a form that adds
 * one (a name and the settings it gives, each "not set" unless chosen) and a delete button on those of this scope.
 */
export function PresetsPanel(props: { spaceId: string | null; onSaved: () => void }) {
  const { api, t, errorText, locale } = useWidget()
  const ta = useTexts(ADMIN_TEXTS)
  const ts = useTexts(ADMIN_SETTING_TEXTS)
  const announce = useAnnounce()
  const save = useSave()
  const [presets, setPresets] = useState<Preset[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [formKey, setFormKey] = useState(0)
  const scope = props.spaceId ? 'space' : 'global'
  const prefix = `bbb-pr-${scope}`

  const load = () => listAdminPresets(api, props.spaceId).then(setPresets, setError)
  useEffect(() => {
    listAdminPresets(api, props.spaceId).then(setPresets, setError)
  }, [api, props.spaceId])

  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    const settings: Record<string, unknown> = {}
    for (const key of SETTING_KEYS) {
      const value = readSettingValue(form, key, `${scope}.${key}`, true)
      if (value !== undefined) settings[key] = value
    }
    const name = String(form.get('name') ?? '').trim()
    const ok = await save.run(async () => {
      await createPreset(api, props.spaceId, { name, settings })
      await load()
    })
    if (ok) {
      setFormKey((k) => k + 1)
      props.onSaved()
    }
  }
  const remove = async (preset: Preset) => {
    try {
      await deletePreset(api, props.spaceId, preset.id)
      announce(ta('admin.deleted'))
      await load()
      props.onSaved()
    } catch (err) {
      setError(err)
    }
  }
  const title = props.spaceId ? ta('preset.spaceTitle', { space: props.spaceId }) : ta('preset.title')
  const describe = (p: Preset) =>
    Object.keys(p.settings)
      .map((k) => ts(`s.${k}` as keyof typeof ADMIN_SETTING_TEXTS))
      .join(', ') || ta('preset.nothing')

  return (
    <section className="bbb-section" aria-labelledby={`${prefix}-title`} data-bbb-presets={scope}>
      <h4 className="bbb-h4" id={`${prefix}-title`}>
        {title}
      </h4>
      {error ? (
        <p className="bbb-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      {presets === null ? (
        error ? null : <p className="bbb-muted">{t('status.loading')}</p>
      ) : presets.length === 0 ? (
        <p className="bbb-muted">{ta('preset.none')}</p>
      ) : (
        <ul className="bbb-presets">
          {presets.map((p) => (
            <li key={p.id} data-bbb-preset={p.name} data-bbb-preset-id={p.id}>
              <span>
                <strong>{presetName(p, locale)}</strong> <span className="bbb-tag">{ta(`preset.${p.scope}`)}</span>
                <br />
                <span className="bbb-muted">{describe(p)}</span>
              </span>
              {p.scope === scope ? (
                <button type="button" className="bbb-btn bbb-btn-quiet" onClick={() => void remove(p)}>
                  {ta('preset.delete', { name: p.name })}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <details>
        <summary>{ta('preset.new')}</summary>
        <form key={formKey} className="bbb-form" onSubmit={(e) => void add(e)} onInput={save.touched} noValidate data-bbb-preset-form={scope}>
          <div className="bbb-field">
            <label htmlFor={`${prefix}-name`}>{ta('preset.name')}</label>
            <input id={`${prefix}-name`} name="name" required maxLength={100} autoComplete="off" />
          </div>
          <fieldset>
            <legend>{ta('preset.settings')}</legend>
            {SETTING_GROUPS.map((g) => (
              <details key={g}>
                <summary>{ta(`policy.g.${g}`)}</summary>
                <div className="bbb-grid2">
                  {SETTING_KEYS.filter((k) => SETTING_SPECS[k].group === g).map((k) => (
                    <SettingValueControl key={k} setting={k} name={`${scope}.${k}`} id={`${prefix}-${k}`} label={ts(`s.${k}` as keyof typeof ADMIN_SETTING_TEXTS)} value={undefined} optional />
                  ))}
                </div>
              </details>
            ))}
          </fieldset>
          <SaveBar state={save} label={ta('preset.add')} action={`add-preset-${scope}`} />
        </form>
      </details>
    </section>
  )
}
