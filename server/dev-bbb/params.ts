import { algorithmForChecksum, checksum, checksumsEqual, type ChecksumAlgorithm } from '../bbb/index.js'
import { splitChecksum } from '../bbb/index.js'

/** The outcome of validating a request's checksum the way bbb-web's GetChecksumValidator does. */
export type ChecksumCheck = { ok: true; query: string } | { ok: false; reason: string }

/**
 * Validates `checksum` over the raw query string (everything after `?`, untouched), with the checksum pair
 * removed by string surgery, the algorithm chosen by hex length and limited to `allowed`, compared
 * case-insensitively. A repeated `checksum` parameter fails, as in bbb-web 3.0.37+.
 */
export function checkChecksum(
  call: string,
  rawQuery: string,
  secret: string,
  allowed: readonly ChecksumAlgorithm[],
): ChecksumCheck {
  const count = rawQuery === '' ? 0 : rawQuery.split('&').filter((p) => p.startsWith('checksum=')).length
  if (count > 1) return { ok: false, reason: 'checksum given more than once' }
  const { query, checksum: given } = splitChecksum(rawQuery)
  if (!given) return { ok: false, reason: 'no checksum' }
  const algorithm = algorithmForChecksum(given)
  if (!algorithm) return { ok: false, reason: 'unknown checksum length' }
  if (!allowed.includes(algorithm)) return { ok: false, reason: `${algorithm} is not allowed` }
  if (!checksumsEqual(checksum(call, query, secret, algorithm), given)) return { ok: false, reason: 'mismatch' }
  return { ok: true, query }
}

/** Request parameters as bbb-web reads them: the first value of each name, `+` decoded as a space. */
export class Params {
  private readonly map = new Map<string, string>()

  constructor(query: string) {
    for (const [k, v] of new URLSearchParams(query)) if (!this.map.has(k)) this.map.set(k, v)
  }

  has(name: string): boolean {
    return this.map.has(name)
  }

  /** Adds body parameters; returns the names that were already in the query string. */
  merge(other: Iterable<[string, string]>): string[] {
    const clashes: string[] = []
    for (const [k, v] of other) {
      if (this.map.has(k)) clashes.push(k)
      else this.map.set(k, v)
    }
    return clashes
  }

  get(name: string): string | undefined {
    return this.map.get(name)
  }

  /** A non-blank value, or undefined. */
  text(name: string): string | undefined {
    const v = this.map.get(name)
    return v === undefined || v.trim() === '' ? undefined : v
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.map.get(name)
    if (v === undefined || v === '') return fallback
    return v.toLowerCase() === 'true'
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries()
  }
}
