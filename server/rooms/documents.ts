import { randomUUID } from 'node:crypto'
import type { Principal } from '../auth/principal.js'
import { authorize } from '../auth/permissions.js'
import { isBbbApiError, type BbbClient, type PresentationDocument } from '../bbb/index.js'
import type { Clock } from '../clock.js'
import type { DocumentLimits, RoomDocumentView } from '../contract/index.js'
import { AppError } from '../errors.js'
import type { KeepDocumentResult, Room, RoomDocument } from '../model/index.js'
import type { Store } from '../store/types.js'
import type { DocumentLinks } from './document-links.js'
import { loadRoomFor } from './rooms.js'

/** Bytes per stored chunk: a row small enough for any database, big enough to keep the row count low. */
export const DOCUMENT_CHUNK_BYTES = 256 * 1024

/** The types a room's slides may have: BBB converts them all. Each with its file extensions and how it starts. */
export const DOCUMENT_TYPES = [
  { type: 'application/pdf', extensions: ['pdf'], looksLike: (b: Buffer) => b.subarray(0, 1024).includes('%PDF-') },
  {
    type: 'application/vnd.oasis.opendocument.presentation',
    extensions: ['odp'],
    looksLike: (b: Buffer) => isZip(b) && b.subarray(0, 200).includes('application/vnd.oasis.opendocument.presentation'),
  },
  {
    type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    looksLike: (b: Buffer) => isZip(b) && (b.includes('[Content_Types].xml') || b.includes('ppt/')),
  },
  {
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    looksLike: (b: Buffer) => isZip(b) && (b.includes('[Content_Types].xml') || b.includes('word/')),
  },
  { type: 'image/png', extensions: ['png'], looksLike: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', extensions: ['jpg', 'jpeg'], looksLike: (b: Buffer) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
] as const

type DocumentType = (typeof DOCUMENT_TYPES)[number]

function isZip(b: Buffer): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04
}

function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.')
  return dot < 0 ? '' : filename.slice(dot + 1).toLowerCase()
}

/**
 * The allowed type a file claims: its declared content type when it is one of ours, else (a client that sends
 * `application/octet-stream`, or nothing) its extension. Null: not a type rooms take.
 */
export function claimedType(contentType: string | undefined, filename: string): DocumentType | null {
  const declared = (contentType ?? '').split(';')[0].trim().toLowerCase()
  const byType = DOCUMENT_TYPES.find((t) => t.type === declared)
  if (byType) return byType
  if (declared !== '' && declared !== 'application/octet-stream') return null
  const ext = extensionOf(filename)
  return DOCUMENT_TYPES.find((t) => (t.extensions as readonly string[]).includes(ext)) ?? null
}

/**
 * A file name fit to show and to hand BBB: no folders, no control characters, at most 200 characters, and an
 * extension of its type (BBB picks its converter by the extension).
 */
