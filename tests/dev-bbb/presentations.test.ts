import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { modulesXml } from '../../server/bbb/index.js'
import { parseXml, startDev, type Dev, type Loose } from './helpers.js'

const PDF = readFileSync(new URL('../fixtures/documents/slides.pdf', import.meta.url))

// Where the documents are: a stand-in for the service's signed links (PDF at /slides.pdf, 404 elsewhere).
let files: Server
let filesUrl: string
const fetched: string[] = []
beforeAll(async () => {
  files = createServer((req, res) => {
    fetched.push(req.url ?? '')
    if (req.url?.startsWith('/slides.pdf')) res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF)
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve))
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => files.close(resolve))
})

let dev: Dev
afterEach(async () => {
  await dev?.close()
})

async function post(d: Dev, call: string, params: Record<string, string>, body: string, type = 'application/xml'): Promise<Loose> {
  const res = await fetch(d.signed(call, params), { method: 'POST', headers: { 'content-type': type }, body })
  return parseXml(await res.text())
}

async function presentations(d: Dev, meetingID: string): Promise<Loose[]> {
  const res = await fetch(`${d.url}dev/meetings/${meetingID}/presentations`)
  return ((await res.json()) as { presentations: Loose[] }).presentations
}

describe('create as POST with the presentation module', () => {
  it('fetches each document from its URL, as BBB does, and keeps its name, size and whether it is current', async () => {
    dev = await startDev()
    const body = modulesXml({
      presentation: [
        { url: `${filesUrl}/slides.pdf?expires=1&signature=abc`, filename: 'Quarterly review.pdf', downloadable: false, current: true },
        { url: `${filesUrl}/gone/missing.pdf` },
      ],
    })
    const created = await post(dev, 'create', { meetingID: 'pres-1', name: 'With slides' }, body)
    expect(created.returncode).toBe('SUCCESS')
    expect(await presentations(dev, 'pres-1')).toEqual([
      expect.objectContaining({ name: 'Quarterly review.pdf', current: true, downloadable: false, state: 'ready', bytes: PDF.length, contentType: 'application/pdf' }),
      expect.objectContaining({ name: 'missing.pdf', current: false, state: 'failed', error: 'HTTP 404' }),
    ])
    expect(fetched).toContain('/slides.pdf?expires=1&signature=abc')
  })

  it('refuses a modules body with a content type bbb-web does not take for create', async () => {
    dev = await startDev()
    const body = modulesXml({ presentation: [{ url: `${filesUrl}/slides.pdf` }] })
    const answer = await post(dev, 'create', { meetingID: 'pres-2', name: 'x' }, body, 'text/plain')
    expect(answer).toMatchObject({ returncode: 'FAILED', messageKey: 'unsupportedContentType' })
  })

  it('adds a document to a running meeting by insertDocument, and shows every name on the client page', async () => {
    dev = await startDev()
    await post(dev, 'create', { meetingID: 'pres-3', name: 'Review' }, modulesXml({ presentation: [{ url: `${filesUrl}/slides.pdf`, filename: 'Agenda.pdf', current: true }] }))
    const inserted = await post(dev, 'insertDocument', { meetingID: 'pres-3' }, modulesXml({ presentation: [{ url: `${filesUrl}/slides.pdf`, filename: 'Budget & plan.pdf', current: false }] }))
    expect(inserted.returncode).toBe('SUCCESS')
    const list = await presentations(dev, 'pres-3')
    expect(list.map((d: Loose) => [d.name, d.current, d.state])).toEqual([['Agenda.pdf', true, 'ready'], ['Budget & plan.pdf', false, 'ready']])
    const joined = await dev.call('join', { meetingID: 'pres-3', fullName: 'Ann', role: 'MODERATOR', redirect: false })
    const html = await (await fetch(`${dev.url}client?sessionToken=${joined.session_token}`)).text()
    expect(html).toContain('<li data-state="ready" data-current="true">Agenda.pdf (current) — ready</li>')
    expect(html).toContain('Budget &amp; plan.pdf — ready')
    const state = (await (await fetch(`${dev.url}client/state?sessionToken=${joined.session_token}`)).json()) as Loose
    expect(state.presentations).toEqual([{ name: 'Agenda.pdf', current: true, state: 'ready' }, { name: 'Budget & plan.pdf', current: false, state: 'ready' }])
  })

  it('answers insertDocument on an unknown meeting with notFound', async () => {
    dev = await startDev()
    const answer = await post(dev, 'insertDocument', { meetingID: 'nope' }, modulesXml({ presentation: [{ url: `${filesUrl}/slides.pdf` }] }))
    expect(answer).toMatchObject({ returncode: 'FAILED', messageKey: 'notFound' })
  })
})
