import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The video service goes down, or the service itself cannot be reached, while people have the widget open, then
// comes back: the widget says so once, calmly, in a live region, greys the actions without the last known counts,
// keeps retrying on its own, and recovers without a page reload.

const SPACE = 'outage-space'
const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options })

let browser: Browser
let service: TestService
let hostServer: Server
let HOST: string
const contexts: BrowserContext[] = []
const pages = new Map<string, string>()

beforeAll(async () => {
  hostServer = createServer((req, res) => {
    const body = pages.get(req.url ?? '')
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' }).end(body ?? 'not found')
  })
  await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve))
  HOST = `http://localhost:${(hostServer.address() as AddressInfo).port}`
  ;[browser, service] = await Promise.all([launchBrowser(), startTestService({ allowedOrigins: [HOST] })])
})

afterAll(async () => {
  await setFault('none').catch(() => {})
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await service?.close()
  await new Promise((resolve) => hostServer?.close(resolve))
})

async function setFault(mode: 'down' | 'none'): Promise<void> {
  const res = await fetch(`${service.bbbUrl}dev/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ mode }),
  })
  expect(res.status).toBe(200)
}

/** A host page in `lang`; the room list is read again every 3 s so the test does not wait a minute. */
async function hostPage(lang: 'en' | 'fr', sub: string): Promise<Page> {
  const token = await service.mintToken({ sub, name: sub, spaces: { [SPACE]: 'manager' } })
  pages.set(
    `/${lang}`,
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Intranet</title></head>
<body><main><div data-bbb-space="${SPACE}"></div></main>
<script src="${service.url}/widget/v1/bbb-spaces.js"></script>
<script>window.loadedOnce = Math.random()
BbbSpaces.init({ serviceUrl: '${service.url}', getToken: () => '${token}', resyncIntervalMs: 3000 })</script></body></html>`,
  )
  const { context, page } = await newUserPage(browser, { locale: lang === 'fr' ? 'fr-FR' : 'en-GB' })
  contexts.push(context)
  await page.goto(`${HOST}/${lang}`)
  return page
}

const outage = (page: Page) => page.locator(`div[data-bbb-space="${SPACE}"] [data-bbb-outage]`)
const widget = (page: Page) => page.locator(`div[data-bbb-space="${SPACE}"]`)

/** One message and nothing else to act on: no alert, every action greyed, no stale "Join (N in)". */
async function expectCalmOutage(page: Page): Promise<void> {
  expect(await widget(page).getByRole('alert').count()).toBe(0)
  expect(await widget(page).locator('.bbb-error').count()).toBe(0)
  const buttons = widget(page).getByRole('button')
  expect(await buttons.count()).toBeGreaterThan(0)
  for (const b of await buttons.all()) expect(await b.isDisabled()).toBe(true)
  expect(await widget(page).innerText()).not.toMatch(/\(\d+ (in|présents?)\)|in progress|en cours/)
}

