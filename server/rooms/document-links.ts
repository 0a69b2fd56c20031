import { createHmac } from 'node:crypto'
import { safeEqual } from '../crypto.js'

/**
 * The signed, expiring links BBB fetches room documents from. A link is
 * `<publicUrl>/documents/<id>?expires=<epoch seconds>&signature=<HMAC-SHA256>` where the MAC covers the id and the
 * expiry, keyed by a key derived from the BBB shared secret (the same on every instance, never sent anywhere). Nothing
 * lists documents publicly: a document can only be read through a link the service signed for BBB.
 */
export interface DocumentLinks {
  /** A link to the document valid for the configured lifetime from `now` (epoch ms). */
  url(documentId: string, now: number): string
  /** Whether a link's parts are genuine and not expired at `now`. */
  verify(link: { documentId: string; expires: string | undefined; signature: string | undefined }, now: number): 'ok' | 'expired' | 'invalid'
}

export function createDocumentLinks(options: { secret: string; publicUrl: string; ttlSeconds: number }): DocumentLinks {
  const key = createHmac('sha256', options.secret).update('bbb-spaces room document links v1').digest()
  const mac = (documentId: string, expires: string) => createHmac('sha256', key).update(`${documentId}\n${expires}`).digest('base64url')
  return {
    url(documentId, now) {
      const expires = String(Math.floor(now / 1000) + options.ttlSeconds)
      const query = new URLSearchParams({ expires, signature: mac(documentId, expires) })
      return `${options.publicUrl}/documents/${encodeURIComponent(documentId)}?${query.toString()}`
    },
    verify({ documentId, expires, signature }, now) {
      if (expires === undefined || signature === undefined || !/^\d{1,12}$/.test(expires)) return 'invalid'
      if (!safeEqual(signature, mac(documentId, expires))) return 'invalid'
      return Number(expires) * 1000 < now ? 'expired' : 'ok'
    },
  }
}
