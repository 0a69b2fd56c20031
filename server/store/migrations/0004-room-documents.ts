import { sql, type Kysely } from 'kysely'
import type { StoreMigration } from './migration.js'

/**
 * Slides ready at start: a room's documents live in the database, so every instance behind a load balancer can serve
 * them to BBB. A document is one row of metadata plus its bytes in ~256 KB chunks (`document_chunks`), written and
 * read one chunk at a time so no instance ever holds a whole file in memory. A document given as a URL by the host
 * platform has `source_url` and no chunks. `complete` is 0 while an upload is being written (never listed, never
 * served): an interrupted upload leaves nothing visible. Deleting a room deletes its documents and their chunks.
 */
export const roomDocuments: StoreMigration = {
  async up(db: Kysely<unknown>, dialect) {
    await db.schema
      .createTable('room_documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('room_id', 'text', (c) => c.notNull().references('rooms.id').onDelete('cascade'))
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('source_url', 'text')
      .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema.createIndex('room_documents_room').on('room_documents').columns(['room_id', 'created_at']).execute()

    await db.schema
      .createTable('document_chunks')
      .addColumn('document_id', 'text', (c) => c.notNull().references('room_documents.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('data', dialect === 'postgres' ? sql`bytea` : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('document_chunks_pk', ['document_id', 'seq'])
      .execute()
  },
}
