import { useEffect, useState, type FormEvent } from 'react'
import type { RetentionSettings } from '../../api.js'
import { useAnnounce, useTexts, useWidget } from '../../context.js'
import { RETENTION_TEXTS } from '../../i18n/retention.js'
import { useWidgetId } from '../../hooks/use-widget-id.js'

const DAY_FIELDS = ['attendanceDays', 'auditDays', 'usagePerSpaceDays', 'mailDays', 'identityDays'] as const

/** Reads the form into the settings (an empty recording duration: kept until deleted; an empty text: the default). */
function settingsFrom(form: FormData): RetentionSettings {
  const text = (name: string) => String(form.get(name) ?? '').trim() || null
  const recording = String(form.get('recordingDays') ?? '').trim()
  return {
    attendanceDays: Number(form.get('attendanceDays')),
    auditDays: Number(form.get('auditDays')),
    usagePerSpaceDays: Number(form.get('usagePerSpaceDays')),
    mailDays: Number(form.get('mailDays')),
    identityDays: Number(form.get('identityDays')),
    recordingDays: recording === '' ? null : Number(recording),
    consent: { enabled: form.get('consent.enabled') === 'on', fr: text('consent.fr'), en: text('consent.en') },
  }
}

/**
 * How long each kind of personal data is kept, and the recording-consent text (`GET/PUT /admin/retention`). A
 * refused value shows the service's words; "Saved." is announced.
 */
export function RetentionPanel() {
  const { api, t, errorText } = useWidget()
  const tr = useTexts(RETENTION_TEXTS)
  const announce = useAnnounce()
  const id = useWidgetId()
  const [settings, setSettings] = useState<RetentionSettings | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [saving, setSaving] = useState(false)
  const [formKey, setFormKey] = useState(0)

  useEffect(() => {
    api.getRetention().then(setSettings, setError)
  }, [api])

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    setSaving(true)
    setError(null)
    try {
      setSettings(await api.putRetention(settingsFrom(new FormData(e.currentTarget))))
      setFormKey((k) => k + 1)
      announce(t('status.saved'))
    } catch (err) {
      setError(err)
      announce(errorText(err))
    } finally {
      setSaving(false)
    }
  }

  const field = (name: (typeof DAY_FIELDS)[number] | 'recordingDays', value: number | null) => (
    <div className="bbb-field" key={name}>
      <label htmlFor={`${id}-${name}`}>{tr(`retention.f.${name}`)}</label>
      <input
        id={`${id}-${name}`}
        name={name}
        type="number"
        min={1}
        max={3650}
        step={1}
        inputMode="numeric"
        required={name !== 'recordingDays'}
        {...(name === 'recordingDays' ? { placeholder: tr('retention.keptUntilDeleted') } : {})}
        defaultValue={value ?? ''}
      />
    </div>
  )

  return (
    <section className="bbb-section" aria-labelledby={`${id}-title`} data-bbb-retention>
      <h3 className="bbb-h3" id={`${id}-title`}>
        {tr('retention.title')}
      </h3>
      {error ? (
        <p className="bbb-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      {settings ? (
        <form key={formKey} className="bbb-form" onSubmit={(e) => void submit(e)} data-bbb-retention-form>
          <p className="bbb-muted">{tr('retention.intro')}</p>
          <fieldset>
            <legend>{tr('retention.durations')}</legend>
            {DAY_FIELDS.map((name) => field(name, settings[name]))}
            {field('recordingDays', settings.recordingDays)}
          </fieldset>
          <fieldset>
            <legend>{tr('retention.consent')}</legend>
            <div className="bbb-check">
              <input type="checkbox" id={`${id}-consent`} name="consent.enabled" defaultChecked={settings.consent.enabled} />
              <label htmlFor={`${id}-consent`}>{tr('retention.consentEnabled')}</label>
            </div>
            {(['fr', 'en'] as const).map((lang) => (
              <div className="bbb-field" key={lang}>
                <label htmlFor={`${id}-consent-${lang}`}>{tr(lang === 'fr' ? 'retention.consentFr' : 'retention.consentEn')}</label>
                <textarea
                  id={`${id}-consent-${lang}`}
                  name={`consent.${lang}`}
                  rows={3}
                  maxLength={2000}
                  lang={lang}
                  style={{ font: 'inherit', padding: '.35em .5em' }}
                  defaultValue={settings.consent[lang] ?? ''}
                />
              </div>
            ))}
          </fieldset>
          <div className="bbb-actions">
            <button type="submit" className="bbb-btn bbb-btn-primary" disabled={saving} data-bbb-action="save-retention">
              {tr('retention.save')}
            </button>
          </div>
        </form>
      ) : error ? null : (
        <p className="bbb-muted">{t('status.loading')}</p>
      )}
    </section>
  )
}
