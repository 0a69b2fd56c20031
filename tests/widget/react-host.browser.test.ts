import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser, newUserPage } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// A React host app imports the *built* ESM entry of the widget package (`bbb-spaces-widget`), bundles it with
// its own React, and runs it in Chromium on its own origin. (packaged.browser.test.ts installs the packed
// tarball instead and checks the package's exports resolve to that entry.)

const ROOT = new URL('../..', import.meta.url).pathname
const WORK = `${ROOT}node_modules/.cache/bbb-spaces-react-host-${process.pid}`
const SPACE = 'react-space'

let browser: Browser
let service: TestService
let hostServer: Server
let host: string
let bundle = ''

beforeAll(async () => {
  hostServer = createServer((req, res) => {
    if (req.url === '/app.js') res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle)
    // Chunks the host's bundler split off (the widget loads its recordings and admin console lazily).
    else if (/^\/[\w.-]+\.js$/.test(req.url ?? '') && existsSync(`${WORK}/out${req.url}`)) {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(readFileSync(`${WORK}/out${req.url}`))
    } else res.writeHead(200, { 'Content-Type': 'text/html' }).end(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>React host</title></head>' +
        '<body><main><h1>React host</h1><div id="app"></div></main><script type="module" src="/app.js"></script></body></html>',
    )
  })
  await new Promise<void>((resolve) => hostServer.listen(0, '127.0.0.1', resolve))
  host = `http://localhost:${(hostServer.address() as AddressInfo).port}`
  ;[browser, service] = await Promise.all([launchBrowser(), startTestService({ allowedOrigins: [host] })])
})

afterAll(async () => {
  rmSync(WORK, { recursive: true, force: true })
  await browser?.close()
  await service?.close()
  await new Promise((resolve) => hostServer?.close(resolve))
})

describe('the ESM entry in a React host', () => {
  it('renders SpaceMeetings in a shadow root under the host’s React, with its scheduled meetings, and starts a meeting on click', async () => {
    const token = await service.mintToken({ sub: 'react-manager', name: 'Rea Manager', spaces: { [SPACE]: 'manager' } })
    mkdirSync(WORK, { recursive: true })
    writeFileSync(
      `${WORK}/entry.js`,
      `import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'
import { BbbSpacesProvider, SpaceMeetings } from 'bbb-spaces-widget'
window.events = []
createRoot(document.getElementById('app')).render(
  h(BbbSpacesProvider, { serviceUrl: ${JSON.stringify(service.url)}, getToken: async () => ${JSON.stringify(token)}, locale: 'en',
    onEvent: (name, detail) => window.events.push([name, detail]) },
    h(SpaceMeetings, { spaceId: ${JSON.stringify(SPACE)}, title: 'Our meetings' })))
`,
    )
    await build({
      configFile: false,
      logLevel: 'silent',
      mode: 'production',
      root: WORK,
      define: { 'process.env.NODE_ENV': '"production"' },
      // The host's bundler resolves the package by name, as a host's node_modules would.
      // dist/widget/esm holds the same files as the package's widget/dist/esm, and is swapped in atomically (the
      // packaged test rebuilds the package meanwhile).
      resolve: { alias: { 'bbb-spaces-widget': `${ROOT}dist/widget/esm/bbb-spaces-react.js` } },
      build: { outDir: `${WORK}/out`, emptyOutDir: true, minify: false, lib: { entry: `${WORK}/entry.js`, formats: ['es'], fileName: () => 'app.js' } },
    })
    bundle = readFileSync(`${WORK}/out/app.js`, 'utf8')

    // A scheduled meeting: React hosts get the list (and its dialogs) as a lazy chunk of the ESM entry.
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }
    const rooms = (await (await fetch(`${service.url}/api/v1/spaces/${SPACE}/rooms`, { headers: auth })).json()) as { rooms: Array<{ id: string }> }
    const planned = await fetch(`${service.url}/api/v1/rooms/${rooms.rooms[0]!.id}/meetings`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'React review', start: new Date(Date.now() + 24 * 3600_000).toISOString() }),
    })
    expect(planned.status).toBe(201)

    const { context, page } = await newUserPage(browser)
    try {
      await page.goto(`${host}/`)
      const start = page.locator('#app').getByRole('button', { name: /^Start a meeting/ })
      await expect.poll(() => start.count(), { timeout: 10_000 }).toBe(1)
      expect(await page.locator('#app [data-bbb-spaces-host]').evaluate((el) => el.shadowRoot !== null)).toBe(true)
      expect(await page.locator('#app').getByRole('heading', { name: 'Our meetings' }).count()).toBe(1)
      expect(await axeViolations(page)).toEqual([])
      await expect.poll(() => page.locator('#app [data-bbb-upcoming] li').innerText(), { timeout: 10_000 }).toContain('React review')
      await page.locator('#app').getByRole('button', { name: 'Edit — React review' }).click()
      await expect.poll(() => page.locator('#app').getByRole('dialog', { name: 'Edit the meeting' }).count()).toBe(1)
      await page.keyboard.press('Escape')
      await expect.poll(() => page.locator('#app').getByRole('dialog').count()).toBe(0)
      const [tab] = await Promise.all([context.waitForEvent('page'), start.click()])
      await tab.waitForURL(/\/bigbluebutton\/client/)
      await expect.poll(() => tab.locator('#bbb-dev-user-role').textContent()).toContain('MODERATOR')
      const events = (await page.evaluate(() => (window as unknown as { events: Array<[string]> }).events)).map((e) => e[0])
      expect(events).toContain('joined')
    } finally {
      await context.close()
    }
  })
})
