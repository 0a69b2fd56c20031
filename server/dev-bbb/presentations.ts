import type { Presentation } from './model.js'

// The `presentation` module of create's and insertDocument's XML body, and the download BBB makes of each
// document given by URL (bbb-web fetches it, then converts it; the dev server only fetches and keeps its size).

/** Largest document fetched (bbb-web's `maxFileSizeUpload` is 30 MB by default). */
export const MAX_PRESENTATION_BYTES = 30 * 1024 * 1024
const FETCH_TIMEOUT_MS = 30_000

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function unescapeXml(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1]?.toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENTITIES[e.toLowerCase()],
  )
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of tag.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1], unescapeXml(m[2] ?? m[3] ?? ''))
  return out
}

/**
 * The documents of the `<module name="presentation">` of a `<modules>` body, in order: by `url` (with `filename`,
 * else the URL's last path segment) or inline (`name`, base64 content), each `current` only when marked so.
 */
export function parsePresentationModule(xml: string): Presentation[] {
  const module = /<module\b[^>]*\bname\s*=\s*["']presentation["'][^>]*>([\s\S]*?)<\/module>/.exec(xml)
  if (!module) return []
  const docs: Presentation[] = []
  for (const m of module[1].matchAll(/<document\b([^>]*?)(\/>|>([\s\S]*?)<\/document>)/g)) {
    const attrs = attributes(m[1])
    const url = attrs.get('url') ?? null
    let name = attrs.get('filename') ?? attrs.get('name') ?? ''
    if (!name && url) {
      try {
        name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '')
      } catch {
        name = ''
      }
    }
    const inline = url === null ? Buffer.from((m[3] ?? '').replace(/\s+/g, ''), 'base64') : null
    docs.push({
      name: name || 'default.pdf',
      url,
      current: attrs.get('current')?.toLowerCase() === 'true',
      downloadable: attrs.get('downloadable')?.toLowerCase() === 'true',
      state: inline ? 'ready' : 'fetching',
      bytes: inline ? inline.length : 0,
      contentType: null,
      error: null,
    })
  }
  return docs
}

/**
 * Downloads a document given by URL, as bbb-web does before converting it: follows redirects, refuses anything
 * but HTTP 200 and bodies over {@link MAX_PRESENTATION_BYTES}; reads it through without keeping it. Updates
 * `doc` in place (`ready` with its size and type, or `failed` with why).
 */
export async function fetchPresentation(doc: Presentation, fetchImpl: typeof fetch = globalThis.fetch): Promise<void> {
  if (doc.url === null) return
  try {
    const url = new URL(doc.url)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) URL`)
    const res = await fetchImpl(url, { redirect: 'follow', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) })
    if (res.status !== 200) {
      await res.body?.cancel().catch(() => undefined)
      throw new Error(`HTTP ${res.status}`)
    }
    let bytes = 0
    if (res.body) {
      const reader = res.body.getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        bytes += value.byteLength
        if (bytes > MAX_PRESENTATION_BYTES) {
          await reader.cancel().catch(() => undefined)
          throw new Error(`larger than ${MAX_PRESENTATION_BYTES} bytes`)
        }
      }
    }
    doc.bytes = bytes
    doc.contentType = res.headers.get('content-type')
    doc.state = 'ready'
  } catch (err) {
    doc.state = 'failed'
    doc.error = err instanceof Error ? err.message : String(err)
  }
}
