import type { Browser, BrowserContext, Page, Route } from 'playwright-core'
import request from 'supertest'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// Every test here joins as an anonymous guest from 127.0.0.1, and a guest sent to BBB (answered 204 here) keeps a
// pending seat for 30 s: more than the default 3 per address would be refused (rate_limited) mid-file.
const GUESTS = { GUESTS_PER_ADDRESS: '20' }

/** How long a page may take to answer a click or a poll on a busy 2-core machine (expect.poll waits 1 s by default). */
const SETTLE = { timeout: 10_000 }

// The room-link page's states not covered by room-link-page.browser.test.ts: a personal invitation (greeting,
// name filled in, no code), a withdrawn or expired one (said clearly, nothing to fill in), waiting for a moderator
// then admitted, a meeting that ends while the page is open, and the space's branding (logo, banner). French and
// English, 1280 and 375 px, axe-core with no violation in each state.

const SPACE = 'team-link-states'
const BRANDED = 'team-link-branded'
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 375, height: 740 } } as const
const LOGO = 'https://logo.example.org/partners.png'
// A 1×1 PNG, served for the logo's https address (no network in tests).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/l2bWKgAAAABJRU5ErkJggg==', 'base64')

let browser: Browser
let t: TestService
let manager: string
const contexts: BrowserContext[] = []
const paths: Record<string, string> = {}

const api = () => request(t.url)

async function createRoom(space: string, name: string, settings: Record<string, unknown>): Promise<string> {
  const res = await api().post(`/api/v1/spaces/${space}/rooms`).set('Authorization', `Bearer ${manager}`).send({ name, settings })
  expect(res.status).toBe(201)
  return res.body.room.id as string
}

async function schedule(roomId: string, startsInMinutes: number, attendees: Array<{ email: string; name: string }>): Promise<Record<string, string>> {
  const res = await api()
    .post(`/api/v1/rooms/${roomId}/meetings`)
    .set('Authorization', `Bearer ${manager}`)
    .send({ title: 'Point partenaires', start: new Date(Date.now() + startsInMinutes * 60_000).toISOString(), durationMinutes: 60, attendees })
  expect(res.status).toBe(201)
  const id = res.body.meeting.id as string
  // Each attendee's personal link, as their invitation mail carries it (an expired one is no longer listed).
  const links: Record<string, string> = { meetingId: id }
  for (const i of await t.service.mail.outbox.invitations(id)) links[i.email] = `/r/${roomId}?i=${i.token}`
  return links
}

async function start(roomId: string): Promise<void> {
  await api().post(`/api/v1/rooms/${roomId}/join`).set('Authorization', `Bearer ${manager}`).expect(200)
}

beforeAll(async () => {
  ;[browser, t] = await Promise.all([launchBrowser(), startTestService({ env: GUESTS })])
  manager = await t.mintToken({ sub: 'alice', name: 'Alice Martin', admin: true, spaces: { [SPACE]: 'manager', [BRANDED]: 'manager' }, spaceNames: { [BRANDED]: 'Réseau Partenaires' } })
  // The room takes no anonymous guest and asks a code of anyone else: an invitation needs neither.
  const invited = await createRoom(SPACE, 'Salle partenaires', { guestsAllowed: false, accessCode: '48210517' })
  const soon = await schedule(invited, 5, [
    { email: 'chloe@partner.example.com', name: 'Chloé Partenaire' },
    { email: 'dan@partner.example.com', name: 'Dan Dupont' },
  ])
  await api().post(`/api/v1/meetings/${soon.meetingId}/invitations/revoke`).set('Authorization', `Bearer ${manager}`).send({ email: 'dan@partner.example.com' }).expect(200)
  // A meeting over two hours ago: past its end and the hour of grace.
  const past = await schedule(invited, -180, [{ email: 'eve@partner.example.com', name: 'Ève Martin' }])
  paths.invitation = soon['chloe@partner.example.com']!
  paths.invitationRevoked = soon['dan@partner.example.com']!
  paths.invitationExpired = past['eve@partner.example.com']!
  // The widget lists the space's rooms: the host's name for the space (its token's spaceNames) is remembered.
  await api().get(`/api/v1/spaces/${BRANDED}/rooms`).set('Authorization', `Bearer ${manager}`).expect(200)
  await api()
    .put(`/api/v1/admin/spaces/${BRANDED}/branding`)
    .set('Authorization', `Bearer ${manager}`)
    .send({ logo: LOGO, bannerText: 'Espace partenaires — accès invité', bannerColor: '#1a5fb4' })
    .expect(200)
  paths.branding = `/r/${await createRoom(BRANDED, 'Salon d’accueil', { guestsAllowed: true })}`
}, 60_000)

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await t?.close()
})

