import { useTexts } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'

/** One count against its cap ("3 of 10", or "3 (no limit)"), with a bar that turns warning-coloured at 90 %. */
export function GaugeView(props: { id: string; label: string; value: number; cap: number | null }) {
  const ta = useTexts(ADMIN_TEXTS)
  const { cap, value } = props
  const ratio = cap ? Math.min(1, value / cap) : 0
  const text = cap === null ? ta('admin.noCap', { value }) : ta('admin.ofCap', { value, cap })
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
