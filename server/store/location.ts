import { resolve } from 'node:path'

/**
 * Where a database URL points, once understood: the one reading of `DATABASE_URL`, shared by the store (which
 * opens a pool there) and the status bus (which listens there).
 */
export type DatabaseLocation =
  | { kind: 'sqlite'; filename: string }
  | { kind: 'postgres'; connectionString: string; schema: string | null }

/**
 * Reads a `DATABASE_URL`: `sqlite:<path>` (relative to the working directory, or absolute),
 * `sqlite::memory:`, or `postgres://…` / `postgresql://…` with an optional `?schema=NAME` (tests use it).
 * Throws an Error with a one-line message for anything else.
 */
export function parseDatabaseUrl(databaseUrl: string): DatabaseLocation {
  const url = databaseUrl.trim()
  if (url.startsWith('sqlite:')) {
    let path = url.slice('sqlite:'.length)
    if (path.startsWith('//')) path = path.slice(2)
    if (path === '') throw new Error('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:data/bbb-spaces.sqlite')
    return { kind: 'sqlite', filename: path === ':memory:' ? ':memory:' : resolve(path) }
  }
  if (/^postgres(ql)?:\/\//i.test(url)) {
    let parsed: URL
    try {
      parsed = new URL(url)
    } catch {
      throw new Error('DATABASE_URL is not a valid postgres:// URL')
    }
    const schema = parsed.searchParams.get('schema')
    if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/i.test(schema)) {
      throw new Error(`DATABASE_URL schema "${schema}" must be letters, digits and underscores`)
    }
    parsed.searchParams.delete('schema')
    return { kind: 'postgres', connectionString: parsed.toString(), schema }
  }
  throw new Error(
    `DATABASE_URL "${redact(url)}" is not understood: use sqlite:<path>, sqlite::memory: or postgres://user@host/db`,
  )
}

/** A URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@/]*@/, '$1***@')
}
