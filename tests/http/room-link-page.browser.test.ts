import type { Browser, BrowserContext, Page } from 'playwright-core'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// Issue 15: the room link a partner gets is a designed page. Each state of the meeting has one message, in
// French and in English, on a desktop (1280 px) and on a phone (375 px), with no horizontal scrolling and no
// axe-core violation; a language switch keeps what was typed; a member's waiting tab is this page waiting.

const SPACE = 'team-link-page'
const ZONE = 'Europe/Paris'
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 740 } } as const

let browser: Browser
let t: TestService
let manager: string
const contexts: BrowserContext[] = []
const rooms: Record<string, string> = {}

const api = () => request(t.url)

async function createRoom(name: string, settings: Record<string, unknown>): Promise<string> {
  const res = await api().post(`/api/v1/spaces/${SPACE}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name, settings })
  expect(res.status).toBe(201)
  return res.body.room.id as string
}

async function start(roomId: string): Promise<void> {
  const res = await api().post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${manager}`)
  expect(res.status).toBe(200)
}

/** Someone enters the meeting on the development BBB (its webhook tells the service). */
async function enter(roomId: string, fullName: string): Promise<void> {
  const meetingId = (await t.store.getRoom(roomId))!.meetingId
  const res = await fetch(`${t.bbbUrl}dev/meetings/${meetingId}/attendees`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fullName, userID: fullName.toLowerCase() }),
  })
  expect(res.status).toBeLessThan(300)
}

beforeAll(async () => {
  ;[browser, t] = await Promise.all([launchBrowser(), startTestService()])
  manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', spaces: { [SPACE]: 'manager' } })
  rooms.notStarted = await createRoom('Point d’étape', { guestsAllowed: true })
  rooms.running = await createRoom('Revue de sprint', { guestsAllowed: true })
  rooms.full = await createRoom('Petite salle', { guestsAllowed: true, maxParticipants: 1 })
  rooms.guestsClosed = await createRoom('Salle interne', { guestsAllowed: false })
  rooms.codeNeeded = await createRoom('Salle à code', { guestsAllowed: true, accessCode: '48210517' })
  rooms.notOpenYet = await createRoom('Comité', { guestsAllowed: true })
  // Tomorrow at 10:00 in Paris, whatever the time of the run: the link opens 15 minutes before.
  const tomorrow = new Date(Date.now() + 24 * 3600_000).toLocaleDateString('en-CA', { timeZone: ZONE })
  const scheduled = await api()
    .post(`/api/v1/rooms/${rooms.notOpenYet}/meetings`)
    .set('Authorization', `Bearer ${manager}`)
    .send({ title: 'Comité', start: `${tomorrow}T10:00:00${parisOffset(tomorrow)}`, durationMinutes: 60 })
  expect(scheduled.status).toBe(201)
  await start(rooms.running)
  await enter(rooms.running, 'Alice')
  await enter(rooms.running, 'Bruno')
  await start(rooms.full)
  await enter(rooms.full, 'Alice')
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await t?.close()
})

