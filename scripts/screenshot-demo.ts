// Takes the README's screenshot (docs/screenshots/demo.png): the demo platform in Chromium, a space manager's view
// with a meeting running. Run with `npm run docs:screenshot` after `npm run build:widget`.
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { loadConfig } from '../server/config.js'
import { createLogger } from '../server/log.js'
import { startService } from '../server/service.js'

const OUT = fileURLToPath(new URL('../docs/screenshots/demo.png', import.meta.url))
const SPACE = 'team-alpha'

const config = loadConfig({ PORT: '0', DEMO: 'on', DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' })
const service = await startService(config, { log: createLogger({ level: 'silent' }), host: '127.0.0.1' })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
})
try {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1200, height: 760 } })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  await page.goto(`${service.url}/?as=manager&lang=en&space=${SPACE}`)
  const meetings = page.locator(`div[data-bbb-space="${SPACE}"]`)
  const [client] = await Promise.all([
    context.waitForEvent('page'),
    meetings.getByRole('button', { name: /^Start a meeting/ }).first().click(),
  ])
  await client.waitForURL(/\/bigbluebutton\/client/)
  await page.bringToFront()
  await meetings.getByRole('button', { name: /^Join \(1 in\)/ }).first().waitFor()
  await mkdir(new URL('.', `file://${OUT}`), { recursive: true })
  await page.screenshot({ path: OUT })
  process.stdout.write(`wrote ${OUT}\n`)
} finally {
  await browser.close()
  await service.close()
}
