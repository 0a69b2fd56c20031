import { describe, expect, it } from 'vitest'
import type { PurgeCounts } from '../../server/contract/index.js'
import type { AuditEntry } from '../../widget/api.js'
import { detailWords } from '../../widget/components/admin/audit-words.js'

// The audit panel words what a retention purge removed: each kind by its name in the reader's language, never the
// counts' raw keys, and a kind with nothing removed left out.

const format = new Intl.DateTimeFormat('en', { timeZone: 'UTC' })
const purged = (counts: Partial<PurgeCounts>): AuditEntry => ({
  id: 1,
  at: 0,
  actor: 'system',
  actorName: null,
  spaceId: null,
  roomId: null,
  roomName: null,
  action: 'retention.purged',
  details: { runs: 0, attendanceRows: 0, analyticsRows: 0, auditEntries: 0, usageRows: 0, mailRows: 0, identities: 0, recordings: 0, recordingsKept: 0, ...counts },
})

describe('a retention purge in the audit log', () => {
  it('names the people forgotten and the other kinds removed, in English and French', () => {
    expect(detailWords(purged({ identities: 1200, mailRows: 3 }), 'en', format)).toEqual(['Invitation mail: 3', 'People forgotten: 1,200'])
    expect(detailWords(purged({ identities: 2 }), 'fr', format)).toEqual(['Personnes oubliées : 2'])
    expect(detailWords(purged({}), 'fr', format)).toEqual(['rien n’avait dépassé sa durée'])
  })

  it('has words for every count a purge gives', () => {
    const every: PurgeCounts = { runs: 1, attendanceRows: 1, analyticsRows: 1, auditEntries: 1, usageRows: 1, mailRows: 1, identities: 1, recordings: 1, recordingsKept: 1 }
    for (const locale of ['en', 'fr'] as const) {
      const lines = detailWords(purged(every), locale, format)
      expect(lines).toHaveLength(Object.keys(every).length)
      for (const key of Object.keys(every)) expect(lines.join('\n')).not.toContain(key)
    }
  })
})
