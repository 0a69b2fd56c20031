import { stringify } from 'csv-stringify/sync'
import type { AttendanceAnswer, AttendanceEntry, Locale, MeetingRunView } from '../contract/index.js'
import { ATTENDANCE_TEXTS, type AttendanceTextKey } from '../i18n/attendance.js'
import type { AttendanceSession, AttendanceStats, RunRecord } from '../model/index.js'

export function runView(run: RunRecord): MeetingRunView {
  return { id: run.id, roomId: run.roomId, startedAt: run.startedAt, endedAt: run.endedAt, participants: run.participants }
}

/**
 * A run's attendance, one entry per person (sessions of the same person grouped, by our user id when known), in
 * order of first arrival; BBB's learning-dashboard figures joined by user id, else by name. `now` ends the stays
 * still open.
 */
export function attendanceReport(
  run: RunRecord,
  room: { id: string; name: string },
  sessions: readonly AttendanceSession[],
  stats: readonly AttendanceStats[],
  now: number,
): AttendanceAnswer {
  const people = new Map<string, AttendanceSession[]>()
  for (const s of sessions) {
    const list = people.get(s.userKey)
    if (list) list.push(s)
    else people.set(s.userKey, [s])
  }
  const byUser = new Map(stats.filter((s) => s.userId).map((s) => [s.userId!, s]))
  const byName = new Map(stats.map((s) => [s.name, s]))
  const attendees: AttendanceEntry[] = []
  for (const list of people.values()) {
    const last = list[list.length - 1]
    const open = list.some((s) => s.leftAt === null)
    const present = list.reduce((sum, s) => sum + Math.max(0, (s.leftAt ?? Math.max(now, s.joinedAt)) - s.joinedAt), 0)
    const figures = (last.userId ? byUser.get(last.userId) : undefined) ?? byName.get(last.name)
    attendees.push({
      name: last.name,
      userId: last.userId,
      kind: last.kind,
      role: list.some((s) => s.role === 'moderator') ? 'moderator' : 'viewer',
      sessions: list.map((s) => ({ joinedAt: s.joinedAt, leftAt: s.leftAt })),
      firstJoinedAt: list[0].joinedAt,
      lastLeftAt: open ? null : Math.max(...list.map((s) => s.leftAt!)),
      presentSeconds: Math.round(present / 1000),
      talkSeconds: figures?.talkSeconds ?? null,
      messages: figures?.messages ?? null,
      webcamSeconds: figures?.webcamSeconds ?? null,
    })
  }
  attendees.sort((a, b) => a.firstJoinedAt - b.firstJoinedAt || a.name.localeCompare(b.name))
  return { run: runView(run), room, attendees, hasAnalytics: stats.length > 0 }
}

/** A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is shown as text (leading quote). */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** `hh:mm:ss`, which spreadsheets read as a duration. */
function duration(seconds: number | null): string {
  if (seconds === null) return ''
  const s = Math.max(0, Math.round(seconds))
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
}

/** `YYYY-MM-DD HH:MM:SS` in `timeZone`, a date-time both Excel and LibreOffice recognise in any language. */
function dateTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms))
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00'
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return true
  } catch {
    return false
  }
}

/**
 * The attendance as CSV for spreadsheets: UTF-8 with a byte-order mark (so Excel reads accents right), `;` between
 * fields (what French Excel expects, and LibreOffice detects), CRLF line ends, headers and values in `locale`,
 * times in `timeZone`.
 */
export function attendanceCsv(report: AttendanceAnswer, locale: Locale, timeZone: string): string {
  const t = (key: AttendanceTextKey) => ATTENDANCE_TEXTS[key][locale]
  const header = [
    t('name'),
    t('userId'),
    t('kind'),
    t('role'),
    `${t('firstJoinedAt')} (${timeZone})`,
    `${t('lastLeftAt')} (${timeZone})`,
    t('present'),
    t('sessions'),
    t('talk'),
    t('messages'),
    t('webcam'),
  ]
  const rows = report.attendees.map((a) => [
    inert(a.name),
    inert(a.userId ?? ''),
    t(a.kind),
    t(a.role),
    dateTime(a.firstJoinedAt, timeZone),
    a.lastLeftAt === null ? t('stillPresent') : dateTime(a.lastLeftAt, timeZone),
    duration(a.presentSeconds),
    String(a.sessions.length),
    duration(a.talkSeconds),
    a.messages === null ? '' : String(a.messages),
    duration(a.webcamSeconds),
  ])
  return stringify([header, ...rows], { bom: true, delimiter: ';', record_delimiter: 'windows', quoted_string: false })
}
