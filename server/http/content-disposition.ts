/**
 * `Content-Disposition: attachment` for a file named after something a person wrote (a meeting's title): RFC 6266
 * `filename*=UTF-8''…` keeps apostrophes and accents ("Point d’étape été.ics"), `filename="…"` is an ASCII
 * fallback for the few clients that ignore `filename*` (accents dropped, never the letters under them).
 */
export function attachment(name: string, extension: string): string {
  const base = fileBase(name) || 'download'
  const full = `${base}.${extension}`
  const ascii = `${asciiFallback(base) || 'download'}.${extension}`
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(full)}`
}

/** Characters no file system likes (and controls) go; runs of spaces become one; at most 100 characters. */
function fileBase(name: string): string {
  return Array.from(
    name
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  )
    .slice(0, 100)
    .join('')
    .trim()
}

function asciiFallback(base: string): string {
  return base
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[‘’ʼ]/g, "'")
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_')
}

/** RFC 5987 value-chars: encodeURIComponent leaves `'()*!` alone, which `attr-char` does not allow (but `!`). */
function rfc5987(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}