describe('the widget during a video service outage', () => {
  it('announces the outage in its language while BBB is down and recovers by itself when it returns', async () => {
    const [en, fr] = await Promise.all([hostPage('en', 'out-en'), hostPage('fr', 'out-fr')])
    await poll(() => en.locator(`div[data-bbb-space="${SPACE}"]`).getByRole('button', { name: /^Start a meeting/ }).count()).toBe(1)
    await poll(() => fr.locator(`div[data-bbb-space="${SPACE}"]`).getByRole('button', { name: /^Démarrer une réunion/ }).count()).toBe(1)
    expect(await outage(en).textContent()).toBe('')
    const marks = await Promise.all([en, fr].map((p) => p.evaluate(() => (window as unknown as { loadedOnce: number }).loadedOnce)))

    await setFault('down')
    // The service keeps its last view of BBB for two status intervals, then answers 503 bbb_unavailable.
    await poll(() => outage(en).textContent(), { timeout: 40_000 }).toBe('Video service unavailable, retrying…')
    await poll(() => outage(fr).textContent(), { timeout: 10_000 }).toBe('Service de visioconférence indisponible, nouvel essai…')
    expect(await outage(en).getAttribute('role')).toBe('status')
    await expectCalmOutage(en)
    await expectCalmOutage(fr)
    expect(await axeViolations(en, { widgetOnly: true })).toEqual([])

    await setFault('none')
    await poll(() => outage(en).textContent(), { timeout: 40_000 }).toBe('')
    await poll(() => outage(fr).textContent(), { timeout: 10_000 }).toBe('')
    // The same page, never reloaded, works again: a click starts a meeting.
    expect(await Promise.all([en, fr].map((p) => p.evaluate(() => (window as unknown as { loadedOnce: number }).loadedOnce)))).toEqual(marks)
    const start = en.locator(`div[data-bbb-space="${SPACE}"]`).getByRole('button', { name: /^Start a meeting/ })
    const [tab] = await Promise.all([en.context().waitForEvent('page'), start.click()])
    await tab.waitForURL(/\/bigbluebutton\/client/, { timeout: 15_000 })
    await poll(() => tab.locator('#bbb-dev-user-role').textContent()).toContain('MODERATOR')
  }, 120_000)

  it('says once that the service cannot be reached, hides the stale count of a running meeting, and recovers', async () => {
    const [en, fr] = await Promise.all([hostPage('en', 'net-en'), hostPage('fr', 'net-fr')])
    // A meeting runs: both see it with its count.
    const boss = await service.mintToken({ sub: 'net-boss', name: 'Boss', spaces: { [SPACE]: 'manager' } })
    const [room] = ((await (await fetch(`${service.url}/api/v1/spaces/${SPACE}/rooms`, { headers: { Authorization: `Bearer ${boss}` } })).json()) as { rooms: Array<{ id: string; name: string }> }).rooms
    const joined = await fetch(`${service.url}/api/v1/rooms/${room!.id}/join`, { method: 'POST', headers: { Authorization: `Bearer ${boss}` } })
    expect(joined.status).toBe(200)
    expect((await fetch(((await joined.json()) as { joinUrl: string }).joinUrl)).ok).toBe(true)
    await poll(() => widget(en).getByRole('button', { name: /^Join \(1 in\)/ }).count(), { timeout: 20_000 }).toBe(1)
    await poll(() => widget(fr).getByRole('button', { name: /^Rejoindre \(1 présents\)/ }).count(), { timeout: 20_000 }).toBe(1)

    // The service goes away for these two browsers.
    await Promise.all([en, fr].map((p) => p.route(`${service.url}/api/**`, (route) => route.abort('connectionrefused'))))
    await poll(() => outage(en).textContent(), { timeout: 40_000 }).toBe('The meeting service cannot be reached right now. Retrying…')
    await poll(() => outage(fr).textContent(), { timeout: 40_000 }).toBe('Le service de réunions est injoignable pour le moment. Nouvel essai…')
    await expectCalmOutage(en)
    await expectCalmOutage(fr)
    expect(await widget(en).getByRole('button', { name: `Join — ${room!.name}` }).isDisabled()).toBe(true)
    expect(await axeViolations(en, { widgetOnly: true })).toEqual([])
    expect(await axeViolations(fr, { widgetOnly: true })).toEqual([])

    // Back: the live count and working buttons return by themselves.
    await Promise.all([en, fr].map((p) => p.unroute(`${service.url}/api/**`)))
    await poll(() => outage(en).textContent(), { timeout: 40_000 }).toBe('')
    await poll(() => widget(en).getByRole('button', { name: /^Join \(1 in\)/ }).isEnabled(), { timeout: 10_000 }).toBe(true)
    await poll(() => outage(fr).textContent(), { timeout: 40_000 }).toBe('')
    await fetch(`${service.url}/api/v1/rooms/${room!.id}/end`, { method: 'POST', headers: { Authorization: `Bearer ${boss}` } })
  }, 120_000)
})
