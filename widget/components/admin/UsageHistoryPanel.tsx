import { useMemo, useState } from 'react'
import type { UsageHistoryAnswer } from '../../api.js'
import { useTexts, useWidget } from '../../context.js'
import { usePolling } from '../../hooks/use-polling.js'
import { USAGE_HISTORY_TEXTS } from '../../i18n/usage-history.js'
import { useWidgetId } from '../../hooks/use-widget-id.js'

type Period = 'day' | 'week' | 'month' | 'year'
type Point = UsageHistoryAnswer['points'][number]

const DAY = 86_400_000
const PERIODS: Record<Period, { ms: number; step: 'minute' | 'hour' | 'day' }> = {
  day: { ms: DAY, step: 'minute' },
  week: { ms: 7 * DAY, step: 'hour' },
  month: { ms: 30 * DAY, step: 'hour' },
  year: { ms: 365 * DAY, step: 'day' },
}
const STEP_MS = { minute: 60_000, hour: 3_600_000, day: DAY }

// The chart is drawn as plain SVG: one path and a few lines cost a few hundred bytes, where a chart library would
// add tens of kilobytes to a widget whose standalone build must stay small.
const W = 640
const H = 220
const LEFT = 44
const BOTTOM = 22
const TOP = 8

interface Row {
  key: string
  label: string
  peak: number
  avg: number
  internal: number
  external: number
  meetings: number
}

/** Daily (or, over a day, hourly) peaks: the chart's data as a table, for screen readers and for reading exact values. */
function rows(points: Point[], byHour: boolean, format: Intl.DateTimeFormat): Row[] {
  const groups = new Map<string, { at: number; points: Point[] }>()
  for (const p of points) {
    const at = Date.parse(p.at)
    const d = new Date(at)
    const key = byHour ? `${d.toDateString()} ${d.getHours()}` : d.toDateString()
    const group = groups.get(key) ?? { at, points: [] }
    group.points.push(p)
    groups.set(key, group)
  }
  return [...groups.entries()].map(([key, g]) => {
    const minutes = g.points.reduce((n, p) => n + p.minutes, 0)
    const max = (f: (p: Point) => number) => Math.max(...g.points.map(f))
    const avg = g.points.reduce((n, p) => n + p.participants.avg * p.minutes, 0) / Math.max(1, minutes)
    return {
      key,
      label: format.format(g.at),
      peak: max((p) => p.participants.max),
      avg: Math.round(avg * 10) / 10,
      internal: max((p) => p.internal.max),
      external: max((p) => p.external.max),
      meetings: max((p) => p.meetings.max),
    }
  })
}

