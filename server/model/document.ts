/** A document of a room (slides ready at start): uploaded through the service, or given as a URL by the host platform. */
export interface RoomDocument {
  id: string
  roomId: string
  filename: string
  contentType: string
  /** Bytes; 0 for a document given as a URL (its size is the host platform's business). */
  size: number
  /** The host platform's https URL, for a document given as a URL; null for an uploaded one (its bytes are ours). */
  sourceUrl: string | null
  /** `sub` of the manager who added it. */
  createdBy: string
  createdAt: number
}

/** A document about to be written (an upload starts incomplete; a URL document is complete at once). */
export type NewRoomDocument = Omit<RoomDocument, 'size'> & { size?: number }

/** What a room may hold: how many documents, how many bytes in all. */
export interface DocumentCaps {
  maxDocuments: number
  maxRoomBytes: number
}

/** Why a document was not kept: the room holds enough documents, or enough bytes. */
export type DocumentRefusal = 'too_many_documents' | 'documents_quota_exceeded'

export type KeepDocumentResult = { ok: true; document: RoomDocument } | { ok: false; refusal: DocumentRefusal }
