import { createHash, timingSafeEqual } from 'node:crypto'

/** The hash functions BigBlueButton accepts for API checksums. */
export type ChecksumAlgorithm = 'sha1' | 'sha256' | 'sha384' | 'sha512'

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['sha1', 'sha256', 'sha384', 'sha512']

const HEX_LENGTH: Readonly<Record<number, ChecksumAlgorithm>> = {
  40: 'sha1',
  64: 'sha256',
  96: 'sha384',
  128: 'sha512',
}

export function isChecksumAlgorithm(value: unknown): value is ChecksumAlgorithm {
  return typeof value === 'string' && (CHECKSUM_ALGORITHMS as readonly string[]).includes(value)
}

/**
 * The checksum BigBlueButton expects: lowercase hex of H(callName + query + secret).
 * `query` is the exact query string sent on the wire, without `checksum` (may be empty).
 */
export function checksum(
  callName: string,
  query: string,
  secret: string,
  algorithm: ChecksumAlgorithm = 'sha256',
): string {
  return createHash(algorithm).update(callName + query + secret, 'utf8').digest('hex')
}

/** The algorithm bbb-web infers from a checksum's hex length, or undefined for any other length. */
export function algorithmForChecksum(hex: string): ChecksumAlgorithm | undefined {
  return HEX_LENGTH[hex.length]
}

/** Case-insensitive, constant-time comparison of two hex checksums. */
export function checksumsEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected.toLowerCase(), 'utf8')
  const b = Buffer.from(given.toLowerCase(), 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
