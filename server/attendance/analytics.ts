import type { AttendanceStats } from '../model/index.js'

/** What a learning-dashboard POST says: which meeting, and each person's figures. */
export interface AnalyticsReport {
  meetingId: string
  internalMeetingId: string | null
  people: Array<Omit<AttendanceStats, 'runId' | 'receivedAt'>>
}

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A non-negative whole number of seconds (or a count) from a number or a numeric string; null otherwise. */
function amount(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? Math.round(n) : null
}

function text(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null
}

/** Seconds with a camera on: `webcam_time` when given, else the summed `webcams` spans (`start`/`stop`, ms or s). */
function webcamSeconds(a: Json): number | null {
  const direct = amount(a['webcam_time'] ?? a['webcams_time'])
  if (direct !== null) return direct
  const spans = a['webcams']
  if (!Array.isArray(spans)) return null
  let total = 0
  for (const span of spans) {
    if (!isObject(span)) continue
    const start = amount(span['start_time'] ?? span['start'])
    const stop = amount(span['stop_time'] ?? span['stop'])
    if (start === null || stop === null || stop < start) continue
    // epoch milliseconds (bbbevents' timestamps) or epoch seconds
    total += start > 1e11 ? (stop - start) / 1000 : stop - start
  }
  return Math.round(total)
}

/**
 * Reads the JSON BBB posts to `meta_analytics-callback-url` (its post_events script: `{version, meeting_id,
 * internal_meeting_id, data: {attendees: [...]}}`, keys in snake case): per attendee `ext_user_id` (our userID),
 * `name`, `engagement.talk_time` (seconds) and `engagement.chats`, and webcam time when present. Figures BBB did not
 * send stay null. Null when the body is not such a report.
 */
export function parseAnalytics(body: unknown): AnalyticsReport | null {
  if (!isObject(body)) return null
  const meetingId = text(body['meeting_id'])
  const data = body['data']
  if (!meetingId || !isObject(data)) return null
  const attendees = Array.isArray(data['attendees']) ? data['attendees'] : []
  const people: AnalyticsReport['people'] = []
  for (const a of attendees) {
    if (!isObject(a)) continue
    const name = text(a['name']) ?? ''
    const userId = text(a['ext_user_id'])
    if (!name && !userId) continue
    const engagement = isObject(a['engagement']) ? a['engagement'] : {}
    people.push({
      userKey: userId ?? `n:${name}`,
      userId,
      name: name || userId!,
      talkSeconds: amount(engagement['talk_time']),
      messages: amount(engagement['chats']),
      webcamSeconds: webcamSeconds(a),
    })
  }
  return { meetingId, internalMeetingId: text(body['internal_meeting_id']), people }
}
