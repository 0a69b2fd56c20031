import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The standalone script on someone else's page: another origin (CORS), hostile global CSS, the host's theme
// through custom properties, events to the host, the loader queue, and a quiet poll.

const SPACE = 'ext-space'
/** Page loads and first answers take a few seconds on a busy 2-core machine. */
const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 10_000, ...options })

let browser: Browser
let service: TestService
const contexts: BrowserContext[] = []
/** The host platform: another origin on loopback (Chrome refuses public-to-loopback requests). */
let hostServer: Server
let HOST: string
/** What the host serves next, per path. */
const hostPages = new Map<string, string>()

beforeAll(async () => {
  hostServer = createServer((req, res) => {
    const body = hostPages.get(req.url ?? '')
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' }).end(body ?? 'not found')
  })
  await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve))
  HOST = `http://localhost:${(hostServer.address() as AddressInfo).port}`
  ;[browser, service] = await Promise.all([launchBrowser(), startTestService({ allowedOrigins: [HOST] })])
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await service?.close()
  await new Promise((resolve) => hostServer?.close(resolve))
})

const HOSTILE_CSS = `
* { all: unset !important; }
html, body, div, p, main, section { display: block !important; }
button, [role=button] { display: none !important; }
:root { --bbb-spaces-accent: rgb(120, 20, 90); font: 40px/3 fantasy !important; color: rgb(0, 200, 0) !important; }
.bbb-btn, .bbb-root, dialog { display: none !important; color: red !important; }
p { color: rgb(1, 2, 3) !important; }
`

