import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The standalone script on someone else's page: another origin (CORS), hostile global CSS, the host's theme
// through custom properties, events to the host, the loader queue, and live status by one stream per space.

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

/** The loader-stub page (no locale: the page's `lang`, fr, decides) with a button and the meetings list. */
function queuedPage(token: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Intranet</title>
<script>
  window.BbbSpaces = { q: [] , init: function () { this.q.push(['init'].concat([].slice.call(arguments))) } }
  BbbSpaces.init({ serviceUrl: '${service.url}', getToken: function () { return '${token}' } })
  var s = document.createElement('script'); s.async = true; s.src = '${service.url}/widget/v1/bbb-spaces.js'
  document.head.appendChild(s)
</script></head>
<body><main><h1>Espace</h1><bbb-meeting-button space="${SPACE}"></bbb-meeting-button>
<div data-bbb-space="${SPACE}"></div></main></body></html>`
}

/** Starts (or finds running) the space's first room through the API, as another person would. */
async function runningMeetingId(): Promise<string> {
  const auth = { Authorization: `Bearer ${await tokenFor('host-starter', 'manager')}` }
  const rooms = (await (await fetch(`${service.url}/api/v1/spaces/${SPACE}/rooms`, { headers: auth })).json()) as { rooms: Array<{ id: string }> }
  const roomId = rooms.rooms[0]!.id
  expect((await fetch(`${service.url}/api/v1/rooms/${roomId}/join`, { method: 'POST', headers: auth })).status).toBe(200)
  return (await service.store.getRoom(roomId))!.meetingId
}

/** A simulated attendee in the development BBB. */
async function addAttendee(meetingId: string, fullName: string): Promise<void> {
  const res = await fetch(`${service.bbbUrl}dev/meetings/${encodeURIComponent(meetingId)}/attendees`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ fullName }),
  })
  expect(res.status).toBeLessThan(300)
}

async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h })
    document.dispatchEvent(new Event('visibilitychange'))
  }, hidden)
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

  it('replays calls queued before the script arrived; one stream per space pushes changes with no rooms request, closed while hidden and resumed with Last-Event-ID', async () => {
    const token = await tokenFor('host-member', 'member')
    const { context, page } = await newUserPage(browser)
    contexts.push(context)
    const listCalls: number[] = []
    const streams: Array<{ at: number; lastEventId: string | null; auth: string | null }> = []
    page.on('request', (req) => {
      if (req.method() !== 'GET') return
      if (req.url().endsWith(`/api/v1/spaces/${SPACE}/rooms`)) listCalls.push(Date.now())
      if (req.url().endsWith(`/api/v1/spaces/${SPACE}/events`)) {
        const h = req.headers()
        streams.push({ at: Date.now(), lastEventId: h['last-event-id'] ?? null, auth: h['authorization'] ?? null })
      }
    })
    hostPages.set('/queued', queuedPage(token))
    await page.goto(`${HOST}/queued`)
    // No locale given: the page's lang (fr) decides.
    const list = page.locator(`div[data-bbb-space="${SPACE}"]`)
    await poll(() => list.getByRole('heading', { name: 'Réunions' }).count()).toBe(1)
    await poll(() => page.locator('bbb-meeting-button').getByRole('button', { name: /^Rejoindre/ }).count()).toBe(1)

    // Two widgets on one space share one stream (token in the header, never in the URL) and one first read.
    await poll(() => streams.length).toBe(1)
    expect(streams[0]!.auth).toBe(`Bearer ${token}`)
    expect(listCalls).toHaveLength(1)

    // Someone joins: the change arrives over the stream, without a single new rooms request.
    const meetingId = await runningMeetingId()
    await addAttendee(meetingId, 'Zoé Poussée')
    await poll(() => list.locator('.bbb-attendees').innerText()).toContain('Zoé Poussée')
    expect(listCalls).toHaveLength(1)
    expect(streams).toHaveLength(1)

    // Hidden: the stream closes and nothing is asked.
    const open = service.service.live.hub.size
    await setHidden(page, true)
    await poll(() => service.service.live.hub.size).toBe(open - 1)
    await addAttendee(meetingId, 'Hugo Caché')
    await page.waitForTimeout(6_000)
    expect(listCalls).toHaveLength(1)
    expect(streams).toHaveLength(1)

    // Visible again: one stream reopens from the last event it saw and gets what it missed, still no rooms read.
    await setHidden(page, false)
    await poll(() => streams.length).toBe(2)
    expect(streams[1]!.lastEventId).toMatch(/^[0-9a-f]+\.\d+$/)
    await poll(() => list.locator('.bbb-attendees').innerText()).toContain('Hugo Caché')
    expect(listCalls).toHaveLength(1)
  }, 45_000)

  it('falls back to polling once per space per interval when the stream cannot be opened', async () => {
    const token = await tokenFor('host-member-2', 'member')
    const { context, page } = await newUserPage(browser)
    contexts.push(context)
    // A proxy that cuts event streams.
    await page.route(`**/api/v1/spaces/${SPACE}/events`, (route) => route.abort())
    const listCalls: number[] = []
    page.on('request', (req) => {
      if (req.method() === 'GET' && req.url().endsWith(`/api/v1/spaces/${SPACE}/rooms`)) listCalls.push(Date.now())
    })
    hostPages.set('/queued-2', queuedPage(token))
    await page.goto(`${HOST}/queued-2`)
    const list = page.locator(`div[data-bbb-space="${SPACE}"]`)
    await poll(() => list.getByRole('heading', { name: 'Réunions' }).count()).toBe(1)
    // Three quick reconnection attempts (0.5 + 1 + 2 s), then a read every 5 s for both widgets together.
    await page.waitForTimeout(4_000)
    const since = Date.now()
    await addAttendee(await runningMeetingId(), 'Paula Sondée')
    await poll(() => list.locator('.bbb-attendees').innerText(), { timeout: 15_000 }).toContain('Paula Sondée')
    await page.waitForTimeout(Math.max(0, since + 11_000 - Date.now()))
    const polled = listCalls.filter((t) => t >= since).length
    expect(polled).toBeGreaterThanOrEqual(2)
    expect(polled).toBeLessThanOrEqual(3)
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
