import { createHmac } from 'node:crypto'

/** The header carrying the signature of every host event POST. */
export const SIGNATURE_HEADER = 'X-Bbb-Spaces-Signature'

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, keyed with `HOST_WEBHOOK_SECRET`. The time is the
 * sending time (each attempt signs again), so receivers can refuse replays of old requests.
 */
export function signatureHeader(secret: string, nowMs: number, rawBody: string): string {
  const t = Math.floor(nowMs / 1000)
  const v1 = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')
  return `t=${t},v1=${v1}`
}
