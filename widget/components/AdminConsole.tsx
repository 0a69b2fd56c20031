import { useCallback, useEffect, useState, type FormEvent } from 'react'
import { WidgetError, type AdminLimits, type AdminUsage, type AuditEntry, type Policy } from '../api.js'
import { useAnnounce, useWidget } from '../context.js'
import type { MessageKey } from '../i18n.js'
import { errorText } from './MeetingButton.js'

const LICENCE_FIELDS = ['maxParticipants', 'maxInternal', 'maxExternal', 'maxMeetings'] as const
const DEFAULT_FIELDS = ['maxParticipantsPerMeeting', 'maxDurationMinutes', 'maxConcurrentMeetings'] as const
const POLICY_FIELDS = ['record', 'guestsAllowed', 'waitingRoom', 'anyoneCanStart', 'accessCode'] as const
const POLICIES: Policy[] = ['forced', 'default_on', 'optional', 'disabled']
const AUDIT_PAGE = 20
const GAUGE_LABELS = { participants: 'admin.total', internal: 'admin.internal', external: 'admin.external', meetings: 'admin.meetings' } as const

/** Props of {@link AdminConsole}. */
export interface AdminConsoleProps {
  /** Poll interval of the usage gauges; default 5000 ms. */
  pollIntervalMs?: number
}

/**
 * For administrators (token claim `admin: true`): licence usage against the caps, running meetings per space,
 * the limits and policies form (the API's `invalid_limits` shown beside the field), and the audit log.
 */
export function AdminConsole(props: AdminConsoleProps) {
  const { t } = useWidget()
  const [revision, setRevision] = useState(0)
  return (
    <section className="bbb-card bbb-admin" aria-labelledby="bbb-admin-title" data-bbb-admin-console>
      <h2 className="bbb-h2" id="bbb-admin-title">
        {t('admin.title')}
      </h2>
      <UsagePanel intervalMs={props.pollIntervalMs ?? 5000} />
      <LimitsForm onSaved={() => setRevision((r) => r + 1)} />
      <AuditPanel revision={revision} intervalMs={(props.pollIntervalMs ?? 5000) * 2} />
    </section>
  )
}

function GaugeView(props: { label: string; value: number; cap: number | null | undefined; id: string }) {
  const { t } = useWidget()
  const cap = props.cap ?? null
  const ratio = cap ? Math.min(1, props.value / cap) : 0
  const text = cap === null ? t('admin.noCap', { value: props.value }) : t('admin.ofCap', { value: props.value, cap })
  return (
    <div className="bbb-gauge" data-bbb-gauge={props.id}>
      <div className="bbb-gauge-label">
        <span>{props.label}</span>
        <span data-bbb-gauge-value>{text}</span>
      </div>
      <div className="bbb-gauge-track" aria-hidden="true">
        <div className={`bbb-gauge-bar${ratio >= 0.9 ? ' bbb-gauge-high' : ''}`} style={{ width: `${Math.round(ratio * 100)}%` }} />
      </div>
    </div>
  )
}

