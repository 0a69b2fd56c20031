import type { Kysely } from 'kysely'
import type { CodeCipher } from '../code-cipher.js'

export type SqlDialect = 'sqlite' | 'postgres'

/**
 * One schema change. `up` gets the dialect for the rare column type that differs (auto-increment ids); the
 * schema it leaves must be the same on both. Migrations are never edited once released: append a new file
 * `NNNN-name.ts` and list it in index.ts.
 */
export interface StoreMigration {
  up(db: Kysely<unknown>, dialect: SqlDialect, env: MigrationEnv): Promise<void>
}

/** What a data migration may need besides the database: the store's access-code cipher. */
export interface MigrationEnv {
  codes: CodeCipher
}
