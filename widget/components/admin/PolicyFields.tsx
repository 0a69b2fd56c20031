import { useState } from 'react'
import type { Policies, Policy, PolicyKey, PolicyRule, SettingGroup, SettingKey, SettingValue } from '../../api.js'
import { useTexts } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { ADMIN_SETTING_TEXTS } from '../../i18n/admin-settings.js'
import { readSettingValue, SettingValueControl } from './SettingValue.js'
import { PLAIN_POLICY_KEYS, SETTING_GROUPS, SETTING_SPECS } from './setting-specs.js'

const POLICIES: readonly Policy[] = ['forced', 'default_on', 'default_off', 'optional', 'disabled']
const ACCESS: readonly PolicyKey[] = ['guestsAllowed', 'waitingRoom', 'anyoneCanStart', 'accessCode']
const SETTING_KEYS = Object.keys(SETTING_SPECS) as SettingKey[]

type AnyKey = PolicyKey | SettingKey
type Entry = Policy | PolicyRule | undefined

const isPlain = (key: AnyKey) => (PLAIN_POLICY_KEYS as readonly string[]).includes(key)
const ruleOf = (entry: Entry): PolicyRule | undefined => (entry === undefined ? undefined : typeof entry === 'string' ? { policy: entry } : entry)

/** Whether a policy carries a value: forced settings, and the defaults of settings that are not yes/no. */
function takesValue(key: AnyKey, policy: string): boolean {
  if (isPlain(key)) return false
  if (policy === 'forced') return true
  return (policy === 'default_on' || policy === 'default_off') && SETTING_SPECS[key as SettingKey].type !== 'boolean'
}

/**
 * The policies of every room setting, grouped (access, audio & video, permissions, features, meeting, recording),
 * each a policy and, when forced (or a default that is not yes/no), the value. In a space (`inherited` given), each
 * may stay "As globally". Read back with {@link readPolicies}.
 */
export function PolicyFields(props: { prefix: string; policies: Partial<Policies>; inherited?: Partial<Policies> }) {
  const ta = useTexts(ADMIN_TEXTS)
  const ts = useTexts(ADMIN_SETTING_TEXTS)
  const entries = props.policies as Record<string, Entry>
  const [choice, setChoice] = useState<Record<string, string>>(() =>
    Object.fromEntries([...ACCESS, ...SETTING_KEYS].map((k) => [k, ruleOf(entries[k])?.policy ?? (props.inherited ? '' : 'optional')])),
  )
  const label = (key: AnyKey) => (isPlain(key) ? ta(`admin.f.${key}` as keyof typeof ADMIN_TEXTS) : ts(`s.${key}` as keyof typeof ADMIN_SETTING_TEXTS))
  const inheritedWords = (key: AnyKey) => {
    const rule = ruleOf((props.inherited as Record<string, Entry> | undefined)?.[key])
    return `${ta('space.inherit')} (${ta(`admin.p.${rule?.policy ?? 'optional'}`)})`
  }

  const row = (key: AnyKey) => {
    const id = `${props.prefix}-${key}`
    const policy = choice[key] ?? ''
    const value: SettingValue | undefined = ruleOf(entries[key])?.value
    return (
      <div className="bbb-policy" key={key} data-bbb-policy={key}>
        <div className="bbb-policy-row">
          <div className="bbb-field">
            <label htmlFor={id}>{label(key)}</label>
            <select id={id} name={`p.${key}`} value={policy} onChange={(e) => setChoice({ ...choice, [key]: e.target.value })}>
              {props.inherited ? <option value="">{inheritedWords(key)}</option> : null}
              {POLICIES.map((p) => (
                <option key={p} value={p}>
                  {ta(`admin.p.${p}`)}
                </option>
              ))}
            </select>
          </div>
          {takesValue(key, policy) ? (
            <SettingValueControl setting={key as SettingKey} name={`v.${key}`} id={`${id}-value`} label={ta('policy.value', { setting: label(key) })} value={value} />
          ) : null}
        </div>
      </div>
    )
  }

  const groups: Array<[string, AnyKey[]]> = [
    ['access', [...ACCESS]],
    ...SETTING_GROUPS.map((g: SettingGroup): [string, AnyKey[]] => [g, SETTING_KEYS.filter((k) => SETTING_SPECS[k].group === g)]),
  ]
  return (
    <fieldset>
      <legend>{ta('policy.title')}</legend>
      <p className="bbb-muted">{ta('policy.hint')}</p>
      {groups.map(([group, keys]) => (
        <details key={group} data-bbb-policy-group={group}>
          <summary>{ta(`policy.g.${group}` as keyof typeof ADMIN_TEXTS)}</summary>
          {keys.map(row)}
        </details>
      ))}
    </fieldset>
  )
}

/** The policies a {@link PolicyFields} form gives; a space's "As globally" entries are left out. */
export function readPolicies(form: FormData): Partial<Policies> {
  const out: Record<string, Policy | PolicyRule> = {}
  for (const key of [...ACCESS, ...SETTING_KEYS] as AnyKey[]) {
    const policy = String(form.get(`p.${key}`) ?? '') as Policy | ''
    if (policy === '') continue
    if (!takesValue(key, policy)) {
      out[key] = policy
      continue
    }
    const value = readSettingValue(form, key as SettingKey, `v.${key}`)
    out[key] = value === undefined ? policy : { policy, value }
  }
  return out
}