/** "+01:00" or "+02:00": Paris's offset on that day. */
function parisOffset(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`)
  const paris = new Date(noon.toLocaleString('en-US', { timeZone: ZONE }))
  const utc = new Date(noon.toLocaleString('en-US', { timeZone: 'UTC' }))
  const hours = Math.round((paris.getTime() - utc.getTime()) / 3600_000)
  return `+0${hours}:00`
}

/** A fresh visitor's tab in Paris, in that language and window size. */
async function newTab(lang: 'fr' | 'en', viewport: keyof typeof VIEWPORTS): Promise<Page> {
  const context = await browser.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', timezoneId: ZONE, viewport: VIEWPORTS[viewport] })
  context.setDefaultTimeout(10_000)
  contexts.push(context)
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error('[page error]', err.message))
  return page
}

/** Goes to a link page and waits for its script (the status line with role=status is the script's). */
async function visit(page: Page, path: string): Promise<Page> {
  await page.goto(`${t.url}${path}`)
  await page.locator('.bbbs-state[role=status]').waitFor()
  return page
}


const stateText = (page: Page) => page.getByRole('status').textContent()

/** What a person sees is the page, not a wider canvas: nothing to scroll sideways. */
async function expectNoSideScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
  expect(scroll).toBeLessThanOrEqual(client)
}

const WORDS = {
  en: {
    notFound: 'This room does not exist (any more).',
    notStarted: 'The meeting has not started yet.',
    opensAt: /^The meeting opens on [A-Z][a-z]+day,? \d{1,2} [A-Z][a-z]+ \d{4} at 09:45\.$/,
    running: 'Meeting in progress: 2 in',
    full: 'This meeting is full (1 participants). Try again later, when someone leaves.',
    guestsClosed: 'This room does not let guests in. Ask its organiser for an invitation.',
    codeNeeded: 'This room asks for an access code.',
    name: 'Your name',
    join: 'Join the meeting',
  },
  fr: {
    notFound: "Cette salle n'existe pas (ou plus).",
    notStarted: 'La réunion n’a pas encore commencé.',
    opensAt: /^La réunion ouvre le [a-z]+ \d{1,2} [a-zéû]+ \d{4} à 09:45\.$/,
    running: 'Réunion en cours : 2 présents',
    full: "Cette réunion est complète (1 participants). Réessayez plus tard, quand quelqu'un sera parti.",
    guestsClosed: "Cette salle n'accepte pas d'invités. Demandez une invitation à son organisateur.",
    codeNeeded: "Cette salle demande un code d'accès.",
    name: 'Votre nom',
    join: 'Rejoindre la réunion',
  },
} as const

describe.each(['en', 'fr'] as const)('the room-link page in %s', (lang) => {
  const w = WORDS[lang]
  const checks: Array<[string, () => string, (page: Page) => Promise<void>]> = [
    ['notFound', () => '/r/zzz-zzz-zzz-zzz', async (page) => {
      expect(await stateText(page)).toBe(w.notFound)
      expect(await page.getByLabel(w.name).count()).toBe(0)
    }],
    ['notStarted', () => `/r/${rooms.notStarted}`, async (page) => {
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Point d’étape')
      expect(await stateText(page)).toBe(w.notStarted)
      expect(await page.getByLabel(w.name).isVisible()).toBe(true)
      expect(await page.getByRole('button', { name: w.join }).isVisible()).toBe(true)
    }],
    ['notOpenYet', () => `/r/${rooms.notOpenYet}`, async (page) => {
      expect(await stateText(page)).toMatch(w.opensAt)
    }],
    ['running', () => `/r/${rooms.running}`, async (page) => {
      await expect.poll(() => stateText(page)).toBe(w.running)
      expect(await page.getByRole('button', { name: w.join }).isEnabled()).toBe(true)
    }],
    ['full', () => `/r/${rooms.full}`, async (page) => {
      await expect.poll(() => stateText(page)).toBe(w.full)
      expect(await page.getByRole('button', { name: w.join }).isDisabled()).toBe(true)
    }],
    ['guestsClosed', () => `/r/${rooms.guestsClosed}`, async (page) => {
      expect(await stateText(page)).toBe(w.notStarted)
      expect(await page.locator('[data-access=guests-closed]').textContent()).toBe(w.guestsClosed)
      // Nothing to fill in nor press for a guest the room refuses.
      expect(await page.getByLabel(w.name).count()).toBe(0)
      expect(await page.getByRole('button', { name: w.join }).count()).toBe(0)
    }],
    ['codeNeeded', () => `/r/${rooms.codeNeeded}`, async (page) => {
      expect(await page.locator('[data-access=code-needed]').textContent()).toBe(w.codeNeeded)
      expect(await page.getByLabel(lang === 'fr' ? 'Code d’accès' : 'Access code', { exact: true }).isVisible()).toBe(true)
    }],
  ]

  it.each(['desktop', 'phone'] as const)('says each state of the meeting in one message on a %s, designed and accessible', async (viewport) => {
    const page = await newTab(lang, viewport)
    for (const [state, path, check] of checks) {
      await visit(page, path())
      expect(await page.getAttribute('.bbbs-state', 'data-state'), state).toBe(state === 'guestsClosed' || state === 'codeNeeded' ? 'notStarted' : state)
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang)
      await check(page)
      // The page's own design: the widget's font stack, not the browser's default Times.
      expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/system-ui/)
      await expectNoSideScroll(page)
      // axe looks at the same page whatever its width: once per state and language is enough.
      if (viewport === 'desktop') expect(await axeViolations(page), `${state} ${lang}`).toEqual([])
    }
  }, 120_000)
})