async function newTab(lang: 'fr' | 'en', viewport: keyof typeof VIEWPORTS): Promise<Page> {
  const context = await browser.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', timezoneId: 'Europe/Paris', viewport: VIEWPORTS[viewport] })
  context.setDefaultTimeout(10_000)
  contexts.push(context)
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error('[page error]', err.message))
  await page.route(LOGO, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: PNG }))
  return page
}

async function visit(page: Page, path: string): Promise<void> {
  await page.goto(`${t.url}${path}`)
  await page.locator('.bbbs-state[role=status]').waitFor()
}

const stateText = (page: Page) => page.getByRole('status').textContent()
const stateOf = (page: Page) => page.getAttribute('.bbbs-state', 'data-state')

async function expectNoSideScroll(page: Page): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
  expect(scroll).toBeLessThanOrEqual(client)
}

const WORDS = {
  en: {
    invited: 'Welcome, Chloé Partenaire: this is your personal invitation, no access code needed.',
    revoked: 'This personal invitation link was withdrawn by the organiser. Ask them for a new invitation.',
    expired: 'This personal invitation link has expired: the meeting is over.',
    notStarted: 'The meeting has not started yet.',
    waiting: 'Waiting for a moderator to start the meeting. You will join automatically.',
    admitted: 'You are in: the meeting is opening…',
    ended: 'The meeting has ended.',
    name: 'Your name',
    code: /access code/i,
    join: 'Join the meeting',
  },
  fr: {
    invited: 'Bienvenue, Chloé Partenaire : ceci est votre invitation personnelle, sans code d’accès.',
    revoked: "Ce lien d'invitation personnel a été retiré par l'organisateur. Demandez-lui une nouvelle invitation.",
    expired: "Ce lien d'invitation personnel a expiré : la réunion est terminée.",
    notStarted: 'La réunion n’a pas encore commencé.',
    waiting: 'En attente qu’un modérateur démarre la réunion. Vous la rejoindrez automatiquement.',
    admitted: 'C’est à vous : la réunion s’ouvre…',
    ended: 'La réunion est terminée.',
    name: 'Votre nom',
    code: /code d’accès/i,
    join: 'Rejoindre la réunion',
  },
} as const

