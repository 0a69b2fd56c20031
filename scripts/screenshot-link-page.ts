// Takes the README's screenshots of the room-link page (docs/screenshots/link-page-*.png): the service with its
// development BBB, a room with a meeting running and an access code, seen by a partner in Chromium on a desktop
// (1280 px, English) and on a phone (375 px, French), and the same partner waiting for a moderator.
// Run with `npm run screenshots` (it builds the widget and the page first).
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { mintHostToken } from '../server/auth/host-jwt.js'
import { loadConfig } from '../server/config.js'
import { createLogger } from '../server/log.js'
import { startService } from '../server/service.js'

const OUT = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))
const SPACE = 'team-alpha'
const SECRET = randomBytes(32).toString('hex')

const config = loadConfig({ PORT: '0', DEMO: 'off', HOST_JWT_SECRET: SECRET, DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent' })
const service = await startService(config, { log: createLogger({ level: 'silent' }), host: '127.0.0.1' })
const token = await mintHostToken(new TextEncoder().encode(SECRET), {
  sub: 'alice',
  name: 'Alice Martin',
  spaces: { [SPACE]: 'manager' },
  spaceNames: { [SPACE]: 'Équipe Alpha' },
})

async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${service.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as Record<string, unknown>
}

// The space's rooms once (the default room is named after the space), then the room partners are invited to.
await api('GET', `/spaces/${SPACE}/rooms`)
const running = (await api('POST', `/spaces/${SPACE}/rooms`, { name: 'Revue de sprint', settings: { guestsAllowed: true, accessCode: '48210517' } })).room as { id: string; meetingId?: string }
const waiting = (await api('POST', `/spaces/${SPACE}/rooms`, { name: 'Point d’étape client', settings: { guestsAllowed: true, waitingRoom: true } })).room as { id: string }
await api('POST', `/rooms/${running.id}/join`)
const meetingId = (await service.store.getRoom(running.id))!.meetingId
for (const fullName of ['Alice Martin', 'Bruno Leroy', 'Chloé Dubois']) {
  await fetch(`${service.bbbEndpoint}dev/meetings/${meetingId}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fullName, userID: fullName.split(' ')[0]!.toLowerCase() }),
  })
}

async function shoot(browser: Browser, file: string, path: string, options: { lang: 'fr' | 'en'; width: number; height: number; wait?: boolean }) {
  const context = await browser.newContext({
    locale: options.lang === 'fr' ? 'fr-FR' : 'en-GB',
    timezoneId: 'Europe/Paris',
    viewport: { width: options.width, height: options.height },
  })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  await page.goto(`${service.url}${path}`)
  await page.locator('.bbbs-state[role=status]').waitFor()
  if (options.wait) {
    await page.getByLabel(options.lang === 'fr' ? 'Votre nom' : 'Your name').fill('Gabriel Partenaire')
    await page.getByRole('button', { name: options.lang === 'fr' ? 'Rejoindre la réunion' : 'Join the meeting' }).click()
    await page.locator('.bbbs-state[data-state=waiting]').waitFor()
  } else {
    await page.getByLabel(options.lang === 'fr' ? 'Votre nom' : 'Your name').fill('Gabriel Partenaire')
  }
  // The caret blinks: screenshots stay the same from one run to the next without it.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.screenshot({ path: `${OUT}${file}`, fullPage: true })
  process.stdout.write(`wrote docs/screenshots/${file}\n`)
  await context.close()
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
})
try {
  await mkdir(OUT, { recursive: true })
  await shoot(browser, 'link-page-desktop.png', `/r/${running.id}?lang=en`, { lang: 'en', width: 1280, height: 800 })
  await shoot(browser, 'link-page-phone.png', `/r/${running.id}?lang=fr`, { lang: 'fr', width: 375, height: 760 })
  await shoot(browser, 'link-page-waiting-phone.png', `/r/${waiting.id}?lang=fr`, { lang: 'fr', width: 375, height: 760, wait: true })
} finally {
  await browser.close()
  await service.close()
}