/** Concurrent participants over a chosen period against the licence caps, its peaks as a table, the busiest spaces. */
export function UsageHistoryPanel() {
  const { api, t, errorText, locale } = useWidget()
  const th = useTexts(USAGE_HISTORY_TEXTS)
  const [period, setPeriod] = useState<Period>('day')
  const [history, setHistory] = useState<{ period: Period; answer: UsageHistoryAnswer } | null>(null)
  const [error, setError] = useState<unknown>(null)
  const id = useWidgetId()

  usePolling(
    async (signal) => {
      const to = Date.now()
      const { ms, step } = PERIODS[period]
      try {
        setHistory({ period, answer: await api.getUsageHistory({ from: to - ms, to, step }, signal) })
        setError(null)
      } catch (err) {
        if (!signal.aborted) setError(err)
      }
    },
    [api, period],
    { intervalMs: 60_000 },
  )

  const answer = history?.period === period ? history.answer : null
  const byHour = period === 'day'
  const formats = useMemo(
    () => ({
      row: new Intl.DateTimeFormat(locale, byHour ? { hour: '2-digit', minute: '2-digit' } : { weekday: 'short', day: 'numeric', month: 'short' }),
      axis: new Intl.DateTimeFormat(locale, byHour ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short' }),
      long: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: byHour ? 'short' : undefined }),
    }),
    [locale, byHour],
  )
  const table = useMemo(() => (answer ? rows(answer.points, byHour, formats.row) : []), [answer, byHour, formats])

  return (
    <section className="bbb-section" aria-labelledby={`${id}-title`} data-bbb-usage-history>
      <h3 className="bbb-h3" id={`${id}-title`}>
        {th('history.title')}
      </h3>
      <div role="group" aria-label={th('history.period')} style={{ display: 'flex', flexWrap: 'wrap', gap: '.4em' }}>
        {(Object.keys(PERIODS) as Period[]).map((p) => (
          <button key={p} type="button" className={`bbb-btn${p === period ? ' bbb-btn-primary' : ''}`} aria-pressed={p === period} onClick={() => setPeriod(p)}>
            {th(`history.${p}`)}
          </button>
        ))}
      </div>
      {error ? (
        <p className="bbb-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      {!answer ? (
        error ? null : <p className="bbb-muted">{t('status.loading')}</p>
      ) : answer.points.length === 0 ? (
        <p className="bbb-muted" data-bbb-history-empty>
          {th('history.empty')}
        </p>
      ) : (
        <>
          <Chart answer={answer} title={th('history.chart', { period: th(`history.${period}`).toLowerCase() })} th={th} formats={formats} id={id} />
          <details>
            <summary>{th('history.table')}</summary>
            <div className="bbb-scroll-x">
              <table className="bbb-table" data-bbb-history-table>
                <caption className="bbb-muted">{th('history.dailyPeaks')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{th('history.when')}</th>
                    <th scope="col">{th('history.peak')}</th>
                    <th scope="col">{th('history.avg')}</th>
                    <th scope="col">{th('history.internal')}</th>
                    <th scope="col">{th('history.external')}</th>
                    <th scope="col">{th('history.meetings')}</th>
                  </tr>
                </thead>
                <tbody>
                  {table.map((r) => (
                    <tr key={r.key}>
                      <th scope="row">{r.label}</th>
                      <td>{r.peak}</td>
                      <td>{r.avg.toLocaleString(locale)}</td>
                      <td>{r.internal}</td>
                      <td>{r.external}</td>
                      <td>{r.meetings}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
          {answer.busiestSpaces.length > 0 ? (
            <>
              <h4 className="bbb-h4">{th('history.busiest')}</h4>
              <table className="bbb-table" data-bbb-history-busiest>
                <thead>
                  <tr>
                    <th scope="col">{th('history.space')}</th>
                    <th scope="col">{th('history.peak')}</th>
                    <th scope="col">{th('history.avg')}</th>
                  </tr>
                </thead>
                <tbody>
                  {answer.busiestSpaces.map((s) => (
                    <tr key={s.spaceId}>
                      <th scope="row">{s.spaceId}</th>
                      <td>{s.peak}</td>
                      <td>{s.avg.toLocaleString(locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </>
      )}
    </section>
  )
}

function Chart(props: {
  answer: UsageHistoryAnswer
  title: string
  th: ReturnType<typeof useTexts<typeof USAGE_HISTORY_TEXTS>>
  formats: { axis: Intl.DateTimeFormat; long: Intl.DateTimeFormat }
  id: string
}) {
  const { answer, th, formats, id } = props
  const from = Date.parse(answer.from)
  const to = Date.parse(answer.to)
  const cap = answer.licence.maxParticipants
  const peakPoint = answer.points.reduce((best, p) => (p.participants.max > best.participants.max ? p : best), answer.points[0])
  const peak = peakPoint.participants.max
  const top = Math.max(1, peak, cap ?? 0) * 1.1
  const plotW = W - LEFT - 4
  const plotH = H - TOP - BOTTOM
  const x = (at: number) => LEFT + ((at - from) / (to - from)) * plotW
  const y = (v: number) => TOP + plotH - (v / top) * plotH
  const gap = STEP_MS[answer.step] * 1.5
  let path = ''
  let last = -Infinity
  for (const p of answer.points) {
    const at = Date.parse(p.at)
    // A span nobody sampled (the service was down) is a gap in the line, not a zero.
    path += `${at - last > gap ? 'M' : 'L'}${x(at).toFixed(1)} ${y(p.participants.max).toFixed(1)}`
    last = at
  }
  const ticks = [0, Math.round(top / 2), Math.floor(top)]
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-chart-title ${id}-chart-desc`}
      viewBox={`0 0 ${W} ${H}`}
      style={{ width: '100%', height: 'auto', display: 'block', marginTop: '.5em' }}
      data-bbb-history-chart
    >
      <title id={`${id}-chart-title`}>{props.title}</title>
      <desc id={`${id}-chart-desc`}>
        {th('history.summary', { peak, when: formats.long.format(Date.parse(peakPoint.at)), cap: cap ?? th('history.noCap') })}
      </desc>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={LEFT} x2={W - 4} y1={y(v)} y2={y(v)} stroke="#d5dae1" />
          <text x={LEFT - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#4a5563">
            {v}
          </text>
        </g>
      ))}
      <text x={LEFT} y={H - 6} fontSize="11" fill="#4a5563">
        {formats.axis.format(from)}
      </text>
      <text x={W - 4} y={H - 6} fontSize="11" fill="#4a5563" textAnchor="end">
        {formats.axis.format(to)}
      </text>
      {cap !== null ? (
        <g data-bbb-history-cap={cap}>
          <line x1={LEFT} x2={W - 4} y1={y(cap)} y2={y(cap)} stroke="#b42318" strokeDasharray="6 4" strokeWidth="1.5" />
          <text x={W - 6} y={y(cap) - 4} textAnchor="end" fontSize="11" fill="#b42318">
            {th('history.cap', { cap })}
          </text>
        </g>
      ) : null}
      <path d={path} fill="none" stroke="#1d4ed8" strokeWidth="2" strokeLinejoin="round" data-bbb-history-line />
    </svg>
  )
}
