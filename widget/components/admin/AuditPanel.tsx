import { useMemo, useState } from 'react'
import type { AuditEntry } from '../../api.js'
import { useTexts, useWidget } from '../../context.js'
import { usePolling } from '../../hooks/use-polling.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { actionWords, actorWords, detailWords } from './audit-words.js'

const AUDIT_PAGE = 20
/** Every action the console words, offered in the filter even before one shows on the page. */
const KNOWN_ACTIONS = Object.keys(ADMIN_TEXTS)
  .filter((k) => k.startsWith('audit.') && !k.startsWith('audit.d.'))
  .map((k) => k.slice(6))

/**
 * The audit log, newest first, 20 a page, filtered by action: when (in the widget's language), who (by name), what
 * (the action in words), where (the space and the room by name) and the details in words. The first page is read
 * again every `intervalMs` and whenever `revision` changes; older pages stay still while read.
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

  const when = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }), [locale])
  const actions = [...new Set([...KNOWN_ACTIONS, ...(page?.entries ?? []).map((e) => e.action), ...(action ? [action] : [])])]
    .map((a) => ({ a, words: actionWords(a, locale) }))
    .sort((x, y) => x.words.localeCompare(y.words, locale))
  const colon = locale === 'fr' ? ' : ' : ': '
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
          {actions.map(({ a, words }) => (
            <option key={a} value={a}>
              {words}
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
          <table className="bbb-table bbb-stack" data-bbb-audit>
            <thead>
              <tr>
                <th scope="col">{ta('admin.when')}</th>
                <th scope="col">{ta('admin.who')}</th>
                <th scope="col">{ta('admin.what')}</th>
                <th scope="col">{ta('admin.room')}</th>
                <th scope="col">{ta('admin.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {page.entries.map((e) => {
                const details = detailWords(e, locale, when)
                const where = [e.spaceId, e.roomName ?? e.roomId].filter(Boolean).join(' · ')
                return (
                  <tr key={e.id} data-bbb-audit-entry={e.action}>
                    <td data-bbb-audit-when>{when.format(e.at)}</td>
                    <td data-label={ta('admin.who') + colon}>{actorWords(e, locale)}</td>
                    <td data-label={ta('admin.what') + colon} data-bbb-audit-action>
                      {actionWords(e.action, locale)}
                    </td>
                    <td data-label={where ? ta('admin.room') + colon : undefined} data-bbb-audit-room>
                      {where}
                    </td>
                    <td className="bbb-detail" data-bbb-audit-details>
                      {details.map((line, i) => (
                        <span key={i} style={{ display: 'block' }}>
                          {line}
                        </span>
                      ))}
                    </td>
                  </tr>
                )
              })}
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
