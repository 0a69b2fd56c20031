import { useState } from 'react'
import { useTexts } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { ADMIN_CSS } from './admin-css.js'
import { AuditPanel } from './AuditPanel.js'
import { CapacityPanel } from './CapacityPanel.js'
import { LimitsForm } from './LimitsForm.js'
import { PresetsPanel } from './PresetsPanel.js'
import { RetentionPanel } from './RetentionPanel.js'
import { SpacePanel } from './SpacePanel.js'
import { UsagePanel } from './UsagePanel.js'
import { UsageHistoryPanel } from './UsageHistoryPanel.js'

/** Props of {@link AdminConsole}. */
export interface AdminConsoleProps {
  /** Poll interval of the usage gauges (the audit's is twice it); default 5000 ms. */
  pollIntervalMs?: number
}

/**
 * For administrators (token claim `admin: true`): licence usage against the caps, usage over time, capacity
 * planning, the limits and the policies of every room setting, presets, one space's overrides, presets and
 * branding, and the audit log. Saving anything reloads the audit at once.
 */
export function AdminConsole(props: AdminConsoleProps) {
  const ta = useTexts(ADMIN_TEXTS)
  const [revision, setRevision] = useState(0)
  const [spaces, setSpaces] = useState<string[]>([])
  const saved = () => setRevision((r) => r + 1)
  const intervalMs = props.pollIntervalMs ?? 5000
  return (
    <section className="bbb-card bbb-admin" aria-labelledby="bbb-admin-title" data-bbb-admin-console>
      <style>{ADMIN_CSS}</style>
      <h2 className="bbb-h2" id="bbb-admin-title">
        {ta('admin.title')}
      </h2>
      {/* Panels (one line each): usage, history, capacity, limits and policies, presets, one space, settings. */}
      <UsagePanel intervalMs={intervalMs} onSpaces={(next) => setSpaces((old) => (old.join() === next.join() ? old : next))} />
      <UsageHistoryPanel />
      <CapacityPanel revision={revision} />
      <LimitsForm onSaved={saved} />
      <PresetsPanel spaceId={null} onSaved={saved} />
      <SpacePanel spaces={spaces} onSaved={saved} />
      <RetentionPanel />
      <AuditPanel revision={revision} intervalMs={intervalMs * 2} />
    </section>
  )
}
