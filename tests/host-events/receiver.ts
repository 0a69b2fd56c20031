import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One POST the receiver got. */
export interface Received {
  headers: Record<string, string | string[] | undefined>
  rawBody: string
  /** What the receiver answered. */
  status: number
}

/**
 * A host platform's webhook endpoint on 127.0.0.1 (port 0): records every request and answers `answer` (200 by
 * default). `down()` closes the port (connection refused) and `up()` opens the same port again.
 */
export class Receiver {
  readonly requests: Received[] = []
  answer = 200
  /** When set, decides the answer per request instead of `answer`. */
  answerFor: ((rawBody: string) => number) | null = null
  url = ''
  private server: Server | null = null
  private port = 0

  async up(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8')
        const status = this.answerFor ? this.answerFor(rawBody) : this.answer
        this.requests.push({ headers: req.headers, rawBody, status })
        res.writeHead(status, { 'content-type': 'text/plain' })
        res.end(status === 200 ? 'ok' : 'unavailable')
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.server = server
    this.port = (server.address() as AddressInfo).port
    this.url = `http://127.0.0.1:${this.port}/bbb-events`
  }

  async down(): Promise<void> {
    const server = this.server
    this.server = null
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** The events the receiver accepted (2xx), parsed, in arrival order. */
  accepted(): Array<{ id: string; type: string; at: string; spaceId: string; roomId: string; data: Record<string, unknown> }> {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300).map((r) => JSON.parse(r.rawBody))
  }
}

/**
 * What the docs tell receivers to do: recompute the HMAC over "<t>.<raw body>", compare in constant time, refuse
 * a `t` more than 300 s away from `nowSeconds`.
 */
export function verifySignature(secret: string, header: string | undefined, rawBody: string, nowSeconds: number): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]))
  const t = Number(parts.t)
  if (!/^\d+$/.test(parts.t ?? '') || Math.abs(nowSeconds - t) > 300) return false
  const expected = createHmac('sha256', secret).update(`${parts.t}.${rawBody}`).digest()
  const given = Buffer.from(parts.v1 ?? '', 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
