import { readFileSync } from 'node:fs'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// A room's slides in the widget: a manager uploads a PDF in the room dialog, starts the meeting, and the BBB client
// (the development one) shows the document; members get no slides UI; refusals are said in words.

const SPACE = 'docs-widget-space'
const MAX_BYTES = 4096
const PDF = readFileSync(new URL('../fixtures/documents/slides.pdf', import.meta.url))
const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options })

let browser: Browser
let service: TestService
let roomId: string
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[browser, service] = await Promise.all([launchBrowser(), startTestService({ env: { DOCUMENT_MAX_BYTES: String(MAX_BYTES) } })])
  const boss = await token('docs-boss', 'manager')
  const created = await fetch(`${service.url}/api/v1/spaces/${SPACE}/rooms`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${boss}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Board meeting' }),
  })
  expect(created.status).toBe(201)
  roomId = ((await created.json()) as { room: { id: string } }).room.id
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await service?.close()
})

function token(sub: string, role: 'manager' | 'member'): Promise<string> {
  return service.mintToken({ sub, name: sub, spaces: { [SPACE]: role } })
}

async function open(sub: string, role: 'manager' | 'member', locale: 'en' | 'fr' = 'en'): Promise<Page> {
  const t = await token(sub, role)
  const { context, page } = await newUserPage(browser, { locale: locale === 'fr' ? 'fr-FR' : 'en-GB' })
  contexts.push(context)
  await page.goto(`${service.url}/widget/v1/bbb-spaces.js`)
  await page.setContent(`<!doctype html><html lang="${locale}"><head><title>Host</title></head><body><main>
<div data-bbb-space="${SPACE}"></div></main></body></html>`)
  await page.addScriptTag({ url: `${service.url}/widget/v1/bbb-spaces.js` })
  await page.evaluate(([tk, lang]) => (window as unknown as { BbbSpaces: { init(o: unknown): void } }).BbbSpaces.init({ getToken: () => tk, locale: lang }), [t, locale])
  return page
}

const space = (page: Page): Locator => page.locator(`div[data-bbb-space="${SPACE}"]`)

async function openSlides(page: Page, settings: string): Promise<Locator> {
  await poll(() => space(page).getByRole('button', { name: `${settings} — Board meeting` }).count()).toBe(1)
  await space(page).getByRole('button', { name: `${settings} — Board meeting` }).click()
  // The room dialog's settings are in collapsible groups: open "Slides".
  await space(page).getByRole('dialog').locator('[data-bbb-group="slides"] > summary').click()
  const slides = space(page).getByRole('dialog').locator('[data-bbb-documents]')
  await poll(() => slides.locator('input[type="file"]').count()).toBe(1)
  return slides
}

describe('slides in the room dialog', () => {
  it('a manager uploads a PDF, starts the meeting, and the BBB client shows it; refusals are said in words', async () => {
    const manager = await open('docs-boss', 'manager')
    const slides = await openSlides(manager, 'Settings')
    expect(await slides.getByRole('heading', { name: 'Slides' }).count()).toBe(1)
    expect(await axeViolations(manager, { widgetOnly: true })).toEqual([])

    await slides.getByLabel('Add a file').setInputFiles({ name: 'Quarterly review.pdf', mimeType: 'application/pdf', buffer: PDF })
    await poll(() => slides.locator('[data-bbb-document]').allInnerTexts()).toEqual([expect.stringContaining('Quarterly review.pdf')])
    expect(await slides.getByRole('button', { name: 'Delete — Quarterly review.pdf' }).count()).toBe(1)

    // A type rooms do not take: the service refuses it, the dialog says why.
    await slides.getByLabel('Add a file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not slides') })
    await poll(() => slides.getByRole('alert').innerText()).toBe(
      'This type of file cannot be used as slides: choose a PDF, ODP, PPTX, DOCX, PNG or JPEG file.',
    )
    // Over the cap: said at once, nothing sent.
    await slides.getByLabel('Add a file').setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]) })
    await poll(() => slides.getByRole('alert').innerText()).toBe("This file is too large for a room's slides.")
    expect(await axeViolations(manager, { widgetOnly: true })).toEqual([])
    expect(await slides.locator('[data-bbb-document]').count()).toBe(1)

    // Start: the new tab is BBB's client, which fetched the document through its signed link.
    await manager.keyboard.press('Escape')
    await poll(() => space(manager).getByRole('dialog').count()).toBe(0)
    const [tab] = await Promise.all([manager.context().waitForEvent('page'), space(manager).locator(`[data-bbb-room="${roomId}"]`).getByRole('button', { name: /^Start a meeting/ }).click()])
    await tab.waitForURL(/\/bigbluebutton\/client/, { timeout: 15_000 })
    await poll(() => tab.locator('#bbb-dev-presentations li').allInnerTexts(), { timeout: 15_000 }).toEqual(['Quarterly review.pdf (current) — ready'])
    await tab.close()
  }, 60_000)

  it('shows a member no slides and no way to upload; the service refuses a member’s upload', async () => {
    const member = await open('docs-member', 'member')
    await poll(() => space(member).getByRole('heading', { name: 'Board meeting' }).count()).toBe(1)
    expect(await space(member).getByRole('button', { name: 'Settings — Board meeting' }).count()).toBe(0)
    expect(await space(member).locator('[data-bbb-documents], input[type="file"]').count()).toBe(0)
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'sneaky.pdf')
    const res = await fetch(`${service.url}/api/v1/rooms/${roomId}/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await token('docs-member', 'member')}` },
      body: form,
    })
    expect(res.status).toBe(403)
  })

  it('has no accessibility violation in French, with the words in French', async () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), 'Ordre du jour.pdf')
    const added = await fetch(`${service.url}/api/v1/rooms/${roomId}/documents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await token('docs-boss-fr', 'manager')}` },
      body: form,
    })
    expect(added.status).toBe(201)
    const manager = await open('docs-boss-fr', 'manager', 'fr')
    const slides = await openSlides(manager, 'Paramètres')
    expect(await slides.getByRole('heading', { name: 'Diapositives' }).count()).toBe(1)
    await poll(() => slides.getByRole('button', { name: 'Supprimer — Ordre du jour.pdf' }).count()).toBe(1)
    expect(await axeViolations(manager, { widgetOnly: true })).toEqual([])
    await slides.getByLabel('Ajouter un fichier').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') })
    await poll(() => slides.getByRole('alert').innerText()).toBe(
      'Ce type de fichier ne peut pas servir de diapositives : choisissez un fichier PDF, ODP, PPTX, DOCX, PNG ou JPEG.',
    )
    expect(await axeViolations(manager, { widgetOnly: true })).toEqual([])
  }, 60_000)
})
