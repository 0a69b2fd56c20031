import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, Migrator, SqliteDialect } from 'kysely'
import pg from 'pg'
import { migrationProvider, type SqlDialect } from './migrations/index.js'
import { CurrentSchemaPostgresDialect } from './postgres-dialect.js'
import type { Database } from './schema.js'
import { createKyselyStore } from './store.js'
import { createCodeCipher } from './code-cipher.js'
import { systemClock, type Clock } from '../clock.js'
import { parseDatabaseUrl, redact, type DatabaseLocation } from './location.js'
import type { Store } from './types.js'

export type * from './types.js'
export { DEFAULT_GLOBAL_LIMITS } from './limits.js'
export { MIGRATIONS, type StoreMigration } from './migrations/index.js'
export { parseDatabaseUrl, type DatabaseLocation } from './location.js'
export { deriveCodeKey } from './code-cipher.js'

/** The two logger methods the store uses (a pino `Logger` fits). */
export interface StoreLog {
  info(details: object, message: string): void
  warn(details: object, message: string): void
}

export interface OpenStoreOptions {
  /** Where applied migrations and pool errors are reported; silent by default. */
  log?: StoreLog
  /** Dates what callers leave undated (an audit entry without `at`). Default: the system clock. */
  clock?: Clock
  /**
   * The 32-byte key rooms' access codes are encrypted with (`deriveCodeKey`; the service derives it from
   * BIGBLUEBUTTON_SECRET). Default: a fixed development key, which protects nothing.
   */
  codeKey?: Uint8Array
}

/**
 * Opens the store a database URL names (see `parseDatabaseUrl`) and applies pending migrations. SQLite runs in
 * WAL mode with foreign keys on and a 5 s busy timeout (the folder of the file is created); PostgreSQL uses a `pg`
 * pool of 10. Rejects with a one-line Error when the URL is not understood or the database cannot be opened.
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  const location = parseDatabaseUrl(databaseUrl)
  const sqlite = location.kind === 'sqlite' ? openSqlite(location.filename) : null
  const db = location.kind === 'sqlite' ? sqlite!.db : await openPostgres(location, options)
  try {
    await migrate(db, location.kind, options)
  } catch (error) {
    await db.destroy().catch(() => undefined)
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`cannot open the store at ${redact(databaseUrl)}: ${reason}`, { cause: error })
  }
  return createKyselyStore(db, location.kind, options.clock ?? systemClock, options.codeKey, sqlite?.raw ?? null)
}

function openSqlite(filename: string): { db: Kysely<Database>; raw: SqliteDatabase.Database } {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true })
  let database: SqliteDatabase.Database
  try {
    database = new SqliteDatabase(filename)
  } catch (error) {
    throw new Error(`cannot open the SQLite file ${filename}: ${(error as Error).message}`, { cause: error })
  }
  if (filename !== ':memory:') database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('busy_timeout = 5000')
  database.pragma('foreign_keys = ON')
  const raw = cachingStatements(database)
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) }), raw }
}

const STATEMENT_CACHE = 256

/**
 * kysely prepares every query again; the same few texts come back on every request, so prepared statements are
 * kept by SQL text (bounded). Only plain DML: kysely never streams here, so a cached statement is never busy.
 */
function cachingStatements(database: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>()
  const prepare = database.prepare.bind(database)
  database.prepare = ((source: string) => {
    let statement = cache.get(source)
    if (statement) return statement
    statement = prepare(source)
    if (/^\s*(select|insert|update|delete|with)\b/i.test(source)) {
      if (cache.size >= STATEMENT_CACHE) cache.clear()
      cache.set(source, statement)
    }
    return statement
  }) as SqliteDatabase.Database['prepare']
  return database
}

/** bigint (int8) columns and counts come back as JS numbers: epoch ms and counts fit in 2^53. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if (oid === (pg.types.builtins.INT8 as number)) return (value: string) => Number(value)
    return pg.types.getTypeParser(oid, format) as (value: string) => unknown
  },
}

async function openPostgres(
  location: Extract<DatabaseLocation, { kind: 'postgres' }>,
  options: OpenStoreOptions,
): Promise<Kysely<Database>> {
  if (location.schema) {
    const client = new pg.Client({ connectionString: location.connectionString })
    try {
      await client.connect()
      await client.query(`create schema if not exists "${location.schema}"`)
    } catch (error) {
      const code = (error as { code?: string }).code
      // Two openers creating the same schema at once: the loser sees a duplicate, which is fine.
      if (code !== '23505' && code !== '42P06') {
        throw new Error(`cannot open the store at ${redact(location.connectionString)}: ${(error as Error).message}`, {
          cause: error,
        })
      }
    } finally {
      await client.end().catch(() => undefined)
    }
  }
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    max: 10,
    types: pgTypes,
    ...(location.schema ? { options: `-c search_path="${location.schema}"` } : {}),
  })
  pool.on('error', (error) => options.log?.warn({ err: error }, 'idle PostgreSQL connection failed'))
  return new Kysely<Database>({ dialect: new CurrentSchemaPostgresDialect({ pool }) })
}

async function migrate(db: Kysely<Database>, dialect: SqlDialect, options: OpenStoreOptions): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect, { codes: createCodeCipher(options.codeKey) }) })
  const { error, results } = await migrator.migrateToLatest()
  for (const result of results ?? []) {
    if (result.status === 'Success') options.log?.info({ migration: result.migrationName }, 'store migration applied')
  }
  if (error) throw error
}
