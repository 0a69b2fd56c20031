import { jwtVerify } from 'jose'
import { algorithmForChecksum, checksum, checksumsEqual, type ChecksumAlgorithm } from './checksum.js'
import { splitChecksum } from './query.js'
import { BbbCallbackError } from './errors.js'

/** The callback URL as registered: a `checksum` pair in its query (how bbb-webhooks delivers) is removed. */
function registeredUrl(callbackUrl: string): string {
  const q = callbackUrl.indexOf('?')
  if (q === -1) return callbackUrl
  const { query } = splitChecksum(callbackUrl.slice(q + 1))
  return query === '' ? callbackUrl.slice(0, q) : `${callbackUrl.slice(0, q)}?${query}`
}

/**
 * The checksum bbb-webhooks puts on a callback: H(callbackURL + rawBody + secret), lowercase hex.
 * `callbackUrl` is the URL as registered with `hooks/create`. Default algorithm `sha1` (bbb-webhooks' default).
 */
export function webhookChecksum(options: {
  callbackUrl: string
  rawBody: string
  secret: string
  algorithm?: ChecksumAlgorithm
}): string {
  return checksum(registeredUrl(options.callbackUrl), options.rawBody, options.secret, options.algorithm ?? 'sha1')
}

/**
 * Checks a bbb-webhooks callback: the algorithm is chosen from the checksum's hex length (40/64/96/128),
 * compared case-insensitively in constant time. `rawBody` must be the body exactly as received.
 * @returns false for a wrong, missing or odd-length checksum.
 */
export function verifyWebhookChecksum(options: {
  callbackUrl: string
  rawBody: string
  checksum: string | undefined
  secret: string
}): boolean {
  const given = options.checksum ?? ''
  const algorithm = algorithmForChecksum(given)
  if (!algorithm) return false
  return checksumsEqual(webhookChecksum({ ...options, algorithm }), given)
}

/** Who a recording-ready callback is about. */
export interface RecordingReady {
  /** The external meetingID given at create. */
  meetingId: string
  /** The recordID (BBB's internal meeting id). */
  recordId: string
}

/**
 * Verifies the `signed_parameters` JWT of a `meta_bbb-recording-ready-url` callback: HS256 (BBB) or HS512
 * (Scalelite with only SHA512), signed with any of `secrets`. `typ` and `exp` are not required; an `exp`
 * that is present is checked.
 * @throws BbbCallbackError reason `signature` when no secret verifies it, `payload` when the ids are missing.
 */
export async function verifyRecordingReadyJwt(token: string, secrets: readonly string[]): Promise<RecordingReady> {
  const encoder = new TextEncoder()
  for (const secret of secrets) {
    if (secret === '') continue
    let payload: Record<string, unknown>
    try {
      ;({ payload } = await jwtVerify(token, encoder.encode(secret), { algorithms: ['HS256', 'HS512'] }))
    } catch {
      continue
    }
    const meetingId = payload['meeting_id']
    const recordId = payload['record_id']
    if (typeof meetingId !== 'string' || meetingId === '' || typeof recordId !== 'string' || recordId === '') {
      throw new BbbCallbackError('payload', 'recording-ready token lacks meeting_id or record_id')
    }
    return { meetingId, recordId }
  }
  throw new BbbCallbackError('signature', 'recording-ready token is not signed with a known secret')
}

/**
 * Verifies the `Authorization` header of a learning-dashboard POST to `meta_analytics-callback-url`: `Bearer` and a
 * JWT signed HS512 (BBB's post_events script; HS256 accepted too) with any of `secrets`, whose `exp`, when present,
 * is in the future. Only the signature proves the sender: the JWT carries no other claim.
 * @throws BbbCallbackError reason `signature` when the header is missing or no secret verifies it.
 */
export async function verifyAnalyticsAuthorization(authorization: string | undefined, secrets: readonly string[], now?: Date): Promise<void> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1]
  if (!token) throw new BbbCallbackError('signature', 'analytics callback without a bearer token')
  const encoder = new TextEncoder()
  for (const secret of secrets) {
    if (secret === '') continue
    try {
      await jwtVerify(token, encoder.encode(secret), { algorithms: ['HS512', 'HS256'], ...(now ? { currentDate: now } : {}) })
      return
    } catch {
      continue
    }
  }
  throw new BbbCallbackError('signature', 'analytics token is not signed with a known secret')
}

/** One mapped bbb-webhooks event (`getRaw=false`): `data.id` is the event name. */
export interface WebhookEvent {
  data: {
    type: string
    id: string
    attributes: Record<string, unknown>
    event: { ts: number }
  }
}

/**
 * Parses the `event` form field of a webhook POST: a JSON array of events (current bbb-webhooks) or a
 * single event (older versions). Entries without `data.id` are dropped.
 * @throws BbbCallbackError reason `payload` when the field is not JSON.
 */
export function parseWebhookEvents(eventField: string): WebhookEvent[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(eventField)
  } catch {
    throw new BbbCallbackError('payload', 'webhook event field is not JSON')
  }
  const list = Array.isArray(parsed) ? parsed : [parsed]
  const events: WebhookEvent[] = []
  for (const item of list) {
    const data = (item as { data?: unknown } | null)?.data as Record<string, unknown> | undefined
    if (typeof data !== 'object' || data === null || typeof data['id'] !== 'string') continue
    const attributes = typeof data['attributes'] === 'object' && data['attributes'] !== null ? data['attributes'] : {}
    const ev = data['event'] as { ts?: unknown } | undefined
    events.push({
      data: {
        type: typeof data['type'] === 'string' ? data['type'] : 'event',
        id: data['id'],
        attributes: attributes as Record<string, unknown>,
        event: { ts: typeof ev?.ts === 'number' ? ev.ts : 0 },
      },
    })
  }
  return events
}
