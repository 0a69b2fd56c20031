import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openStore, type OpenStoreOptions } from '../../server/store/index.js'
import type { Store } from '../../server/store/types.js'

/** The PostgreSQL the tests use (CI starts it; trust auth on loopback). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface TestDatabase {
  /** A DATABASE_URL naming the same database, for a second store or the service's config. */
  url: string
  /** Drops the database (temp folder or schema). Does not close stores: close them first. */
  drop(): Promise<void>
}

/** A fresh, empty database: a SQLite file in a temp folder, or a random schema on the test PostgreSQL. */
export async function createTestDatabase(kind: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bbb-spaces-store-'))
    return {
      url: `sqlite:${join(dir, 'test.sqlite')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    }
  }
  const schema = `t_${randomBytes(6).toString('hex')}`
  const url = new URL(TEST_DATABASE_URL)
  url.searchParams.set('schema', schema)
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await client.connect()
      try {
        await client.query(`drop schema if exists "${schema}" cascade`)
      } finally {
        await client.end()
      }
    },
  }
}

/**
 * Opens a store on a fresh database. `url` opens more stores on the same data (two service instances);
 * `cleanup()` closes this store and drops the database.
 */
export async function openTestStore(
  kind: 'sqlite' | 'postgres',
  options: OpenStoreOptions = {},
): Promise<{ store: Store; url: string; cleanup(): Promise<void> }> {
  const database = await createTestDatabase(kind)
  const store = await openStore(database.url, options)
  return {
    store,
    url: database.url,
    async cleanup() {
      await store.close()
      await database.drop()
    },
  }
}
