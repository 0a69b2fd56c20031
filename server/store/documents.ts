import { toCount, type StoreContext } from './context.js'
import type { RoomDocumentsTable } from './schema.js'
import type { DocumentCaps, KeepDocumentResult, NewRoomDocument, RoomDocument } from '../model/index.js'
import type { Db } from './context.js'
import type { DocumentRepo } from './types.js'

/** An upload that never finished (its instance died mid-stream) is swept after this long. */
export const STALE_UPLOAD_MS = 60 * 60 * 1000

function toDocument(row: RoomDocumentsTable): RoomDocument {
  return {
    id: row.id,
    roomId: row.room_id,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size),
    sourceUrl: row.source_url,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
  }
}

export function documentQueries(ctx: StoreContext): DocumentRepo {
  const { db } = ctx

  /**
   * Inside a transaction: locks the room (PostgreSQL: its row; SQLite: the write lock is already held), then checks
   * the caps against the room's complete documents other than `exceptId`. Two uploads finishing at once on two
   * instances cannot both take the last place.
   */
  async function refusal(tx: Db, roomId: string, exceptId: string, size: number, caps: DocumentCaps) {
    await tx.selectFrom('rooms').select('id').where('id', '=', roomId).$if(ctx.dialect === 'postgres', (q) => q.forUpdate()).executeTakeFirst()
    const usage = await tx
      .selectFrom('room_documents')
      .select((eb) => [eb.fn.countAll().as('count'), eb.fn.sum<number | string | null>('size').as('bytes')])
      .where('room_id', '=', roomId)
      .where('complete', '=', 1)
      .where('id', '<>', exceptId)
      .executeTakeFirst()
    if (toCount(usage?.count) + 1 > caps.maxDocuments) return 'too_many_documents' as const
    if (toCount(usage?.bytes) + size > caps.maxRoomBytes) return 'documents_quota_exceeded' as const
    return null
  }

  return {
    async beginDocument(doc: NewRoomDocument) {
      // Sweep uploads abandoned long ago (an instance that died mid-stream) so their chunks do not stay forever.
      await db.deleteFrom('room_documents').where('complete', '=', 0).where('created_at', '<', doc.createdAt - STALE_UPLOAD_MS).execute()
      await db
        .insertInto('room_documents')
        .values({
          id: doc.id,
          room_id: doc.roomId,
          filename: doc.filename,
          content_type: doc.contentType,
          size: doc.size ?? 0,
          source_url: doc.sourceUrl,
          complete: 0,
          created_by: doc.createdBy,
          created_at: doc.createdAt,
        })
        .execute()
    },

    async appendDocumentChunk(documentId, seq, data) {
      await db.insertInto('document_chunks').values({ document_id: documentId, seq, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) }).execute()
    },

    finishDocument(documentId, size, caps): Promise<KeepDocumentResult> {
      return ctx.transaction(async (tx) => {
        const row = await tx.selectFrom('room_documents').selectAll().where('id', '=', documentId).executeTakeFirst()
        if (!row) throw new Error(`no upload ${documentId} to finish`)
        const refused = await refusal(tx, row.room_id, documentId, size, caps)
        if (refused) {
          await tx.deleteFrom('room_documents').where('id', '=', documentId).execute()
          return { ok: false, refusal: refused }
        }
        await tx.updateTable('room_documents').set({ complete: 1, size }).where('id', '=', documentId).execute()
        return { ok: true, document: toDocument({ ...row, complete: 1, size }) }
      })
    },

    async discardDocument(documentId) {
      // Chunks go with their document (foreign key, on delete cascade).
      await db.deleteFrom('document_chunks').where('document_id', '=', documentId).execute()
      await db.deleteFrom('room_documents').where('id', '=', documentId).execute()
    },

    addDocumentUrl(doc, caps): Promise<KeepDocumentResult> {
      return ctx.transaction(async (tx) => {
        const refused = await refusal(tx, doc.roomId, doc.id, 0, caps)
        if (refused) return { ok: false, refusal: refused }
        const row: RoomDocumentsTable = {
          id: doc.id,
          room_id: doc.roomId,
          filename: doc.filename,
          content_type: doc.contentType,
          size: 0,
          source_url: doc.sourceUrl,
          complete: 1,
          created_by: doc.createdBy,
          created_at: doc.createdAt,
        }
        await tx.insertInto('room_documents').values(row).execute()
        return { ok: true, document: toDocument(row) }
      })
    },

    async listDocuments(roomId) {
      const rows = await db
        .selectFrom('room_documents')
        .selectAll()
        .where('room_id', '=', roomId)
        .where('complete', '=', 1)
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .execute()
      return rows.map(toDocument)
    },

    async getDocument(documentId) {
      const row = await db.selectFrom('room_documents').selectAll().where('id', '=', documentId).where('complete', '=', 1).executeTakeFirst()
      return row && toDocument(row)
    },

    async deleteDocument(roomId, documentId) {
      return ctx.transaction(async (tx) => {
        const row = await tx.selectFrom('room_documents').select('id').where('id', '=', documentId).where('room_id', '=', roomId).executeTakeFirst()
        if (!row) return false
        await tx.deleteFrom('document_chunks').where('document_id', '=', documentId).execute()
        await tx.deleteFrom('room_documents').where('id', '=', documentId).execute()
        return true
      })
    },

    async *readDocumentChunks(documentId) {
      // One chunk per query: memory holds one chunk whatever the size of the document.
      for (let seq = 0; ; seq++) {
        const row = await db.selectFrom('document_chunks').select('data').where('document_id', '=', documentId).where('seq', '=', seq).executeTakeFirst()
        if (!row) return
        yield new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength)
      }
    },
  }
}
