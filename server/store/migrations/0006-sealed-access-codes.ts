import { sql, type Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

const FIELDS = ['accessCode', 'moderatorAccessCode'] as const

/**
 * Rooms' access codes, kept in the clear inside `rooms.settings` until now, are encrypted in place (AES-256-GCM,
 * store/code-cipher.ts). No schema change; a room whose settings hold no clear code is left as it is, so the
 * migration can be stopped and run again.
 */
export const sealedAccessCodes: StoreMigration = {
  async up(db: Kysely<unknown>, _dialect, env) {
    const rows = await sql<{ id: string; settings: string }>`select id, settings from rooms`.execute(db)
    for (const row of rows.rows) {
      let settings: Record<string, unknown>
      try {
        settings = JSON.parse(row.settings) as Record<string, unknown>
      } catch {
        continue
      }
      let changed = false
      for (const field of FIELDS) {
        const code = settings[field]
        if (typeof code === 'string' && code !== '' && !code.startsWith('enc1:')) {
          settings[field] = env.codes.seal(row.id, field, code)
          changed = true
        }
      }
      if (changed) await sql`update rooms set settings = ${JSON.stringify(settings)} where id = ${row.id}`.execute(db)
    }
  },
}
