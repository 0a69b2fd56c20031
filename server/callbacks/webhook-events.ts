import { parseWebhookEvents, type WebhookEvent as BbbWebhookEvent } from '../bbb/index.js'
import type { StatusWebhookEvent } from '../status/apply-webhook.js'

/** The bbb-webhooks events the service applies: the status changes, and a recording published. */
export type WebhookEvent = StatusWebhookEvent | { type: 'rap-publish-ended'; meetingId: string; recordId: string }

export const APPLIED_WEBHOOK_EVENTS: ReadonlySet<WebhookEvent['type']> = new Set([
  'meeting-created',
  'user-joined',
  'user-left',
  'meeting-ended',
  'rap-publish-ended',
])

type Json = Record<string, unknown>

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {})
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null)

/** `internal-meeting-id` is `sha1(meetingID)-<createTime>`: the run's createTime when nothing else carries it. */
function createTimeOf(internalId: string | null, explicit: unknown): number | null {
  const n = Number(explicit)
  if (explicit !== undefined && explicit !== null && Number.isFinite(n) && n > 0) return n
  const m = internalId ? /-(\d{10,})$/.exec(internalId) : null
  return m ? Number(m[1]) : null
}

/**
 * Reads a bbb-webhooks callback body (form fields `event` = JSON array of mapped events, `timestamp`, `domain`)
 * into the events the live status applies; others are dropped. Never throws: an unreadable body gives [].
 */
export function parseWebhookBody(rawBody: string): WebhookEvent[] {
  const form = new URLSearchParams(rawBody)
  const out: WebhookEvent[] = []
  for (const raw of form.getAll('event')) {
    let parsed: BbbWebhookEvent[]
    try {
      parsed = parseWebhookEvents(raw)
    } catch {
      continue
    }
    for (const item of parsed) {
      const event = toEvent(item.data)
      if (event) out.push(event)
    }
  }
  return out
}

function toEvent(data: Json): WebhookEvent | null {
  const id = str(data.id)
  const attributes = obj(data.attributes)
  const meeting = obj(attributes.meeting)
  const meetingId = str(meeting['external-meeting-id'])
  const internalMeetingId = str(meeting['internal-meeting-id'])
  const user = obj(attributes.user)
  if (!meetingId) return null
  switch (id) {
    case 'meeting-created':
      return { type: id, meetingId, internalMeetingId, createTime: createTimeOf(internalMeetingId, meeting['create-time']) }
    case 'meeting-ended':
      return { type: id, meetingId, internalMeetingId, createTime: createTimeOf(internalMeetingId, undefined) }
    case 'user-joined':
      return {
        type: id,
        meetingId,
        user: {
          internalUserId: str(user['internal-user-id']),
          userId: str(user['external-user-id']),
          name: str(user.name) ?? '',
          role: str(user.role)?.toUpperCase() === 'MODERATOR' ? 'MODERATOR' : 'VIEWER',
          guest: user.guest === true || user.guest === 'true',
        },
      }
    case 'user-left':
      return { type: id, meetingId, internalUserId: str(user['internal-user-id']), userId: str(user['external-user-id']) }
    case 'rap-publish-ended': {
      const recordId = str(attributes['record-id'])
      return recordId ? { type: id, meetingId, recordId } : null
    }
    default:
      return null
  }
}