/** Serves a host page on another origin; `body` is its HTML body, `head` extra head markup. */
async function hostPage(html: { head?: string; body: string }): Promise<Page> {
  const { context, page } = await newUserPage(browser)
  contexts.push(context)
  hostPages.set(
    '/hostile',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title>${html.head ?? ''}</head>
<body><main>${html.body}</main></body></html>`,
  )
  await page.goto(`${HOST}/hostile`)
  return page
}

async function tokenFor(sub: string, role: 'manager' | 'member'): Promise<string> {
  return service.mintToken({ sub, name: `User ${sub}`, spaces: { [SPACE]: role } })
}

describe('the standalone script on a host page of another origin', () => {
  it('works under hostile global CSS, takes the host theme, leaks no style, and tells the host what happened', async () => {
    const token = await tokenFor('host-manager', 'manager')
    const page = await hostPage({
      head: `<style>${HOSTILE_CSS}</style>`,
      body: `<p id="host-text">Host text</p><button id="host-button">Host button</button>
<div data-bbb-space="${SPACE}"></div>
<script>
  window.events = []
  document.addEventListener('bbb-spaces:joined', (e) => events.push(['joined', e.detail]))
  document.addEventListener('bbb-spaces:ready', (e) => events.push(['ready', e.detail]))
</script>
<script src="${service.url}/widget/v1/bbb-spaces.js"></script>
<script>BbbSpaces.init({ serviceUrl: '${service.url}', getToken: () => Promise.resolve('${token}'), locale: 'en' })</script>`,
    })
    const widget = page.locator(`div[data-bbb-space="${SPACE}"]`)
    const start = widget.getByRole('button', { name: /^Start a meeting/ })
    await poll(() => start.count()).toBe(1)
    expect(await start.isVisible()).toBe(true)
    const look = await start.evaluate((el) => {
      const s = getComputedStyle(el)
      return { background: s.backgroundColor, color: s.color, font: s.fontFamily, size: s.fontSize }
    })
    expect(look.background).toBe('rgb(120, 20, 90)')
    expect(look.color).toBe('rgb(255, 255, 255)')
    expect(look.size).not.toBe('40px')
    expect(look.font).not.toContain('fantasy')
    // The widget's styles stay inside: the host's own elements keep the host's (odd) rules.
    expect(await page.locator('#host-button').isVisible()).toBe(false)
    expect(await page.locator('#host-text').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(1, 2, 3)')
    expect(await page.evaluate(() => (window as unknown as { BbbSpaces: { fingerprint: string } }).BbbSpaces.fingerprint)).toMatch(
      /^[0-9a-f]{7,}@\d{4}-\d{2}-\d{2}$|^unknown@/,
    )
    expect(await axeViolations(page, { widgetOnly: true })).toEqual([])

    const [tab] = await Promise.all([page.context().waitForEvent('page'), start.click()])
    await tab.waitForURL(/\/bigbluebutton\/client/)
    await poll(() => tab.locator('#bbb-dev-user-role').textContent()).toContain('MODERATOR')
    const events = (await page.evaluate(() => (window as unknown as { events: unknown[] }).events)) as Array<[string, Record<string, unknown>]>
    expect(events.map((e) => e[0])).toEqual(['ready', 'joined'])
    expect(events[1]![1]).toMatchObject({ spaceId: SPACE, role: 'MODERATOR' })
  })

  it('replays calls queued before the script arrived, and polls once per space per interval, not while hidden', async () => {
    const token = await tokenFor('host-member', 'member')
    const { context, page } = await newUserPage(browser)
    contexts.push(context)
    const listCalls: number[] = []
    page.on('request', (req) => {
      if (req.method() === 'GET' && req.url().endsWith(`/api/v1/spaces/${SPACE}/rooms`)) listCalls.push(Date.now())
    })
    hostPages.set(
      '/queued',
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Intranet</title>
<script>
  window.BbbSpaces = { q: [] , init: function () { this.q.push(['init'].concat([].slice.call(arguments))) } }
  BbbSpaces.init({ serviceUrl: '${service.url}', getToken: function () { return '${token}' } })
  var s = document.createElement('script'); s.async = true; s.src = '${service.url}/widget/v1/bbb-spaces.js'
  document.head.appendChild(s)
</script></head>
<body><main><h1>Espace</h1><bbb-meeting-button space="${SPACE}"></bbb-meeting-button>
<div data-bbb-space="${SPACE}"></div></main></body></html>`,
    )
    await page.goto(`${HOST}/queued`)
    // No locale given: the page's lang (fr) decides.
    await poll(() => page.locator(`div[data-bbb-space="${SPACE}"]`).getByRole('heading', { name: 'Réunions' }).count()).toBe(1)
    await poll(() => page.locator('bbb-meeting-button').getByRole('button', { name: /^Rejoindre/ }).count()).toBe(1)

    // Two widgets on one space share one poll: about one request per 5 s, not two.
    const since = Date.now()
    await page.waitForTimeout(11_000)
    const visible = listCalls.filter((t) => t >= since).length
    expect(visible).toBeGreaterThanOrEqual(1)
    expect(visible).toBeLessThanOrEqual(3)

    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    const hiddenSince = Date.now()
    await page.waitForTimeout(6_000)
    expect(listCalls.filter((t) => t >= hiddenSince).length).toBe(0)

    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false })
      document.dispatchEvent(new Event('visibilitychange'))
    })
    await poll(() => listCalls.filter((t) => t >= hiddenSince).length).toBe(1)
  }, 45_000)

  it('opens the meeting in the same tab when the host asks for it', async () => {
    const token = await tokenFor('host-same-tab', 'manager')
    const page = await hostPage({
      body: `<bbb-meeting-button space="${SPACE}" open-in="same-tab"></bbb-meeting-button>
<script src="${service.url}/widget/v1/bbb-spaces.js"></script>
<script>BbbSpaces.init({ serviceUrl: '${service.url}', getToken: () => '${token}' })</script>`,
    })
    const button = page.locator('bbb-meeting-button').getByRole('button', { name: /^(Start a meeting|Join)/ })
    await poll(() => button.count()).toBe(1)
    const pagesBefore = page.context().pages().length
    await button.click()
    await page.waitForURL(/\/bigbluebutton\/client/)
    expect(page.context().pages().length).toBe(pagesBefore)
    await poll(() => page.locator('#bbb-dev-user-role').textContent()).toContain('MODERATOR')
  })
})
