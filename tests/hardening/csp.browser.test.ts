import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// The demo opened over plain http from another machine (`http://<server>:8080/`): the browser must load the page's
// own CSS and JS over http. `demo.example` resolves to the test service here; for Chromium it is not localhost, so
// `upgrade-insecure-requests` would really send those fetches to https.
const HOST_NAME = 'demo.example'

let browser: Browser
let plain: TestService
let secure: TestService

beforeAll(async () => {
  ;[browser, plain, secure] = await Promise.all([
    chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST_NAME} 127.0.0.1`] }),
    startTestService({ demo: true }),
    startTestService({ env: { PUBLIC_URL: 'https://meet.example.org' } }),
  ])
})

afterAll(async () => {
  await browser?.close()
  await Promise.all([plain?.close(), secure?.close()])
})

describe('Content-Security-Policy and plain http', () => {
  it('does not upgrade the demo page’s CSS and JS to https when PUBLIC_URL is http', async () => {
    const port = new URL(plain.url).port
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const failed: string[] = []
      page.on('requestfailed', (r) => failed.push(r.url()))
      const fetched: string[] = []
      page.on('request', (r) => fetched.push(r.url()))
      const res = await page.goto(`http://${HOST_NAME}:${port}/?as=manager&lang=en`)
      expect(res?.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests')
      // demo.js ran (it fills the space list) and demo.css applied (the header bar is not transparent).
      await page.locator('#spaces li').first().waitFor({ timeout: 10_000 })
      const background = await page.locator('header.top').evaluate((el) => getComputedStyle(el).backgroundColor)
      expect(background).not.toBe('rgba(0, 0, 0, 0)')
      expect(await page.evaluate(() => typeof (window as unknown as { BbbSpaces?: unknown }).BbbSpaces)).toBe('object')
      expect(fetched.filter((u) => u.startsWith('https:'))).toEqual([])
      expect(failed).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('asks browsers to upgrade insecure requests when PUBLIC_URL is https', async () => {
    const res = await fetch(`${secure.url}/healthz`)
    expect(res.headers.get('content-security-policy')).toContain('upgrade-insecure-requests')
  })
})
