import { parseStringPromise } from 'xml2js'
import { checksum, type ChecksumAlgorithm } from '../../server/bbb/checksum.js'
import { buildQuery, type QueryValue } from '../../server/bbb/query.js'
import { startDevBbb, type RunningDevBbb, type StartDevBbbOptions } from '../../server/dev-bbb/index.js'

export interface Dev extends RunningDevBbb {
  /** A signed API URL for `call` with `params` (sha256 unless told). */
  signed(call: string, params?: Record<string, QueryValue>, algorithm?: ChecksumAlgorithm): string
  /** Performs a signed GET and parses the XML answer's `<response>` (explicitArray off). */
  call(call: string, params?: Record<string, QueryValue>, algorithm?: ChecksumAlgorithm): Promise<Record<string, Loose>>
  /** POST JSON to a dev/client route below the mount. */
  post(path: string, body?: unknown): Promise<Response>
}

/** Parsed XML/JSON answers are loosely typed on purpose: tests assert their content. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any

export const TEST_SECRET = 'dev-bbb-test-secret-0123456789'

export async function startDev(options: StartDevBbbOptions = {}): Promise<Dev> {
  const running = await startDevBbb({ secret: TEST_SECRET, endDelayMs: 20, ...options })
  const url = (call: string, params: Record<string, QueryValue> = {}, algorithm: ChecksumAlgorithm = 'sha256') => {
    const query = buildQuery(params)
    const sum = checksum(call, query, running.secret, algorithm)
    return `${running.url}api/${call}?${query}${query ? '&' : ''}checksum=${sum}`
  }
  return {
    ...running,
    signed: url,
    async call(call, params, algorithm) {
      const res = await fetch(url(call, params, algorithm), { redirect: 'manual' })
      return parseXml(await res.text())
    },
    post(path, body) {
      return fetch(running.url + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    },
  }
}

export async function parseXml(text: string): Promise<Record<string, Loose>> {
  const doc = await parseStringPromise(text, { explicitArray: false })
  return doc.response
}

/** The element names of an XML document as nested order lists: [name, children[]]. */
export type Shape = [string, Shape[]]

export async function shapeOf(text: string): Promise<Shape> {
  const doc = await parseStringPromise(text, { explicitChildren: true, preserveChildrenOrder: true, explicitArray: true })
  const rootName = Object.keys(doc)[0]!
  const walk = (name: string, node: Loose): Shape => [
    name,
    (node?.$$ ?? []).map((child: Loose) => walk(child['#name'], child)),
  ]
  return walk(rootName, doc[rootName])
}

export function waitFor<T>(fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const tick = async () => {
      const v = await fn()
      if (v !== undefined && v !== false) return resolve(v as T)
      if (Date.now() - started > timeoutMs) return reject(new Error('waitFor timed out'))
      setTimeout(() => void tick(), 20)
    }
    void tick()
  })
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
