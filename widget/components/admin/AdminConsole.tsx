import { useState } from 'react'
import { useTexts } from '../../context.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { AuditPanel } from './AuditPanel.js'
import { LimitsForm } from './LimitsForm.js'
import { RetentionPanel } from './RetentionPanel.js'
import { UsagePanel } from './UsagePanel.js'
import { UsageHistoryPanel } from './UsageHistoryPanel.js'

/** Props of {@link AdminConsole}. */
export interface AdminConsoleProps {
  /** Poll interval of the usage gauges (the audit's is twice it); default 5000 ms. */
  pollIntervalMs?: number
}

/**
 * For administrators (token claim `admin: true`): licence usage against the caps, running meetings per space,
 * the limits and policies form (the API's `invalid_limits` shown beside the field), and the audit log.
 * Saving the limits reloads the audit at once.
 */
export function AdminConsole(props: AdminConsoleProps) {
  const ta = useTexts(ADMIN_TEXTS)
  const [revision, setRevision] = useState(0)
  const intervalMs = props.pollIntervalMs ?? 5000
  return (
    <section className="bbb-card bbb-admin" aria-labelledby="bbb-admin-title" data-bbb-admin-console>
      <h2 className="bbb-h2" id="bbb-admin-title">
        {ta('admin.title')}
      </h2>
      {/* Panels (one line each): usage, limits, per-space overrides, settings. */}
      <UsagePanel intervalMs={intervalMs} />
      <UsageHistoryPanel />
      <LimitsForm onSaved={() => setRevision((r) => r + 1)} />
      <RetentionPanel />
      <AuditPanel revision={revision} intervalMs={intervalMs * 2} />
    </section>
  )
}
