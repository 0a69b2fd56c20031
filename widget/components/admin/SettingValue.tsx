import type { SettingKey, SettingValue } from '../../api.js'
import { useTexts } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { ADMIN_SETTING_TEXTS } from '../../i18n/admin-settings.js'
import { SETTING_SPECS } from './setting-specs.js'

/**
 * The control for one BBB setting's value, named `name` in its form: yes/no, a number in its bounds, one of its
 * values, a text, or (a list) a checkbox per value. `optional` adds a "not set" choice (an empty field).
 */
export function SettingValueControl(props: { setting: SettingKey; name: string; id: string; label: string; value: SettingValue | undefined; optional?: boolean }) {
  const ta = useTexts(ADMIN_TEXTS)
  const ts = useTexts(ADMIN_SETTING_TEXTS)
  const spec = SETTING_SPECS[props.setting]
  const { value, name, id } = props
  const none = props.optional ? <option value="">{ta('preset.unset')}</option> : null
  switch (spec.type) {
    case 'boolean':
      return (
        <div className="bbb-field">
          <label htmlFor={id}>{props.label}</label>
          <select id={id} name={name} defaultValue={value === undefined || value === null ? (props.optional ? '' : 'true') : String(value)}>
            {none}
            <option value="true">{ta('space.on')}</option>
            <option value="false">{ta('space.off')}</option>
          </select>
        </div>
      )
    case 'number':
      return (
        <div className="bbb-field">
          <label htmlFor={id}>{props.label}</label>
          <input id={id} name={name} type="number" inputMode="numeric" min={spec.min} max={spec.max} step={1} defaultValue={typeof value === 'number' ? value : ''} />
        </div>
      )
    case 'enum':
      return (
        <div className="bbb-field">
          <label htmlFor={id}>{props.label}</label>
          <select id={id} name={name} defaultValue={typeof value === 'string' ? value : props.optional ? '' : spec.values![0]}>
            {none}
            {spec.values!.map((v) => (
              <option key={v} value={v}>
                {ts(`v.${v}` as keyof typeof ADMIN_SETTING_TEXTS)}
              </option>
            ))}
          </select>
        </div>
      )
    case 'string':
      return (
        <div className="bbb-field">
          <label htmlFor={id}>{props.label}</label>
          <textarea id={id} name={name} rows={2} maxLength={1000} defaultValue={typeof value === 'string' ? value : ''} />
        </div>
      )
    case 'list': {
      const chosen = new Set(Array.isArray(value) ? value : [])
      return (
        <fieldset>
          <legend>{props.label}</legend>
          <div className="bbb-features">
            {spec.values!.map((v) => (
              <div className="bbb-check" key={v}>
                <input type="checkbox" id={`${id}-${v}`} name={name} value={v} defaultChecked={chosen.has(v)} />
                <label htmlFor={`${id}-${v}`}>{ts(`v.${v}` as keyof typeof ADMIN_SETTING_TEXTS)}</label>
              </div>
            ))}
          </div>
        </fieldset>
      )
    }
  }
}

/**
 * Reads one setting's value back from a form: undefined when left "not set" (an empty field; for a list, when
 * `emptyListUnset` and nothing is ticked).
 */
export function readSettingValue(form: FormData, setting: SettingKey, name: string, emptyListUnset = false): SettingValue | undefined {
  const spec = SETTING_SPECS[setting]
  if (spec.type === 'list') {
    const list = form.getAll(name).map(String)
    return list.length === 0 && emptyListUnset ? undefined : list
  }
  const raw = form.get(name)
  if (raw === null) return undefined
  const text = String(raw)
  if (spec.type === 'string') return text.trim() === '' ? undefined : text
  if (text.trim() === '') return undefined
  if (spec.type === 'boolean') return text === 'true'
  if (spec.type === 'number') return Number(text)
  return text
}
