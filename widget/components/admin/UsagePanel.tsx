import { useState } from 'react'
import type { AdminUsage } from '../../api.js'
import { useTexts, useWidget } from '../../context.js'
import { usePolling } from '../../hooks/use-polling.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { GaugeView } from './GaugeView.js'

const GAUGES = { participants: 'admin.total', internal: 'admin.internal', external: 'admin.external', meetings: 'admin.meetings' } as const

/** Licence usage against its caps and the running meetings per space, read again every `intervalMs`. */
export function UsagePanel(props: { intervalMs: number; onSpaces?: (spaces: string[]) => void }) {
  const { api, t, errorText } = useWidget()
  const ta = useTexts(ADMIN_TEXTS)
  const [usage, setUsage] = useState<AdminUsage | null>(null)
  const [error, setError] = useState<unknown>(null)

  usePolling(
    async (signal) => {
      try {
        const next = await api.getUsage(signal)
        setUsage(next)
        props.onSpaces?.(next.spaces.map((s) => s.spaceId))
        setError(null)
      } catch (err) {
        if (!signal.aborted) setError(err)
      }
    },
    [api],
    { intervalMs: props.intervalMs },
  )

  const running = usage?.spaces.filter((s) => s.runningMeetings > 0) ?? []
  return (
    <section className="bbb-section">
      <h3 className="bbb-h3" id="bbb-usage-title">
        {ta('admin.usage')}
      </h3>
      {error ? (
        <p className="bbb-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      {!usage ? (
        error ? null : <p className="bbb-muted">{t('status.loading')}</p>
      ) : (
        <>
          <div className="bbb-gauges">
            {(Object.keys(GAUGES) as Array<keyof typeof GAUGES>).map((k) => (
              <GaugeView key={k} id={k} label={ta(GAUGES[k])} value={usage.licence[k].used} cap={usage.licence[k].cap} />
            ))}
          </div>
          <h4 className="bbb-h4">{ta('admin.perSpace')}</h4>
          {running.length === 0 ? (
            <p className="bbb-muted">{ta('admin.noneRunning')}</p>
          ) : (
            <table className="bbb-table">
              <thead>
                <tr>
                  <th scope="col">{ta('admin.space')}</th>
                  <th scope="col">{ta('admin.meetings')}</th>
                  <th scope="col">{ta('admin.participants')}</th>
                </tr>
              </thead>
              <tbody>
                {running.map((s) => (
                  <tr key={s.spaceId} data-bbb-usage-space={s.spaceId}>
                    <th scope="row">{s.spaceId}</th>
                    <td>{s.runningMeetings}</td>
                    <td>{s.participants.total}</td>
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