export function cleanFilename(raw: string, type: DocumentType): string {
  // eslint-disable-next-line no-control-regex
  let name = (raw.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim()
  if (!(type.extensions as readonly string[]).includes(extensionOf(name))) name = `${name || 'document'}.${type.extensions[0]}`
  if (name.length > 200) name = `${name.slice(0, 190)}.${type.extensions[0]}`
  return name
}

export interface DocumentsDeps {
  store: Store
  bbb: BbbClient
  clock: Clock
  links: DocumentLinks
  caps: { maxBytes: number; roomMaxBytes: number; perRoom: number }
  /** Told when a document could not be added to the running meeting (it is kept for the next start). */
  onInsertFailed?: (err: unknown, room: Room) => void
}

/** A file part of an upload, its bytes still streaming in. */
export interface UploadedFile {
  filename: string
  contentType: string | undefined
  stream: AsyncIterable<Buffer>
}

/** Room documents: kept in the store, sent to BBB at create, added to a running meeting. Managers only. */
export interface RoomDocuments {
  readonly limits: DocumentLimits
  /** Refuses unless `principal` manages the room (404/403 first); the room otherwise. Call before reading an upload. */
  requireManager(principal: Principal, roomId: string): Promise<Room>
  list(principal: Principal, roomId: string): Promise<RoomDocumentView[]>
  upload(principal: Principal, room: Room, file: UploadedFile): Promise<RoomDocumentView>
  addUrl(principal: Principal, roomId: string, given: { url: string; filename?: string | undefined }): Promise<RoomDocumentView>
  delete(principal: Principal, roomId: string, documentId: string): Promise<void>
  /** The `presentation` module of a room's create: every document, the first one current, each through a signed link. */
  presentationFor(room: Room): Promise<PresentationDocument[]>
  /**
   * An uploaded document's bytes through a signed link (what BBB fetches): `403 invalid_document_link` when the link
   * is altered or expired, then `404 document_not_found`.
   */
  open(link: { documentId: string; expires: string | undefined; signature: string | undefined }): Promise<{ document: RoomDocument; chunks: AsyncIterable<Uint8Array> }>
}

export function documentView(doc: RoomDocument): RoomDocumentView {
  return { id: doc.id, filename: doc.filename, size: doc.size, contentType: doc.contentType, source: doc.sourceUrl === null ? 'upload' : 'url' }
}

export function createRoomDocuments(deps: DocumentsDeps): RoomDocuments {
  const { store, clock, links, caps } = deps
  const storeCaps = { maxDocuments: caps.perRoom, maxRoomBytes: caps.roomMaxBytes }
  const limits: DocumentLimits = {
    maxDocuments: caps.perRoom,
    maxBytes: caps.maxBytes,
    roomMaxBytes: caps.roomMaxBytes,
    types: DOCUMENT_TYPES.map((t) => t.type),
  }

  async function requireManager(principal: Principal, roomId: string): Promise<Room> {
    const ctx = await loadRoomFor(store, principal, roomId)
    authorize(principal, 'room.manage', { spaceId: ctx.room.spaceId, roomId: ctx.room.id, allJoinAsModerator: ctx.room.settings.allJoinAsModerator, anyoneCanStart: ctx.rules.anyoneCanStart })
    return ctx.room
  }

  const toPresentation = (doc: RoomDocument, current: boolean): PresentationDocument => ({
    url: doc.sourceUrl ?? links.url(doc.id, clock.now()),
    filename: doc.filename,
    downloadable: false,
    current,
  })

  function refuse(result: Extract<KeepDocumentResult, { ok: false }>): never {
    if (result.refusal === 'too_many_documents') {
      throw new AppError('too_many_documents', `A room holds at most ${caps.perRoom} documents.`, { details: { max: caps.perRoom } })
    }
    throw new AppError('documents_quota_exceeded', `A room's documents may take ${caps.roomMaxBytes} bytes in all.`, { details: { maxBytes: caps.roomMaxBytes } })
  }

  async function roomFull(room: Room): Promise<void> {
    const kept = await store.listDocuments(room.id)
    if (kept.length >= caps.perRoom) refuse({ ok: false, refusal: 'too_many_documents' })
  }

  /** Adds a new document to the room's running meeting, if one runs; BBB fetches it as at create. */
  async function insertIfRunning(room: Room, doc: RoomDocument): Promise<void> {
    const run = await store.getOpenRun(room.meetingId)
    if (!run || run.createTime === null) return
    try {
      await deps.bbb.insertDocument({ meetingID: room.meetingId, documents: [toPresentation(doc, false)] })
    } catch (err) {
      // The meeting ended meanwhile (notFound) or BBB is away: the document is kept and goes with the next start.
      if (!(isBbbApiError(err) && err.messageKey === 'notFound')) deps.onInsertFailed?.(err, room)
    }
  }

  return {
    limits,
    requireManager,

    async list(principal, roomId) {
      const room = await requireManager(principal, roomId)
      return (await store.listDocuments(room.id)).map(documentView)
    },

    async upload(principal, room, file) {
      const type = claimedType(file.contentType, file.filename)
      if (!type) {
        for await (const _ of file.stream) void _ // read to the end, so the answer reaches the client
        throw new AppError('document_type_not_allowed', 'Not a type of file rooms take.', { details: { allowed: limits.types } })
      }
      await roomFull(room)
      const doc = { id: randomUUID(), roomId: room.id, filename: cleanFilename(file.filename, type), contentType: type.type, sourceUrl: null, createdBy: principal.sub, createdAt: clock.now() }
      await store.beginDocument(doc)
      let kept = false
      try {
        let size = 0
        let seq = 0
        let refusal: 'too_large' | 'type' | null = null
        let pending: Buffer[] = []
        let pendingBytes = 0
        const write = async (chunk: Buffer) => {
          // The first chunk holds the file's first 256 KB (or all of it): enough to see what it really is.
          if (seq === 0 && !type.looksLike(chunk)) {
            refusal = 'type'
            return
          }
          await store.appendDocumentChunk(doc.id, seq++, chunk)
        }
        for await (const data of file.stream) {
          // Once refused, the rest is read and dropped (never kept), so the client gets the answer.
          if (refusal) continue
          size += data.length
          if (size > caps.maxBytes) {
            refusal = 'too_large'
            continue
          }
          pending.push(data)
          pendingBytes += data.length
          while (pendingBytes >= DOCUMENT_CHUNK_BYTES && !refusal) {
            const all = Buffer.concat(pending)
            await write(all.subarray(0, DOCUMENT_CHUNK_BYTES))
            pending = [all.subarray(DOCUMENT_CHUNK_BYTES)]
            pendingBytes = all.length - DOCUMENT_CHUNK_BYTES
          }
        }
        if (!refusal && (pendingBytes > 0 || seq === 0)) await write(Buffer.concat(pending))
        if (refusal === 'too_large') {
          throw new AppError('document_too_large', `A document may have at most ${caps.maxBytes} bytes.`, { details: { maxBytes: caps.maxBytes } })
        }
        if (refusal === 'type') {
          throw new AppError('document_type_not_allowed', `This file is not a ${type.type} file.`, { details: { allowed: limits.types } })
        }
        const result = await store.finishDocument(doc.id, size, storeCaps)
        if (!result.ok) refuse(result)
        kept = true
        await store.appendAudit({ actor: principal.sub, actorName: principal.name, spaceId: room.spaceId, roomId: room.id, action: 'document.added', details: { documentId: doc.id, filename: doc.filename, size } })
        await insertIfRunning(room, result.document)
        return documentView(result.document)
      } finally {
        if (!kept) await store.discardDocument(doc.id)
      }
    },

    async addUrl(principal, roomId, given) {
      const room = await requireManager(principal, roomId)
      const url = new URL(given.url)
      const raw = given.filename ?? decodeURIComponent(url.pathname.split('/').pop() ?? '')
      const type = claimedType(undefined, raw)
      if (!type) throw new AppError('document_type_not_allowed', 'Not a type of file rooms take.', { details: { allowed: limits.types } })
      const result = await store.addDocumentUrl(
        { id: randomUUID(), roomId: room.id, filename: cleanFilename(raw, type), contentType: type.type, sourceUrl: url.toString(), createdBy: principal.sub, createdAt: clock.now() },
        storeCaps,
      )
      if (!result.ok) refuse(result)
      await store.appendAudit({ actor: principal.sub, actorName: principal.name, spaceId: room.spaceId, roomId: room.id, action: 'document.added', details: { documentId: result.document.id, filename: result.document.filename, url: true } })
      await insertIfRunning(room, result.document)
      return documentView(result.document)
    },

    async delete(principal, roomId, documentId) {
      const room = await requireManager(principal, roomId)
      if (!(await store.deleteDocument(room.id, documentId))) {
        throw new AppError('document_not_found', 'No such document in this room.', { details: { roomId, documentId } })
      }
      await store.appendAudit({ actor: principal.sub, actorName: principal.name, spaceId: room.spaceId, roomId: room.id, action: 'document.deleted', details: { documentId } })
    },

    async open(link) {
      const verdict = links.verify(link, clock.now())
      if (verdict !== 'ok') throw new AppError('invalid_document_link', 'This document link is altered or expired.', { details: { reason: verdict } })
      const document = await store.getDocument(link.documentId)
      if (!document || document.sourceUrl !== null) {
        throw new AppError('document_not_found', 'No such document.', { details: { documentId: link.documentId } })
      }
      return { document, chunks: store.readDocumentChunks(document.id) }
    },

    async presentationFor(room) {
      const docs = await store.listDocuments(room.id)
      return docs.map((doc, i) => toPresentation(doc, i === 0))
    },
  }
}
