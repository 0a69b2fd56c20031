import { readFile } from 'node:fs/promises'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { startTestService, type TestService } from '../helpers/service.js'

// Scheduled meetings in SpaceMeetings, in the built standalone widget: a manager schedules a meeting (sane
// defaults, attendees with names), finds it again after a reload, edits it, downloads its .ics, follows its
// invitations (development mailbox: delivery states, resend, revoke a personal link) and cancels it after a
// confirmation; the same by keyboard alone; a booking past the capacity threshold warns, then is refused.

const SHOTS = process.env.SCREENSHOT_DIR
const ZONE = 'Europe/Paris'
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 })

let browser: Browser
let service: TestService
const contexts: BrowserContext[] = []

beforeAll(async () => {
  ;[browser, service] = await Promise.all([launchBrowser(), startTestService()])
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  await browser?.close()
  await service?.close()
})

const WORDS = {
  en: {
    schedule: /^Schedule…/, dialog: 'Schedule a meeting', editDialog: 'Edit the meeting', title: 'Title', date: 'Date', time: 'Start time',
    duration: 'Duration', zone: 'Time zone', attendees: 'Attendees (optional)', submit: 'Schedule', save: 'Save changes', upcoming: 'Upcoming meetings',
    edit: 'Edit', ics: 'Download .ics', invitations: 'Invitations', cancel: 'Cancel meeting', cancelTitle: 'Cancel the meeting', keep: 'Keep the meeting', next: 'Next meeting:',
    two: '2 attendees', three: '3 attendees', none: 'No meeting scheduled.', dev: /^Development mode: invitations are kept/, sent: 'Mail sent',
    external: '(external)', member: '(member)', active: 'Personal link active', revoked: 'Personal link revoked', revoke: 'Revoke link', resend: 'Resend',
  },
  fr: {
    schedule: /^Planifier…/, dialog: 'Planifier une réunion', editDialog: 'Modifier la réunion', title: 'Titre', date: 'Date', time: 'Heure de début',
    duration: 'Durée', zone: 'Fuseau horaire', attendees: 'Participants (facultatif)', submit: 'Planifier', save: 'Enregistrer les modifications',
    upcoming: 'Réunions à venir', edit: 'Modifier', ics: 'Télécharger le .ics', invitations: 'Invitations', cancel: 'Annuler la réunion', cancelTitle: 'Annuler la réunion',
    keep: 'Garder la réunion', next: 'Prochaine réunion\u00a0:', two: '2 participants', three: '3 participants', none: 'Aucune réunion planifiée.',
    dev: /^Mode développement : les invitations restent/, sent: 'Courriel envoyé', external: '(externe)', member: '(membre)',
    active: 'Lien personnel actif', revoked: 'Lien personnel révoqué', revoke: 'Révoquer le lien', resend: 'Renvoyer',
  },
} as const

async function open(space: string, auth: string, lang: 'en' | 'fr', width: number): Promise<Page> {
  const context = await browser.newContext({ locale: lang === 'fr' ? 'fr-FR' : 'en-GB', timezoneId: ZONE, viewport: { width, height: 900 }, acceptDownloads: true })
  context.setDefaultTimeout(10_000)
  contexts.push(context)
  const page = await context.newPage()
  page.on('pageerror', (err) => console.error('[page error]', err.message))
  await page.goto(`${service.url}/widget/v1/bbb-spaces.js`)
  await load(page, space, auth, lang)
  return page
}

async function load(page: Page, space: string, auth: string, lang: 'en' | 'fr'): Promise<void> {
  await page.setContent(`<!doctype html><html lang="${lang}"><head><title>Host</title></head><body><main>
<div data-bbb-space="${space}"></div></main></body></html>`)
  await page.addScriptTag({ url: `${service.url}/widget/v1/bbb-spaces.js` })
  await page.evaluate((tk) => (window as unknown as { BbbSpaces: { init(o: unknown): void } }).BbbSpaces.init({ getToken: () => tk }), auth)
}

