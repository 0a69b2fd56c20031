import {
  PostgresDialect,
  sql,
  type DatabaseIntrospector,
  type Kysely,
  type PostgresDialectConfig,
  type TableMetadata,
} from 'kysely'

/**
 * kysely's PostgreSQL dialect with an introspector that sees only the current schema. kysely's own one reads the
 * columns of every table in the database, which fails ("schema … does not exist") when another schema is being
 * dropped at that moment (tests drop theirs in parallel); the Migrator only needs table names of its own schema.
 */
export class CurrentSchemaPostgresDialect extends PostgresDialect {
  constructor(config: PostgresDialectConfig) {
    super(config)
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    const getTables = async (): Promise<TableMetadata[]> => {
      const { rows } = await sql<{ name: string; schema: string; kind: string }>`
        select c.relname as name, n.nspname as schema, c.relkind as kind
        from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname = current_schema() and c.relkind in ('r', 'p', 'v')`.execute(db)
      return rows.map((row) => ({ name: row.name, schema: row.schema, isView: row.kind === 'v', columns: [] }))
    }
    return {
      async getSchemas() {
        const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(db)
        return rows
      },
      getTables,
      async getMetadata() {
        return { tables: await getTables() }
      },
    }
  }
}
