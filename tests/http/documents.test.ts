import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DocumentAnswer, DocumentsAnswer, ErrorBody } from '../../server/contract/index.js'
import { createDocumentLinks } from '../../server/rooms/document-links.js'
import { startTestService, type TestService } from '../helpers/service.js'

const PDF = readFileSync(new URL('../fixtures/documents/slides.pdf', import.meta.url))
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40)])
const SPACE = 'docs-space'
const MAX_BYTES = 4096

let t: TestService
let manager: string
let member: string
/** The service's clock: real time plus an offset the expiry tests move. */
let offsetMs = 0

beforeAll(async () => {
  t = await startTestService({
    clock: () => Date.now() + offsetMs,
    env: { DOCUMENT_MAX_BYTES: String(MAX_BYTES), DOCUMENTS_ROOM_MAX_BYTES: String(3 * MAX_BYTES), DOCUMENT_LINK_TTL_SECONDS: '60' },
  })
  manager = await t.mintToken({ sub: 'docs-manager', spaces: { [SPACE]: 'manager' } })
  member = await t.mintToken({ sub: 'docs-member', spaces: { [SPACE]: 'member' } })
})

afterAll(async () => {
  await t?.close()
})

async function newRoom(name = 'Slides room'): Promise<string> {
  const res = await fetch(`${t.url}/api/v1/spaces/${SPACE}/rooms`, {
    method: 'POST',
    headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { room: { id: string } }).room.id
}

function upload(roomId: string, token: string, bytes: Buffer, filename: string, type: string): Promise<Response> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename)
  return fetch(`${t.url}/api/v1/rooms/${roomId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
}

async function list(roomId: string, token = manager): Promise<DocumentsAnswer> {
  const res = await fetch(`${t.url}/api/v1/rooms/${roomId}/documents`, { headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  return (await res.json()) as DocumentsAnswer
}

async function errorOf(res: Response): Promise<ErrorBody['error']> {
  return ((await res.json()) as ErrorBody).error
}

describe('POST /api/v1/rooms/:roomId/documents', () => {
  it('keeps a PDF a manager uploads, answers 201 with the document, and lists it with the room’s caps', async () => {
    const room = await newRoom()
    const res = await upload(room, manager, PDF, 'Quarterly review.pdf', 'application/pdf')
    expect(res.status).toBe(201)
    const { document } = (await res.json()) as DocumentAnswer
    expect(document).toEqual({ id: expect.any(String), filename: 'Quarterly review.pdf', size: PDF.length, contentType: 'application/pdf', source: 'upload' })
    const listed = await list(room)
    expect(listed.documents).toEqual([document])
    expect(listed.limits).toMatchObject({ maxDocuments: 5, maxBytes: MAX_BYTES, roomMaxBytes: 3 * MAX_BYTES })
    expect(listed.limits.types).toContain('application/vnd.openxmlformats-officedocument.presentationml.presentation')
  })

  it('takes a file sent as application/octet-stream by its extension, checked against its first bytes', async () => {
    const room = await newRoom()
    const res = await upload(room, manager, PNG, 'diagram.png', 'application/octet-stream')
    expect(res.status).toBe(201)
    expect(((await res.json()) as DocumentAnswer).document).toMatchObject({ filename: 'diagram.png', contentType: 'image/png' })
  })

  it('refuses a member (403 not_a_manager), for upload and list alike, and keeps nothing', async () => {
    const room = await newRoom()
    const res = await upload(room, member, PDF, 'slides.pdf', 'application/pdf')
    expect(res.status).toBe(403)
    expect((await errorOf(res)).code).toBe('not_a_manager')
    const listing = await fetch(`${t.url}/api/v1/rooms/${room}/documents`, { headers: { authorization: `Bearer ${member}` } })
    expect(listing.status).toBe(403)
    expect((await list(room)).documents).toEqual([])
  })

  it('refuses a file over the per-file cap with 413 document_too_large, in the caller’s language, and keeps nothing', async () => {
    const room = await newRoom()
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)])
    const res = await fetch(`${t.url}/api/v1/rooms/${room}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager}`, 'accept-language': 'fr' },
      body: (() => {
        const form = new FormData()
        form.append('file', new Blob([big], { type: 'application/pdf' }), 'big.pdf')
        return form
      })(),
    })
    expect(res.status).toBe(413)
    const error = await errorOf(res)
    expect(error).toMatchObject({ code: 'document_too_large', details: { maxBytes: MAX_BYTES } })
    expect(error.message).toBe("Ce fichier est trop volumineux pour les diapositives d'une salle.")
    expect((await list(room)).documents).toEqual([])
  })

  it('refuses a type rooms do not take, and a file whose bytes are not what it claims (415 document_type_not_allowed)', async () => {
    const room = await newRoom()
    const text = await upload(room, manager, Buffer.from('hello'), 'notes.txt', 'text/plain')
    expect(text.status).toBe(415)
    expect((await errorOf(text)).code).toBe('document_type_not_allowed')
    const exe = await upload(room, manager, Buffer.from('MZ\x90\x00'), 'setup.exe', 'application/octet-stream')
    expect(exe.status).toBe(415)
    const fake = await upload(room, manager, PNG, 'slides.pdf', 'application/pdf')
    expect(fake.status).toBe(415)
    expect((await errorOf(fake)).code).toBe('document_type_not_allowed')
    expect((await list(room)).documents).toEqual([])
  })

  it('refuses a sixth document (409 too_many_documents) and a room over its byte cap (413 documents_quota_exceeded)', async () => {
    const room = await newRoom()
    const padded = Buffer.concat([PDF, Buffer.alloc(MAX_BYTES - PDF.length - 100)])
    for (const i of [1, 2, 3]) expect((await upload(room, manager, padded, `part ${i}.pdf`, 'application/pdf')).status).toBe(201)
    const over = await upload(room, manager, padded, 'part 4.pdf', 'application/pdf')
    expect(over.status).toBe(413)
    expect((await errorOf(over)).code).toBe('documents_quota_exceeded')
    for (const i of [4, 5]) expect((await upload(room, manager, PNG, `image ${i}.png`, 'image/png')).status).toBe(201)
    const sixth = await upload(room, manager, PNG, 'image 6.png', 'image/png')
    expect(sixth.status).toBe(409)
    expect(await errorOf(sixth)).toMatchObject({ code: 'too_many_documents', details: { max: 5 } })
    expect((await list(room)).documents).toHaveLength(5)
  })

  it('refuses a multipart body without the field `file` (400), and a body that is neither multipart nor JSON (415)', async () => {
    const room = await newRoom()
    const form = new FormData()
    form.append('other', new Blob([PDF], { type: 'application/pdf' }), 'slides.pdf')
    const res = await fetch(`${t.url}/api/v1/rooms/${room}/documents`, { method: 'POST', headers: { authorization: `Bearer ${manager}` }, body: form })
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({ code: 'invalid_request', details: { field: 'file' } })
    const plain = await fetch(`${t.url}/api/v1/rooms/${room}/documents`, { method: 'POST', headers: { authorization: `Bearer ${manager}`, 'content-type': 'text/plain' }, body: 'x' })
    expect(plain.status).toBe(415)
  })

  it('keeps a document the host platform gives as an https URL; refuses http and a forbidden type', async () => {
    const room = await newRoom()
    const post = (body: unknown) =>
      fetch(`${t.url}/api/v1/rooms/${room}/documents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const res = await post({ url: 'https://platform.example/files/deck.pptx?version=3', filename: 'Team deck.pptx' })
    expect(res.status).toBe(201)
    expect(((await res.json()) as DocumentAnswer).document).toMatchObject({ filename: 'Team deck.pptx', size: 0, source: 'url' })
    expect((await post({ url: 'http://platform.example/deck.pdf' })).status).toBe(400)
    expect((await errorOf(await post({ url: 'https://platform.example/run.sh' }))).code).toBe('document_type_not_allowed')
  })
})

