/** A room's document (slides ready at start), as managers see it. Its bytes are never served to the API's callers. */
export interface RoomDocumentView {
  id: string
  filename: string
  /** Bytes; 0 for a document given as a URL. */
  size: number
  contentType: string
  /** Uploaded through the service, or given as a URL by the host platform. */
  source: 'upload' | 'url'
}

/** What a room may hold (`DOCUMENTS_PER_ROOM`, `DOCUMENT_MAX_BYTES`, `DOCUMENTS_ROOM_MAX_BYTES`) and the types it takes. */
export interface DocumentLimits {
  maxDocuments: number
  maxBytes: number
  roomMaxBytes: number
  types: string[]
}

/** `GET /api/v1/rooms/:roomId/documents` */
export interface DocumentsAnswer {
  documents: RoomDocumentView[]
  limits: DocumentLimits
}

/** `POST /api/v1/rooms/:roomId/documents` (201) */
export interface DocumentAnswer {
  document: RoomDocumentView
}

/** `POST /api/v1/rooms/:roomId/documents` as JSON: a document the host platform serves itself, over https. */
export interface AddDocumentUrlBody {
  url: string
  filename?: string
}
