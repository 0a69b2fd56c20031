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

describe('a change of the retention rules in the audit log', () => {
  const entry = (action: string, details: Record<string, unknown>): AuditEntry => ({
    id: 2,
    at: 0,
    actor: 'root',
    actorName: 'David Admin',
    spaceId: action === 'retention.space_changed' ? 'team-alpha' : null,
    roomId: null,
    roomName: null,
    action,
    details,
  })
  const rules = {
    attendanceDays: 365,
    auditDays: 1,
    usagePerSpaceDays: 400,
    mailDays: 90,
    identityDays: 1095,
    recordingDays: null,
    consent: { enabled: true, fr: null, en: 'Smile, you are recorded' },
  }

  it('says every rule the change left, in words and days, never the settings’ keys', () => {
    expect(detailWords(entry('retention.changed', rules), 'en', format)).toEqual([
      'Attendance and meeting history: 365 days',
      'Audit log: 1 day',
      'Usage history per space: 400 days',
      'Invitation mail sent: 90 days',
      'People known from the platform (name, e-mail, spaces), since last seen: 1,095 days',
      'Recordings: kept until someone deletes them',
      'Recording consent notice: yes',
      'Own consent text (EN): Smile, you are recorded',
    ])
    const fr = detailWords(entry('retention.changed', { ...rules, recordingDays: 30 }), 'fr', format)
    expect(fr).toContain('Journal d’audit : 1 jour')
    expect(fr).toContain('Enregistrements : 30 jours')
    expect(fr.join('\n')).not.toMatch(/Days|recording|consent\b/)
  })

  it('says what a space chose for its recordings: days, kept until deleted, or the global rule again', () => {
    expect(detailWords(entry('retention.space_changed', { recordingDays: 30 }), 'en', format)).toEqual(['Recordings: 30 days'])
    expect(detailWords(entry('retention.space_changed', { recordingDays: null }), 'fr', format)).toEqual([
      'Enregistrements : conservés jusqu’à ce que quelqu’un les supprime',
    ])
    expect(detailWords(entry('retention.space_changed', { recordingDays: 'global' }), 'fr', format)).toEqual(['Enregistrements : la règle générale'])
  })
})

describe('a room created from a preset, in the audit log', () => {
  const created = (details: Record<string, unknown>): AuditEntry => ({
    id: 3,
    at: 0,
    actor: 'alice',
    actorName: 'Alice Martin',
    spaceId: 'team-alpha',
    roomId: 'r1',
    roomName: 'Weekly review',
    action: 'room.created',
    details: { name: 'Weekly review', ...details },
  })

  it('names a built-in preset in the reader’s language and an administrator’s by the name it had', () => {
    expect(detailWords(created({ preset: 'training', presetName: 'Training' }), 'fr', format)).toEqual(['Modèle : Formation'])
    expect(detailWords(created({ preset: 'p-4kq9z2', presetName: 'Amphithéâtre du lundi' }), 'fr', format)).toEqual(['Modèle : Amphithéâtre du lundi'])
    // Entries written before the name was recorded still say which preset, by its id.
    expect(detailWords(created({ preset: 'p-4kq9z2' }), 'en', format)).toEqual(['Preset: p-4kq9z2'])
  })
})