describe('DELETE /api/v1/rooms/:roomId/documents/:documentId', () => {
  it('deletes a document for a manager (204), then 404 document_not_found; a member gets 403', async () => {
    const room = await newRoom()
    const { document } = (await (await upload(room, manager, PDF, 'slides.pdf', 'application/pdf')).json()) as DocumentAnswer
    const del = (token: string) => fetch(`${t.url}/api/v1/rooms/${room}/documents/${document.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } })
    expect((await del(member)).status).toBe(403)
    expect((await del(manager)).status).toBe(204)
    const again = await del(manager)
    expect(again.status).toBe(404)
    expect((await errorOf(again)).code).toBe('document_not_found')
    expect((await list(room)).documents).toEqual([])
  })
})

describe('GET /documents/:documentId (the signed link BBB fetches)', () => {
  const linkFor = (documentId: string, now = Date.now() + offsetMs) =>
    createDocumentLinks({ secret: t.service.config.bbb.secret, publicUrl: t.url, ttlSeconds: 60 }).url(documentId, now)

  it('serves the exact bytes with the document’s type through a link the service signed', async () => {
    const room = await newRoom()
    const { document } = (await (await upload(room, manager, PDF, 'slides.pdf', 'application/pdf')).json()) as DocumentAnswer
    const res = await fetch(linkFor(document.id))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true)
  })

  it('refuses an altered link (another document, another expiry, another signature) and a bare one with 403', async () => {
    const room = await newRoom()
    const { document: a } = (await (await upload(room, manager, PDF, 'a.pdf', 'application/pdf')).json()) as DocumentAnswer
    const { document: b } = (await (await upload(room, manager, PDF, 'b.pdf', 'application/pdf')).json()) as DocumentAnswer
    const good = new URL(linkFor(a.id))
    const otherDocument = new URL(good)
    otherDocument.pathname = `/documents/${b.id}`
    const laterExpiry = new URL(good)
    laterExpiry.searchParams.set('expires', String(Number(good.searchParams.get('expires')) + 3600))
    const otherSignature = new URL(good)
    // One character changed in the middle (the last one may already be the replacement, 1 time in 16).
    const signature = good.searchParams.get('signature')!
    otherSignature.searchParams.set('signature', `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`)
    for (const url of [otherDocument, laterExpiry, otherSignature, new URL(`${t.url}/documents/${a.id}`)]) {
      const res = await fetch(url)
      expect(res.status, url.toString()).toBe(403)
      expect((await errorOf(res)).code).toBe('invalid_document_link')
    }
    expect((await fetch(good)).status).toBe(200)
  })

  it('refuses a link once it has expired (the service’s clock moved past its lifetime)', async () => {
    const room = await newRoom()
    const { document } = (await (await upload(room, manager, PDF, 'slides.pdf', 'application/pdf')).json()) as DocumentAnswer
    const link = linkFor(document.id)
    expect((await fetch(link)).status).toBe(200)
    offsetMs += 61_000
    try {
      const res = await fetch(link)
      expect(res.status).toBe(403)
      expect(await errorOf(res)).toMatchObject({ code: 'invalid_document_link', details: { reason: 'expired' } })
    } finally {
      offsetMs -= 61_000
    }
  })

  it('is never a listing: no public route names a room’s documents', async () => {
    const room = await newRoom()
    await upload(room, manager, PDF, 'secret plan.pdf', 'application/pdf')
    for (const path of [`/api/v1/rooms/${room}/documents`, '/documents', '/documents/', `/r/${room}`, `/r/${room}/status.json`]) {
      const res = await fetch(`${t.url}${path}`)
      expect(await res.text(), path).not.toContain('secret plan')
    }
  })
})

describe('slides ready at start', () => {
  async function devPresentations(roomId: string): Promise<Array<{ name: string; current: boolean; state: string; bytes: number; url: string }>> {
    const room = (await t.store.getRoom(roomId))!
    const res = await fetch(`${t.bbbUrl}dev/meetings/${room.meetingId}/presentations`)
    expect(res.status).toBe(200)
    return ((await res.json()) as { presentations: Array<{ name: string; current: boolean; state: string; bytes: number; url: string }> }).presentations
  }

  it('sends the room’s documents with create; BBB fetches each through its signed link; one added while it runs is inserted', async () => {
    const room = await newRoom('Review with slides')
    await upload(room, manager, PDF, 'Quarterly review.pdf', 'application/pdf')
    await upload(room, manager, PNG, 'Org chart.png', 'image/png')
    const join = await fetch(`${t.url}/api/v1/rooms/${room}/join`, { method: 'POST', headers: { authorization: `Bearer ${manager}` } })
    expect(join.status).toBe(200)
    const started = await devPresentations(room)
    expect(started.map((d) => [d.name, d.current, d.state, d.bytes])).toEqual([
      ['Quarterly review.pdf', true, 'ready', PDF.length],
      ['Org chart.png', false, 'ready', PNG.length],
    ])
    for (const d of started) expect(d.url).toMatch(new RegExp(`^${t.service.config.publicUrl}/documents/[\\w-]+\\?expires=\\d+&signature=[\\w-]+$`))

    expect((await upload(room, manager, PDF, 'Budget.pdf', 'application/pdf')).status).toBe(201)
    expect((await devPresentations(room)).map((d) => [d.name, d.current, d.state])).toEqual([
      ['Quarterly review.pdf', true, 'ready'],
      ['Org chart.png', false, 'ready'],
      ['Budget.pdf', false, 'ready'],
    ])
  })

  it('sends create without a body when the room has no documents', async () => {
    const room = await newRoom('No slides')
    expect((await fetch(`${t.url}/api/v1/rooms/${room}/join`, { method: 'POST', headers: { authorization: `Bearer ${manager}` } })).status).toBe(200)
    expect(await devPresentations(room)).toEqual([])
  })
})
