import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Rooms' access codes at rest: AES-256-GCM, each value bound to its room and field (as additional data, so a
 * sealed code copied into another room or field does not open). Managers must read codes again, so they are
 * encrypted, not hashed. Sealed values start with `enc1:`, which no code can (codes are letters and digits).
 */
export interface CodeCipher {
  seal(roomId: string, field: string, code: string): string
  /**
   * The clear code. A value that is not sealed (written before the migration, or by an older instance) is the
   * code itself. A value sealed under another key (the secret it derives from changed) cannot be read: it
   * opens as a new unguessable code (the same on every read and instance), so the room stays closed to
   * whoever knew the old one, and its managers see the new one.
   */
  open(roomId: string, field: string, stored: string): string
}

const PREFIX = 'enc1:'
const IV_BYTES = 12
const TAG_BYTES = 16
const UNREADABLE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** The 32-byte key, derived (HKDF-SHA256) from a secret the service already has, under this purpose's label. */
export function deriveCodeKey(secret: string | Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'bbb-spaces', 'rooms/access-codes/v1', 32))
}

/**
 * The key of a store opened without one (tests, tools, the development server with its made-up BBB secret):
 * fixed, so such a database keeps its codes across restarts; it protects nothing. The service derives the real
 * one from `BIGBLUEBUTTON_SECRET`.
 */
export const DEVELOPMENT_CODE_KEY = deriveCodeKey('bbb-spaces development key: protects nothing')

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX)
}

export function createCodeCipher(key: Uint8Array = DEVELOPMENT_CODE_KEY): CodeCipher {
  if (key.length !== 32) throw new Error('the access-code key must be 32 bytes')
  const aad = (roomId: string, field: string) => Buffer.from(`${roomId}\0${field}`, 'utf8')
  return {
    seal(roomId, field, code) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(aad(roomId, field))
      const body = Buffer.concat([cipher.update(code, 'utf8'), cipher.final()])
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
    },
    open(roomId, field, stored) {
      if (!isSealed(stored)) return stored
      const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url')
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
        decipher.setAAD(aad(roomId, field))
        decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
        return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
      } catch {
        const mac = createHmac('sha256', key).update(stored).digest()
        return Array.from(mac.subarray(0, 12), (b) => UNREADABLE_ALPHABET[b % 32]).join('')
      }
    },
  }
}
