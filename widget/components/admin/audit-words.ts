import type { AuditEntry } from '../../api.js'
import { ADMIN_TEXTS } from '../../i18n/admin.js'
import { ADMIN_SETTING_TEXTS } from '../../i18n/admin-settings.js'
import { errorMessage, isKnownErrorCode } from '../../i18n/errors.js'
import { translator, type Locale } from '../../i18n/locale.js'
import { builtinPresetName } from '../../i18n/presets.js'
import { RETENTION_TEXTS } from '../../i18n/retention.js'

type Words = { ta: ReturnType<typeof translator<typeof ADMIN_TEXTS>>; ts: ReturnType<typeof translator<typeof ADMIN_SETTING_TEXTS>>; space: boolean }

const has = (texts: object, key: string) => Object.hasOwn(texts, key)

/** An audit action in words ("Room created"); an action this console does not know yet keeps its code. */
export function actionWords(action: string, locale: Locale): string {
  const key = `audit.${action}`
  return has(ADMIN_TEXTS, key) ? translator(ADMIN_TEXTS, locale)(key as keyof typeof ADMIN_TEXTS) : action
}

/** Who did it: the recorded name, "The service", a guest's name, else the platform's id. */
export function actorWords(entry: AuditEntry, locale: Locale): string {
  const ta = translator(ADMIN_TEXTS, locale)
  if (entry.actorName) return entry.actorName
  if (entry.actor === 'system') return ta('admin.system')
  if (entry.actor.startsWith('guest:')) return ta('admin.guest', { name: entry.actor.slice(6) })
  return entry.actor
}

/** A limit's or setting's name from a dotted path (`licence.maxParticipants`, `policies.muteOnStart.value`). */
function fieldWords(path: string, w: Words): string {
  const parts = path.split('.').filter((p) => !['licence', 'defaults', 'limits', 'policies', 'settings', 'policy', 'value', 'branding'].includes(p))
  const key = parts[parts.length - 1] ?? path
  if (has(ADMIN_TEXTS, `admin.f.${key}`)) return w.ta(`admin.f.${key}` as keyof typeof ADMIN_TEXTS)
  if (has(ADMIN_SETTING_TEXTS, `s.${key}`)) return w.ts(`s.${key}` as keyof typeof ADMIN_SETTING_TEXTS)
  if (has(ADMIN_TEXTS, `brand.${key}`)) return w.ta(`brand.${key}` as keyof typeof ADMIN_TEXTS)
  if (key === 'name') return w.ta('audit.d.name')
  return key
}

/** A value as words: yes/no, no limit, a policy's name, a setting's value, a list. */
function valueWords(value: unknown, w: Words, locale: Locale): string {
  if (value === null || value === undefined) return w.ta('audit.d.none')
  // Not set before (or after): in a space that means "as globally".
  if (value === 'inherit') return w.ta(w.space ? 'audit.d.inherit' : 'audit.d.unset')
  if (value === '(generated)') return w.ta('audit.d.generated')
  if (typeof value === 'boolean') return w.ta(value ? 'audit.d.yes' : 'audit.d.no')
  if (typeof value === 'number') return value.toLocaleString(locale)
  if (typeof value === 'string') {
    if (has(ADMIN_TEXTS, `admin.p.${value}`)) return w.ta(`admin.p.${value}` as keyof typeof ADMIN_TEXTS)
    if (has(ADMIN_SETTING_TEXTS, `v.${value}`)) return w.ts(`v.${value}` as keyof typeof ADMIN_SETTING_TEXTS)
    return value
  }
  if (Array.isArray(value)) return value.length === 0 ? w.ta('audit.d.none') : value.map((v) => valueWords(v, w, locale)).join(', ')
  if (typeof value === 'object' && 'policy' in value) {
    const rule = value as { policy: unknown; value?: unknown }
    return rule.value === undefined ? valueWords(rule.policy, w, locale) : `${valueWords(rule.policy, w, locale)} (${valueWords(rule.value, w, locale)})`
  }
  return ''
}

/** `{ path: { before, after } }` (limits) or `{ key: after }` (a room) as "Name: before → after" lines. */
function changeWords(changes: Record<string, unknown>, w: Words, locale: Locale): string[] {
  return Object.entries(changes).map(([path, change]) => {
    const what = fieldWords(path, w)
    if (change && typeof change === 'object' && 'after' in change && 'before' in change) {
      const c = change
      return w.ta('audit.d.change', { what, before: valueWords(c.before, w, locale), after: valueWords(c.after, w, locale) })
    }
    return w.ta('audit.d.set', { what, after: valueWords(change, w, locale) })
  })
}

