import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import busboy from 'busboy'
import { Router, type Request } from 'express'
import { z } from 'zod'
import type { DocumentAnswer, DocumentsAnswer } from '../../contract/index.js'
import { AppError } from '../../errors.js'
import type { RoomDocuments, UploadedFile } from '../../rooms/documents.js'
import { principalOf } from '../auth.js'
import { parseInput } from '../validate.js'

/** The JSON form of the POST: a document the host platform serves itself (https only, no credentials in it). */
export const addDocumentUrlBody = z
  .object({
    url: z
      .string()
      .max(2000)
      .url()
      .refine((u) => {
        try {
          const parsed = new URL(u)
          return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === ''
        } catch {
          return false
        }
      }, 'must be an https URL without credentials'),
    filename: z.string().min(1).max(200).optional(),
  })
  .strict()

export const documentParams = z.object({ roomId: z.string().min(1).max(64), documentId: z.string().min(1).max(64) }).strict()
export const documentLinkQuery = z.object({ expires: z.string().max(20).optional(), signature: z.string().max(100).optional() })

/** The multipart envelope around the file: headers and boundaries of a few parts. */
const MULTIPART_OVERHEAD = 64 * 1024

/** Whether a request is the multipart upload of the documents route (the one API body that is not JSON). */
export function isDocumentUpload(req: Request): boolean {
  return req.method === 'POST' && /^\/rooms\/[^/]+\/documents$/.test(req.path) && req.is('multipart/form-data') === 'multipart/form-data'
}

/**
 * Hands the form field `file` of a multipart request to `use` while it streams in (busboy), and answers what `use`
 * answers. Other fields and files are read and dropped; no field `file` is `400 invalid_request`. When `use` fails,
 * the rest of the request is read and dropped so the client gets the answer.
 */
function withUploadedFile<T>(req: Request, use: (file: UploadedFile) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let parser: busboy.Busboy
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 20, parts: 30, fieldSize: 4096 }, defParamCharset: 'utf8' })
    } catch {
      reject(new AppError('invalid_request', 'Send the file as multipart/form-data with a boundary.', { details: { field: 'file' } }))
      return
    }
    let handled = false
    const stop = (err: unknown) => {
      req.unpipe(parser)
      req.resume()
      reject(err instanceof Error ? err : new Error(String(err)))
    }
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || handled) {
        stream.resume()
        return
      }
      handled = true
      use({ filename: info.filename ?? '', contentType: info.mimeType, stream }).then(resolve, (err: unknown) => {
        stream.resume()
        stop(err)
      })
    })
    parser.on('close', () => {
      if (!handled) reject(new AppError('invalid_request', 'Send the document in the form field "file".', { details: { field: 'file' } }))
    })
    parser.on('error', () => stop(new AppError('invalid_request', 'The form data is malformed.', { details: { field: 'file' } })))
    req.on('close', () => {
      // The client went away mid-upload: the stream ends in an error, so the partial document is dropped.
      if (!req.complete) parser.destroy(new Error('upload aborted by the client'))
    })
    req.pipe(parser)
  })
}

export interface DocumentsRouterDeps {
  documents: RoomDocuments
}

/** `/api/v1/rooms/:roomId/documents`: a room's slides, for its managers (behind the host token). */
export function documentsRouter(deps: DocumentsRouterDeps): Router {
  const router = Router({ caseSensitive: true })
  const { documents } = deps

  // GET /api/v1/rooms/:roomId/documents
  router.get('/rooms/:roomId/documents', async (req, res) => {
    const list = await documents.list(principalOf(res), req.params.roomId)
    res.json({ documents: list, limits: documents.limits } satisfies DocumentsAnswer)
  })

  // POST /api/v1/rooms/:roomId/documents: multipart field `file`, or JSON {url, filename}
  router.post('/rooms/:roomId/documents', async (req, res) => {
    const principal = principalOf(res)
    if (req.is('application/json')) {
      const body = parseInput(addDocumentUrlBody, req.body)
      const document = await documents.addUrl(principal, req.params.roomId, body)
      res.status(201).json({ document } satisfies DocumentAnswer)
      return
    }
    if (!isDocumentUpload(req)) {
      throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data (field "file"), or JSON {url, filename}.')
    }
    // Nothing is read before the caller is known to manage the room.
    const room = await documents.requireManager(principal, req.params.roomId)
    const declared = Number(req.headers['content-length'] ?? NaN)
    if (declared > documents.limits.maxBytes + MULTIPART_OVERHEAD) {
      res.set('Connection', 'close')
      throw new AppError('document_too_large', `A document may have at most ${documents.limits.maxBytes} bytes.`, { details: { maxBytes: documents.limits.maxBytes } })
    }
    const document = await withUploadedFile(req, (file) => documents.upload(principal, room, file))
    res.status(201).json({ document } satisfies DocumentAnswer)
  })

  // DELETE /api/v1/rooms/:roomId/documents/:documentId
  router.delete('/rooms/:roomId/documents/:documentId', async (req, res) => {
    const { roomId, documentId } = parseInput(documentParams, req.params, 'params')
    await documents.delete(principalOf(res), roomId, documentId)
    res.status(204).end()
  })

  return router
}

/** `GET /documents/:documentId?expires&signature`: where BBB fetches a document, through a link the service signed. */
export function documentLinksRouter(deps: DocumentsRouterDeps): Router {
  const router = Router({ caseSensitive: true })
  router.get('/documents/:documentId', async (req, res) => {
    const query = parseInput(documentLinkQuery, req.query, 'query')
    const { document, chunks } = await deps.documents.open({ documentId: req.params.documentId, expires: query.expires, signature: query.signature })
    const ascii = document.filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
    res.status(200)
    res.set({
      'Content-Type': document.contentType,
      'Content-Length': String(document.size),
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(document.filename)}`,
      'Cache-Control': 'private, no-store',
      'X-Robots-Tag': 'noindex',
    })
    await pipeline(Readable.from(chunks), res)
  })
  return router
}
