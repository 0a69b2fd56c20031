/** A value the BBB API accepts in a query string; `undefined` and `null` drop the parameter. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[]

/**
 * Encodes a value like Java's `URLEncoder` (what bbb-web decodes with): unreserved `A-Z a-z 0-9 . - * _`,
 * space as `+`, everything else as UTF-8 `%XX`. `URLSearchParams` follows the same rules.
 */
export function encodeValue(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1)
}

/**
 * Builds a query string in insertion order. Booleans become `true`/`false`, arrays are comma-joined,
 * `undefined`/`null` are left out. The result is what gets signed and sent, byte for byte.
 */
export function buildQuery(params: Readonly<Record<string, QueryValue>>): string {
  const pairs: string[] = []
  for (const [key, raw] of Object.entries(params)) {
    if (raw === undefined || raw === null) continue
    const value = Array.isArray(raw) ? raw.join(',') : String(raw)
    pairs.push(`${encodeValue(key)}=${encodeValue(value)}`)
  }
  return pairs.join('&')
}

/**
 * Removes the `checksum` pair from a raw query string by string surgery, as bbb-web does, returning the
 * rest untouched (never decoded or re-ordered) and the checksum value (undefined when absent).
 */
export function splitChecksum(rawQuery: string): { query: string; checksum: string | undefined } {
  const pairs = rawQuery === '' ? [] : rawQuery.split('&')
  let found: string | undefined
  const rest: string[] = []
  for (const pair of pairs) {
    if (found === undefined && pair.startsWith('checksum=')) {
      found = pair.slice('checksum='.length)
    } else {
      rest.push(pair)
    }
  }
  return { query: rest.join('&'), checksum: found }
}