async function call(method: string, path: string, auth: string, body?: unknown): Promise<Response> {
  return fetch(`${service.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${auth}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  })
}

/** A space with one room named `name`; its manager's token. */
async function space(id: string, name: string): Promise<{ token: string; roomId: string }> {
  const token = await service.mintToken({ sub: `${id}-boss`, name: 'Mia Manager', email: `mia@${id}.example`, spaces: { [id]: 'manager' } })
  const created = await call('POST', `/spaces/${id}/rooms`, token, { name })
  expect(created.status).toBe(201)
  return { token, roomId: ((await created.json()) as { room: { id: string } }).room.id }
}

/** `YYYY-MM-DD` in Paris, `days` from now. */
const dayFromNow = (days: number) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(Date.now() + days * 24 * 3600_000)

/** The focused element's accessible name (through the widget's shadow root). */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
    return el ? (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() : ''
  })

async function tabTo(page: Page, name: RegExp | string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab')
    const now = await focusedName(page)
    if (typeof name === 'string' ? now === name : name.test(now)) return
  }
  throw new Error(`Tab never reached ${String(name)}`)
}

const roomOf = (page: Page, roomId: string): Locator => page.locator(`[data-bbb-room="${roomId}"]`)

describe('scheduled meetings in the widget', () => {
  for (const [lang, width] of [['en', 1280], ['fr', 375]] as const) {
    it(`creates, finds again after a reload, edits, downloads, follows the invitations and cancels a meeting (${lang}, ${width} px)`, async () => {
      const w = WORDS[lang]
      const id = `sched-${lang}`
      const { token, roomId } = await space(id, 'Conseil d’été')
      // A member the service knows (their address makes them a member among the attendees).
      const member = await service.mintToken({ sub: `${id}-zoe`, name: 'Zoé Lefèvre', email: `zoe@${id}.example`, spaces: { [id]: 'member' } })
      expect((await call('GET', `/spaces/${id}/rooms`, member)).status).toBe(200)
      const page = await open(id, token, lang, width)
      const room = roomOf(page, roomId)
      await poll(() => room.count()).toBe(1)

      // The dialog: the next half hour in the person's zone, one hour.
      await room.getByRole('button', { name: w.schedule }).click()
      const dialog = page.getByRole('dialog', { name: w.dialog })
      // The first dialog comes with bbb-spaces-schedule.js, loaded on this click.
      await expect.poll(() => dialog.isVisible(), { timeout: 20_000 }).toBe(true)
      expect(await dialog.getByLabel(w.duration, { exact: true }).inputValue()).toBe('60')
      expect(await dialog.getByLabel(w.zone, { exact: true }).inputValue()).toBe(ZONE)
      expect(await dialog.getByLabel(w.time, { exact: true }).inputValue()).toMatch(/^\d\d:(00|30)$/)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
      await dialog.getByLabel(w.title, { exact: true }).fill('Revue d’été, budget')
      await dialog.getByLabel(w.date, { exact: true }).fill(dayFromNow(7))
      await dialog.getByLabel(w.time, { exact: true }).fill('10:00')
      await dialog.getByLabel(w.attendees, { exact: true }).fill(`Zoé Lefèvre <zoe@${id}.example>\nbob@partner.example`)
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/schedule-dialog-${lang}-${width}.png`, fullPage: true })
      await dialog.getByRole('button', { name: w.submit, exact: true }).click()
      await poll(() => dialog.count()).toBe(0)

      const listed = room.locator('[data-bbb-upcoming] li')
      await poll(() => listed.count()).toBe(1)
      expect(await listed.innerText()).toMatch(new RegExp(`Revue d’été, budget[\\s\\S]*10:00.{1,3}11:00[\\s\\S]*${w.two}`))

      // After a reload: listed again, and the space view names the next meeting.
      await load(page, id, token, lang)
      await poll(() => listed.count()).toBe(1)
      expect(await page.locator('[data-bbb-next-meeting]').innerText()).toContain(`${w.next} Revue d’été, budget`)
      expect(await room.getByRole('list', { name: w.upcoming }).count()).toBe(1)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/scheduled-list-${lang}-${width}.png`, fullPage: true })

      // Edit: the same dialog, filled in; a new time and title show in the list.
      await room.getByRole('button', { name: `${w.edit} — Revue d’été, budget` }).click()
      const edit = page.getByRole('dialog', { name: w.editDialog })
      expect(await edit.getByLabel(w.title, { exact: true }).inputValue()).toBe('Revue d’été, budget')
      expect(await edit.getByLabel(w.time, { exact: true }).inputValue()).toBe('10:00')
      expect(await edit.getByLabel(w.attendees, { exact: true }).inputValue()).toBe(`Zoé Lefèvre <zoe@${id}.example>\nbob@partner.example`)
      await edit.getByLabel(w.title, { exact: true }).fill('Revue d’automne')
      await edit.getByLabel(w.time, { exact: true }).fill('14:30')
      await edit.getByLabel(w.attendees, { exact: true }).fill(`Zoé Lefèvre <zoe@${id}.example>\nbob@partner.example\n"Martin, Alice" <alice@partner.example>`)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
      await edit.getByRole('button', { name: w.save }).click()
      await poll(() => listed.innerText()).toMatch(new RegExp(`Revue d’automne[\\s\\S]*14:30.{1,3}15:30[\\s\\S]*${w.three}`))

      // The .ics: a file named after the meeting (apostrophe and accents kept) carrying the new title.
      const [download] = await Promise.all([page.waitForEvent('download'), room.getByRole('button', { name: `${w.ics} — Revue d’automne` }).click()])
      expect(download.suggestedFilename()).toBe('Revue d’automne.ics')
      const ics = await readFile((await download.path())!, 'utf8')
      expect(ics).toContain('BEGIN:VCALENDAR')
      expect(ics).toContain('SUMMARY:Revue d’automne')

      // Invitations: the development mailbox delivers; externals have a personal link, the member none.
      await room.getByRole('button', { name: `${w.invitations} — Revue d’automne` }).click()
      const mail = page.getByRole('dialog', { name: `${w.invitations} — Revue d’automne` })
      await poll(() => mail.locator('[data-bbb-mail]').innerText()).toMatch(w.dev)
      const bob = mail.locator('[data-bbb-delivery="bob@partner.example"]')
      const zoe = mail.locator(`[data-bbb-delivery="zoe@${id}.example"]`)
      await poll(() => mail.locator('[data-bbb-delivery][data-state="sent"]').count()).toBe(3)
      expect(await bob.innerText()).toContain(w.external)
      expect(await bob.innerText()).toContain(w.sent)
      expect(await bob.innerText()).toContain(w.active)
      expect(await zoe.innerText()).toContain(w.member)
      expect(await zoe.innerText()).not.toContain(w.active)
      expect(await mail.locator('[data-bbb-delivery="alice@partner.example"]').innerText()).toContain('Martin, Alice')
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
      await mail.getByRole('button', { name: `${w.revoke} — bob@partner.example` }).click()
      await poll(() => bob.innerText()).toContain(w.revoked)
      expect(await bob.getByRole('button', { name: new RegExp(`^${w.revoke}`) }).count()).toBe(0)
      await zoe.getByRole('button', { name: `${w.resend} — zoe@${id}.example` }).click()
      await poll(() => zoe.getAttribute('data-state')).toBe('sent')
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/invitations-${lang}-${width}.png`, fullPage: true })
      await page.keyboard.press('Escape')
      await poll(() => mail.count()).toBe(0)

      // Cancel, after a confirmation that keeps the meeting by default.
      await room.getByRole('button', { name: `${w.cancel} — Revue d’automne` }).click()
      const confirm = page.getByRole('dialog', { name: w.cancelTitle })
      expect(await confirm.innerText()).toContain('Revue d’automne')
      expect(await focusedName(page)).toBe(w.keep)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
      await confirm.getByRole('button', { name: w.cancel, exact: true }).click()
      await poll(() => listed.count()).toBe(0)
      expect(await room.locator('[data-bbb-upcoming]').innerText()).toContain(w.none)
      expect(await focusedName(page)).toBe(w.upcoming)
      await load(page, id, token, lang)
      await poll(() => room.locator('[data-bbb-upcoming]').count()).toBe(1)
      expect(await listed.count()).toBe(0)
      expect(await page.locator('[data-bbb-next-meeting]').count()).toBe(0)
    }, 90_000)
  }

  it('schedules a meeting and cancels it with the keyboard alone', async () => {
    const { token, roomId } = await space('sched-keys', 'Clavier')
    const page = await open('sched-keys', token, 'en', 1280)
    // The space's default room comes first, then "Clavier": the second "Schedule…" is Clavier's.
    const room = roomOf(page, roomId)
    await poll(() => room.count()).toBe(1)
    await page.locator('main').focus()

    await tabTo(page, /^Schedule…/)
    await tabTo(page, /^Schedule…/)
    await page.keyboard.press('Enter')
    await poll(() => focusedName(page)).toBe('')
    await page.keyboard.type('Point clavier')
    // Date, time and duration keep their defaults: Enter in the title schedules.
    await page.keyboard.press('Enter')
    const listed = room.locator('[data-bbb-upcoming] li')
    await poll(() => listed.count()).toBe(1)
    expect(await listed.innerText()).toContain('Point clavier')

    await tabTo(page, 'Cancel meeting — Point clavier')
    await page.keyboard.press('Enter')
    await poll(() => focusedName(page)).toBe('Keep the meeting')
    await page.keyboard.press('Tab')
    expect(await focusedName(page)).toBe('Cancel meeting')
    await page.keyboard.press('Space')
    await poll(() => listed.count()).toBe(0)
    expect(await focusedName(page)).toBe('Upcoming meetings')
  }, 60_000)

  it('warns, in words, when a booking takes the expected attendance past the threshold, and refuses once admins say so', async () => {
    const admin = await service.mintToken({ sub: 'sched-root', admin: true, spaces: {} })
    const limits = (await (await call('GET', '/admin/limits', admin)).json()) as { licence: Record<string, unknown> }
    expect((await call('PUT', '/admin/limits', admin, { licence: { ...limits.licence, maxParticipants: 20 } })).status).toBe(200)
    expect((await call('PUT', '/admin/capacity', admin, { thresholdPercent: 50, refuse: false })).status).toBe(200)
    try {
      for (const lang of ['en', 'fr'] as const) {
        const w = WORDS[lang]
        const id = `sched-cap-${lang}`
        const { token, roomId } = await space(id, 'Plénière')
        const page = await open(id, token, lang, lang === 'en' ? 1280 : 375)
        const room = roomOf(page, roomId)
        await poll(() => room.count()).toBe(1)
        const day = dayFromNow(lang === 'en' ? 20 : 21)
        const book = async (title: string, internal: string, external: string) => {
          await room.getByRole('button', { name: w.schedule }).click()
          // Once booked the dialog edits the meeting (and is titled so).
          const dialog = page.getByRole('dialog')
          await poll(() => dialog.getAttribute('aria-labelledby')).toBeTruthy()
          expect(await dialog.getByRole('heading', { name: w.dialog }).count()).toBe(1)
          await dialog.getByLabel(w.title, { exact: true }).fill(title)
          await dialog.getByLabel(w.date, { exact: true }).fill(day)
          await dialog.getByLabel(w.time, { exact: true }).fill('09:00')
          await dialog.getByLabel(lang === 'en' ? 'Members' : 'Membres', { exact: true }).fill(internal)
          await dialog.getByLabel(lang === 'en' ? 'External guests' : 'Invités externes').fill(external)
          await dialog.getByRole('button', { name: w.submit, exact: true }).click()
          return dialog
        }
        // 8 + 4 expected at 09:00 in Paris, past 50 % of 20: booked, and the dialog says why it warns.
        const dialog = await book('Assemblée', '8', '4')
        const warning = page.locator('[data-bbb-capacity-warning]')
        await poll(() => warning.count()).toBe(1)
        const hour = lang === 'en' ? /09:00: 12 participants expected across the meetings booked then, above the threshold of 10 set for the licence\./
          : /09:00 : 12 participants attendus dans l’ensemble des réunions prévues, au-delà du seuil de 10 fixé pour la licence\./
        expect(await warning.innerText()).toMatch(hour)
        expect(await warning.innerText()).not.toMatch(/capacity_warning/)
        expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/capacity-warning-${lang}.png`, fullPage: true })
        // The organiser proceeds: the meeting stands.
        await dialog.getByRole('button', { name: lang === 'en' ? 'Keep it' : 'La garder' }).click()
        await poll(() => room.locator('[data-bbb-upcoming] li').count()).toBe(1)

        // Admins make it a refusal: the dialog says so, with the figures, and nothing is booked.
        expect((await call('PUT', '/admin/capacity', admin, { refuse: true })).status).toBe(200)
        const refused = await book('Assemblée bis', '2', '0')
        const error = refused.locator('.bbb-error[role=alert]')
        await poll(() => error.count()).toBe(1)
        expect(await error.innerText()).toMatch(
          lang === 'en' ? /^The meetings booked at that time would expect more participants than the licence allows\..*14 participants expected, the limit is 10\.$/s
            : /^Les réunions prévues à ce moment attendraient plus de participants.*14 participants attendus, la limite est de 10\.$/s,
        )
        await page.keyboard.press('Escape')
        expect(await room.locator('[data-bbb-upcoming] li').count()).toBe(1)
        expect((await call('PUT', '/admin/capacity', admin, { refuse: false })).status).toBe(200)
      }
    } finally {
      await call('PUT', '/admin/capacity', admin, { thresholdPercent: 90, refuse: false })
      await call('PUT', '/admin/limits', admin, { licence: limits.licence })
    }
  }, 90_000)

  it('says calmly that the service sends no mail, without offering Resend', async () => {
    const { token, roomId } = await space('sched-off', 'Sans courriel')
    const planned = await call('POST', `/rooms/${roomId}/meetings`, token, {
      title: 'Sans courriel', start: new Date(Date.now() + 24 * 3600_000).toISOString(), attendees: [{ email: 'chloe@partner.example', name: 'Chloé' }],
    })
    expect(planned.status).toBe(201)
    for (const lang of ['en', 'fr'] as const) {
      const w = WORDS[lang]
      const page = await open('sched-off', token, lang, 1280)
      // Production without SMTP_URL answers { enabled: false, mode: 'off' } and queues nothing
      // (tests/mail/dev-mailbox.test.ts); a production service cannot run beside the development BBB these tests
      // need, so the test service's own answer is turned into that one on its way to the page.
      await page.route('**/api/v1/meetings/*/deliveries', async (route) => {
        const answer = (await (await route.fetch()).json()) as { deliveries: Array<Record<string, unknown>> }
        await route.fulfill({ json: { mail: { enabled: false, mode: 'off' }, deliveries: answer.deliveries.map((d) => ({ ...d, delivery: null })) } })
      })
      await roomOf(page, roomId).getByRole('button', { name: `${w.invitations} — Sans courriel` }).click()
      const mail = page.getByRole('dialog', { name: `${w.invitations} — Sans courriel` })
      await poll(() => mail.locator('[data-bbb-mail="off"]').innerText()).toBe(
        lang === 'en' ? 'This service does not send mail. Share the room link or the .ics file with the attendees yourself.'
          : 'Ce service n’envoie pas de courriel. Transmettez vous-même le lien de la salle ou le fichier .ics aux participants.',
      )
      const chloe = mail.locator('[data-bbb-delivery="chloe@partner.example"]')
      expect(await chloe.innerText()).toContain(lang === 'en' ? 'No mail' : 'Pas de courriel')
      expect(await chloe.innerText()).toContain(w.active)
      expect(await mail.getByRole('alert').count()).toBe(0)
      expect(await mail.getByRole('button', { name: new RegExp(`^${w.resend}`) }).count()).toBe(0)
      expect(await axeViolations(page, { widgetOnly: true })).toEqual([])
    }
  }, 60_000)
})
