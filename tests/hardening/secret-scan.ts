import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TrafficRecord } from './traffic-recorder.js'

/** A signed BBB URL's checksum (sha1 to sha512, hex), in a query string, raw or URL-encoded. */
const CHECKSUM = /checksum(?:=|%3D)[0-9a-fA-F]{40,128}/
/** The one place a checksum may be: the signed join URL handed to the user who asked to join. */
const JOIN_URL_FIELD = /"joinUrl":"[^"]*"/g

/**
 * Scans recorded traffic for leaks: any recorded secret (BBB, host JWT, OIDC) in any log line, response header
 * or body, and any BBB checksum outside a `joinUrl` field of a JSON answer or a redirect to BBB's `join`.
 * Returns one line per leak (secret values shortened), empty when clean.
 */
export function scanRecords(records: readonly TrafficRecord[]): string[] {
  const secrets = new Set<string>()
  for (const r of records) if (r.kind === 'secrets') for (const v of r.values ?? []) secrets.add(v)
  const leaks: string[] = []
  const check = (where: string, text: string) => {
    for (const s of secrets) if (text.includes(s)) leaks.push(`${where}: secret ${s.slice(0, 4)}… found`)
    if (CHECKSUM.test(text)) leaks.push(`${where}: a checksum outside a join URL`)
  }
  for (const r of records) {
    if (r.kind === 'log') check('log line', r.line ?? '')
    if (r.kind !== 'response') continue
    const where = `${r.method} ${r.url} → ${r.status}`
    const headers = { ...r.headers }
    const location = typeof headers.location === 'string' ? headers.location : ''
    if (/\/api\/join\?/.test(location)) delete headers.location
    check(`${where} headers`, JSON.stringify(headers))
    check(`${where} body`, (r.body ?? '').replace(JOIN_URL_FIELD, '"joinUrl":"(allowed)"'))
  }
  return leaks
}

/** Reads every worker's file in `dir` and scans them together (a secret of one service leaking via another counts). */
export function scanDirectory(dir: string): { records: number; leaks: string[] } {
  const records: TrafficRecord[] = []
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.jsonl')) continue
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (line) records.push(JSON.parse(line) as TrafficRecord)
    }
  }
  return { records: records.length, leaks: scanRecords(records) }
}
