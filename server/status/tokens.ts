import { createHmac } from 'node:crypto'
import { safeEqual } from '../crypto.js'
import type { Principal } from '../auth/principal.js'

/** A key for one purpose, derived from the BBB shared secret (every instance of a deployment derives the same). */
export function deriveKey(secret: string, purpose: 'end-callback' | 'events-ticket'): Buffer {
  return createHmac('sha256', secret).update(`bbb-spaces:${purpose}:v1`).digest()
}

function mac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url')
}

/**
 * The token of a meeting run's end callback URL: `<meetingID>.<issuedAt base36>.<HMAC>`. `issuedAt` is taken
 * when the create is sent (BBB's createTime is not known yet), so the token names one run: the run open at that
 * moment. Only the service (holding the BBB secret) can make one.
 */
export function mintEndToken(key: Buffer, meetingId: string, issuedAt: number): string {
  const body = `${meetingId}.${issuedAt.toString(36)}`
  return `${body}.${mac(key, body)}`
}

/** The run an end-callback token names, or null when it was not made by us. */
export function verifyEndToken(key: Buffer, token: string): { meetingId: string; issuedAt: number } | null {
  const m = /^([A-Za-z0-9_-]{1,100})\.([0-9a-z]{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!m) return null
  if (!safeEqual(mac(key, `${m[1]}.${m[2]}`), m[3])) return null
  return { meetingId: m[1], issuedAt: parseInt(m[2], 36) }
}

/** How long an events ticket may be used to open a stream. */
export const TICKET_TTL_MS = 60_000

/**
 * A short-lived ticket for plain `EventSource` clients (which cannot send an Authorization header): the caller's
 * principal, signed, valid {@link TICKET_TTL_MS}. Never the long-lived host token in a URL.
 */
export function mintTicket(key: Buffer, principal: Principal, now: number): { ticket: string; expiresAt: number } {
  const expiresAt = now + TICKET_TTL_MS
  const body = Buffer.from(JSON.stringify({ p: principal, e: expiresAt })).toString('base64url')
  return { ticket: `${body}.${mac(key, body)}`, expiresAt }
}

/** The principal of a valid, unexpired ticket, or null. */
export function verifyTicket(key: Buffer, ticket: string, now: number): Principal | null {
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(ticket)
  if (!m || m[1].length > 16_000 || !safeEqual(mac(key, m[1]), m[2])) return null
  try {
    const { p, e } = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as { p: Principal; e: number }
    return typeof e === 'number' && e > now ? p : null
  } catch {
    return null
  }
}
