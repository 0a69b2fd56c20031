import { existsSync, readFileSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { startTestService, type TestService } from './service.js'

/** Debian's Chromium; no browser download is possible on the project's machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const AXE_PATH = new URL('../../node_modules/axe-core/axe.min.js', import.meta.url).pathname

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]

/** Launches headless Chromium with the agreed flags (one per test file; close it in `afterAll`). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`)
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/** A fresh context (its own storage, like another person's browser) and a page in it. */
export async function newUserPage(browser: Browser, options: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB', viewport: { width: 1200, height: 900 } })
  // Fail fast on a missing element instead of Playwright's 30 s (the test's own timeout is 30 s).
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error('[page error]', err.message))
  page.on('console', (msg) => {
    if (msg.type() === 'error' && (process.env.DEBUG_BROWSER || msg.text().startsWith('[bbb-spaces]'))) console.error('[widget]', msg.text())
  })
  return { context, page }
}

/** The demo host page as one persona (`manager`, `member`, `external`, `admin`), in one language and space. */
export function demoUrl(base: string, persona: string, options: { lang?: 'fr' | 'en'; space?: string } = {}): string {
  const p = new URLSearchParams({ as: persona, lang: options.lang ?? 'en' })
  if (options.space) p.set('space', options.space)
  return `${base}/?${p}`
}

/**
 * Runs axe-core in the page (it walks open shadow roots) and returns the violations as `rule: target` strings;
 * `widgetOnly` keeps those inside the widget's shadow roots (targets that cross a shadow boundary).
 */
export async function axeViolations(page: Page, options: { widgetOnly?: boolean } = {}): Promise<string[]> {
  const loaded = await page.evaluate(() => 'axe' in window)
  // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not block it.
  if (!loaded) await page.evaluate(`${readFileSync(AXE_PATH, 'utf8')};0`)
  const found = await page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }> }
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<Result> } }).axe
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.flatMap((v) => v.nodes.map((n) => ({ id: v.id, target: n.target })))
  })
  return found
    .filter((v) => !options.widgetOnly || v.target.some((part) => Array.isArray(part)))
    .map((v) => `${v.id}: ${JSON.stringify(v.target)}`)
}

/**
 * One browser and one demo-mode service for a test file (started before its tests, closed after), and
 * `openAs(persona)`: a fresh user's page on the demo platform, in that persona, space and language.
 */
export function demoSession(): {
  readonly service: TestService
  openAs(persona: string, options?: { space?: string; lang?: 'en' | 'fr' }): Promise<Page>
} {
  let browser: Browser | undefined
  let service: TestService | undefined
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    ;[browser, service] = await Promise.all([launchBrowser(), startTestService({ demo: true })])
  })
  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})))
    await browser?.close()
    await service?.close()
  })
  return {
    get service() {
      if (!service) throw new Error('demoSession: the service starts in beforeAll')
      return service
    },
    async openAs(persona, options = {}) {
      const lang = options.lang ?? 'en'
      const { context, page } = await newUserPage(browser!, { locale: lang === 'fr' ? 'fr-FR' : 'en-GB' })
      contexts.push(context)
      await page.goto(demoUrl(service!.url, persona, { lang, ...(options.space ? { space: options.space } : {}) }))
      return page
    },
  }
}
