import { afterEach, describe, expect, it } from 'vitest'
import type { DocumentCaps, NewRoomDocument } from '../../server/model/index.js'
import { openStore } from '../../server/store/index.js'
import type { Store } from '../../server/store/types.js'
import { openTestStore } from '../helpers/databases.js'
import { newRoom } from './contract.js'

const CAPS: DocumentCaps = { maxDocuments: 5, maxRoomBytes: 1000 }

function doc(id: string, extra: Partial<NewRoomDocument> = {}): NewRoomDocument {
  return { id, roomId: 'r1', filename: `${id}.pdf`, contentType: 'application/pdf', sourceUrl: null, createdBy: 'ann', createdAt: 1000, ...extra }
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer[]> {
  const out: Buffer[] = []
  for await (const chunk of chunks) out.push(Buffer.from(chunk))
  return out
}

/** Begins, writes and finishes an upload of `parts` (one chunk each). */
async function upload(store: Store, id: string, parts: string[], caps = CAPS, extra: Partial<NewRoomDocument> = {}) {
  await store.beginDocument(doc(id, extra))
  for (const [i, part] of parts.entries()) await store.appendDocumentChunk(id, i, Buffer.from(part))
  return store.finishDocument(id, parts.join('').length, caps)
}

for (const kind of ['sqlite', 'postgres'] as const) {
  describe(`store contract: room documents (${kind})`, () => {
    const cleanups: Array<() => Promise<void>> = []
    afterEach(async () => {
      await Promise.all(cleanups.splice(0).map((c) => c()))
    })
    const open = async () => {
      const opened = await openTestStore(kind)
      cleanups.push(opened.cleanup)
      await opened.store.createRoom(newRoom('r1'), 1)
      await opened.store.createRoom(newRoom('r2'), 1)
      return opened
    }

    it('keeps an upload written in chunks and gives its bytes back chunk by chunk, in order', async () => {
      const { store } = await open()
      const kept = await upload(store, 'd1', ['%PDF-1.4 ', 'second ', 'third'])
      expect(kept).toEqual({ ok: true, document: expect.objectContaining({ id: 'd1', roomId: 'r1', size: 21, filename: 'd1.pdf' }) })
      const chunks = await collect(store.readDocumentChunks('d1'))
      expect(chunks.map(String)).toEqual(['%PDF-1.4 ', 'second ', 'third'])
      expect(await store.getDocument('d1')).toMatchObject({ id: 'd1', contentType: 'application/pdf', size: 21, sourceUrl: null, createdBy: 'ann' })
    })

    it('keeps binary bytes exactly (every byte value)', async () => {
      const { store } = await open()
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
      await store.beginDocument(doc('bin'))
      await store.appendDocumentChunk('bin', 0, bytes)
      await store.finishDocument('bin', 256, CAPS)
      expect(Buffer.concat(await collect(store.readDocumentChunks('bin'))).equals(bytes)).toBe(true)
    })

    it('neither lists nor serves an upload that is not finished, and discarding it leaves nothing', async () => {
      const { store } = await open()
      await store.beginDocument(doc('partial'))
      await store.appendDocumentChunk('partial', 0, Buffer.from('half'))
      expect(await store.listDocuments('r1')).toEqual([])
      expect(await store.getDocument('partial')).toBeUndefined()
      await store.discardDocument('partial')
      expect(await collect(store.readDocumentChunks('partial'))).toEqual([])
    })

    it('lists a room’s documents oldest first, and only that room’s', async () => {
      const { store } = await open()
      await upload(store, 'b', ['x'], CAPS, { createdAt: 2000 })
      await upload(store, 'a', ['y'], CAPS, { createdAt: 3000 })
      await upload(store, 'other', ['z'], CAPS, { roomId: 'r2' })
      expect((await store.listDocuments('r1')).map((d) => d.id)).toEqual(['b', 'a'])
      expect((await store.listDocuments('r2')).map((d) => d.id)).toEqual(['other'])
    })

    it('refuses a document past the room’s count or byte cap, and drops the refused upload', async () => {
      const { store } = await open()
      const caps = { maxDocuments: 2, maxRoomBytes: 10 }
      expect((await upload(store, 'one', ['12345'], caps)).ok).toBe(true)
      expect(await upload(store, 'big', ['123456'], caps)).toEqual({ ok: false, refusal: 'documents_quota_exceeded' })
      expect((await upload(store, 'two', ['12345'], caps)).ok).toBe(true)
      expect(await upload(store, 'three', ['1'], caps)).toEqual({ ok: false, refusal: 'too_many_documents' })
      expect(await store.addDocumentUrl({ ...doc('url'), sourceUrl: 'https://platform.example/x.pdf' }, caps)).toEqual({ ok: false, refusal: 'too_many_documents' })
      expect((await store.listDocuments('r1')).map((d) => d.id)).toEqual(['one', 'two'])
      expect(await collect(store.readDocumentChunks('big'))).toEqual([])
    })

    // Two stores on one PostgreSQL are two instances; SQLite's one writer per file is proved by the seat suite.
    it(`gives exactly the places left to uploads finishing at once${kind === 'postgres' ? ', across two stores on one database' : ''}`, async () => {
      const { store, url } = await open()
      const second = kind === 'postgres' ? await openStore(url) : store
      try {
        const caps = { maxDocuments: 3, maxRoomBytes: 1000 }
        for (const i of [0, 1, 2, 3, 4, 5]) {
          const s = i % 2 === 0 ? store : second
          await s.beginDocument(doc(`c${i}`))
          await s.appendDocumentChunk(`c${i}`, 0, Buffer.from('data'))
        }
        const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 === 0 ? store : second).finishDocument(`c${i}`, 4, caps)))
        expect(results.filter((r) => r.ok)).toHaveLength(3)
        expect(await store.listDocuments('r1')).toHaveLength(3)
      } finally {
        if (second !== store) await second.close()
      }
    })

    it('keeps a document given as a URL, without bytes', async () => {
      const { store } = await open()
      const kept = await store.addDocumentUrl({ ...doc('u'), sourceUrl: 'https://platform.example/deck.pptx' }, CAPS)
      expect(kept).toEqual({ ok: true, document: expect.objectContaining({ id: 'u', size: 0, sourceUrl: 'https://platform.example/deck.pptx' }) })
      expect(await collect(store.readDocumentChunks('u'))).toEqual([])
    })

    it('deletes a document of its room only, and deleting the room deletes its documents and their bytes', async () => {
      const { store } = await open()
      await upload(store, 'keep', ['k'])
      await upload(store, 'gone', ['g'])
      expect(await store.deleteDocument('r2', 'gone')).toBe(false)
      expect(await store.deleteDocument('r1', 'gone')).toBe(true)
      expect(await store.deleteDocument('r1', 'gone')).toBe(false)
      expect((await store.listDocuments('r1')).map((d) => d.id)).toEqual(['keep'])
      await store.deleteRoom('r1')
      expect(await store.getDocument('keep')).toBeUndefined()
      expect(await collect(store.readDocumentChunks('keep'))).toEqual([])
    })

    it('sweeps uploads abandoned over an hour ago when a new one begins', async () => {
      const { store } = await open()
      await store.beginDocument(doc('abandoned', { createdAt: 1000 }))
      await store.appendDocumentChunk('abandoned', 0, Buffer.from('lost'))
      await store.beginDocument(doc('fresh', { createdAt: 1000 + 60 * 60 * 1000 + 1 }))
      expect(await collect(store.readDocumentChunks('abandoned'))).toEqual([])
    })
  })
}