/** The retention rules a change left (`retention.changed` records them all; a space's change its recordings). */
function retentionWords(d: Record<string, unknown>, w: Words, locale: Locale): string[] {
  const tr = translator(RETENTION_TEXTS, locale)
  const days = (v: unknown) =>
    typeof v === 'number' ? w.ta(v === 1 ? 'audit.d.days.one' : 'audit.d.days.other', { n: v.toLocaleString(locale) }) : valueWords(v, w, locale)
  const lines: string[] = []
  for (const key of ['attendanceDays', 'auditDays', 'usagePerSpaceDays', 'mailDays', 'identityDays'] as const) {
    if (key in d) lines.push(w.ta('audit.d.set', { what: tr(`retention.f.${key}`), after: days(d[key]) }))
  }
  if ('recordingDays' in d) {
    const rule = d.recordingDays === null ? w.ta('audit.d.keptUntilDeleted') : d.recordingDays === 'global' ? w.ta('audit.d.globalRule') : days(d.recordingDays)
    lines.push(w.ta('audit.d.set', { what: w.ta('audit.d.recordings'), after: rule }))
  }
  const consent = d.consent as { enabled?: unknown; fr?: unknown; en?: unknown } | undefined
  if (consent && typeof consent === 'object') {
    lines.push(w.ta('audit.d.set', { what: w.ta('audit.d.consentNotice'), after: valueWords(Boolean(consent.enabled), w, locale) }))
    for (const lang of ['fr', 'en'] as const) {
      if (typeof consent[lang] === 'string') lines.push(w.ta('audit.d.set', { what: w.ta('audit.d.consentText', { lang: lang.toUpperCase() }), after: consent[lang] }))
    }
  }
  return lines
}

/** What an entry's details say, in words, one short line each (never raw JSON). */
export function detailWords(entry: AuditEntry, locale: Locale, format: Intl.DateTimeFormat): string[] {
  const w: Words = { ta: translator(ADMIN_TEXTS, locale), ts: translator(ADMIN_SETTING_TEXTS, locale), space: entry.action === 'space_limits.changed' }
  const d = entry.details
  const kind = () =>
    [d.role === 'MODERATOR' ? w.ta('audit.d.moderator') : d.role === 'VIEWER' ? w.ta('audit.d.viewer') : '', d.guest ? w.ta('audit.d.guest') : d.kind === 'external' ? w.ta('audit.d.external') : d.kind === 'internal' ? w.ta('audit.d.internal') : '']
      .filter(Boolean)
      .join(', ')
  switch (entry.action) {
    case 'join.granted':
      return [kind()].filter(Boolean)
    case 'join.refused':
      return [typeof d.code === 'string' && isKnownErrorCode(d.code) ? errorMessage(d.code, locale, d) : '', kind()].filter(Boolean)
    case 'limits.changed':
    case 'space_limits.changed':
    case 'room.changed':
      return changeWords((d.changes as Record<string, unknown>) ?? {}, w, locale)
    case 'room.created':
    case 'room.deleted':
      // The room's name is in its own column; a built-in preset by its name in the reader's language (the others'
      // ids are random, so none is taken for a built-in one), an administrator's by the name it had then (entries
      // written before that was recorded: by its id).
      return typeof d.preset === 'string'
        ? [
            w.ta('audit.d.set', {
              what: w.ta('audit.d.preset'),
              after: builtinPresetName(d.preset, locale) ?? (typeof d.presetName === 'string' ? d.presetName : d.preset),
            }),
          ]
        : []
    case 'meeting.scheduled':
    case 'meeting.rescheduled': {
      const lines: string[] = []
      if (typeof d.start === 'number') lines.push(w.ta('audit.d.starts', { when: format.format(d.start) }))
      if (typeof d.attendees === 'number' && d.attendees > 0) lines.push(w.ta('audit.d.attendees', { count: d.attendees }))
      return lines
    }
    case 'document.added':
    case 'document.deleted':
      return typeof d.filename === 'string' ? [w.ta('audit.d.set', { what: w.ta('audit.d.file'), after: d.filename })] : []
    case 'capacity.changed':
      return [w.ta('audit.d.threshold', { percent: d.thresholdPercent }), ...(d.refuse ? [w.ta('audit.d.refuse')] : [])]
    case 'preset.changed':
    case 'preset.deleted':
      return typeof d.name === 'string' ? [w.ta('audit.d.set', { what: w.ta('audit.d.name'), after: d.name })] : []
    case 'branding.changed':
      return changeWords((d.branding as Record<string, unknown>) ?? {}, w, locale)
    case 'retention.changed':
    case 'retention.space_changed':
      return retentionWords(d, w, locale)
    case 'retention.purged': {
      // The counts the purge audited (PurgeCounts), named; a kind with nothing removed says nothing.
      const lines = Object.entries(d)
        .filter(([k, v]) => typeof v === 'number' && v > 0 && has(ADMIN_TEXTS, `audit.d.purged.${k}`))
        .map(([k, v]) => w.ta('audit.d.set', { what: w.ta(`audit.d.purged.${k}` as keyof typeof ADMIN_TEXTS), after: valueWords(v, w, locale) }))
      return lines.length > 0 ? lines : [w.ta('audit.d.purged.none')]
    }
    case 'meeting.started':
    case 'meeting.ended':
      return []
    default:
      // An action this console does not know: its plain values, named as well as it can.
      return Object.entries(d)
        .filter(([, v]) => v !== null && typeof v !== 'object')
        .map(([k, v]) => w.ta('audit.d.set', { what: fieldWords(k, w), after: valueWords(v, w, locale) }))
  }
}
