import { useState } from 'react'
import type { AuditEntry } from '../../api.js'
import { useTexts, useWidget } from '../../context.js'
import { usePolling } from '../../hooks/use-polling.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'

const AUDIT_PAGE = 20

/** Who did it: the name the service recorded, else the actor's id (`sub`, `guest:<name>`, `system`). */
function actorOf(entry: AuditEntry): string {
  return entry.actorName ?? entry.actor
}

/**
 * The audit log, newest first, 20 a page, filtered by action. The first page is read again every
 * `intervalMs` (new refusals and changes appear while it is open) and whenever `revision` changes; older
 * pages stay still while read.
 */
export function AuditPanel(props: { revision: number; intervalMs: number }) {
  const { api, errorText, locale } = useWidget()
  const ta = useTexts(ADMIN_TEXTS)
  const [offset, setOffset] = useState(0)
  const [action, setAction] = useState('')
  const [page, setPage] = useState<{ entries: AuditEntry[]; total: number } | null>(null)
  const [error, setError] = useState<unknown>(null)

  usePolling(
    async (signal) => {
      try {
        setPage(await api.getAudit({ limit: AUDIT_PAGE, offset, ...(action ? { action } : {}) }, signal))
        setError(null)
      } catch (err) {
        if (!signal.aborted) setError(err)
      }
    },
    [api, offset, action, props.revision],
    { intervalMs: offset === 0 ? props.intervalMs : null },
  )

  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' })
  const actions = [...new Set([...(page?.entries ?? []).map((e) => e.action), ...(action ? [action] : [])])].sort()
  return (
    <section className="bbb-section">
      <h3 className="bbb-h3" id="bbb-audit-title">
        {ta('admin.audit')}
      </h3>
      <div className="bbb-field bbb-inline">
        <label htmlFor="bbb-audit-action">{ta('admin.filter')}</label>
        <select
          id="bbb-audit-action"
          value={action}
          onChange={(e) => {
            setAction(e.target.value)
            setOffset(0)
          }}
        >
          <option value="">{ta('admin.all')}</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p className="bbb-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
      {page && page.entries.length === 0 ? <p className="bbb-muted">{ta('admin.noAudit')}</p> : null}
      {page && page.entries.length > 0 ? (
        <div className="bbb-scroll" tabIndex={0} role="region" aria-labelledby="bbb-audit-title">
          <table className="bbb-table" data-bbb-audit>
            <thead>
              <tr>
                <th scope="col">{ta('admin.when')}</th>
                <th scope="col">{ta('admin.who')}</th>
                <th scope="col">{ta('admin.what')}</th>
                <th scope="col">{ta('admin.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => (
                <tr key={e.id}>
                  <td>{when.format(e.at)}</td>
                  <td>{actorOf(e)}</td>
                  <td>{e.action}</td>
                  <td className="bbb-detail">
                    {[e.spaceId, e.roomId, Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : ''].filter(Boolean).join(' · ')}
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
            {ta('admin.previous')}
          </button>
          <button type="button" className="bbb-btn" disabled={offset + AUDIT_PAGE >= page.total} onClick={() => setOffset(offset + AUDIT_PAGE)}>
            {ta('admin.next')}
          </button>
        </div>
      ) : null}
    </section>
  )
}
