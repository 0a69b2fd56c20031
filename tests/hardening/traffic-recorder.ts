import { appendFileSync } from 'node:fs'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { join } from 'node:path'

/**
 * Records what every test service says (log lines, response headers and bodies) into one file per worker
 * under `$BBB_SPACES_TRAFFIC_DIR`, set by the secret-scan global setup, which scans them all at the end of the
 * run. Without the variable (a single file run outside vitest's setup, the bench) nothing is recorded.
 */
export const TRAFFIC_DIR_ENV = 'BBB_SPACES_TRAFFIC_DIR'

/** Bodies longer than this are cut (SSE streams, widget bundles): secrets would show early anyway. */
const MAX_BODY = 64 * 1024

export interface TrafficRecord {
  kind: 'secrets' | 'log' | 'response'
  /** secrets: the values; log: the line; response: method, url, status, headers, body. */
  values?: string[]
  line?: string
  method?: string
  url?: string
  status?: number
  headers?: Record<string, unknown>
  body?: string
}

function file(): string | null {
  const dir = process.env[TRAFFIC_DIR_ENV]
  return dir ? join(dir, `worker-${process.pid}.jsonl`) : null
}

function write(record: TrafficRecord): void {
  const f = file()
  if (f) appendFileSync(f, JSON.stringify(record) + '\n')
}

/** Remembers a service's secrets, so the scan knows what to look for. */
export function recordSecrets(values: ReadonlyArray<string | null | undefined>): void {
  const kept = values.filter((v): v is string => typeof v === 'string' && v.length >= 8)
  if (kept.length > 0) write({ kind: 'secrets', values: kept })
}

export function recordLogLine(line: string): void {
  if (file()) write({ kind: 'log', line })
}

/**
 * Taps every response of `server` (installed before the app's own listener, so nothing is missed). The
 * development BBB server's own answers (`/bigbluebutton/…`) are BBB's, not ours, and are left out.
 */
export function recordTraffic(server: Server): void {
  if (!file()) return
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    if ((req.url ?? '').startsWith('/bigbluebutton')) return
    const chunks: Buffer[] = []
    let size = 0
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function' || size >= MAX_BODY) return
      const buf = Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk)
          : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
      chunks.push(buf.subarray(0, MAX_BODY - size))
      size += buf.length
    }
    const origWrite = res.write.bind(res) as (...args: unknown[]) => boolean
    const origEnd = res.end.bind(res) as (...args: unknown[]) => ServerResponse
    res.write = ((...args: unknown[]) => {
      keep(args[0], args[1])
      return origWrite(...args)
    }) as ServerResponse['write']
    res.end = ((...args: unknown[]) => {
      keep(args[0], args[1])
      return origEnd(...args)
    }) as ServerResponse['end']
    res.once('close', () => {
      write({
        kind: 'response',
        method: req.method ?? '',
        url: req.url ?? '',
        status: res.statusCode,
        headers: res.getHeaders() as Record<string, unknown>,
        body: Buffer.concat(chunks).toString('utf8'),
      })
    })
  })
}
