/** A value the BBB API accepts in a query string; `undefined` and `null` drop the parameter. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[]

/**
 * Encodes a value like Java's `URLEncoder` (what bbb-web decodes with): unreserved `A-Z a-z 0-9 . - * _`,
 * space as `+`, everything else as UTF-8 `%XX`. `URLSearchParams` follows the same rules.
 */
export function encodeValue(value: string): string {
  const n = value.length
  let i = 0
  // Most values (ids, numbers, roles, booleans) need no encoding: return them untouched.
  while (i < n && isUnreserved(value.charCodeAt(i))) i++
  if (i === n) return value
  let out = value.slice(0, i)
  while (i < n) {
    const c = value.charCodeAt(i)
    if (c < 128) {
      out += isUnreserved(c) ? value[i] : c === 32 ? '+' : `%${HEX[c >> 4]}${HEX[c & 15]}`
      i++
      continue
    }
    let j = i + 1
    while (j < n && value.charCodeAt(j) >= 128) j++
    const run = value.slice(i, j)
    try {
      out += encodeURIComponent(run)
    } catch {
      // A lone surrogate: URLSearchParams writes U+FFFD for it, as Java does, where encodeURIComponent throws.
      out += new URLSearchParams([['', run]]).toString().slice(1)
    }
    i = j
  }
  return out
}

const HEX = '0123456789ABCDEF'
const UNRESERVED = new Uint8Array(128)
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-*_') UNRESERVED[ch.charCodeAt(0)] = 1

function isUnreserved(code: number): boolean {
  return code < 128 && UNRESERVED[code] === 1
}

/**
 * Builds a query string in insertion order. Booleans become `true`/`false`, arrays are comma-joined,
 * `undefined`/`null` are left out. The result is what gets signed and sent, byte for byte.
 */
export function buildQuery(params: Readonly<Record<string, QueryValue>>): string {
  let query = ''
  for (const key in params) {
    const raw = params[key]
    if (raw === undefined || raw === null) continue
    const value = Array.isArray(raw) ? raw.join(',') : String(raw)
    query += `${query === '' ? '' : '&'}${encodeKey(key)}=${encodeValue(value)}`
  }
  return query
}

// Parameter names come from a small set (the API's names, meta_*, userdata-*): encode each once.
const encodedKeys = new Map<string, string>()

function encodeKey(key: string): string {
  let encoded = encodedKeys.get(key)
  if (encoded === undefined) {
    encoded = encodeValue(key)
    if (encodedKeys.size < 1024) encodedKeys.set(key, encoded)
  }
  return encoded
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