function UsagePanel(props: { intervalMs: number }) {
  const { api, t } = useWidget()
  const [usage, setUsage] = useState<AdminUsage | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null
    let controller: AbortController | null = null
    let stopped = false
    const load = async () => {
      if (timer) clearTimeout(timer)
      timer = null
      if (document.hidden) return
      controller?.abort()
      controller = new AbortController()
      try {
        setUsage(await api.getUsage(controller.signal))
        setError(null)
      } catch (err) {
        if ((err as Error)?.name === 'AbortError') return
        setError(err)
      }
      if (!stopped) timer = setTimeout(() => void load(), props.intervalMs)
    }
    const onVisibility = () => {
      if (!document.hidden) void load()
    }
    document.addEventListener('visibilitychange', onVisibility)
    void load()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      controller?.abort()
      document.removeEventListener('visibilitychange', onVisibility)
    }
  }, [api, props.intervalMs])

  return (
    <section className="bbb-section">
      <h3 className="bbb-h3" id="bbb-usage-title">
        {t('admin.usage')}
      </h3>
      {error ? (
        <p className="bbb-error" role="alert">
          {errorText(t, error)}
        </p>
      ) : null}
      {!usage ? (
        error ? null : <p className="bbb-muted">{t('status.loading')}</p>
      ) : (
        <>
          <div className="bbb-gauges">
            {(['participants', 'internal', 'external', 'meetings'] as const).map((k) => (
              <GaugeView
                key={k}
                id={k}
                label={t(GAUGE_LABELS[k])}
                value={usage.licence?.[k]?.used ?? 0}
                cap={usage.licence?.[k]?.cap ?? null}
              />
            ))}
          </div>
          <h4 className="bbb-h4">{t('admin.perSpace')}</h4>
          {usage.spaces.filter((s) => s.runningMeetings > 0).length === 0 ? (
            <p className="bbb-muted">{t('admin.noneRunning')}</p>
          ) : (
            <table className="bbb-table">
              <thead>
                <tr>
                  <th scope="col">{t('admin.space')}</th>
                  <th scope="col">{t('admin.meetings')}</th>
                  <th scope="col">{t('admin.participants')}</th>
                </tr>
              </thead>
              <tbody>
                {usage.spaces
                  .filter((s) => s.runningMeetings > 0)
                  .map((s) => (
                    <tr key={s.spaceId} data-bbb-usage-space={s.spaceId}>
                      <th scope="row">{s.spaceId}</th>
                      <td>{s.runningMeetings}</td>
                      <td>{typeof s.participants === 'number' ? s.participants : s.participants.total}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  )
}

type FieldErrors = { field: string; text: string } | null

function LimitsForm(props: { onSaved: () => void }) {
  const { api, t } = useWidget()
  const announce = useAnnounce()
  const [limits, setLimits] = useState<AdminLimits | null>(null)
  const [loadError, setLoadError] = useState<unknown>(null)
  const [error, setError] = useState<FieldErrors>(null)
  const [saving, setSaving] = useState(false)
  const [formKey, setFormKey] = useState(0)

  useEffect(() => {
    api.getLimits().then(setLimits, setLoadError)
  }, [api])

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    if (!limits) return
    const form = new FormData(e.currentTarget)
    const num = (name: string): number | null => {
      const v = String(form.get(name) ?? '').trim()
      return v === '' ? null : Number(v)
    }
    const next: AdminLimits = {
      licence: { ...limits.licence },
      defaults: { ...limits.defaults },
      policies: { ...limits.policies },
    }
    for (const f of LICENCE_FIELDS) next.licence[f] = num(`licence.${f}`)
    for (const f of DEFAULT_FIELDS) next.defaults[f] = num(`defaults.${f}`)
    next.defaults.countModerators = form.get('defaults.countModerators') === 'on'
    for (const f of POLICY_FIELDS) next.policies[f] = String(form.get(`policies.${f}`)) as Policy
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
      const text = err instanceof WidgetError && err.code === 'invalid_limits' && err.message ? err.message : errorText(t, err)
      setError({ field, text })
      announce(text)
    } finally {
      setSaving(false)
    }
  }

  const numberField = (group: 'licence' | 'defaults', name: string, value: number | null) => {
    const key = `${group}.${name}`
    const bad = error?.field === key || error?.field === name
    const id = `bbb-l-${group}-${name}`
    return (
      <div className="bbb-field" key={key}>
        <label htmlFor={id}>{t(`admin.f.${name}` as MessageKey)}</label>
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

  const matched = error && [...LICENCE_FIELDS.map((f) => `licence.${f}`), ...DEFAULT_FIELDS.map((f) => `defaults.${f}`), ...LICENCE_FIELDS, ...DEFAULT_FIELDS].includes(error.field)

  return (
    <section className="bbb-section">
      <h3 className="bbb-h3" id="bbb-limits-title">
        {t('admin.limits')}
      </h3>
      {loadError ? (
        <p className="bbb-error" role="alert">
          {errorText(t, loadError)}
        </p>
      ) : null}
      {limits ? (
        <form key={formKey} className="bbb-form" onSubmit={(e) => void submit(e)} noValidate data-bbb-limits-form>
          <p className="bbb-muted">{t('admin.emptyUnlimited')}</p>
          <fieldset>
            <legend>{t('admin.licence')}</legend>
            {LICENCE_FIELDS.map((f) => numberField('licence', f, limits.licence?.[f] ?? null))}
          </fieldset>
          <fieldset>
            <legend>{t('admin.defaults')}</legend>
            {DEFAULT_FIELDS.map((f) => numberField('defaults', f, limits.defaults?.[f] ?? null))}
            <div className="bbb-check">
              <input
                type="checkbox"
                id="bbb-l-countModerators"
                name="defaults.countModerators"
                defaultChecked={limits.defaults?.countModerators ?? true}
              />
              <label htmlFor="bbb-l-countModerators">{t('admin.f.countModerators')}</label>
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('admin.policies')}</legend>
            {POLICY_FIELDS.map((f) => (
              <div className="bbb-field" key={f}>
                <label htmlFor={`bbb-p-${f}`}>{t(`admin.f.${f}`)}</label>
                <select id={`bbb-p-${f}`} name={`policies.${f}`} defaultValue={limits.policies?.[f] ?? 'optional'}>
                  {POLICIES.map((p) => (
                    <option key={p} value={p}>
                      {t(`admin.p.${p}`)}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </fieldset>
          {error && !matched ? (
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

function auditTime(entry: AuditEntry): string {
  const raw = entry.at ?? entry.time ?? entry.createdAt
  if (raw === undefined) return ''
  const date = new Date(typeof raw === 'number' && raw < 1e12 ? raw * 1000 : raw)
  return Number.isNaN(date.getTime()) ? String(raw) : date.toLocaleString()
}

function auditActor(entry: AuditEntry): string {
  if (entry.actorName) return entry.actorName
  const a = entry.actor
  if (!a) return ''
  return typeof a === 'string' ? a : (a.name ?? a.sub ?? '')
}

function AuditPanel(props: { revision: number; intervalMs: number }) {
  const { api, t } = useWidget()
  const [offset, setOffset] = useState(0)
  const [action, setAction] = useState('')
  const [page, setPage] = useState<{ entries: AuditEntry[]; total: number } | null>(null)
  const [error, setError] = useState<unknown>(null)

  const load = useCallback(() => {
    api.getAudit({ limit: AUDIT_PAGE, offset, ...(action ? { action } : {}) }).then(
      (p) => {
        setPage(p)
        setError(null)
      },
      setError,
    )
  }, [api, offset, action])
  useEffect(load, [load, props.revision])
  // New refusals and changes appear while the first page is open; older pages stay still while read.
  useEffect(() => {
    if (offset !== 0) return
    const timer = setInterval(() => {
      if (!document.hidden) load()
    }, props.intervalMs)
    return () => clearInterval(timer)
  }, [load, offset, props.intervalMs])

  const actions = [...new Set((page?.entries ?? []).map((e) => e.action))].sort()
  return (
    <section className="bbb-section">
      <h3 className="bbb-h3" id="bbb-audit-title">
        {t('admin.audit')}
      </h3>
      <div className="bbb-field bbb-inline">
        <label htmlFor="bbb-audit-action">{t('admin.filter')}</label>
        <select
          id="bbb-audit-action"
          value={action}
          onChange={(e) => {
            setAction(e.target.value)
            setOffset(0)
          }}
        >
          <option value="">{t('admin.all')}</option>
          {[...new Set([...actions, ...(action ? [action] : [])])].map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p className="bbb-error" role="alert">
          {errorText(t, error)}
        </p>
      ) : null}
      {page && page.entries.length === 0 ? <p className="bbb-muted">{t('admin.noAudit')}</p> : null}
      {page && page.entries.length > 0 ? (
        <div className="bbb-scroll" tabIndex={0} role="region" aria-labelledby="bbb-audit-title">
          <table className="bbb-table" data-bbb-audit>
            <thead>
              <tr>
                <th scope="col">{t('admin.when')}</th>
                <th scope="col">{t('admin.who')}</th>
                <th scope="col">{t('admin.what')}</th>
                <th scope="col">{t('admin.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e, i) => (
                <tr key={String(e.id ?? i)}>
                  <td>{auditTime(e)}</td>
                  <td>{auditActor(e)}</td>
                  <td>{e.action}</td>
                  <td className="bbb-detail">
                    {[e.spaceId, e.roomId, e.details ? JSON.stringify(e.details) : ''].filter(Boolean).join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {page && page.total > AUDIT_PAGE ? (
        <div className="bbb-actions">
          <button type="button" className="bbb-btn" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - AUDIT_PAGE))}>
            {t('admin.previous')}
          </button>
          <button type="button" className="bbb-btn" disabled={offset + AUDIT_PAGE >= page.total} onClick={() => setOffset(offset + AUDIT_PAGE)}>
            {t('admin.next')}
          </button>
        </div>
      ) : null}
    </section>
  )
}