describe.each(['en', 'fr'] as const)('the room-link page’s other states in %s', (lang) => {
  const w = WORDS[lang]

  it.each(['desktop', 'phone'] as const)('greets an invitee, refuses a withdrawn or expired invitation in words, and shows the space’s branding, on a %s', async (viewport) => {
    const page = await newTab(lang, viewport)
    const checks: Array<[string, (page: Page) => Promise<void>]> = [
      ['invitation', async () => {
        expect(await stateText(page)).toBe(w.notStarted)
        expect(await page.locator('[data-access=invited]').textContent()).toBe(w.invited)
        expect(await page.getByLabel(w.name).inputValue()).toBe('Chloé Partenaire')
        // No code asked, and no "guests not allowed": the invitation is the way in.
        expect(await page.getByLabel(w.code).count()).toBe(0)
        expect(await page.locator('[data-access=guests-closed], [data-access=code-needed]').count()).toBe(0)
        expect(await page.getByRole('button', { name: w.join }).isEnabled()).toBe(true)
      }],
      ['invitationRevoked', async () => {
        expect(await page.locator('[data-access=invitation-refused]').textContent()).toBe(w.revoked)
        // One message: nothing to fill in, no other refusal beside it.
        expect(await page.getByLabel(w.name).count()).toBe(0)
        expect(await page.getByRole('button', { name: w.join }).count()).toBe(0)
        expect(await page.locator('[data-access=guests-closed], [data-access=code-needed], [data-access=invited]').count()).toBe(0)
      }],
      ['invitationExpired', async () => {
        expect(await page.locator('[data-access=invitation-refused]').textContent()).toBe(w.expired)
        expect(await page.getByLabel(w.name).count()).toBe(0)
        expect(await page.getByRole('button', { name: w.join }).count()).toBe(0)
      }],
      ['branding', async () => {
        expect(await page.locator('.bbbs-space').textContent()).toBe('Réseau Partenaires')
        const logo = page.locator('img.bbbs-logo')
        expect(await logo.getAttribute('src')).toBe(LOGO)
        // Loaded, not blocked by the page's Content-Security-Policy.
        await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), SETTLE).toBe(1)
        const banner = page.locator('.bbbs-banner')
        expect(await banner.textContent()).toBe('Espace partenaires — accès invité')
        expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(26, 95, 180)')
        expect(await banner.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 255, 255)')
      }],
    ]
    for (const [state, check] of checks) {
      await visit(page, `${paths[state]!}${paths[state]!.includes('?') ? '&' : '?'}lang=${lang}`)
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang)
      await check(page)
      await expectNoSideScroll(page)
      expect(await axeViolations(page), `${state} ${lang} ${viewport}`).toEqual([])
      await page.screenshot({ path: `/tmp/room-link-${state}-${lang}-${viewport}.png`, fullPage: true })
    }
  }, 120_000)

  it.each(['desktop', 'phone'] as const)('waits for a moderator, is admitted when one starts, and says when the meeting ends, on a %s', async (viewport) => {
    const page = await newTab(lang, viewport)
    const roomId = await createRoom(SPACE, `Salle ${lang} ${viewport}`, { guestsAllowed: true })
    // The join sends the browser to BBB: answered 204 here, so the page stays, showing what it says then.
    let joins = 0
    await page.route((url) => url.pathname.endsWith('/bigbluebutton/api/join'), (route: Route) => {
      joins++
      return route.fulfill({ status: 204 })
    })
    await visit(page, `/r/${roomId}?lang=${lang}`)
    await page.getByLabel(w.name).fill('Gaston Invité')
    await page.getByRole('button', { name: w.join }).click()
    await expect.poll(() => stateText(page), SETTLE).toBe(w.waiting)
    expect(await stateOf(page)).toBe('waiting')
    await expectNoSideScroll(page)
    expect(await axeViolations(page), `waiting ${lang} ${viewport}`).toEqual([])

    await start(roomId)
    await expect.poll(() => stateText(page), { timeout: 15_000 }).toBe(w.admitted)
    expect(await stateOf(page)).toBe('admitted')
    await expect.poll(() => joins, SETTLE).toBe(1)
    expect(await axeViolations(page), `admitted ${lang} ${viewport}`).toEqual([])
    await page.screenshot({ path: `/tmp/room-link-admitted-${lang}-${viewport}.png`, fullPage: true })

    // Another tab, open while the meeting runs, sees it end.
    const other = await newTab(lang, viewport)
    await visit(other, `/r/${roomId}?lang=${lang}`)
    await expect.poll(() => stateOf(other), SETTLE).toBe('running')
    await api().post(`/api/v1/rooms/${roomId}/end`).set('Authorization', `Bearer ${manager}`).expect((res) => expect(res.status).toBeLessThan(300))
    await expect.poll(() => stateText(other), { timeout: 20_000 }).toBe(w.ended)
    expect(await stateOf(other)).toBe('ended')
    await expectNoSideScroll(other)
    expect(await axeViolations(other), `ended ${lang} ${viewport}`).toEqual([])
    await other.screenshot({ path: `/tmp/room-link-ended-${lang}-${viewport}.png`, fullPage: true })
  }, 120_000)
})
