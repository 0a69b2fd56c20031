import { useMemo, useState, type FormEvent } from 'react'
import type { CapacityPlanAnswer } from '../../api.js'
import { useTexts, useWidget } from '../../context.js'
import { usePolling } from '../../hooks/use-polling.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { SaveBar, useSave } from './SaveBar.js'
import { getCapacityPlan, putCapacity } from './admin-api.js'

const DAYS = 14

/**
 * Capacity planning: for each hour of the next 14 days where scheduled meetings expect people, the participants
 * booked (internal / external), the usual load at that hour, and the licence cap with its warning level, a bar
 * showing how full it gets; then the warning level itself (a share of the licence, and whether it refuses).
 */
export function CapacityPanel(props: { revision: number }) {
  const { api, t, errorText, locale } = useWidget()
  const ta = useTexts(ADMIN_TEXTS)
  const save = useSave()
  const [plan, setPlan] = useState<CapacityPlanAnswer | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [reload, setReload] = useState(0)

  usePolling(
    async (signal) => {
      try {
        const from = Date.now()
        setPlan(await getCapacityPlan(api, { from, to: from + DAYS * 86_400_000 }, signal))
        setError(null)
      } catch (err) {
        if (!signal.aborted) setError(err)
      }
    },
    [api, props.revision, reload],
    { intervalMs: 60_000 },
  )

  const hour = useMemo(() => new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }), [locale])
  const n = (v: number) => v.toLocaleString(locale)

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    const percent = Number(String(form.get('thresholdPercent') ?? '').trim())
    await save.run(async () => {
      await putCapacity(api, { thresholdPercent: percent, refuse: form.get('refuse') === 'on' })
      setReload((r) => r + 1)
    })
  }

  const cap = plan?.licence.maxParticipants ?? null
  const warn = plan?.thresholds.participants ?? null
  return (
    <section className="bbb-section" data-bbb-capacity>
      <h3 className="bbb-h3" id="bbb-capacity-title">
        {ta('cap.title')}
      </h3>
      <p className="bbb-muted">{ta('cap.hint')}</p>
      {error ? (
        <p className="bbb-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      {!plan ? (
        error ? null : <p className="bbb-muted">{t('status.loading')}</p>
      ) : plan.hours.length === 0 ? (
        <p className="bbb-muted" data-bbb-capacity-empty>
          {ta('cap.none', { days: DAYS })}
        </p>
      ) : (
        <div className="bbb-scroll" tabIndex={0} role="region" aria-labelledby="bbb-capacity-title">
          <table className="bbb-table bbb-stack" data-bbb-capacity-table>
            <thead>
              <tr>
                <th scope="col">{ta('cap.hour')}</th>
                <th scope="col">{ta('cap.booked')}</th>
                <th scope="col">{ta('cap.usual')}</th>
                <th scope="col">{ta('cap.licence')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.hours.map((h) => {
                const over = warn !== null && h.booked.total > warn
                const expected = h.booked.total + (h.usual ?? 0)
                const colon = locale === 'fr' ? ' : ' : ': '
                return (
                  <tr key={h.at} data-bbb-capacity-hour={h.at}>
                    <th scope="row">{hour.format(Date.parse(h.at))}</th>
                    <td data-label={ta('cap.booked') + colon}>
                      <span className={over ? 'bbb-over' : undefined}>
                        {n(h.booked.total)} ({ta('admin.internal').toLowerCase()} {n(h.booked.internal)}, {ta('admin.external').toLowerCase()} {n(h.booked.external)})
                      </span>
                      {over ? <span className="bbb-over"> — {ta('cap.over')}</span> : null}
                      {cap ? (
                        <span className="bbb-bar" aria-hidden="true">
                          <span style={{ width: `${Math.min(100, Math.round((expected / cap) * 100))}%` }} />
                          {warn !== null ? <i style={{ left: `${Math.min(100, Math.round((warn / cap) * 100))}%` }} /> : null}
                        </span>
                      ) : null}
                    </td>
                    <td data-label={ta('cap.usual') + colon}>{h.usual === null ? '—' : n(h.usual)}</td>
                    <td data-label={ta('cap.licence') + colon}>
                      {cap === null ? t('common.unlimited') : `${n(cap)} (${ta('cap.threshold').toLowerCase()} ${warn === null ? '—' : n(warn)})`}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {plan ? (
        <form className="bbb-form bbb-section" onSubmit={(e) => void submit(e)} onInput={save.touched} noValidate data-bbb-capacity-form>
          <h4 className="bbb-h4">{ta('cap.settings')}</h4>
          <div className="bbb-field">
            <label htmlFor="bbb-cap-percent">{ta('cap.percent')}</label>
            <input id="bbb-cap-percent" name="thresholdPercent" type="number" min={1} max={1000} step={1} inputMode="numeric" defaultValue={plan.settings.thresholdPercent} />
          </div>
          <div className="bbb-check">
            <input type="checkbox" id="bbb-cap-refuse" name="refuse" defaultChecked={plan.settings.refuse} />
            <label htmlFor="bbb-cap-refuse">{ta('cap.refuse')}</label>
          </div>
          <SaveBar state={save} label={t('common.save')} action="save-capacity" />
        </form>
      ) : null}
    </section>
  )
}
